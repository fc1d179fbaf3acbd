"""What a reader finds in a PDF, read back for comparing two builds: pages, text, outline, labels, links, tags."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from support.pdf import outloud as outloud_result
from support.pdf import page_texts


def page_pictures(path: Path, dpi: int = 36) -> list[str]:
    """Each page drawn by poppler in grey at ``dpi``, hashed: what a reader sees, compared pixel for pixel."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(path), f"{folder}/page"], check=True)
        return [hashlib.sha256(picture.read_bytes()).hexdigest() for picture in sorted(Path(folder).glob("page-*.pgm"))]


def page_index(pdf: pikepdf.Pdf) -> dict:
    return {page.obj.objgen: number for number, page in enumerate(pdf.pages)}


def destination_page(pdf: pikepdf.Pdf, dest, names: dict, pages: dict):
    if isinstance(dest, pikepdf.String):
        dest = names.get(str(dest))
    if isinstance(dest, Array) and len(dest):
        return pages.get(dest[0].objgen), [round(float(v), 1) for v in list(dest)[2:4] if isinstance(v, (int, float, pikepdf.Object))]
    return None, []


def name_tree(pdf: pikepdf.Pdf) -> dict:
    found = {}
    names = pdf.Root.get("/Names")
    if isinstance(names, Dictionary) and "/Dests" in names:
        tree = pikepdf.NameTree(names.Dests)
        for key in tree.keys():
            found[key] = tree[key]
    return found


def outline(pdf: pikepdf.Pdf, names: dict, pages: dict) -> list:
    found = []

    def walk(item, depth):
        while item is not None:
            page, _ = destination_page(pdf, item.get("/Dest"), names, pages)
            found.append((depth, str(item.Title), page, int(item.get("/Count", 0))))
            walk(item.get("/First"), depth + 1)
            item = item.get("/Next")

    if "/Outlines" in pdf.Root:
        walk(pdf.Root.Outlines.get("/First"), 0)
    return found


def structure(pdf: pikepdf.Pdf) -> list:
    """The structure tree in reading order: each element's type and, for marked content, its page."""
    pages = page_index(pdf)
    found = []

    def walk(node, depth):
        if isinstance(node, Array):
            for kid in node:
                walk(kid, depth)
            return
        if isinstance(node, Dictionary) and node.get("/Type") == Name.MCR:
            found.append((depth, "MCR", int(node.MCID)))
            return
        if isinstance(node, Dictionary) and node.get("/Type") == Name.OBJR:
            found.append((depth, "OBJR", pages.get(node.Pg.objgen) if "/Pg" in node else None))
            return
        if isinstance(node, Dictionary):
            page = pages.get(node.Pg.objgen) if "/Pg" in node else None
            found.append((depth, str(node.get("/S")), page))
            kids = node.get("/K")
            if kids is not None:
                walk(kids, depth + 1)
        elif node is not None:
            found.append((depth, "MCID", int(node)))

    walk(pdf.Root.StructTreeRoot.K, 0)
    return found


def read(path: Path) -> dict:
    """Everything compared, as plain data."""
    with pikepdf.open(path) as pdf:
        pages = page_index(pdf)
        names = name_tree(pdf)
        links = []
        for number, page in enumerate(pdf.pages):
            for annotation in page.obj.get("/Annots", Array()):
                if annotation.get("/Subtype") != Name.Link:
                    continue
                target, place = destination_page(pdf, annotation.get("/Dest"), names, pages)
                uri = str(annotation.A.URI) if "/A" in annotation and "/URI" in annotation.A else None
                rect = [round(float(v), 1) for v in annotation.Rect]
                links.append((number, rect, target, place, uri, str(annotation.get("/Contents", ""))))
        labels = pdf.Root.PageLabels.Nums if "/PageLabels" in pdf.Root else Array()
        return {
            "pages": len(pdf.pages),
            "text": page_texts(path),
            "pictures": page_pictures(path),
            "outline": outline(pdf, names, pages),
            "labels": [(int(labels[i]), str(labels[i + 1].get("/S")), int(labels[i + 1].get("/St", 1))) for i in range(0, len(labels), 2)],
            "names": {key: destination_page(pdf, value, names, pages) for key, value in names.items()},
            "links": links,
            "structure": structure(pdf),
            "boxes": [
                (str(page.obj.get("/TrimBox")), str(page.obj.get("/BleedBox")), str(page.obj.get("/MediaBox"))) for page in pdf.pages
            ],
            "lang": str(pdf.Root.get("/Lang")),
            "title": str(pdf.open_metadata().get("dc:title")),
        }


def outloud(path: Path) -> dict:
    """outloud's verdict, counts, findings and rules for the file.

    Left out: its path, timings and the count of font objects (each part of a
    PDF laid out by parts embeds its own subset of each font).
    """
    result = outloud_result(path, "--fail-on", "never")
    found = {key: value for key, value in result.items() if key not in ("path", "seconds", "rules")}
    found["rules"] = [{key: value for key, value in rule.items() if key != "seconds"} for rule in result["rules"]]
    found["stats"] = {key: value for key, value in result["stats"].items() if key != "fonts"}
    return found


def differences(one: Path, other: Path) -> list[str]:
    """What a reader would find different between two PDFs; empty when nothing."""
    a, b = read(one), read(other)
    found = []
    for key in a:
        if a[key] != b[key]:
            if key in ("text", "pictures"):
                pages = [n + 1 for n, (x, y) in enumerate(zip(a[key], b[key], strict=False)) if x != y]
                found.append(f"text differs on pages {pages[:10]}")
            elif isinstance(a[key], list):
                first = next((n for n, (x, y) in enumerate(zip(a[key], b[key], strict=False)) if x != y), min(len(a[key]), len(b[key])))
                found.append(
                    f"{key}: {len(a[key])} vs {len(b[key])} entries, first difference at {first}: "
                    f"{a[key][first] if first < len(a[key]) else None} vs {b[key][first] if first < len(b[key]) else None}"
                )
            else:
                found.append(f"{key}: {str(a[key])[:200]} vs {str(b[key])[:200]}")
    return found


if __name__ == "__main__":
    for line in differences(Path(sys.argv[1]), Path(sys.argv[2])):
        print(line)
