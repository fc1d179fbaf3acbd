"""Reproducible editions: the same sources give the same bytes, wherever and whenever they are built.

The session's build of this repository's report (``main_build``) is compared
with a second build of a copy of the same sources made as differently as one
machine allows: another folder for the sources, the output and the working
directory, another time zone and locale, ``SOURCE_DATE_EPOCH`` set, and a cold
pandoc cache.  ``SHA256SUMS`` must match line for line.  When they do not, the
failure names what differs inside the files, so the cause can be found.

Every date in an edition comes from ``report.yaml``'s ``date``: it is the
publication date and the modification date, and stamps the EPUB's zip
entries.  folio reads no clock and ignores ``SOURCE_DATE_EPOCH``.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Built, builds_editions, copy_main_report, copy_report, run_build

ELSEWHERE = {
    "TZ": "Pacific/Kiritimati",  # UTC+14: a date computed from the clock would be another day
    "LANG": "ja_JP.UTF-8",
    "LC_ALL": "ja_JP.UTF-8",
    "SOURCE_DATE_EPOCH": "1700000000",  # 2023-11-14, not the report's date
}


@pytest.fixture(scope="module")
@builds_editions
def second_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The same report built again, as differently as possible from ``main_build``."""
    base = tmp_path_factory.mktemp("reproducible")
    (base / "some" / "other" / "place").mkdir(parents=True)
    source = copy_main_report(base / "some" / "other" / "place")
    out = base / "elsewhere" / "editions"
    cwd = base / "working"
    cwd.mkdir()
    env = {**ELSEWHERE, "FOLIO_CACHE": str(base / "cold-cache")}
    run = run_build("pdf", "epub", "html", "--source", source, "--out", out, env=env, cwd=cwd)
    assert run.code == 0, run.stderr
    return Built(source, out, yaml.safe_load((source / "report.yaml").read_text())["slug"], run)


def checksums(out: Path) -> dict[str, str]:
    lines = (out / "SHA256SUMS").read_text("utf-8").splitlines()
    return {name: digest for digest, name in (line.split("  ", 1) for line in lines)}


def test_two_builds_in_different_places_and_zones_give_identical_checksums(main_build: Built, second_build: Built) -> None:
    first, second = checksums(main_build.out), checksums(second_build.out)
    assert set(first) == set(second) == {f"{main_build.slug}.pdf", f"{main_build.slug}.epub", f"{main_build.slug}.html"}
    different = sorted(name for name in first if first[name] != second[name])
    if different:
        pytest.fail("not reproducible:\n" + "\n".join(explain(main_build.out / name, second_build.out / name) for name in different))


def test_checksums_list_every_edition_in_sha256sum_format(main_build: Built) -> None:
    listed = checksums(main_build.out)
    editions = {path.name for path in main_build.out.iterdir() if path.suffix in (".pdf", ".epub", ".html")}
    assert set(listed) == editions
    for name, digest in listed.items():
        assert digest == hashlib.sha256((main_build.out / name).read_bytes()).hexdigest()
    assert re.fullmatch(r"([0-9a-f]{64}  \S+\n)+", (main_build.out / "SHA256SUMS").read_text("utf-8"))


def test_no_path_of_the_build_machine_leaks_into_an_edition(second_build: Built) -> None:
    machine = [str(second_build.source), str(second_build.out), str(second_build.source.parent), str(ROOT)]
    for edition in (second_build.pdf, second_build.epub, second_build.html):
        text = b"\n".join(contents(edition))
        for path in machine:
            assert path.encode() not in text, f"{edition.name} holds the path {path}"


def test_every_date_is_the_report_date(second_build: Built) -> None:
    import pikepdf

    date = datetime.date.fromisoformat(str(yaml.safe_load((second_build.source / "report.yaml").read_text())["date"]))
    with zipfile.ZipFile(second_build.epub) as epub:
        assert {info.date_time[:3] for info in epub.infolist()} == {(date.year, date.month, date.day)}
        opf_name = next(name for name in epub.namelist() if name.endswith(".opf"))
        opf = epub.read(opf_name).decode("utf-8")
    assert f'<meta property="dcterms:modified">{date.isoformat()}T00:00:00Z</meta>' in opf
    with pikepdf.open(second_build.pdf) as pdf:
        stamps = {str(pdf.docinfo[key]) for key in ("/CreationDate", "/ModDate") if key in pdf.docinfo}
    assert stamps and all(stamp.startswith(f"D:{date:%Y%m%d}") for stamp in stamps)


@pytest.mark.slow
def test_a_report_dated_before_1980_has_its_zips_dated_1980(tmp_path: Path) -> None:
    """A zip entry cannot carry a date before 1980-01-01: the EPUB's and the Word copy's entries take that day."""
    source = copy_report("minimal", tmp_path)
    (source / "report.yaml").write_text(re.sub(r"(?m)^date: .*$", "date: 1975-05-01", (source / "report.yaml").read_text()))
    done = run_build("epub", "docx", "--source", source, "--out", tmp_path / "out", "-q")
    assert (done.code, done.stderr) == (0, "")
    for name in ("minimal.epub", "minimal.docx"):
        with zipfile.ZipFile(tmp_path / "out" / name) as archive:
            assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}, name
            opf = next((archive.read(entry).decode() for entry in archive.namelist() if entry.endswith(".opf")), "")
            assert name.endswith(".docx") or '<meta property="dcterms:modified">1975-05-01T00:00:00Z</meta>' in opf


# -- helpers: what a file holds, and what differs between two -------------------------------


def contents(path: Path) -> list[bytes]:
    """The bytes an edition carries, unpacked: zip entries, decompressed PDF streams."""
    if path.suffix == ".epub":
        with zipfile.ZipFile(path) as archive:
            return [archive.read(info) for info in archive.infolist()]
    if path.suffix == ".pdf":
        import pikepdf

        found = [path.read_bytes()]
        with pikepdf.open(path) as pdf:
            for thing in pdf.objects:
                if isinstance(thing, pikepdf.Stream):
                    try:
                        found.append(thing.read_bytes())
                    except pikepdf.PdfError:
                        found.append(thing.read_raw_bytes())
        return found
    return [path.read_bytes()]


def explain(first: Path, second: Path) -> str:
    """A short account of how two builds of one edition differ."""
    if first.suffix == ".epub":
        with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
            left = {i.filename: (i.date_time, a.read(i)) for i in a.infolist()}
            right = {i.filename: (i.date_time, b.read(i)) for i in b.infolist()}
            order = "" if list(left) == list(right) else " (entries in another order)"
            changed = [name for name in left if name in right and left[name] != right[name]]
            missing = sorted(set(left) ^ set(right))
            return f"{first.name}{order}: entries differ: {changed[:8]}; only in one: {missing[:8]}"
    if first.suffix == ".pdf":
        import pikepdf

        with pikepdf.open(first) as a, pikepdf.open(second) as b:
            notes = []
            if a.trailer.get("/ID") != b.trailer.get("/ID"):
                notes.append("/ID")
            for key in sorted(set(a.docinfo) | set(b.docinfo)):
                if str(a.docinfo.get(key)) != str(b.docinfo.get(key)):
                    notes.append(f"Info {key}: {a.docinfo.get(key)} vs {b.docinfo.get(key)}")
            if len(a.pages) != len(b.pages):
                notes.append(f"{len(a.pages)} vs {len(b.pages)} pages")
            fonts = sorted(
                {str(f) for p in a.pages for f in (p.Resources.get("/Font") or {})}
                ^ {str(f) for p in b.pages for f in (p.Resources.get("/Font") or {})}
            )
            if fonts:
                notes.append(f"font names differ: {fonts[:6]}")
            return f"{first.name}: " + ("; ".join(notes) or "same metadata and pages; the page content or object order differs")
    return f"{first.name}: differs"


@pytest.mark.slow
def test_the_print_edition_reads_pictures_from_the_folder_and_is_the_same_in_any_folder(tmp_path: Path) -> None:
    """The print PDF embeds a picture it leaves unchanged from the report's own file, whose path differs by folder."""
    digests = []
    for place in ("one", "two/levels"):
        source = copy_report("translated-structure", tmp_path / place)
        out = tmp_path / place / "out"
        env = {"FOLIO_CACHE": str(tmp_path / place / "cache")}
        run = run_build("pdf", "--edition", "print", "--source", source, "--out", out, "-q", env=env)
        assert run.code == 0, run.stderr
        [pdf] = out.glob("*-print.pdf")
        digests.append(hashlib.sha256(pdf.read_bytes()).hexdigest())
    assert digests[0] == digests[1], "the print PDF differs when the same sources sit in another folder"
