"""Raw HTML in Markdown: what may pass through, and why the rest may not.

Raw HTML reaches both editions verbatim, so it is read tag by tag here.
Anything that could run code, pull in another document or fetch a file is
refused with the reason; everything else passes unchanged.
"""

from __future__ import annotations

from html.parser import HTMLParser

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
    "img": "use Markdown images ![alt](images/NAME) so the alt text and file are checked",
    "input": "forms do not work in a PDF or EPUB",
    "button": "forms do not work in a PDF or EPUB",
    "textarea": "forms do not work in a PDF or EPUB",
    "select": "forms do not work in a PDF or EPUB",
}
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data", "cite", "background"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.check(tag, attrs)

    def check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.found.append(f"raw HTML <{tag}> is not allowed ({FORBIDDEN_TAGS[tag]}); remove it")
            return
        for name, value in attrs:
            value = value or ""
            squashed = "".join(value.split()).lower()
            if name.startswith("on"):
                self.found.append(f"raw HTML <{tag} {name}=…>: event attributes never run; remove {name}")
            elif name in URL_ATTRIBUTES and squashed.startswith(("javascript:", "vbscript:", "data:")):
                self.found.append(f"raw HTML <{tag} {name}=…>: {squashed.split(':')[0]}: URLs are not allowed; link to #ID or an https:// address")
            elif name == "href" and not value.startswith(("#", "https://", "http://", "mailto:")):
                self.found.append(f'raw HTML <{tag} href="{value}">: link to #ID or an absolute https:// address')
            elif name in URL_ATTRIBUTES - {"href", "cite"}:
                self.found.append(f"raw HTML <{tag} {name}=…>: files are only included through Markdown images; remove {name}")
            elif name == "style" and ("url(" in squashed or "expression(" in squashed or "@import" in squashed):
                self.found.append(f"raw HTML <{tag} style=…>: url() in a style would fetch a file; remove it")


def check_raw_html(fragment: str) -> list[str]:
    """Why ``fragment`` may not pass through; empty when it is safe."""
    checker = _Checker()
    checker.feed(fragment)
    checker.close()
    return checker.found
