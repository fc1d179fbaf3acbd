"""Synthetic report folders: this repository's report, scaled up by copying it.

``make_report(scale, folder)`` writes a report folder holding ``scale`` copies
of every chapter and every profile of the report this repository publishes,
so the workload keeps its real mix: chapter openers, footnotes, tables,
citations, links across parts, profiles with names in Japanese and Korean
script, the key-figures page and the bibliography (those two once).  Every
id a copy defines (chapter ids, ``{#heading}`` ids, profile stems) gets the
suffix ``-K`` in copy K, and the links and ``recommendation:`` fields inside
the copy follow, so each copy links to its own headings.

``cjk=False`` writes the same folder with every Han, kana and Hangul
character replaced by a Latin letter (and ``lang=ja``/``ko``/``zh`` by
``en``), to measure what CJK text costs.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parent.parent
CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\uf900-\ufaff\uff00-\uffef]")
CJK_LANG = re.compile(r"\b(lang[=:] ?)(ja|ko|zh)(-[A-Za-z]+)?\b")


def make_report(scale: int, folder: Path, *, cjk: bool = True, source: Path = REPOSITORY) -> Path:
    """Write the report ``scale`` times over into ``folder`` (replaced); returns ``folder``."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "chapters").mkdir(parents=True)
    (folder / "profiles").mkdir()
    for name in ("images", "data"):
        if (source / name).is_dir():
            shutil.copytree(source / name, folder / name)
    for name in ("references.yaml",):
        if (source / name).is_file():
            shutil.copy(source / name, folder / name)
    report = yaml.safe_load((source / "report.yaml").read_text("utf-8"))
    chapters = [item["chapter"] for item in report["contents"] if "chapter" in item]
    profiles_item = next((item["profiles"] for item in report["contents"] if "profiles" in item), None)
    stems = profile_stems(source, profiles_item)
    defined = defined_ids(source, chapters, stems)

    contents: list[dict] = []
    for item in report["contents"]:
        if "chapter" in item:
            for copy in range(1, scale + 1):
                contents.append({"chapter": write_chapter(source, folder, item["chapter"], copy, defined)})
        elif "profiles" in item:
            part = dict(item["profiles"])
            if part.get("intro"):
                shutil.copy(source / part["intro"], folder / part["intro"])
            part["include"] = [write_profile(source, folder, stem, copy, defined) for copy in range(1, scale + 1) for stem in stems]
            contents.append({"profiles": part})
        else:  # front matter, appendices, a glossary, the key figures, lists: once, as they are
            for key in ("front", "appendix", "glossary"):
                path = item.get(key) if isinstance(item, dict) else None
                if isinstance(path, str) and (source / path).is_file() and not (folder / path).exists():
                    (folder / path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy(source / path, folder / path)
            contents.append(item)
    report["contents"] = contents
    report["title"] = f"{report['title']} ({scale}×)"
    (folder / "report.yaml").write_text(yaml.safe_dump(report, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if not cjk:
        strip_cjk(folder)
    return folder


def profile_stems(source: Path, part: dict | None) -> list[str]:
    if part is None:
        return []
    if part.get("include"):
        return list(part["include"])
    return sorted(p.stem for p in (source / "profiles").glob("*.yaml"))


def defined_ids(source: Path, chapters: list[str], stems: list[str]) -> set[str]:
    """Every id the copied sources define: chapter ids, explicit heading ids, profile ids."""
    found = {f"profile-{stem}" for stem in stems}
    for path in chapters:
        text = (source / path).read_text("utf-8")
        header = yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}
        found.add(str((header or {}).get("id") or default_id(Path(path).stem)))
        found.update(re.findall(r"\{#([A-Za-z][\w.:-]*)", text))
    return found


def default_id(stem: str) -> str:
    from folio.source.load import default_id as folio_default

    return folio_default(stem)


def renamed(text: str, copy: int, defined: set[str]) -> str:
    """The copy's text: its own ids get the suffix, and so do links and references to them."""
    if copy == 1:
        return text

    def suffix(match: re.Match) -> str:
        ident = match.group(2)
        return f"{match.group(1)}{ident}-{copy}" if ident in defined else match.group(0)

    text = re.sub(r"(\{#)([A-Za-z][\w.:-]*)", suffix, text)
    text = re.sub(r"(\]\(#)([A-Za-z][\w.:-]*)", suffix, text)
    text = re.sub(r"(recommendation: ?)([A-Za-z][\w.:-]*)", suffix, text)
    return re.sub(r"(?m)^(id: ?)([A-Za-z][\w.:-]*)", suffix, text)


def write_chapter(source: Path, folder: Path, path: str, copy: int, defined: set[str]) -> str:
    stem = Path(path).stem
    target = f"chapters/{stem}.md" if copy == 1 else f"chapters/{stem}-{copy}.md"
    (folder / target).write_text(renamed((source / path).read_text("utf-8"), copy, defined), encoding="utf-8")
    return target


def write_profile(source: Path, folder: Path, stem: str, copy: int, defined: set[str]) -> str:
    name = stem if copy == 1 else f"{stem}-{copy}"
    text = renamed((source / "profiles" / f"{stem}.yaml").read_text("utf-8"), copy, defined)
    (folder / "profiles" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return name


def strip_cjk(folder: Path) -> None:
    """Han, kana and Hangul become Latin letters; their language tags become ``en``."""
    latin = "abcdefghijklmnopqrstuvwxyz"
    for path in [*folder.glob("chapters/*.md"), *folder.glob("profiles/*.yaml"), folder / "report.yaml", folder / "references.yaml"]:
        if not path.is_file():
            continue
        text = path.read_text("utf-8")
        text = CJK.sub(lambda m: latin[ord(m.group(0)) % 26], text)
        text = CJK_LANG.sub(lambda m: f"{m.group(1)}en", text)
        path.write_text(text, encoding="utf-8")


def edit_one_chapter(folder: Path) -> Path:
    """Add a paragraph to the second chapter of the first copy: an author's typical edit."""
    chapters = sorted((folder / "chapters").glob("*.md"))
    firsts = [p for p in chapters if not re.search(r"-\d+$", p.stem)]
    target = firsts[min(1, len(firsts) - 1)]
    with target.open("a", encoding="utf-8") as stream:
        stream.write("\nOne more paragraph, added to measure a rebuild after an edit: the rest of the report is unchanged.\n")
    return target
