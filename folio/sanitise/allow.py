"""What a published file may hold: folio's allow list, element by element.

Everything here is static document markup: text structure, tables,
pictures, links, SVG drawings and MathML formulas.  What is not listed never
reaches a published file, whoever wrote it: scripts, event handlers, frames,
objects, forms, media, SVG animation and ``<foreignObject>``, MathML actions
and links, ``<base>``, ``<meta http-equiv>``, and attributes that fetch
(``srcset``, ``poster``, ``background``, ``ping``, ``formaction``…).
URLs and styles in what is listed are judged on top (:mod:`folio.sanitise.policy`).
"""

from __future__ import annotations

HTML_ELEMENTS = frozenset(
    """
    a abbr address article aside b bdi bdo blockquote br caption cite code col colgroup data dd del details dfn div dl dt
    em figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr i img ins kbd li main mark nav ol p pre q rp rt ruby s
    samp section small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr
    """.split()
)
"""HTML5 text-level and grouping content, sections, tables, pictures and links."""

HEAD_ELEMENTS = frozenset({"title", "meta", "link", "style"})
"""In a document's head only; each judged on its own (:mod:`folio.sanitise.html`)."""

SVG_ELEMENTS = frozenset(
    """
    svg g defs symbol use title desc switch a view
    path rect circle ellipse line polyline polygon image
    text tspan textPath
    linearGradient radialGradient stop pattern clipPath mask marker style
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap
    feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode
    feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
    """.split()
)
"""Static SVG: shapes, text, paint servers, clipping, masking and filters.  No ``<script>``, ``<foreignObject>``,
``<animate>``, ``<set>``, ``<animateMotion>``, ``<animateTransform>``, ``<handler>``, ``<iframe>`` or media."""

MATHML_ELEMENTS = frozenset(
    """
    math semantics annotation
    mi mn mo ms mspace mtext mglyph
    mrow mfrac msqrt mroot mstyle merror mpadded mphantom mfenced menclose
    msub msup msubsup munder mover munderover mmultiscripts mprescripts none
    mtable mtr mtd mlabeledtr maligngroup malignmark
    mstack mlongdiv msgroup msrow mscarries mscarry msline
    """.split()
)
"""MathML presentation markup.  No ``<maction>`` (it acts on clicks) and no ``<annotation-xml>`` (it may hold HTML)."""

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "lang", "dir", "title", "role", "hidden", "translate", "style", "epub:type", "xml:lang"})
"""On every element of every namespace; ``style`` is read by a CSS parser (:mod:`folio.sanitise.css`)."""
GLOBAL_PREFIXES = frozenset({"aria-", "data-"})
"""ARIA states and properties, and data attributes (nothing reads them without a script)."""

HTML_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "type", "tabindex"}),
    "img": frozenset({"src", "alt", "width", "height", "decoding", "loading"}),
    "td": frozenset({"colspan", "rowspan", "headers", "align", "valign"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "align", "valign"}),
    "tr": frozenset({"align", "valign"}),
    "col": frozenset({"span", "width", "align"}),
    "colgroup": frozenset({"span", "width"}),
    "table": frozenset({"summary"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "ul": frozenset({"type"}),
    "li": frozenset({"value"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "bdo": frozenset(),
    "code": frozenset(),
    "pre": frozenset(),
}
"""Element-specific HTML attributes (those that fetch or run are not among them)."""

HEAD_ATTRIBUTES: dict[str, frozenset[str]] = {
    "meta": frozenset({"charset", "name", "content"}),
    "link": frozenset({"rel", "href", "hreflang", "type", "title"}),
    "style": frozenset({"type"}),
}
"""In the head: ``<meta http-equiv>`` is never kept (folio writes the one it needs), a ``<link>`` is judged by its ``rel``."""
LINK_RELATIONS = frozenset({"stylesheet", "alternate"})
"""A ``<link>`` is kept for these relations only: a stylesheet of the book, the book in another language.
Never ``import``, ``preload``, ``prefetch``, ``prerender``, ``dns-prefetch``, ``preconnect``, ``modulepreload`` or ``icon``."""

SVG_ATTRIBUTES = frozenset(
    """
    x y x1 x2 y1 y2 cx cy r rx ry fx fy fr d points width height viewBox preserveAspectRatio transform pathLength
    fill fill-opacity fill-rule stroke stroke-width stroke-linecap stroke-linejoin stroke-miterlimit stroke-dasharray
    stroke-dashoffset stroke-opacity opacity color display visibility overflow vector-effect paint-order
    shape-rendering text-rendering image-rendering color-interpolation color-interpolation-filters color-rendering
    isolation mix-blend-mode clip clip-path clip-rule clipPathUnits mask maskUnits maskContentUnits
    filter filterUnits primitiveUnits
    font font-family font-size font-size-adjust font-weight font-style font-variant font-stretch
    text-anchor dominant-baseline alignment-baseline baseline-shift letter-spacing word-spacing text-decoration
    writing-mode direction unicode-bidi dx dy rotate textLength lengthAdjust startOffset method spacing side path
    gradientUnits gradientTransform spreadMethod offset stop-color stop-opacity
    patternUnits patternContentUnits patternTransform
    markerWidth markerHeight markerUnits refX refY orient marker-start marker-mid marker-end
    in in2 result stdDeviation mode operator k1 k2 k3 k4 values type tableValues slope intercept amplitude exponent
    radius scale xChannelSelector yChannelSelector baseFrequency numOctaves seed stitchTiles
    flood-color flood-opacity lighting-color surfaceScale diffuseConstant specularConstant specularExponent
    kernelMatrix order divisor bias targetX targetY edgeMode preserveAlpha kernelUnitLength
    azimuth elevation pointsAtX pointsAtY pointsAtZ limitingConeAngle z
    requiredFeatures requiredExtensions systemLanguage version baseProfile xml:space
    href xlink:href xlink:title
    """.split()
)
"""SVG geometry and presentation.  ``href`` is kept only where it points inside the drawing or at a ``data:`` picture."""

MATHML_ATTRIBUTES = frozenset(
    """
    display displaystyle scriptlevel scriptminsize scriptsizemultiplier mathvariant mathsize mathcolor mathbackground
    accent accentunder align bevelled close open separators separator columnalign columnlines columnspacing columnspan
    columnwidth crossout denomalign numalign depth height width voffset lspace rspace form fence largeop linebreak
    linethickness maxsize minsize movablelimits notation rowalign rowlines rowspacing rowspan stretchy subscriptshift
    superscriptshift symmetric equalcolumns equalrows frame framespacing side encoding alttext
    decimalpoint charalign charspacing longdivstyle position shift location stackalign length
    groupalign alignmentscope minlabelspacing
    """.split()
)
"""MathML presentation attributes.  No ``href``, ``actiontype``, ``altimg`` or ``src``."""

URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href"})
"""The attributes kept that hold a URL, each judged by :mod:`folio.sanitise.policy`."""


def attributes_for(namespace: str, tag: str) -> frozenset[str]:
    """The attributes an element may keep besides :data:`GLOBAL_ATTRIBUTES` and the prefixed ones."""
    if namespace == "svg":
        return SVG_ATTRIBUTES
    if namespace == "math":
        return MATHML_ATTRIBUTES
    return HTML_ATTRIBUTES.get(tag, frozenset())
