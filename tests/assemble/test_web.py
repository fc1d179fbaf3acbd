"""The web edition is one file: read alone from file://, offline, it shows every picture in the shipped fonts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import lxml.html
import pytest
import yaml
from conftest import Built, builds_editions, camera_photo, chromium_context, copy_main_report, copy_report, run_build, shared_cache

REFERENCE_ATTRIBUTES = ("src", "href", "srcset", "poster", "data", "action", "background", "{http://www.w3.org/1999/xlink}href")
URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)")
SCRIPT_FAMILIES = {"JP": ("ja",), "KR": ("ko",), "SC": ("zh",), "Deva": ("hi", "mr", "ne", "sa"), "Thai": ("th",)}
SCRIPT_FAMILIES |= {"TC": ("zh-hant",), "Khmer": ("km",), "Lao": ("lo",), "Myanmar": ("my",), "Bengali": ("bn", "as"), "Tamil": ("ta",)}
SCRIPT_FAMILIES |= {"Sinhala": ("si",), "Arabic": ("ar", "fa", "ur", "ps"), "Hebrew": ("he", "yi")}
SCRIPT_FAMILIES |= {"Math": (), "Symbols": (), "2": (), "Emoji": ()}  # the fallbacks: carried for the characters that need them
PHOTO_ALT = "A harbour at dusk, seen from the water."
GENERIC = {"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "inherit", "initial"}


@pytest.fixture(scope="module", params=["main", "letter-scripts"])
@builds_editions
def web_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The web edition only: this repository's report with a camera photo added, and the report of many scripts."""
    folder = tmp_path_factory.mktemp("web-source")
    if request.param == "main":
        source = copy_main_report(folder)
        camera_photo(source / "images" / "harbour.jpg", orientation=6)
        chapter = source / "chapters" / "01-introduction.md"
        chapter.write_text(chapter.read_text("utf-8") + f"\n![{PHOTO_ALT}](images/harbour.jpg)\n", "utf-8")
    else:
        source = copy_report(request.param, folder)
    out = tmp_path_factory.mktemp("web-out")
    run = run_build("html", "--source", source, "--out", out, env={"FOLIO_CACHE": str(shared_cache(tmp_path_factory))})
    assert run.code == 0, run.stderr
    return Built(source, out, yaml.safe_load((source / "report.yaml").read_text("utf-8"))["slug"], run)


def test_refers_to_nothing_outside_itself(web_build: Built) -> None:
    root = lxml.html.parse(str(web_build.html)).getroot()
    references = [(element.tag, name, element.get(name)) for element in root.iter() for name in REFERENCE_ATTRIBUTES if element.get(name)]
    styles = "\n".join(element.text or "" for element in root.iter("style"))
    styles += "\n".join(element.get("style") for element in root.iter() if element.get("style"))
    references += [("css", "url", match.group(2)) for match in URL.finditer(styles)]
    assert any(value.startswith("data:image/") for _, _, value in references)  # the pictures, inside
    assert any(value.startswith("data:font/woff2") for _, _, value in references)
    outside = [ref for ref in references if not ref[2].startswith(("data:", "#", "https://"))]
    assert outside == []
    assert root.xpath("//link[@rel='stylesheet'] | //script[@src] | //iframe | //object") == []


def test_every_font_family_has_a_face(web_build: Built) -> None:
    root = lxml.html.parse(str(web_build.html)).getroot()
    css = "\n".join(element.text or "" for element in root.iter("style"))
    faces = set(re.findall(r'@font-face\s*{\s*font-family:\s*"([^"]+)"', css))
    assert {"Folio Serif", "Folio Sans"} <= faces
    variables = dict(re.findall(r"(--[\w-]+):\s*([^;]+);", css))
    stacks = [re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value) for value in re.findall(r"font-family:\s*([^;}]+)", css)]
    languages = {lang.split("-")[0].lower() for lang in root.xpath("//@lang")}
    for stack in stacks:
        families = [family.strip().strip("\"'") for family in stack.split(",")]
        if families[0] == "Folio Mono" and not root.xpath("//code | //pre | //kbd | //samp"):
            continue  # the monospace is carried only for the characters of code
        assert families[0] in faces, stack
        for family in families:
            if family in GENERIC or family in faces:
                continue
            # a script's face is left out only when the page has no text in that script
            script = family.rsplit(" ", 1)[-1]
            assert script in SCRIPT_FAMILIES and not languages & set(SCRIPT_FAMILIES[script]), f"{family} has no @font-face"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    with chromium_context(tmp_path_factory) as context:
        context.set_offline(True)
        yield context


def test_opens_alone_offline_with_pictures_and_fonts(web_build: Built, browser, tmp_path: Path) -> None:
    alone = tmp_path / "copied" / "report.html"
    alone.parent.mkdir()
    shutil.copy(web_build.html, alone)
    page = browser.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(alone.as_uri())
    page.wait_for_load_state("load")
    assert [url for url in asked if not url.startswith("data:")] == [alone.as_uri()]

    images = page.evaluate("[...document.images].map(i => [i.alt, i.complete, i.naturalWidth, i.naturalHeight])")
    assert images and [image for image in images if not (image[1] and image[2] > 0)] == []
    if (web_build.source / "images" / "harbour.jpg").exists():
        assert [PHOTO_ALT, True, 1200, 1600] in images  # upright, at most 1600 pixels

    faces = page.evaluate(
        """async () => {
            await document.fonts.ready;
            const all = [...document.fonts];
            await Promise.allSettled(all.map(face => face.load()));
            return all.map(face => [face.family.replace(/"/g, ''), face.weight, face.style, face.status]);
        }"""
    )
    assert faces and [face for face in faces if face[3] != "loaded"] == []
    assert {"Folio Serif", "Folio Sans"} <= {face[0] for face in faces}

    # what Chromium actually drew each piece of text with: the page's own faces, never the machine's
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument", {"depth": -1})
    nodes = cdp.send(
        "DOM.querySelectorAll",
        {"nodeId": document["root"]["nodeId"], "selector": "p, h1, h2, h3, li, th, td, figcaption, dt, dd, a, svg text"},
    )
    used: set[str] = set()
    machine: list[tuple[str, str]] = []
    for node in nodes["nodeIds"]:
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used.add(font["familyName"])
            if not font["isCustomFont"]:
                machine.append((font["familyName"], cdp.send("DOM.getOuterHTML", {"nodeId": node})["outerHTML"][:200]))
    assert machine == []
    assert {"Folio Serif", "Folio Sans"} <= used
    page.close()
