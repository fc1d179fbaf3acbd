"""Raw HTML elements that cannot be in an edition: left out with a located warning, never published.

Pages written for a web site carry scripts, stylesheets, embedded players and
media.  None of them can run or play in a PDF or an EPUB, and none may reach
a published file, but refusing the whole report for them would refuse valid
content: pandoc publishes them, and its own test suite has a ``<script>``.  So
each is left out and a warning names it at its line.  A ``<script>`` or
``<style>`` goes with its content (code, not text for a reader); an embedded
page or player loses only its tags, so the text written inside them for
readers that cannot show it (``<video>Watch it at …</video>``) stays.  A tag
that is no element of HTML (a tool's own, ``<Listing caption="…">``) loses
its tags and keeps what it holds, as a browser shows it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

DROPPED = {
    "script": "scripts never run in the editions",
    "style": "styles belong in styles/, not in a chapter",
    "link": "stylesheets belong in styles/, not in a chapter",
    "meta": "metadata belongs in report.yaml",
    "base": "a <base> would change every link",
    "iframe": "an embedded page cannot be shown in a PDF or EPUB",
    "frame": "an embedded page cannot be shown in a PDF or EPUB",
    "frameset": "an embedded page cannot be shown in a PDF or EPUB",
    "object": "an embedded object cannot be shown in a PDF or EPUB",
    "embed": "an embedded object cannot be shown in a PDF or EPUB",
    "applet": "an embedded object cannot be shown in a PDF or EPUB",
    "audio": "audio cannot be printed",
    "video": "video cannot be printed",
    "source": "media sources go with their audio or video",
    "track": "media tracks go with their audio or video",
}
"""Each element left out, and why."""
WHOLE = {"script", "style"}
"""Left out with everything between their tags."""
HTML = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col
    colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3
    h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta meter nav
    noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp script search section select
    slot small source span strong style sub summary sup svg math table tbody td template textarea tfoot th thead time
    title tr track u ul var video wbr""".split()
)
"""The elements of HTML (WHATWG).  Any other tag (a tool's own ``<Listing>``, an obsolete ``<center>``) is no element
an EPUB may hold: its tags are left out and what it holds is kept, as a browser shows it."""
UNKNOWN = "not an element of HTML; what it holds is kept"


class _Dropper(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.starts = [0]
        for line in text.splitlines(keepends=True):
            self.starts.append(self.starts[-1] + len(line))
        self.cuts: list[tuple[int, int]] = []
        self.found: list[str] = []
        self.whole: tuple[str, int] | None = None

    def here(self) -> int:
        line, column = self.getpos()
        return self.starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if (tag not in DROPPED and tag in HTML) or self.whole:
            return
        begin = self.here()
        self.found.append(tag)
        if tag in WHOLE:
            self.whole = (tag, begin)
        else:
            self.cuts.append((begin, begin + len(self.get_starttag_text() or "")))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if (tag in DROPPED or tag not in HTML) and not self.whole:
            begin = self.here()
            self.found.append(tag)
            self.cuts.append((begin, begin + len(self.get_starttag_text() or "")))

    def handle_endtag(self, tag: str) -> None:
        if tag not in DROPPED and tag in HTML:
            return
        begin = self.here()
        match = re.compile(r"</[^>]*>?").match(self.text, begin)
        end = match.end() if match else begin
        if self.whole is not None:
            if self.whole[0] == tag:
                self.cuts.append((self.whole[1], end))
                self.whole = None
            return
        self.cuts.append((begin, end))


def why(tag: str) -> str:
    """Why the element ``tag`` was left out."""
    return DROPPED.get(tag, UNKNOWN)


def drop_elements(fragment: str) -> tuple[str, list[str]]:
    """``fragment`` without the elements an edition cannot hold, and the names of those left out, in order."""
    if "<" not in fragment:
        return fragment, []
    dropper = _Dropper(fragment)
    dropper.feed(fragment)
    dropper.close()
    if dropper.whole is not None:  # a <script> never closed in this fragment: the rest of it is its code
        dropper.cuts.append((dropper.whole[1], len(fragment)))
    if not dropper.cuts:
        return fragment, dropper.found
    out: list[str] = []
    at = 0
    for begin, end in sorted(dropper.cuts):
        if begin >= at:
            out.append(fragment[at:begin])
            at = end
        else:
            at = max(at, end)
    out.append(fragment[at:])
    return "".join(out), dropper.found
