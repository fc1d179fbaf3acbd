"""Raw HTML in Markdown: what may pass through, and why the rest may not.

Raw HTML reaches every edition, so it is read tag by tag here.  Anything
that could run code, pull in another document or fetch a file is refused with
the reason; everything else passes, written again as XHTML for the EPUB
(:func:`as_xhtml`: ``<br>`` becomes ``<br />``, ``<td align=left>`` gets its
quotes).  A fragment is tokenised, not parsed into a tree: pandoc hands over
``<div>`` and its ``</div>`` as separate fragments with Markdown between, and
a tree parser would close the ``<div>`` at once.
"""

from __future__ import annotations

import re
from html import escape
from html.entities import name2codepoint
from html.parser import HTMLParser
from typing import Any

from folio.ast import make_attr, text_inlines
from folio.errors import quote
from folio.sanitise.css import findings

FORBIDDEN_TAGS = {
    "script": "scripts never run in the editions",
    "iframe": "embedded pages are not allowed",
    "object": "embedded objects are not allowed",
    "embed": "embedded objects are not allowed",
    "form": "forms do not work in a PDF or EPUB",
    "link": "stylesheets belong in styles/, not in a chapter",
    "style": "styles belong in styles/, not in a chapter",
    "base": "a <base> would change every link",
    "meta": "metadata belongs in report.yaml",
    "frame": "frames are not allowed",
    "frameset": "frames are not allowed",
    "applet": "applets are not allowed",
    "audio": "audio cannot be printed",
    "video": "video cannot be printed",
    "source": "media sources are not allowed",
    "track": "media tracks are not allowed",
    "svg": "write SVG in a file under images/ and use ![alt](images/NAME.svg)",
    "math": "write maths as $TeX$",
    "img": 'write a picture on its own, <img src="images/NAME" alt="…">, or as ![alt](images/NAME)',
    "input": "forms do not work in a PDF or EPUB",
    "button": "forms do not work in a PDF or EPUB",
    "textarea": "forms do not work in a PDF or EPUB",
    "select": "forms do not work in a PDF or EPUB",
}
VOID_TAGS = {"area", "br", "col", "hr", "wbr", "img"}
"""Empty elements that may appear in raw HTML, written ``<br>`` or ``<br />`` (the others are refused above)."""
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "cite", "background"}
URL_ATTRIBUTES |= {"srcdoc", "manifest", "codebase", "archive", "classid", "longdesc", "lowsrc", "dynsrc", "usemap", "icon"}
BEACONS = {"ping", "attributionsrc"}
URL_ATTRIBUTES |= BEACONS


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.ids: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, attrs)

    def check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"raw HTML <{tag}> is not allowed ({FORBIDDEN_TAGS[tag]}); remove it")
            return
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            reason = attribute_problem(name, value or "", link=True)
            if reason:
                self.found.append(f"raw HTML <{tag} {name}={quote(value or '')}>: {reason}")


def attribute_problem(name: str, value: str, *, link: bool) -> str | None:
    """Why the attribute ``name="value"`` may not reach an edition, or ``None``.

    ``link`` says whether ``href`` is a link target here (raw HTML) or just a
    stray attribute (pandoc's ``{key=value}``, where links have their own syntax).
    """
    name = name.lower()
    squashed = "".join(value.split()).lower()
    if name.startswith("on"):
        return f"event attributes never run; remove {name}"
    if name in BEACONS:
        return f"{name} would tell another site when the link is followed; remove it"
    if name in URL_ATTRIBUTES and squashed.startswith(("javascript:", "vbscript:", "data:")):
        return f"{squashed.split(':')[0]}: URLs are not allowed; link to #ID or an https:// address"
    if name == "href":
        if not link:
            return "write links as [text](#ID) or [text](https://…); remove href"
        if not value.startswith(("#", "https://", "http://", "mailto:")):
            return "relative links are not allowed; link to #ID or an absolute https:// address"
        return None
    if name in URL_ATTRIBUTES - {"cite"}:
        return f"files are only included through Markdown images and links; remove {name}"
    if name == "style" and (found := findings(value, declarations=True)):  # read by a CSS parser: u\72 l( is url(
        active = [item.what for item in found if item.active]
        if active:
            return f"{active[0]} in a style runs code; remove it, or style the part in styles/"
        return "url() in a style would fetch a file; remove it, or style the part in styles/"
    return None


def check_raw_html(fragment: str) -> list[str]:
    """Why ``fragment`` may not pass through; empty when it is safe."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker.found


def raw_html_ids(fragment: str) -> list[str]:
    """The ``id="…"`` values in ``fragment``: ids must be unique across the report."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker.ids


def raw_html_tags(fragment: str) -> list[str]:
    """The start tags in ``fragment``, in order (a raw ``<table>`` is a table of the edition too)."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker.tags


def check_attributes(pairs: list[list[str]]) -> list[tuple[str, str]]:
    """Pandoc attributes (``{key=value}``) that may not reach an edition: (name, message)."""
    found = []
    for name, value in pairs:
        reason = attribute_problem(name, value, link=False)
        if reason:
            found.append((name, f"attribute {name}={quote(value)}: {reason}"))
    return found


class _Balance(HTMLParser):
    """Open and close tags in one raw fragment, against the source's open elements."""

    def __init__(self, open_tags: list[tuple[str, int]], found: list[tuple[int, str]], line: int) -> None:
        super().__init__(convert_charrefs=True)
        self.open = open_tags
        self.found = found
        self.first_line = line

    def here(self) -> int:
        return self.first_line + self.getpos()[0] - 1

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in VOID_TAGS and tag not in FORBIDDEN_TAGS:
            self.open.append((tag, self.here()))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS or tag in FORBIDDEN_TAGS:
            return
        if self.open and self.open[-1][0] == tag:
            self.open.pop()
            return
        expected = f"write </{self.open[-1][0]}> first" if self.open else "open it first or remove it"
        self.found.append((self.here(), f"raw HTML </{tag}> closes no open <{tag}>; the EPUB is XHTML, so {expected}"))
        if any(name == tag for name, _ in self.open):
            while self.open[-1][0] != tag:
                self.open.pop()
            self.open.pop()


def unbalanced(chunks: list[tuple[str, int]]) -> list[tuple[int, str]]:
    """Tags the raw HTML of one source opens but never closes, or closes out of order.

    ``chunks`` are the raw fragments in document order with the line each starts
    on: a ``<div>`` may open in one fragment and close in a later one, with
    Markdown between.  The EPUB is XHTML, so every element must be closed.
    """
    open_tags: list[tuple[str, int]] = []
    found: list[tuple[int, str]] = []
    for text, line in chunks:
        parser = _Balance(open_tags, found, line)
        parser.feed(text)
        parser.close()
    for tag, line in open_tags:
        found.append((line, f"raw HTML <{tag}> is never closed; the EPUB is XHTML, so add </{tag}>"))
    return found


class _Xhtml(HTMLParser):
    """Writes each token again the XML way: void elements closed, attribute values quoted."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []

    def start(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> None:
        written = "".join(f' {name}="{escape(value if value is not None else name)}"' for name, value in attrs)
        self.out.append(f"<{tag}{written}{' /' if close else ''}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, tag in VOID_TAGS)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start(tag, attrs, True)
        if tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID_TAGS:
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(data.replace("<", "&lt;").replace(">", "&gt;"))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        pass  # comments are never published (and XHTML refuses some that HTML allows)

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def as_xhtml(fragment: str) -> str:
    """Raw HTML written as XHTML: what the EPUB needs and the other editions read the same."""
    writer = _Xhtml()
    writer.feed(fragment)
    writer.close()
    if writer.rawdata:  # an unfinished tag at the end stays text
        writer.out.append(writer.rawdata.replace("<", "&lt;"))
    return as_xml_text("".join(writer.out))


def lone_image(fragment: str) -> dict[str, str] | None:
    """The attributes of a fragment that is one ``<img …>`` and nothing else, or ``None``."""
    match = re.fullmatch(r"\s*(<img\b[^<>]*>)\s*", fragment, re.IGNORECASE)
    if match is None:
        return None
    found: list[dict[str, str]] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append({name: value or "" for name, value in attrs})

    reader = Reader(convert_charrefs=True)
    reader.feed(match.group(1))
    reader.close()
    return found[0] if found else None


_XML_ENTITIES = {"amp", "lt", "gt", "quot", "apos"}
_ENTITY = re.compile(r"&(#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)?")


def as_xml_text(fragment: str) -> str:
    """Raw HTML with HTML-only entities (``&nbsp;``) and bare ``&`` written the XML way."""

    def fix(match: re.Match[str]) -> str:
        entity = match.group(1)
        if entity is None:
            return "&amp;"
        name = entity[:-1]
        if entity.startswith("#") or name in _XML_ENTITIES:
            return match.group(0)
        if name in name2codepoint:
            return f"&#{name2codepoint[name]};"
        return "&amp;" + entity

    return _ENTITY.sub(fix, fragment)


RAW_IMAGE = "data-folio-raw"
"""Marks an image written as ``<img>`` until it is checked: its line is found by ``src=``."""


def raw_image(node: dict) -> Any:
    """``<img src="images/x.png" alt="…">`` on its own is a Markdown image, checked and embedded like one."""
    if node["t"] not in ("RawBlock", "RawInline") or node["c"][0].lower() not in ("html", "html5"):
        return None
    found = lone_image(node["c"][1])
    if found is None:
        return None
    pairs = {name: value for name, value in found.items() if name not in ("id", "class", "src", "alt", "title")}
    pairs[RAW_IMAGE] = "1"
    image = {
        "t": "Image",
        "c": [
            make_attr(found.get("id", ""), found.get("class", "").split(), pairs),
            text_inlines(found["alt"]) if found.get("alt") else [],
            [found.get("src", ""), found.get("title", "")],
        ],
    }
    return {"t": "Para", "c": [image]} if node["t"] == "RawBlock" else image
