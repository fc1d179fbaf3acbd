"""The published files, sanitised last: the web edition's page and every file of the EPUB.

Whatever wrote them (pandoc, folio's templates or a report's own, a
stylesheet, a field of a YAML file), these are the files a reader opens, so
they are cleaned as they are, after every other step.  The web edition also
carries a Content-Security-Policy that forbids scripts and every request to
anywhere: should anything slip through, a browser still runs and fetches
nothing.
"""

from __future__ import annotations

from lxml import etree

from folio.sanitise.clean import Removed, clean_markup, clean_svg, unlisted
from folio.sanitise.files import BODY_ATTRIBUTES, ROOT_ATTRIBUTES, clean_css, clean_document, clean_head, keep_attributes
from folio.sanitise.markup import XHTML, document, html_text, split, start_tag
from folio.sanitise.policy import Policy

CONTENT_SECURITY_POLICY = "; ".join(
    ("default-src 'none'", "img-src data:", "font-src data:", "style-src 'unsafe-inline'", "base-uri 'none'", "form-action 'none'")
)
"""The web edition's: no script, no frame, no request; pictures and fonts only from inside the page, styles only its own."""


def clean_page(page: str) -> tuple[str, Removed]:
    """The web edition's page, sanitised, with its Content-Security-Policy first in its head."""
    removed = Removed()
    policy = Policy("web")
    html = document(page)
    keep_attributes(html, ROOT_ATTRIBUTES, removed)
    head = html.find(f"{{{XHTML}}}head")
    body = html.find(f"{{{XHTML}}}body")
    if body is None:  # a <frameset> page: nothing of it is kept
        for child in html:
            if child is not head:
                removed.add(f"<{split(child.tag)[1]}>")
                html.remove(child)
        body = etree.SubElement(html, f"{{{XHTML}}}body")
    clean_head(head, policy, removed)
    keep_attributes(body, BODY_ATTRIBUTES, removed)
    unlisted(body.iterdescendants(), removed)
    content = clean_markup(html_text(body, children_only=True), policy, removed)
    out = [
        "<!DOCTYPE html>\n",
        start_tag(html),
        "\n<head>\n",
        '<meta charset="utf-8">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">\n',
    ]
    out += [html_text(child) for child in head if not (split(child.tag)[1] == "meta" and child.get("charset") is not None)]
    out += ["</head>\n", start_tag(body), content, "</body>\n</html>\n"]
    return "".join(out), removed


def clean_book(book) -> dict[str, Removed]:
    """Every content document, SVG picture and stylesheet of an EPUB (:class:`folio.epub.package.Book`), cleaned in place.

    Returns what was taken out of which file (zip paths).
    """
    found: dict[str, Removed] = {}
    policy = Policy("epub")
    documents = set(book.documents())
    for item in book.items():
        removed = Removed()
        if item.href in documents:
            clean_document(book.tree(item.href), policy, removed)
        elif item.media_type == "image/svg+xml":
            cleaned = clean_svg(book.files[item.href], Policy("picture"), removed)
            book.files[item.href] = cleaned if cleaned is not None else EMPTY_SVG
        elif item.media_type == "text/css":
            text = book.files[item.href].decode("utf-8")
            book.files[item.href] = clean_css(text, policy, removed, "the stylesheet").encode("utf-8")
        if removed:
            found[item.href] = removed
    return found


EMPTY_SVG = b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n'
"""What stands for a picture that is no drawing: the book still holds every file its package lists."""
