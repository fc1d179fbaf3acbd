#!/usr/bin/env python3
"""The peers' routes from Markdown to PDF, each run in a fresh process by ``benchmarks/peers.py``.

    python benchmarks/peer_routes.py pandoc|vivliostyle|pagedjs|typst|weasyprint FOLDER

``prepare`` writes FOLDER: the synthetic report's chapters and profile stories
as one Markdown file in reading order, a plain stylesheet and folio's fonts.
Every route runs pandoc on it first (citations resolved by citeproc), then
its engine, and writes ``FOLDER/ROUTE.pdf``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
FONTS = REPOSITORY / "folio" / "styles" / "fonts"
NODE_MODULES = Path(os.environ.get("FOLIO_NODE_MODULES") or REPOSITORY / "node_modules")
"""Where the npm peers are installed, each in a folder of its own (``.vivliostyle``, ``.pagedjs``)."""
NODE_FOLDER = NODE_MODULES / ".vivliostyle"
PAGEDJS_FOLDER = NODE_MODULES / ".pagedjs"
CHROMIUM = Path(os.environ.get("FOLIO_CHROMIUM", "/usr/bin/chromium"))
SERIF = '"Folio Serif", "Folio Serif JP", "Folio Serif KR", "Folio Serif SC", serif'
SANS = '"Folio Sans", "Folio Sans JP", "Folio Sans KR", "Folio Sans SC", sans-serif'
PLAIN_CSS = f"""@import url("fonts/fonts.css");
@page {{ size: A4; margin: 25mm 22mm; @bottom-center {{ content: counter(page); }} }}
html {{ font-family: {SERIF}; font-size: 10pt; line-height: 1.42; }}
body {{ margin: 0; text-align: justify; hyphens: auto; }}
h1, h2, h3, h4 {{ font-family: {SANS}; text-align: left; hyphens: manual; break-after: avoid; }}
h1 {{ break-before: page; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; }}
th, td {{ text-align: left; vertical-align: top; padding: 0.3em 0.6em 0.3em 0; border-bottom: 0.5pt solid #999; }}
img {{ max-width: 100%; }}
"""
TYPST_HEADER = [
    '#set text(font: ("Source Serif 4 SmText", "Folio Serif JP", "Folio Serif KR", "Folio Serif SC"))',
    '#show heading: set text(font: ("Source Sans 3", "Folio Sans JP", "Folio Sans KR", "Folio Sans SC"))',
    "#show heading.where(level: 1): it => pagebreak(weak: true) + it",
]
TYPST_PAGE = "papersize: a4\nfontsize: 10pt\npage-numbering: '1'\nmargin: {x: 22mm, y: 25mm}\n"
"""The same page as the plain stylesheet's (pandoc's Typst template reads these)."""


# -- the content --------------------------------------------------------------------------------


def content_markdown(report: Path) -> str:
    """The report's chapters and profile stories as one Markdown document, in reading order."""
    import yaml

    data = yaml.safe_load((report / "report.yaml").read_text("utf-8"))
    parts: list[str] = []
    for item in data["contents"]:
        if not isinstance(item, dict):
            continue
        for key in ("front", "chapter", "appendix"):
            if isinstance(item.get(key), str):
                parts.append(chapter(report / item[key], len(parts)))
        if "profiles" in item:
            part = item["profiles"]
            if part.get("intro"):
                parts.append(chapter(report / part["intro"], len(parts)))
            else:
                parts.append(f"# {part.get('title', 'Profiles')}")
            for stem in part.get("include") or []:
                profile = yaml.safe_load((report / "profiles" / f"{stem}.yaml").read_text("utf-8"))
                parts.append(f"## {profile['name']} {{#profile-{stem}}}\n\n{profile.get('story', '')}")
    parts.append("# References {-}\n\n::: {#refs}\n:::")
    return "\n\n".join(parts) + "\n"


def chapter(path: Path, number: int) -> str:
    """A chapter without its YAML header, under its title; footnote labels made unique to it."""
    import yaml

    text = path.read_text("utf-8")
    header: dict = {}
    if text.startswith("---"):
        _, front, text = text.split("---", 2)
        header = yaml.safe_load(front) or {}
    ident = header.get("id") or re.sub(r"^(\d)", r"ch-\1", path.stem)
    text = re.sub(r"\[\^([^\]\s]+)\]", lambda m: f"[^{m.group(1)}-{number}]", text)
    text = re.sub(r"@((?:sec|tbl|fig)-[\w-]*\w)", r"[\1](#\1)", text)  # folio's cross-references, as plain links
    return f"# {header.get('title', path.stem)} {{#{ident}}}\n\n{text.strip()}"


def prepare(report: Path, folder: Path) -> Path:
    """The peers' folder: content.md, the plain stylesheet, folio's fonts beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "content.md").write_text(content_markdown(report), encoding="utf-8")
    (folder / "plain.css").write_text(PLAIN_CSS, encoding="utf-8")
    (folder / "typst.yaml").write_text(TYPST_PAGE, encoding="utf-8")
    if (report / "references.yaml").is_file():
        shutil.copy(report / "references.yaml", folder / "references.yaml")
    if not (folder / "fonts").is_dir():
        shutil.copytree(FONTS, folder / "fonts", ignore=shutil.ignore_patterns("*.md", "*.yaml"))
    if (report / "images").is_dir() and not (folder / "images").is_dir():
        shutil.copytree(report / "images", folder / "images")
    return folder


# -- one route, in a fresh process  -----------------------------


def pandoc(folder: Path, to: str, out: str, *extra: str) -> None:
    import pypandoc

    bibliography = ["--citeproc", "--bibliography=references.yaml"] if (folder / "references.yaml").is_file() else []
    command = [pypandoc.get_pandoc_path(), "content.md", "--standalone", *bibliography,
               "--metadata=title:Report", "--metadata=lang:en", "-t", to, "-o", out, *extra]  # fmt: skip
    subprocess.run(command, cwd=folder, check=True)


def route(name: str, folder: Path) -> None:
    adopt_orphans()
    try:
        run_route(name, folder)
    finally:
        reap_orphans()


def adopt_orphans() -> None:
    """Become the subreaper of this route's processes: Chromium leaves processes behind whose parent has exited.

    Reaped here, their CPU time counts in this process's children, so in the route's; otherwise it was lost
    (about half of Vivliostyle's CPU at 1×), and their memory drops out of the sampled process tree.
    """
    import ctypes

    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def reap_orphans(patience: float = 30.0) -> None:
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if not pid:
            time.sleep(0.02)


def run_route(name: str, folder: Path) -> None:
    if name == "pandoc":
        pandoc(folder, "html5", "content.html", "--css=plain.css")
    elif name == "weasyprint":
        pandoc(folder, "html5", "content.html", "--css=plain.css")
        from weasyprint import HTML

        HTML(folder / "content.html").write_pdf(folder / "weasyprint.pdf")
    elif name == "vivliostyle":
        pandoc(folder, "html5", "content.html", "--css=plain.css")
        command = [str(NODE_FOLDER / "node_modules" / ".bin" / "vivliostyle"), "build", "content.html", "--single-doc", "-o",
                   "vivliostyle.pdf", "--executable-browser", str(CHROMIUM), "--timeout", "3600", "--log-level", "silent"]  # fmt: skip
        subprocess.run(command, cwd=folder, check=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    elif name == "pagedjs":
        pandoc(folder, "html5", "content.html", "--css=plain.css")
        command = [str(PAGEDJS_FOLDER / "node_modules" / ".bin" / "pagedjs-cli"), "content.html", "-o", "pagedjs.pdf",
                   "--browserArgs", "--no-sandbox,--disable-gpu", "--timeout", "3600000"]  # fmt: skip
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(CHROMIUM), "PUPPETEER_SKIP_DOWNLOAD": "1"}
        subprocess.run(command, cwd=folder, check=True, env=env, stdout=subprocess.DEVNULL)
    elif name == "typst":
        header = [f"--variable=header-includes:{line}" for line in TYPST_HEADER]
        pandoc(folder, "typst", "content.typ", "--metadata-file=typst.yaml", *header)
        import typst

        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder / "fonts")])
        typst.compile(str(folder / "content.typ"), output=str(folder / "typst.pdf"), root=str(folder), font_paths=fonts)
    else:
        raise SystemExit(f"unknown route {name}")


if __name__ == "__main__":
    route(sys.argv[1], Path(sys.argv[2]))
