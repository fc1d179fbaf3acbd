"""What a report's own template writes: no script, no handler, no fetch.

A template's literal text is HTML (or SVG, or CSS) written by someone else.
It is read here as an HTML parser reads it, with every ``{{ … }}`` standing
as a placeholder, so each tag is judged at its line of the template: no
``<script>``, frames, objects, forms or ``<base>``, no ``<meta http-equiv>``,
no ``<link>`` but a stylesheet or the report in another language, no event handler,
``ping`` or ``srcdoc``, no ``javascript:`` URL, and no stylesheet that
fetches from outside (:mod:`folio.sanitise.css`).

What an expression computes cannot be read before the template runs; the
published files are sanitised whatever it writes (the rest of :mod:`folio.sanitise`).
"""

from __future__ import annotations

from html.parser import HTMLParser

from jinja2 import nodes

from folio.errors import quote
from folio.sanitise import css

NEVER = {
    "script": "scripts never run in an edition",
    "iframe": "an edition embeds no other page",
    "frame": "an edition embeds no other page",
    "frameset": "an edition embeds no other page",
    "object": "an edition embeds no object",
    "embed": "an edition embeds no object",
    "applet": "an edition embeds no object",
    "portal": "an edition embeds no other page",
    "base": "a <base> would change every link",
    "form": "forms do not work in a PDF or EPUB",
    "input": "forms do not work in a PDF or EPUB",
    "button": "forms do not work in a PDF or EPUB",
    "textarea": "forms do not work in a PDF or EPUB",
    "select": "forms do not work in a PDF or EPUB",
    "audio": "audio cannot be printed",
    "video": "video cannot be printed",
    "foreignObject": "an SVG in an edition holds drawing only",
    "animate": "animation cannot be printed and may change a link",
    "set": "animation cannot be printed and may change a link",
    "animateMotion": "animation cannot be printed",
    "animateTransform": "animation cannot be printed",
}
ATTRIBUTES_NEVER = {
    "ping": "it tells another site when a link is followed",
    "attributionsrc": "it tells another site when a link is followed",
    "srcdoc": "it embeds another page",
    "formaction": "forms do not work in a PDF or EPUB",
    "action": "forms do not work in a PDF or EPUB",
    "srcset": "write one picture in src",
    "background": "it fetches a picture; style it in styles/",
    "poster": "video cannot be printed",
}
URL_VALUES = {"href", "src", "xlink:href", "data", "cite", "action", "formaction"}
LINK_RELATIONS = {"stylesheet", "alternate"}
PLACEHOLDER = "x"
"""What an expression stands as in the literal text."""


def template_problems(tree: nodes.Template, name: str) -> list[tuple[int, str]]:
    """Located reasons the template ``tree`` (a file called ``name``) may not write what it writes."""
    text = skeleton(tree)
    if name.endswith((".css", ".css.j2")):
        return [(item.line, message) for item in css.findings(text) if (message := css_problem(item))]
    checker = _Checker()
    checker.feed(text)
    checker.close()
    return checker.found


def skeleton(tree: nodes.Template) -> str:
    """The template's literal text in order, each expression a placeholder, each piece on its own line of the file."""
    out: list[str] = []
    line = 1
    for output in tree.find_all(nodes.Output):
        for node in output.nodes:
            if node.lineno > line:  # keep the file's line numbers
                out.append("\n" * (node.lineno - line))
                line = node.lineno
            piece = node.data if isinstance(node, nodes.TemplateData) else PLACEHOLDER
            out.append(piece)
            line += piece.count("\n")
    return "".join(out)


def css_problem(item: css.Finding) -> str | None:
    if item.active:
        return f"{item.what} runs code; a template's styles only style: remove it"
    kind = css.url_kind(item.url or "")
    if item.what == "@import" or kind in ("remote", "computed", "absolute") or (kind == "data" and not css.picture_or_font(item.url or "")):
        return f"{item.what} {quote(item.url or '')}: a template's styles fetch nothing; put the file in styles/ and style with it there"
    return None


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.style: tuple[int, list[str]] | None = None

    def line(self) -> int:
        return self.getpos()[0]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, attrs)
        if tag == "style":
            self.style = (self.line(), [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, attrs)

    def handle_data(self, data: str) -> None:
        if self.style is not None:
            self.style[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style" and self.style is not None:
            start, parts = self.style
            self.style = None
            for item in css.findings("".join(parts)):
                message = css_problem(item)
                if message:
                    self.found.append((start + item.line - 1, message))

    def check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.line()
        known = {name.lower(): name for name in NEVER}
        if tag in known:
            self.found.append((line, f"<{known[tag]}>: {NEVER[known[tag]]}; remove it"))
            return
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and "http-equiv" in values:
            self.found.append((line, f"<meta http-equiv={quote(values['http-equiv'])}>: an edition's head is folio's to write; remove it"))
        if tag == "link" and not set(values.get("rel", "").lower().split()) <= LINK_RELATIONS:
            rel = quote(values.get("rel", ""))
            self.found.append((line, f"<link rel={rel}>: only a stylesheet or the report in another language may be linked; remove it"))
        for name, value in values.items():
            message = attribute_problem(name, value)
            if message:
                self.found.append((line, f"<{tag} {name}={quote(value)}>: {message}"))


def attribute_problem(name: str, value: str) -> str | None:
    """Why a template's literal attribute may not be written."""
    if name.startswith("on"):
        return f"event attributes never run; remove {name}"
    if name in ATTRIBUTES_NEVER:
        return f"{ATTRIBUTES_NEVER[name]}; remove {name}"
    if name in URL_VALUES:
        scheme = css.CONTROL.sub("", value).split(":", 1)[0].lower() if ":" in value else ""
        if scheme in ("javascript", "vbscript", "livescript") or (scheme == "data" and not css.picture_or_font(value)):
            return f"{scheme}: URLs are not allowed; link to #ID or an https:// address"
        if name == "src" and css.url_kind(value) == "remote":
            return "a template fetches nothing; put the picture in images/ and use image_src()"
    if name == "style":
        for item in css.findings(value, declarations=True):
            message = css_problem(item) if item.active or css.url_kind(item.url or "") != "fragment" else None
            if message:
                return message
    return None
