"""The sanitiser: nh3 (Ammonia, on html5ever) with folio's allow list.

nh3 parses HTML as a browser does, keeps the elements and attributes of
:mod:`folio.sanitise.allow` and nothing else, and writes HTML that a browser
reads back into the same tree.  Its attribute filter is where folio's own
rules come in: every URL is judged by :mod:`folio.sanitise.policy`, every
``style=`` by the CSS parser (:mod:`folio.sanitise.css`), and an SVG picture
carried as ``data:`` is cleaned as a picture of its own.

What is taken out is counted in a :class:`Removed`, so a build can say what
it dropped: by then no check caught it, so it came from a report's own
template or stylesheet, or a field no check reads.
"""

from __future__ import annotations

import base64
import binascii
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote_to_bytes

import nh3
from lxml import etree

from folio.errors import quote
from folio.sanitise import allow
from folio.sanitise.css import Allowed, Finding, clean_declarations, clean_stylesheet, data_type, inside_only, inside_or_relative, url_kind
from folio.sanitise.markup import SVG, attribute_name, html_text, root, split
from folio.sanitise.policy import Policy, shown

DROPPED_WITH_CONTENT = frozenset(
    """
    script style iframe frame frameset noembed noframes noscript template object applet embed audio video canvas
    textarea select xmp plaintext metadata foreignObject annotation-xml
    """.split()
)
"""Elements that go with everything inside them: their content is code, another document, or not meant to be shown."""
MAX_NESTED_PICTURE = 20_000_000


@dataclass
class Removed:
    """What the sanitiser took out of one file, counted."""

    counts: Counter = field(default_factory=Counter)

    def add(self, what: str) -> None:
        self.counts[what] += 1

    def css(self, found: Iterable[Finding], where: str) -> None:
        for item in found:
            self.add(f"{item.what} in {where}" if item.active else f"{item.what} {quote(shown(item.url or ''))} in {where}")

    def __bool__(self) -> bool:
        return bool(self.counts)

    def summary(self, limit: int = 6) -> str:
        items = [f"{what} ({count}×)" if count > 1 else what for what, count in self.counts.most_common()]
        more = f" and {len(items) - limit} more" if len(items) > limit else ""
        return ", ".join(items[:limit]) + more


def css_rule(policy: Policy) -> Allowed:
    return inside_or_relative if policy.where == "epub" else inside_only


# -- the allow list as nh3 takes it -----------------------------------------------------------------


@cache
def _tags(picture: bool) -> frozenset[str]:
    if picture:
        return allow.SVG_ELEMENTS
    return allow.HTML_ELEMENTS | (allow.SVG_ELEMENTS - {"style"}) | allow.MATHML_ELEMENTS


@cache
def _attributes(picture: bool) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"*": set(allow.GLOBAL_ATTRIBUTES)}
    for tag in _tags(picture):
        names: set[str] = set()
        if tag in allow.HTML_ELEMENTS:
            names |= allow.HTML_ATTRIBUTES.get(tag, frozenset())
        if tag in allow.SVG_ELEMENTS:
            names |= allow.SVG_ATTRIBUTES
        if tag in allow.MATHML_ELEMENTS:
            names |= allow.MATHML_ATTRIBUTES
        if names:
            found[tag] = names
    return found


def clean_markup(html: str, policy: Policy, removed: Removed, *, picture: bool = False) -> str:
    """``html`` with only what the allow list keeps; a picture's ``html`` is one ``<svg>`` drawing."""

    def check(tag: str, name: str, value: str) -> str | None:
        try:
            return _check_attribute(tag, name, value, policy, removed)
        except Exception:  # nh3 would drop the attribute silently; say so
            removed.add(f"{name} on <{tag}>")
            return None

    cleaner = nh3.Cleaner(
        tags=set(_tags(picture)),
        clean_content_tags=set(DROPPED_WITH_CONTENT - _tags(picture)),
        attributes=_attributes(picture),
        attribute_filter=check,
        strip_comments=True,
        link_rel=None,
        generic_attribute_prefixes=set(allow.GLOBAL_PREFIXES),
        url_schemes={"https", "http", "mailto", "data"},
    )
    return cleaner.clean(html)


def _check_attribute(tag: str, name: str, value: str, policy: Policy, removed: Removed) -> str | None:
    if name == "style":
        cleaned, found = clean_declarations(value, css_rule(policy))
        removed.css(found, f"a style on <{tag}>")
        return cleaned if cleaned.strip() else None
    if name in ("href", "src"):
        if not policy.url(tag, name, value):
            removed.add(f'{name}="{shown(value)}" on <{tag}>')
            return None
        if url_kind(value) == "data" and data_type(value) == "image/svg+xml":
            return nested_picture(value, removed)
    return value


def nested_picture(url: str, removed: Removed) -> str | None:
    """An SVG picture carried as a ``data:`` URL, cleaned as a picture and carried again (as base64)."""
    header, _, payload = url.partition(",")
    try:
        data = base64.b64decode(payload, validate=False) if header.lower().endswith(";base64") else unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        removed.add("an SVG picture that cannot be read")
        return None
    if len(data) > MAX_NESTED_PICTURE:
        removed.add("an SVG picture too large to read")
        return None
    cleaned = clean_svg(data, Policy("picture"), removed)
    if cleaned is None:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(cleaned).decode("ascii")


def clean_svg(data: bytes, policy: Policy, removed: Removed) -> bytes | None:
    """An SVG picture as a drawing and nothing else (static SVG, its ``<style>`` read by the CSS parser); ``None`` when it is not one."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        drawing = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        removed.add("an SVG picture that cannot be read")
        return None
    if drawing.tag != f"{{{SVG}}}svg":
        removed.add(f"a picture whose root is <{split(drawing.tag)[1]}>")
        return None
    unlisted(drawing.iter(), removed, picture=True)
    cleaned = root(clean_markup(html_text(drawing), policy, removed, picture=True))
    if cleaned is None or cleaned.tag != f"{{{SVG}}}svg":
        return None
    for style in cleaned.iter(f"{{{SVG}}}style"):
        style.text = clean_style_text(style.text or "", policy, removed, "the <style> of a picture")
    return etree.tostring(cleaned, encoding="UTF-8", xml_declaration=True) + b"\n"


# -- saying what goes --------------------------------------------------------------------------------


def unlisted(elements: Iterable, removed: Removed, *, picture: bool = False) -> None:
    """Count what nh3 will take out of these elements because the allow list does not name it.

    Elements and attributes of other vocabularies (an editor's metadata,
    ``inkscape:label``) go without a word: they never show.
    """
    tags = _tags(picture)
    attributes = _attributes(picture)
    for element in elements:
        if not isinstance(element.tag, str):
            continue
        namespace, local = split(element.tag)
        if namespace not in ("html", "svg", "math"):
            continue
        if local not in tags:
            removed.add(f"<{local}>")
            continue
        kept = attributes.get(local, set()) | attributes["*"]
        for key in element.attrib:
            name = attribute_name(key)
            if name is None or name.startswith(("xmlns", "sodipodi:", "inkscape:")) or name.startswith(tuple(allow.GLOBAL_PREFIXES)):
                continue
            if name not in kept and name.split(":")[-1] not in kept:
                removed.add(f"{name} on <{local}>")


def prune(root, policy: Policy, removed: Removed) -> None:
    """Hold a tree read back from the sanitiser's HTML to the allow list again, in place.

    The HTML5 parser that reads the sanitiser's output is not the one the
    sanitiser parsed with; should the two ever read a construct differently,
    what is not on the list still goes (unwrapped: its text stays).
    """
    for element in list(root.iter()):
        if element is root or not isinstance(element.tag, str):
            continue
        namespace, local = split(element.tag)
        if namespace not in ("html", "svg", "math") or local not in _tags(False):
            removed.add(f"<{local}>")
            _unwrap(element)
            continue
        kept = _attributes(False).get(local, set()) | _attributes(False)["*"]
        for key in list(element.attrib):
            name = attribute_name(key)
            if name is None or not (name in kept or name.split(":")[-1] in kept or name.startswith(tuple(allow.GLOBAL_PREFIXES))):
                removed.add(f"{name} on <{local}>")
                del element.attrib[key]
            elif (
                name.split(":")[-1] in ("href", "src", "style")
                and _check_attribute(local, name.split(":")[-1], element.attrib[key], policy, removed) != element.attrib[key]
            ):
                del element.attrib[key]


def _unwrap(element) -> None:
    """Take ``element`` out of its tree, its text and children kept where it stood."""
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    previous = [parent[index - 1] if index else None]

    def add(text: str | None) -> None:
        if not text:
            return
        if previous[0] is None:
            parent.text = (parent.text or "") + text
        else:
            previous[0].tail = (previous[0].tail or "") + text

    add(element.text)
    tail, element.tail = element.tail, None
    for child in list(element):
        element.addprevious(child)
        previous[0] = child
    add(tail)
    parent.remove(element)


def clean_style_text(text: str, policy: Policy, removed: Removed, where: str) -> str:
    """A ``<style>`` element's stylesheet, without what fetches or runs."""
    cleaned, found = clean_stylesheet(text, css_rule(policy))
    removed.css(found, where)
    return cleaned
