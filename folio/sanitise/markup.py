"""Element trees to HTML text and back, for the sanitiser, which reads and writes HTML.

The EPUB's documents and the SVG pictures are XML trees (lxml); nh3 takes
HTML text and gives HTML text.  :func:`html_text` writes a tree's elements as
HTML (every element closed explicitly, so an empty ``<span/>`` does not swallow
what follows it), and :func:`elements` reads the sanitiser's HTML back with an
HTML5 parser, tinyhtml5 (WeasyPrint's own), into XML elements in their
namespaces: what a reading system will see is exactly what the sanitiser gave.
"""

from __future__ import annotations

from html import escape

from lxml import etree
from tinyhtml5.parser import HTMLParser

XHTML = "http://www.w3.org/1999/xhtml"
SVG = "http://www.w3.org/2000/svg"
MATHML = "http://www.w3.org/1998/Math/MathML"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"
EPUB = "http://www.idpf.org/2007/ops"
SHORT = {XHTML: "html", SVG: "svg", MATHML: "math"}
"""The namespaces a published file may use, by the names :mod:`folio.sanitise.allow` gives them."""
PREFIXED = {XLINK: "xlink", XML: "xml", EPUB: "epub"}
"""Namespaced attributes as HTML writes them: ``xlink:href``, ``xml:lang``, ``epub:type``."""
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})
NEWLINE_FIRST = frozenset({"pre", "textarea", "listing"})


def split(tag: str) -> tuple[str, str]:
    """``{namespace}local`` → (``html``/``svg``/``math``/the namespace, ``local``); no namespace reads as HTML."""
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        return SHORT.get(uri, uri), local
    return "html", tag


def attribute_name(name: str) -> str | None:
    """An attribute as HTML writes it (``xlink:href``), or ``None`` for a namespace this side has no name for."""
    if not name.startswith("{"):
        return name
    uri, local = name[1:].split("}", 1)
    prefix = PREFIXED.get(uri)
    return f"{prefix}:{local}" if prefix else None


def html_text(element: etree._Element, *, children_only: bool = False) -> str:
    """``element`` (or its content) written as HTML."""
    out: list[str] = []
    if children_only:
        out.append(escape(element.text or "", quote=False))
        for child in element:
            _write(child, out)
    else:
        _write(element, out)
    return "".join(out)


def start_tag(element: etree._Element) -> str:
    """``<body class="…">``: the element's start tag alone."""
    attributes = "".join(f' {name}="{escape(value, quote=True)}"' for key, value in element.attrib.items() if (name := attribute_name(key)))
    return f"<{split(element.tag)[1]}{attributes}>"


def _write(element, out: list[str]) -> None:
    if not isinstance(element.tag, str):  # a comment or processing instruction: its text goes, its tail stays
        out.append(escape(element.tail or "", quote=False))
        return
    namespace, local = split(element.tag)
    out.append(start_tag(element))
    html = namespace == "html"
    if not (html and local in VOID):
        text = element.text or ""
        if html and local in RAW_TEXT:
            out.append(text.replace("</", "<\\/"))
        else:
            if html and local in NEWLINE_FIRST and text.startswith("\n"):
                out.append("\n")
            out.append(escape(text, quote=False))
            for child in element:
                _write(child, out)
        out.append(f"</{local}>")
    out.append(escape(element.tail or "", quote=False))


def fill(parent: etree._Element, html: str, container: str = "div") -> None:
    """Make ``html`` the content of ``parent``, read as an HTML5 parser reads it inside ``container``."""
    fragment = HTMLParser().parse_fragment(html, container=container)
    for child in list(parent):
        parent.remove(child)
    parent.text = fragment.text or None
    _children(fragment, parent)


def root(html: str) -> etree._Element | None:
    """The first element of ``html`` (an SVG picture's ``<svg>``) as a new XML document's root, or ``None``."""
    fragment = HTMLParser().parse_fragment(html, container="div")
    first = next((child for child in fragment if isinstance(child.tag, str)), None)
    return None if first is None else _tree(first)


def document(html: str) -> etree._Element:
    """A whole HTML page, read as a browser reads it, as an XHTML tree."""
    return _tree(HTMLParser().parse(html))


def _tree(first) -> etree._Element:
    namespace = _namespace(first.tag)
    element = etree.Element(_clark(first.tag), _attributes(first), nsmap=_nsmap(namespace, {}, first))
    element.text = first.text
    _children(first, element)
    return element


def _children(source, parent: etree._Element) -> None:
    for child in source:
        if not isinstance(child.tag, str):  # a comment: its tail stays
            if child.tail:
                _append_text(parent, child.tail)
            continue
        namespace = _namespace(child.tag)
        element = etree.SubElement(parent, _clark(child.tag), _attributes(child), nsmap=_nsmap(namespace, parent.nsmap, child))
        # an empty HTML element stays <span></span>: reading systems that parse XHTML as HTML mistake <span/>
        empty = namespace == XHTML and split(child.tag)[1] not in VOID
        element.text = child.text if child.text is not None or not empty else ""
        element.tail = child.tail
        _children(child, element)


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else XHTML


def _clark(tag: str) -> str:
    return tag if tag.startswith("{") else f"{{{XHTML}}}{tag}"


def _attributes(source) -> dict[str, str]:
    found = {}
    for key, value in source.attrib.items():
        name = _xml_attribute(key)
        if name is not None:
            found[name] = value
    return found


def _nsmap(namespace: str, inherited: dict, source) -> dict | None:
    """The namespaces to declare on a new element: its own as the default when it changes, and ``xlink`` when used."""
    wanted = {}
    if inherited.get(None) != namespace:
        wanted[None] = namespace
    if XLINK not in inherited.values() and any(key.startswith(f"{{{XLINK}}}") for key in source.attrib):
        wanted["xlink"] = XLINK
    return wanted or None


def _append_text(element: etree._Element, text: str) -> None:
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _xml_attribute(name: str) -> str | None:
    """An attribute the HTML parser gave back, named for XML: ``epub:type`` → ``{http://www.idpf.org/2007/ops}type``."""
    if name.startswith("{"):
        return name
    prefix, _, local = name.partition(":")
    if not local:
        return name if _xml_name(name) else None
    uri = {value: key for key, value in PREFIXED.items()}.get(prefix)
    return f"{{{uri}}}{local}" if uri and _xml_name(local) else None


def _xml_name(name: str) -> bool:
    try:
        etree.QName(name)
    except ValueError:
        return False
    return True
