"""Nothing active is ever published: every published file sanitised, every refusal located, templates bounded.

What is published is judged here by parsing it, as a browser or a reading
system does (tinyhtml5, the HTML5 parser; lxml for XHTML and SVG; tinycss2
for CSS), with rules of this file's own (:func:`active`), not folio's.
"""

from __future__ import annotations

import base64
import re

import pytest
import tinycss2
import tinyhtml5
from lxml import etree

from folio.sanitise.clean import Removed
from folio.sanitise.css import clean_stylesheet, findings
from folio.sanitise.editions import CONTENT_SECURITY_POLICY, clean_page
from folio.sanitise.files import clean_document, clean_svg
from folio.sanitise.policy import Policy

# -- what counts as active, judged on the parsed file ------------------------------------------------------

NEVER = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "input", "button", "textarea", "select",
    "audio", "video", "source", "track", "portal", "noscript", "template", "foreignobject", "animate", "set", "animatemotion",
    "animatetransform", "maction", "annotation-xml", "handler", "listener",
}  # fmt: skip
FETCHING_ATTRIBUTES = {"ping", "srcdoc", "srcset", "formaction", "action", "poster", "background", "manifest", "attributionsrc", "lowsrc"}
CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def normalised(url: str) -> str:
    return CONTROL.sub("", url).replace("\\", "/").lower()


def fetches_outside(url: str, book: bool = False) -> bool:
    """A URL a browser would fetch from somewhere other than the page itself (``book``: or another file of the EPUB)."""
    url = normalised(url)
    if book and url and not re.match(r"[a-z][a-z0-9+.-]*:|/", url):
        return False
    return not (url.startswith("#") or url.startswith(("data:image/", "data:font/", "data:application/font")) or url == "")


def scripted(url: str) -> bool:
    url = normalised(url)
    return url.startswith(("javascript:", "vbscript:", "livescript:", "data:text/", "data:application/", "data:image/svg"))


def css_active(nodes) -> list[str]:
    """Fetches and script in CSS, read by the CSS parser."""
    found = []
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "at-rule":
            if node.lower_at_keyword == "import":
                found.append("@import")
            found += css_active(node.prelude)
            if node.content:
                found += css_active(tinycss2.parse_blocks_contents(node.content))
        elif kind == "qualified-rule":
            found += css_active(tinycss2.parse_blocks_contents(node.content))
        elif kind == "declaration":
            if node.lower_name in ("behavior", "-moz-binding", "-ms-behavior"):
                found.append(node.lower_name)
            found += css_active(node.value)
        elif kind == "url" and fetches_outside(node.value):
            found.append(f"url({node.value})")
        elif kind == "function":
            if node.lower_name == "expression":
                found.append("expression()")
            elif node.lower_name in ("url", "src", "image-set", "-webkit-image-set", "image", "cross-fade"):
                found += [f"{node.lower_name}({a.value})" for a in node.arguments if a.type == "string" and fetches_outside(a.value)]
            found += css_active(node.arguments)
        elif kind in ("() block", "[] block", "{} block"):
            found += css_active(node.content)
    return found


def active(root, book: bool = False) -> list[str]:
    """Everything in a parsed tree (lxml or ElementTree) that could run or fetch (``book``: outside the EPUB)."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        namespace, _, local = element.tag.rpartition("}")
        local = local.lower()
        if local in NEVER:
            found.append(f"<{local}>")
        if local == "meta" and (element.get("http-equiv") or "").lower() not in ("", "content-security-policy"):
            found.append("<meta http-equiv>")
        if local == "link" and not set((element.get("rel") or "").lower().split()) <= {"stylesheet", "alternate"}:
            found.append(f"<link rel={element.get('rel')}>")
        if local == "style":
            found += css_active(tinycss2.parse_stylesheet("".join(element.itertext())))
        for key, value in element.attrib.items():
            name = key.rpartition("}")[2].lower()
            if name.startswith("on") or name in FETCHING_ATTRIBUTES:
                found.append(f"{name} on <{local}>")
            elif name == "style":
                found += css_active(tinycss2.parse_blocks_contents(value))
            elif name in ("href", "src", "data", "xlink:href", "action"):
                if scripted(value) and not (name == "src" and normalised(value).startswith("data:image/svg")):
                    found.append(f"{name}={value[:30]} on <{local}>")
                elif "MathML" in namespace:
                    found.append(f"{name} on MathML <{local}>")
                elif (name != "href" or local not in ("a", "area")) and fetches_outside(value, book) and not (local == "link"):
                    found.append(f"{name}={value[:30]} on <{local}> fetches")
                elif local == "a" and normalised(value).startswith("data:"):
                    found.append(f"data: link on <{local}>")
            if name == "src" and value.startswith("data:image/svg+xml;base64,"):
                found += [f"in a picture: {item}" for item in active(etree.fromstring(base64.b64decode(value.split(",", 1)[1])))]
    return found


def test_the_judge_finds_what_it_should() -> None:
    """The rules above are not blind: an unsanitised page trips each of them."""
    page = tinyhtml5.parse(f"<!DOCTYPE html><html><head><base href=x></head><body>{ATTACKS}</body></html>")
    found = active(page)
    for expected in (
        "<script>",
        "onmouseover on <span>",
        "ping on <a>",
        "<iframe>",
        "<foreignobject>",
        "<animate>",
        "<maction>",
        "@import",
    ):
        assert expected in found, expected
    assert any(item.startswith("href=JaVaScRiPt:") for item in found)
    assert any(item.startswith("url(http://example.com/b)") for item in found)


# -- the sanitiser on its own -------------------------------------------------------------------------------

SCRIPTED_SVG = base64.b64encode(
    b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="1" height="1"/></svg>'
).decode()
ATTACKS = "\n".join(
    [
        '<p><span onmouseover="alert(document.domain)">Hover me</span></p>',
        '<p><a href="https://example.com/" ping="http://example.com/ping">a beacon</a></p>',
        '<p><a href="JaVaScRiPt&#58;alert(1)">entity</a> <a href=" java\tscript:alert(1)">tab</a> <a href="vbscript:x">vb</a></p>',
        '<p><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">data</a> <a href="data:image/svg+xml;base64,AAAA">svg</a></p>',
        '<p><img src="http://example.com/x.png" srcset="http://example.com/y.png 2x" alt="remote"><img src=x onerror=alert(1) alt=e></p>',
        '<video poster="http://example.com/p.png"><source src="http://example.com/v.mp4"></video>',
        '<form action="http://example.com/"><button formaction="http://example.com/">b</button><input name=q></form>',
        '<iframe srcdoc="<script>alert(1)</script>"></iframe><object data="http://example.com/o"></object><embed src="http://example.com/e">',
        '<meta http-equiv="refresh" content="0;url=http://example.com/"><link rel="prefetch" href="http://example.com/">',
        '<link rel="stylesheet" href="http://example.com/s.css"><base href="http://example.com/">',
        "<details ontoggle=alert(1) open><summary>summary kept</summary>details kept</details>",
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><foreignObject><img src=x onerror=alert(1)></foreignObject>'
        '<animate attributeName="href" to="javascript:alert(1)"/><set attributeName="href" to="javascript:alert(1)"/>'
        '<a xlink:href="javascript:alert(1)"><text>svg link</text></a><use href="http://example.com/s.svg#a"/>'
        '<image href="http://example.com/i.png"/><rect style="fill:u\\72 l(http://example.com/g)" width="2" height="2"/></svg>',
        '<math><mi href="javascript:alert(1)">x</mi><maction actiontype="statusline"><mi>y</mi><mtext>z</mtext></maction></math>',
        '<div style="background:url(http://example.com/b)">a style</div><div style="background:u\\72 l(http://example.com/b2)">b</div>',
        '<p style="width:expression(alert(1))">c</p><p style="-moz-binding:url(http://example.com/x.xml#b)">d</p>',
        "<p style=\"background-image:image-set('http://example.com/i.png' 1x)\">e</p>",
        '<style>@\\69 mport "http://example.com/x.css"; a::after{content:"/*"} b{background:url(http://example.com/c)}</style>',
        f'<p><img src="data:image/svg+xml;base64,{SCRIPTED_SVG}" alt="a picture that scripts"></p>',
        "<template><script>alert(1)</script></template>",
        "<p>the last paragraph is kept</p>",
    ]
)


MUTATIONS = [
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;img src=1 onerror=alert(1)&gt;">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a><a href="jav&#x09;ascript:alert(1)">y</a>',
]
"""Mutation tricks: markup that an HTML parser reads differently the second time round."""


def page_with(body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n{head}</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def test_nothing_active_survives_in_the_web_page() -> None:
    head = (
        "<script>alert(1)</script><meta http-equiv=refresh content='0;url=http://example.com/'><base href='http://example.com/'>"
        "<link rel=import href='http://example.com/i'><style>@import url(http://example.com/x.css); body{color:red}</style>"
    )
    page, removed = clean_page(page_with(ATTACKS, head))
    tree = tinyhtml5.parse(page)
    assert active(tree) == []
    text = " ".join("".join(tree.itertext()).split())
    for kept in ("Hover me", "a beacon", "summary kept", "details kept", "svg link", "the last paragraph is kept"):
        assert kept in text
    assert "body{color:red}" in page  # the harmless rule of a style stays
    # what went is said, the way a build prints it
    summary = removed.summary(limit=100)
    for said in (
        "onmouseover on <span>",
        "ping on <a>",
        "<script>",
        '@import "http://example.com/x.css"',
        "<iframe>",
        "<animate>",
        "<style>",
    ):
        assert said in summary, said


@pytest.mark.parametrize("markup", MUTATIONS)
def test_markup_that_mutates_when_read_again_stays_inert(markup: str) -> None:
    page, _ = clean_page(page_with(markup))
    assert active(tinyhtml5.parse(page)) == []
    assert active(tinyhtml5.parse(page_with(page[page.index("<body>") + 6 : page.index("</body>")]))) == []


def test_the_web_page_carries_its_content_security_policy_first() -> None:
    page, _ = clean_page(page_with("<p>x</p>", '<meta http-equiv="Content-Security-Policy" content="default-src *">'))
    head = tinyhtml5.parse(page).find("{http://www.w3.org/1999/xhtml}head")
    metas = [m for m in head if m.tag.endswith("meta")]
    assert metas[0].get("charset") == "utf-8"
    assert metas[1].get("http-equiv") == "Content-Security-Policy" and metas[1].get("content") == CONTENT_SECURITY_POLICY
    assert [m for m in metas if m.get("http-equiv")] == [metas[1]]  # a page's own policy is never kept
    for directive in ("default-src 'none'", "img-src data:", "font-src data:", "base-uri 'none'", "form-action 'none'"):
        assert directive in CONTENT_SECURITY_POLICY


def test_what_folio_publishes_passes_unchanged() -> None:
    """Every construct of folio's editions: structure, ARIA and EPUB semantics, SVG, MathML, links, pictures, styles."""
    from folio import pandoc

    maths = pandoc.from_json(
        pandoc.to_json(r"$$\frac{a^2}{\sqrt{b}} = \sum_{i=1}^{n} x_i \quad \mathbf{v} \in \mathbb{R}^n$$", "markdown")[0],
        ["--to", "html5", "--mathml"],
    ).output
    body = (
        '<section id="s" class="level1 chapter" aria-labelledby="h" data-short-title="S" lang="mi" dir="ltr" role="doc-chapter">'
        '<h1 id="h" data-bookmark="1">Title</h1><p>Text <a href="#x" role="doc-noteref" aria-describedby="n">1</a> '
        '<a href="https://example.com/" hreflang="en">out</a> <a href="mailto:a@example.com">mail</a> <a href="other.html">other</a>'
        '<span dir="rtl" lang="ar">نص</span> <abbr title="t">T</abbr> <sub>1</sub><sup>2</sup> <time datetime="2024-01-01">1 Jan</time></p>'
        '<aside role="note" class="callout callout-note"><details open=""><summary>More</summary><p>Inside</p></details></aside>'
        '<figure id="fig-a"><img src="data:image/png;base64,iVBORw0KGgo=" alt="A" width="10" height="10" data-folio-src="images/a.png">'
        "<figcaption>Figure 1</figcaption></figure>"
        '<table><colgroup><col style="width: 40%"></colgroup><thead><tr><th scope="col" style="text-align: right;">H</th></tr></thead>'
        '<tbody><tr><td colspan="2" rowspan="1" headers="a">1</td></tr></tbody></table>'
        '<ol start="3" type="a"><li value="3">item</li></ol><pre class="sourceCode python"><code class="sourceCode python">'
        '<span id="cb1-1"><a href="#cb1-1" aria-hidden="true" tabindex="-1"></a>x</span></code></pre>'
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 10 10" role="img" aria-label="chart">'
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>'
        '<title>c</title><g transform="translate(1 1)"><rect x="0" y="0" width="5" height="5" fill="url(#g)" fill-opacity="0.6"/>'
        '<text x="1" y="2" font-family="Folio Sans" font-size="10.5" font-weight="600" text-anchor="end">5</text>'
        '<use href="#g"/></g></svg>'
        f"{maths}</section>"
    )
    before = tinyhtml5.parse(page_with(body))
    page, removed = clean_page(page_with(body))
    assert not removed, removed.summary()
    assert canonical(tinyhtml5.parse(page), skip={"meta"}) == canonical(before, skip={"meta"})
    assert "<math" in page and "mfrac" in page


def canonical(root, skip=frozenset()) -> list:
    out = []
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.rpartition("}")[2] not in skip:
            attributes = sorted(
                (key, value) for key, value in element.attrib.items() if not key.startswith("{http://www.w3.org/2000/xmlns/}")
            )
            out.append((element.tag, attributes, (element.text or "").strip(), (element.tail or "").strip()))
    return out


XHTML_DOCUMENT = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en" xml:lang="en" onload="alert(1)">
<head>
<meta charset="utf-8"/>
<title>Chapter</title>
<link rel="stylesheet" type="text/css" href="../styles/stylesheet1.css"/>
<script>alert(1)</script>
<meta http-equiv="refresh" content="0;url=http://example.com/"/>
<style>@import url(http://example.com/x.css); p { color: red }</style>
</head>
<body epub:type="bodymatter" onclick="alert(1)">
<section epub:type="chapter" role="doc-chapter" id="c"><span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"></span>
<h1>Chapter</h1>
<p>Call<a href="#fn1" epub:type="noteref" role="doc-noteref" id="fnref1">1</a> and <a href="ch002.xhtml#x">a link</a>.</p>
<img src="../media/file0.svg" alt="a picture"/>
</section>
<aside epub:type="footnote" role="doc-footnote" id="fn1"><p>A note.</p></aside>
</body>
</html>
"""


def test_nothing_active_survives_in_an_epub_document() -> None:
    import xml.etree.ElementTree as ElementTree

    source = etree.fromstring(XHTML_DOCUMENT)
    # the attacks as the XML of an EPUB document holds them: as an HTML5 parser reads them, written as XML
    parsed_attacks = tinyhtml5.parse(f"<!DOCTYPE html><body>{ATTACKS}</body>").find("{http://www.w3.org/1999/xhtml}body")
    for element in parsed_attacks.iter():
        for key in [key for key in element.attrib if key.startswith("{http://www.w3.org/2000/xmlns/}")]:
            del element.attrib[key]
    section = source.find(".//{http://www.w3.org/1999/xhtml}section")
    section.extend(etree.fromstring(ElementTree.tostring(parsed_attacks)))
    assert active(source) != []
    tree = source.getroottree()
    clean_document(tree, Policy("epub"), Removed())
    written = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    parsed = etree.fromstring(written)
    assert active(parsed, book=True) == []
    # EPUB semantics, links and the page-break marker as a reading system needs them
    assert b'<span epub:type="pagebreak" role="doc-pagebreak" id="page-1" aria-label="1"></span>' in written
    assert parsed.find(".//{http://www.w3.org/1999/xhtml}aside").get("{http://www.idpf.org/2007/ops}type") == "footnote"
    assert [a.get("href") for a in parsed.iter("{http://www.w3.org/1999/xhtml}a")][:2] == ["#fn1", "ch002.xhtml#x"]
    assert parsed.find(".//{http://www.w3.org/1999/xhtml}img").get("src") == "../media/file0.svg"
    assert "the last paragraph is kept" in "".join(parsed.itertext())
    head = parsed.find("{http://www.w3.org/1999/xhtml}head")
    assert [child.tag.rpartition("}")[2] for child in head] == ["meta", "title", "link", "style"]
    assert "p { color: red }" in head[3].text and "@import" not in head[3].text
    assert parsed.get("onload") is None and parsed.find("{http://www.w3.org/1999/xhtml}body").get("onclick") is None


def test_an_svg_picture_is_cleaned_as_a_drawing() -> None:
    picture = b"""<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     viewBox="0 0 100 100" onload="alert(1)" inkscape:version="1.0">
<metadata><title>drawn</title></metadata>
<style>.a { fill: url(#g) } .b { fill: u\\72 l(http://example.com/x) } @import "http://example.com/s.css";</style>
<script>alert(1)</script>
<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">html</p></foreignObject>
<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient></defs>
<a xlink:href="javascript:alert(1)"><rect class="a" width="10" height="10"/></a>
<image xlink:href="http://example.com/i.png" width="5" height="5"/>
<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/>
<animate attributeName="xlink:href" to="javascript:alert(1)"/>
<use xlink:href="#g"/><text x="1" y="1" style="font-family: sans-serif; fill: url(http://example.com/t)">kept text</text>
</svg>"""
    removed = Removed()
    cleaned = clean_svg(picture, Policy("picture"), removed)
    root = etree.fromstring(cleaned)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 100 100"
    assert active(root) == []
    assert "kept text" in "".join(root.itertext())
    assert root.find(".//{http://www.w3.org/2000/svg}use").get("{http://www.w3.org/1999/xlink}href") == "#g"
    images = [image.get("{http://www.w3.org/1999/xlink}href") for image in root.iter("{http://www.w3.org/2000/svg}image")]
    assert images == [None, "data:image/png;base64,iVBORw0KGgo="]
    style = root.find("{http://www.w3.org/2000/svg}style").text
    assert ".a { fill: url(#g) }" in style and "example.com" not in style
    assert removed


@pytest.mark.parametrize(
    "sheet",
    [
        r"a{b:u\72 l(http://example.com/x)}",
        r'@\69 mport "http://example.com/x";',
        'a{content:"/*"} b{background:url(http://example.com/x)}',
        'a{b:URL("http://example.com/x")}',
        'a{b:image-set("http://example.com/x" 1x)}',
        r"a{b:url(\68ttp://example.com/x)}",
        "@media print{a{b:url(//example.com/x); color: red}}",
        "a{&:hover{b:url(http://example.com/x)}}",
        '@font-face{font-family:x;src:url(http://example.com/f) format("woff"), local(x)}',
        "a{-moz-binding:url(x.xml#b)} b{behavior:url(x.htc)} c{width:expression(alert(1))}",
        'a{--x:"http://example.com/x";background:image-set(var(--x) 1x)}',
        "a{background:url(data:text/html,<b>)}",
        r"a{background:url(\\\\example.com/x)}",
    ],
)
def test_a_published_stylesheet_fetches_nothing(sheet: str) -> None:
    cleaned, found = clean_stylesheet(sheet)
    assert found
    assert css_active(tinycss2.parse_stylesheet(cleaned)) == []
    assert "var(--x)" not in cleaned or "image-set" not in cleaned


def test_a_published_stylesheet_keeps_what_fetches_nothing() -> None:
    sheet = (
        "@namespace svg url(http://www.w3.org/2000/svg);\n"
        '@font-face { font-family: "F"; src: url("data:font/woff2;base64,AAAA") format("woff2"); }\n'
        'a::after { content: "url(http://example.com/)" } rect { fill: url(#g) } @media print { p { color: red } }\n'
    )
    assert clean_stylesheet(sheet) == (sheet, [])
    assert [found.url for found in findings(sheet)] == ["data:font/woff2;base64,AAAA", "#g"]
