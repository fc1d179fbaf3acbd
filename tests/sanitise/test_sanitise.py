"""Nothing active is ever published: every published file sanitised, every refusal located, templates bounded.

What is published is judged here by parsing it, as a browser or a reading
system does (tinyhtml5, the HTML5 parser; lxml for XHTML and SVG; tinycss2
for CSS), with rules of this file's own (:func:`active`), not folio's.
"""

from __future__ import annotations

import base64
import re
import zipfile
from pathlib import Path

import pytest
import tinycss2
import tinyhtml5
from conftest import ROOT, chromium_context, copy_report, run_build
from lxml import etree
from support.epub import REPORT_NAMES, conforming_build
from support.paths import CORPUS

from folio.sanitise.clean import Removed, clean_svg
from folio.sanitise.css import clean_stylesheet, findings
from folio.sanitise.editions import CONTENT_SECURITY_POLICY, clean_page
from folio.sanitise.files import clean_document
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


def css_active(nodes, book: bool = False) -> list[str]:
    """Fetches and script in CSS, read by the CSS parser."""
    found = []
    for node in nodes:
        kind = getattr(node, "type", "")
        if kind == "at-rule":
            if node.lower_at_keyword == "import":
                found.append("@import")
            found += css_active(node.prelude, book)
            if node.content:
                found += css_active(tinycss2.parse_blocks_contents(node.content), book)
        elif kind == "qualified-rule":
            found += css_active(tinycss2.parse_blocks_contents(node.content), book)
        elif kind == "declaration":
            if node.lower_name in ("behavior", "-moz-binding", "-ms-behavior"):
                found.append(node.lower_name)
            found += css_active(node.value, book)
        elif kind == "url" and fetches_outside(node.value, book):
            found.append(f"url({node.value})")
        elif kind == "function":
            if node.lower_name == "expression":
                found.append("expression()")
            elif node.lower_name in ("url", "src", "image-set", "-webkit-image-set", "image", "cross-fade"):
                found += [f"{node.lower_name}({a.value})" for a in node.arguments if a.type == "string" and fetches_outside(a.value, book)]
            found += css_active(node.arguments, book)
        elif kind in ("() block", "[] block", "{} block"):
            found += css_active(node.content, book)
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
            found += css_active(tinycss2.parse_stylesheet("".join(element.itertext())), book)
        for key, value in element.attrib.items():
            name = key.rpartition("}")[2].lower()
            if name.startswith("on") or name in FETCHING_ATTRIBUTES:
                found.append(f"{name} on <{local}>")
            elif name == "style":
                found += css_active(tinycss2.parse_blocks_contents(value), book)
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


@pytest.mark.parametrize("name", ["pandoc-testsuite.txt", "pandoc-MANUAL.txt"])
def test_pandocs_own_html_keeps_all_but_what_fetches_or_runs(name: str) -> None:
    """Content nobody here wrote, as pandoc writes it: only its script, its pictures by path and its site-absolute links go."""
    from folio import pandoc

    if not (CORPUS / name).is_file():
        pytest.skip(f"the shared corpus is not here ({CORPUS})")
    document, _ = pandoc.to_json((CORPUS / name).read_text(), "markdown")
    html = pandoc.from_json(document, ["--to", "html5", "--mathml", "--section-divs", "--standalone", "--metadata", "title=T"]).output
    page, removed = clean_page(html)
    assert active(tinyhtml5.parse(page)) == []
    gone = {what.split("=")[0] if "=" in what else what for what in removed.counts}
    assert gone <= {"href", "src", "<script>"}, removed.summary(limit=50)
    assert all(what.startswith(('href="/', 'src="')) or what == "<script>" for what in removed.counts), removed.summary(limit=50)
    kept = canonical(tinyhtml5.parse(page), skip={"meta", "script", "title"})
    expected = canonical(tinyhtml5.parse(html), skip={"meta", "script", "title"})
    assert len(kept) == len(expected)  # every element is still there; only the attributes above were taken


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


# -- templates: a sandbox with a budget -------------------------------------------------------------------------


def own_template(tmp_path: Path, text: str, name: str = "book.html.j2"):
    """A report's own template, loaded from its file as a build loads it."""
    from jinja2 import FileSystemLoader

    from folio.sandbox import ReportSandbox

    folder = tmp_path / "report" / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)
    return ReportSandbox(loader=FileSystemLoader(str(folder))).get_template(name), folder


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ("<p>\n{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n</p>\n", 2, "past 5,000,000 steps"),
        ("{% macro again(n) %}{{ again(n) }}{% endmacro %}\n\n{{ again(1) }}\n", 1, "itself without end"),
        ("{% for x in [1] recursive %}\n{{ loop([1]) }}{% endfor %}\n", 1, "itself without end"),
        ("x\n{{ 'x' * 10**10 }}\n", 2, "longer than 50,000,000"),
        ("{% set ns = namespace(s='x') %}\n{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}\n", 2, "longer than"),
        ("{{ 'a'" + "|replace('a', 'aa')" * 40 + " }}\n", 1, "longer than"),
        ("{{ 'x'|center(10**10) }}\n", 1, "asked center for a size"),
        ("\n{{ '{:>9999999999}'.format(1) }}\n", 2, "asked format for a width"),
        ("\n\n{{ '%9999999999d' % 1 }}\n", 3, "asked format for a width"),
        ("{{ 9 ** (9 ** 9) }}\n", 1, "to the power 387,420,489"),
    ],
    ids=["nested-loops", "recursive-macro", "recursive-loop", "repeat", "doubling", "replace-chain", "center", "format", "printf", "power"],
)
def test_a_template_that_would_not_end_stops_at_a_located_error(tmp_path: Path, text: str, line: int, said: str) -> None:
    from folio.sandbox import template_problem

    template, folder = own_template(tmp_path, text)
    with pytest.raises(Exception) as caught:
        template.render()
    problem = template_problem(caught.value, (folder,))
    assert problem is not None, caught.value
    assert (problem.path, problem.line) == ("templates/book.html.j2", line)
    assert said in problem.message


@pytest.mark.slow
def test_folio_templates_keep_well_inside_the_budget() -> None:
    from folio import budget
    from folio.assemble.editions import assemble
    from folio.markdown.render import render_markdown
    from folio.recipe import load_language

    report = load_language(ROOT, None)
    fragments = render_markdown(report)
    spent = []
    original = budget.step

    def counting() -> None:
        spent.append(1)
        original()

    budget.step = counting
    try:
        for edition in ("screen", "html"):
            assemble(report, fragments, edition)
    finally:
        budget.step = original
    assert 0 < len(spent) < budget.STEPS // 1000


def test_a_template_cannot_reach_python_internals(tmp_path: Path) -> None:
    from jinja2 import StrictUndefined
    from jinja2.exceptions import SecurityError, UndefinedError

    from folio.sandbox import ReportSandbox

    env = ReportSandbox(undefined=StrictUndefined)
    for text in (
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ namespace.__init__.__globals__['os'] }}",
        "{{ (1).__class__.__base__.__subclasses__() }}",
        "{{ range.__self__ }}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ self.__init__.__globals__ }}",
        "{{ ''|attr('__class__') }}",
    ):
        with pytest.raises((SecurityError, UndefinedError)):
            env.from_string(text).render()


# -- every refusal at its file and line -------------------------------------------------------------------------

HOSTILE_CHAPTER = """---
title: Hostile
---

A paragraph about `<details>` and `<svg>` in code.

<details>
<summary>Open</summary>

<details ontoggle="alert(1)" open>
<summary>Inner</summary>
</details>
</details>

<div><details open><summary>S</summary></details>
<details ontoggle=alert(2)></details></div>

<div>
<svg><circle r="4"/></svg>
</div>

<a href="https://example.com/" ping="http://example.com/ping">a beacon</a> and
<a href="JaVaScRiPt&#58;alert(1)">an entity</a>.

[styled]{style="background:u\\72 l(http://example.com/s)"} [bound]{style="-moz-binding:url(x.xml#b)"}

![A drawing](images/evil.svg)
"""
HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">
<style>
rect { fill: u\\72 l(http://example.com/fill) }
</style>
<rect width="5" height="5" style="fill: image-set('http://example.com/i.png' 1x)"/>
<a href="#r"><animate attributeName="href" to="javascript:alert(1)"/></a>
</svg>
"""
HOSTILE_STYLES = """body { color: #222 }
a::after { content: "/*" } b { background: url(http://example.com/after-a-string) }
@\\69 mport "http://example.com/escaped.css";
h1 { background: u\\72 l(http://example.com/escaped) }
@font-face { font-family: X; src: url(http://example.com/f.woff2) format("woff2") }
h3 { width: expression(alert(1)) }
"""
HOSTILE_TEMPLATE = """<footer class="colophon">
<p>Made with folio {{ tools.folio }}</p>
<script>alert(1)</script>
<meta http-equiv="refresh" content="0;url=http://example.com/">
<a href="{{ report.slug }}.html" onclick="alert(1)">x</a>
</footer>
"""
HOSTILE_REFERENCE = """  - id: hover
    type: webpage
    title: "[Hover me]{onmouseover=alert(document.domain)}"
    container-title: "[Styled]{style=\\"background:url(http://example.com/r)\\"}"
    issued: 2021
"""
HOSTILE_MESSAGES = [
    'chapters/hostile.md:10: raw HTML <details ontoggle="alert(1)">: event attributes never run; remove ontoggle',
    'chapters/hostile.md:16: raw HTML <details ontoggle="alert(2)">: event attributes never run; remove ontoggle',
    "chapters/hostile.md:19: raw HTML <svg> is not allowed (write SVG in a file under images/ and use ![alt](images/NAME.svg)); remove it",
    'chapters/hostile.md:22: raw HTML <a ping="http://example.com/ping">: ping would tell another site when the link is followed; remove it',
    'chapters/hostile.md:23: raw HTML <a href="JaVaScRiPt:alert(1)">: javascript: URLs are not allowed; link to #ID or an https:// address',
    'chapters/hostile.md:25: attribute style="-moz-binding:url(x.xml#b)": -moz-binding in a style runs code; remove it, or style the part in styles/',
    'chapters/hostile.md:25: attribute style="background:u\\72 l(http://example.com/s)": url() in a style would fetch a file; remove it, or style the part in styles/',
    'images/evil.svg:3: url("http://example.com/fill") in an SVG\'s style would load a file; remove it',
    'images/evil.svg:5: image-set("http://example.com/i.png") in an SVG\'s style would load a file; remove it',
    "images/evil.svg:6: <animate>: animation cannot be printed, and it may change a link or a style; remove it",
    'references.yaml:12: hover: title: attribute onmouseover="alert(document.domain)": event attributes never run; remove onmouseover',
    'references.yaml:13: hover: container-title: attribute style="background:url(http://example.com/r)": url() in a style would fetch a file; remove it, or style the part in styles/',
    'styles/report.css:2: url() "http://example.com/after-a-string": a stylesheet fetches nothing from the network or elsewhere; put the file in the report folder and give its relative path',
    'styles/report.css:3: @import "http://example.com/escaped.css": a stylesheet fetches nothing from the network or elsewhere; put the file in the report folder and give its relative path',
    'styles/report.css:4: url() "http://example.com/escaped": a stylesheet fetches nothing from the network or elsewhere; put the file in the report folder and give its relative path',
    'styles/report.css:5: url() "http://example.com/f.woff2": a stylesheet fetches nothing from the network or elsewhere; put the file in the report folder and give its relative path',
    "styles/report.css:6: expression() runs code; a stylesheet only styles: remove it",
    "templates/parts/colophon.html.j2:3: <script>: scripts never run in an edition; remove it",
    "templates/parts/colophon.html.j2:4: <meta http-equiv=\"refresh\">: an edition's head is folio's to write; remove it",
    'templates/parts/colophon.html.j2:5: <a onclick="alert(1)">: event attributes never run; remove onclick',
]


def hostile_folder(tmp_path: Path) -> Path:
    """A report whose every kind of source tries to publish something active."""
    from folio.paths import STYLES

    source = copy_report("letter-scripts", tmp_path)
    (source / "chapters" / "hostile.md").write_text(HOSTILE_CHAPTER)
    (source / "images" / "evil.svg").write_text(HOSTILE_SVG)
    (source / "styles").mkdir()
    (source / "styles" / "report.css").write_text(HOSTILE_STYLES + (STYLES / "report.css").read_text())
    (source / "templates" / "parts").mkdir(parents=True)
    (source / "templates" / "parts" / "colophon.html.j2").write_text(HOSTILE_TEMPLATE)
    (source / "references.yaml").write_text((source / "references.yaml").read_text() + HOSTILE_REFERENCE)
    report = source / "report.yaml"
    report.write_text(
        report.read_text().replace(
            "  - chapter: chapters/tables.md\n", "  - chapter: chapters/tables.md\n  - chapter: chapters/hostile.md\n"
        )
    )
    return source


def test_every_refusal_names_its_file_and_line(tmp_path: Path) -> None:
    run = run_build("check", "--source", hostile_folder(tmp_path))
    assert run.code == 1, run.stderr
    assert [line for line in run.stderr.splitlines() if ": " in line and not line.startswith(("check ", "warning"))] == HOSTILE_MESSAGES


# -- whole builds: the finished files, parsed ----------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def previous_editions(tmp_path: Path, slug: str) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    out.mkdir()
    for suffix in ("pdf", "epub", "html"):
        (out / f"{slug}.{suffix}").write_bytes(f"the previous {suffix}".encode())
    (out / "SHA256SUMS").write_text("previous\n")
    return out, snapshot(out)


def epub_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def epub_active(path: Path) -> list[str]:
    """Everything active in an EPUB: its documents, its SVG pictures and its stylesheets, each parsed."""
    found = []
    for name, data in epub_files(path).items():
        if name.endswith((".xhtml", ".svg")):
            found += [f"{name}: {item}" for item in active(etree.fromstring(data), book=True)]
        elif name.endswith(".css"):
            found += [f"{name}: {item}" for item in css_active(tinycss2.parse_stylesheet(data.decode()), book=True)]
    return found


@pytest.mark.slow
def test_a_hostile_folder_publishes_nothing_and_out_stays_as_it_was(tmp_path: Path) -> None:
    source = hostile_folder(tmp_path)
    out, before = previous_editions(tmp_path, "letter-scripts")
    run = run_build("pdf", "epub", "html", "-q", "--source", source, "--out", out)
    assert run.code == 1, run.stderr
    assert run.stderr.splitlines() == [*HOSTILE_MESSAGES, f"{len(HOSTILE_MESSAGES)} errors; nothing was written to {out}"]
    assert snapshot(out) == before


COMPUTED = (
    "{{ ('<p><span on' ~ 'mouseover=\"alert(1)\">computed hover</span> <a href=\"java' ~ 'script:alert(1)\">computed link</a> '"
    " ~ '<a href=\"https://example.com/\" pi' ~ 'ng=\"http://example.com/p\">computed beacon</a></p>'"
    " ~ '<sc' ~ 'ript>alert(1)</script><div style=\"background:u\\\\72 l(http://example.com/b)\">computed style</div>'"
    ' ~ \'<svg><anim\' ~ \'ate attributeName="href" to="javascript:alert(1)"/><rect width="1" height="1"/></svg>\') | safe }}\n'
)


@pytest.mark.slow
def test_what_a_template_computes_is_sanitised_in_the_web_edition_and_the_epub(tmp_path: Path) -> None:
    """No check can read what an expression computes: the sanitiser takes it out of the finished files, and says so."""
    from support.epub import SUCCESS, epubcheck

    from folio.paths import TEMPLATES

    source = copy_report("letter-scripts", tmp_path)
    for name, end in (("parts/colophon.html.j2", "</section>"), ("epub/colophon.html.j2", "</div>")):
        (source / "templates" / name).parent.mkdir(parents=True, exist_ok=True)
        text = (TEMPLATES / name).read_text()
        # not in the PDF, whose layout the EPUB's page list follows: WeasyPrint would refuse the style's fetch (a located error)
        computed = '{% if edition in ("html", "epub") %}' + COMPUTED + "{% endif %}\n"
        (source / "templates" / name).write_text(text.replace(end, computed + end))
    out = tmp_path / "out"
    run = run_build("html", "epub", "--source", source, "--out", out)

    assert run.code == 0, run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    assert any(line.startswith("warning: letter-scripts.html: removed ") and "onmouseover on <span>" in line for line in warnings), warnings
    assert any(line.startswith("warning: letter-scripts.epub: text/") and "onmouseover on <span>" in line for line in warnings), warnings
    page = tinyhtml5.parse((out / "letter-scripts.html").read_bytes())
    assert active(page) == []
    text = "".join(page.itertext())
    assert "computed hover" in text and "computed link" in text and "computed beacon" in text and "computed style" in text
    assert epub_active(out / "letter-scripts.epub") == []
    assert "computed hover" in "".join(
        data.decode() for name, data in epub_files(out / "letter-scripts.epub").items() if name.endswith(".xhtml")
    )
    assert epubcheck(out / "letter-scripts.epub") == SUCCESS


@pytest.mark.slow
@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{% for a in range(100000) %}\n{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
            "templates/parts/colophon.html.j2:2: the template ran past 5,000,000 steps (loop turns and calls) in one render: "
            "a loop or a recursion without end?; fix the template, or delete it to use folio's own",
        ),
        (
            "<p>{{ ''.__class__.__mro__[1].__subclasses__() }}</p>\n",
            "templates/parts/colophon.html.j2:1: template error: \"access to attribute '__class__' of 'str' object is unsafe.\"; "
            "fix the template, or delete it to use folio's own",
        ),
    ],
    ids=["loop-without-end", "python-internals"],
)
def test_a_template_that_would_run_away_is_a_located_error(tmp_path: Path, template: str, message: str) -> None:
    source = copy_report("minimal", tmp_path)
    (source / "templates" / "parts").mkdir(parents=True)
    (source / "templates" / "parts" / "colophon.html.j2").write_text(template)
    out, before = previous_editions(tmp_path, "minimal")
    run = run_build("html", "-q", "--source", source, "--out", out, timeout=300)
    assert run.code == 1, run.stderr
    assert run.stderr.splitlines() == [message, f"1 error; nothing was written to {out}"]
    assert snapshot(out) == before


@pytest.mark.slow
def test_a_fetch_refused_in_the_pdf_names_the_template_that_asked(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    (source / "templates" / "parts").mkdir(parents=True)
    (source / "templates" / "parts" / "colophon.html.j2").write_text(
        '<section class="colophon">\n<p>Colophon</p>\n<img src="{{ \'http://example.com/beacon.png\' }}" alt="">\n</section>\n'
    )
    out, before = previous_editions(tmp_path, "minimal")
    run = run_build("pdf", "-q", "--source", source, "--out", out)
    assert run.code == 1, run.stderr
    assert run.stderr.splitlines()[0] == (
        'templates/parts/colophon.html.j2:3: "http://example.com/beacon.png" was asked for while laying out the PDF; '
        "folio fetches nothing outside the report folder: use images/"
    )
    assert snapshot(out) == before


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_the_sanitiser_takes_nothing_from_what_folio_writes(name: str, request: pytest.FixtureRequest) -> None:
    """Every construct of every report's editions is on the allow list: a build says what the sanitiser removed, and none says it."""
    built = conforming_build(name, request)
    assert [line for line in built.run.stderr.splitlines() if "removed" in line] == []
    assert epub_active(built.epub) == []
    if built.html.exists():
        assert active(tinyhtml5.parse(built.html.read_bytes())) == []


@pytest.mark.slow
def test_the_web_edition_runs_no_script_and_fetches_nothing_in_chromium(scripts_build, tmp_path_factory, tmp_path: Path) -> None:
    """The page renders with its fonts and pictures under its policy; markup slipped in after the sanitiser still does nothing."""
    page_text = scripts_build.html.read_text()
    head = tinyhtml5.parse(page_text).find("{http://www.w3.org/1999/xhtml}head")
    assert [(m.get("charset"), m.get("http-equiv")) for m in head[:2]] == [("utf-8", None), (None, "Content-Security-Policy")]
    slipped = tmp_path / "slipped.html"
    slipped.write_text(
        page_text.replace(
            "<body",
            '<body data-x="1"',
            1,
        ).replace(
            "</body>",
            '<script>window.ran = 1</script><img id="beacon" src="http://127.0.0.1:9/beacon.png" alt="">'
            '<div style="background:url(http://127.0.0.1:9/style.png)">x</div><iframe src="http://127.0.0.1:9/frame"></iframe>'
            '<link rel="stylesheet" href="http://127.0.0.1:9/sheet.css"><a href="#" onclick="window.clicked = 1" id="handler">h</a></body>',
        )
    )
    watch = """
        window.violations = [];
        document.addEventListener('securitypolicyviolation', e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));
    """
    with chromium_context(tmp_path_factory) as context:
        context.set_offline(True)
        context.add_init_script(watch)
        for path, expect_violations in ((scripts_build.html, False), (slipped, True)):
            page = context.new_page()
            asked: list[str] = []
            failed: dict[str, str] = {}
            page.on("request", lambda request, asked=asked: asked.append(request.url))
            page.on("requestfailed", lambda request, failed=failed: failed.setdefault(request.url, request.failure or ""))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            if expect_violations:
                page.click("#handler")
            page.wait_for_timeout(300)
            result = page.evaluate(
                """async () => {
                    await document.fonts.ready;
                    return {
                        ran: window.ran || null, clicked: window.clicked || null, violations: window.violations,
                        fonts: [...document.fonts].filter(f => f.status === 'loaded').length,
                        images: [...document.images].filter(i => i.id !== 'beacon').map(i => i.complete && i.naturalWidth > 0),
                    };
                }"""
            )
            # Chromium reports a request it blocks; none leaves the page
            outside = [url for url in asked if not url.startswith("data:") and url != path.as_uri()]
            assert {url: failed.get(url) for url in outside} == {url: "csp" for url in outside}, failed
            assert result["ran"] is None and result["clicked"] is None
            assert result["fonts"] > 0 and result["images"] and all(result["images"])
            if expect_violations:
                blocked = " ".join(result["violations"])
                for directive in ("script-src", "img-src", "frame-src", "style-src"):
                    assert directive in blocked, result["violations"]
            else:
                assert result["violations"] == [] and outside == []
            page.close()


@pytest.mark.slow
def test_a_link_a_template_computes_never_runs_from_the_pdf(tmp_path: Path) -> None:
    import pikepdf

    source = copy_report("minimal", tmp_path)
    (source / "templates" / "parts").mkdir(parents=True)
    (source / "templates" / "parts" / "colophon.html.j2").write_text(
        '<section class="colophon">\n'
        "<p>{{ ('<a href=\"java' ~ 'script:alert(1)\">computed</a> <a href=\"vb' ~ 'script:x\">vb</a>') | safe }}"
        ' <a href="https://example.com/">kept</a></p>\n</section>\n'
    )
    run = run_build("pdf", "-q", "--source", source, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    with pikepdf.open(tmp_path / "out" / "minimal.pdf") as pdf:
        actions = [annotation.get("/A") for page in pdf.pages for annotation in page.obj.get("/Annots", [])]
    uris = [str(action.URI) for action in actions if action is not None and "/URI" in action]
    assert uris == ["https://example.com/"]


MARKUP = "<img src=x onerror=alert(1)><script>alert(2)</script>"


@pytest.mark.slow
def test_markup_in_yaml_fields_is_text_in_every_edition(tmp_path: Path) -> None:
    """report.yaml, key figures and a glossary holding HTML: shown as the characters written, nothing active."""
    source = copy_report("structure", tmp_path)
    report = source / "report.yaml"
    report.write_text(
        report.read_text()
        .replace(
            "authors: [Ana Reyes]", f"authors: ['Ana {MARKUP}']\ndescription: 'About {MARKUP}'\nkeywords: ['{MARKUP}']\nrights: '{MARKUP}'"
        )
        .replace("  - glossary: data/abbreviations.yaml", "  - key_figures: data/figures.yaml\n  - glossary: data/abbreviations.yaml")
    )
    (source / "data" / "figures.yaml").write_text(
        f"title: 'Figures {MARKUP}'\nintro: 'Intro {MARKUP}'\nfigures:\n"
        f"  - display: '9%'\n    label: 'label {MARKUP}'\n    cite: wto-2023\n"
        f"    chart: {{kind: share, value: 9, total: 100, text: 'chart {MARKUP}'}}\n"
    )
    glossary = source / "data" / "abbreviations.yaml"
    glossary.write_text(glossary.read_text() + f"  'X{MARKUP}': 'meaning {MARKUP}'\n")
    out = tmp_path / "out"
    run = run_build("html", "epub", "--source", source, "--out", out)
    assert run.code == 0, run.stderr
    assert [line for line in run.stderr.splitlines() if "removed" in line] == []  # escaped where it was written: nothing to take out
    page = tinyhtml5.parse((out / "structure.html").read_bytes())
    assert active(page) == []
    assert "".join(page.itertext()).count(MARKUP) >= 5
    assert epub_active(out / "structure.epub") == []
    documents = [etree.fromstring(data) for name, data in epub_files(out / "structure.epub").items() if name.endswith(".xhtml")]
    assert sum("".join(document.itertext()).count(MARKUP) for document in documents) >= 5


def test_the_web_edition_carries_what_a_stylesheet_names(tmp_path: Path) -> None:
    from folio.assemble.inline import whole_stylesheet

    root = tmp_path / "report"
    (root / "styles").mkdir(parents=True)
    (root / "images").mkdir()
    (root / "images" / "rule.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "outside.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (root / "styles" / "more.css").write_text('h3 { background: url("../images/rule.svg") }\n')
    (root / "styles" / "report.css").write_text(
        '@import "more.css";\nh1 { background: url(../images/rule.svg) }\nh2 { background: url(../../outside.svg) }\n'
        'p::after { content: "url(../images/rule.svg)" }\n@import "more.css";\n'
    )
    text = whole_stylesheet(root / "styles" / "report.css", (root.resolve(),))
    data = "data:image/svg+xml;base64," + base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"/>').decode()
    assert f'h3 {{ background: url("{data}") }}' in text  # the @import, filled in
    assert f"h1 {{ background: url({data}) }}" in text
    assert "url(../../outside.svg)" in text  # outside the folder: left to the sanitiser, which takes it out
    assert 'content: "url(../images/rule.svg)"' in text  # a string is a string
    assert text.rstrip().endswith('@import "more.css";')  # an @import after a rule means nothing: left as it is


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>T</title></head><frameset><frame src=http://example.com/></frameset></html>",
        "",
        "<p>a page with no html, head or body",
        "<!DOCTYPE html><html><body><p>x</p></body></html><script>alert(1)</script><img src=x onerror=alert(1)>",
        "<head><base href=http://example.com/><meta charset=utf-7></head>+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    ],
    ids=["frameset", "empty", "bare", "after-html", "utf-7"],
)
def test_any_page_a_template_writes_comes_out_a_page_with_nothing_active(page: str) -> None:
    cleaned, _ = clean_page(page)
    tree = tinyhtml5.parse(cleaned)
    assert active(tree) == []
    assert cleaned.startswith("<!DOCTYPE html>\n<html") and cleaned.count('<meta charset="utf-8">') == 1
    assert tree.find("{http://www.w3.org/1999/xhtml}body") is not None
