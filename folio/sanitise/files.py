"""Sanitising whole files: an XHTML document and a stylesheet.

A document's body goes through the sanitiser (:func:`folio.sanitise.clean.clean_markup`)
and is read back with an HTML5 parser; its head is rebuilt from what a head
may hold: the title, ``<meta charset>`` and named ``<meta>`` (never
``http-equiv``), ``<link>`` to a stylesheet or to the book in another language, and
``<style>`` read by the CSS parser.  An SVG picture is cleaned by
:func:`folio.sanitise.clean.clean_svg`, with the markup that may carry one.
"""

from __future__ import annotations

from lxml import etree

from folio.sanitise import allow
from folio.sanitise.clean import Removed, clean_markup, clean_style_text, css_rule, prune, unlisted
from folio.sanitise.css import clean_stylesheet
from folio.sanitise.markup import attribute_name, fill, html_text, split
from folio.sanitise.policy import Policy, shown

ROOT_ATTRIBUTES = frozenset({"lang", "xml:lang", "dir", "class", "epub:prefix", "data-short-title"})
BODY_ATTRIBUTES = allow.GLOBAL_ATTRIBUTES - {"style"}
META_NAMES_NEVER = frozenset({"referrer"})


def clean_document(tree: etree._ElementTree, policy: Policy, removed: Removed) -> None:
    """An XHTML document (an EPUB's), cleaned where it stands."""
    html = tree.getroot()
    keep_attributes(html, ROOT_ATTRIBUTES, removed)
    for child in list(html):
        if not isinstance(child.tag, str):
            continue
        namespace, local = split(child.tag)
        if namespace == "html" and local == "head":
            clean_head(child, policy, removed)
        elif namespace == "html" and local == "body":
            clean_body(child, policy, removed)
        else:
            removed.add(f"<{local}>")
            html.remove(child)


def clean_body(body: etree._Element, policy: Policy, removed: Removed) -> str:
    """The body's content through the sanitiser; returns it as the sanitiser wrote it (HTML)."""
    keep_attributes(body, BODY_ATTRIBUTES, removed)
    unlisted(body.iterdescendants(), removed)
    cleaned = clean_markup(html_text(body, children_only=True), policy, removed)
    fill(body, cleaned, container="body")
    prune(body, policy, removed)
    return cleaned


def clean_head(head: etree._Element, policy: Policy, removed: Removed) -> None:
    """Keep what a head may hold (see the module's docstring); ``<base>``, scripts and the rest go."""
    head.text = "\n"
    for child in list(head):
        if not isinstance(child.tag, str):
            head.remove(child)
            continue
        namespace, local = split(child.tag)
        reason = head_problem(namespace, local, child, policy) if namespace == "html" else f"<{local}>"
        if reason:
            removed.add(reason)
            head.remove(child)
            continue
        keep_attributes(child, allow.HEAD_ATTRIBUTES.get(local, frozenset()), removed)
        if local in ("title", "style"):
            text = "".join(child.itertext())
            for grandchild in list(child):
                child.remove(grandchild)
            child.text = clean_style_text(text, policy, removed, "the <style> of the head") if local == "style" else text
        child.tail = "\n"


def head_problem(namespace: str, local: str, element: etree._Element, policy: Policy) -> str | None:
    if local not in allow.HEAD_ELEMENTS:
        return f"<{local}> in the head"
    if local == "meta":
        if element.get("http-equiv") is not None:
            return f'<meta http-equiv="{shown(element.get("http-equiv"))}">'
        if element.get("charset") is None and (element.get("name") or "").lower() in META_NAMES_NEVER | {""}:
            return "<meta> without a name"
    if local == "link":
        relations = set((element.get("rel") or "").lower().split())
        wanted = {"alternate"} if policy.where == "web" else allow.LINK_RELATIONS
        if not relations or not relations <= wanted:
            return f'<link rel="{shown(element.get("rel") or "")}">'
        if not policy.url("link", "href", element.get("href") or ""):
            return f'<link href="{shown(element.get("href") or "")}">'
    return None


def keep_attributes(element: etree._Element, names: frozenset[str], removed: Removed) -> None:
    """Drop every attribute of ``element`` but ``names`` and the ARIA and data ones."""
    local = split(element.tag)[1]
    for key in list(element.attrib):
        name = attribute_name(key)
        if name is None or name in names or name.startswith(tuple(allow.GLOBAL_PREFIXES)):
            continue
        if name == "xmlns" or name.startswith("xmlns:"):  # a namespace declaration: nothing in HTML
            del element.attrib[key]
            continue
        removed.add(f"{name} on <{local}>")
        del element.attrib[key]


def clean_css(text: str, policy: Policy, removed: Removed, name: str) -> str:
    """A published stylesheet without what fetches outside the book or runs code."""
    cleaned, found = clean_stylesheet(text, css_rule(policy))
    removed.css(found, name)
    return cleaned
