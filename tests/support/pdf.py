"""Reading a PDF edition back: page text, the structure tree, pagination artifacts, and outloud's verdict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf


def page_texts(path: Path) -> list[str]:
    """Each page's text, as ``pdftotext -layout`` sets it (one run; pages end with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every element of the PDF's structure tree, its root included."""
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        found.append(node)
        kids = node.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        stack.extend(kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
    return found


def pagination_artifacts(path: Path) -> int:
    """Marked content outside the structure tree as ``/Artifact``; fails on content that is neither."""
    with pikepdf.open(path) as pdf:
        reachable = {e.objgen for e in structure(pdf)}
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        artifacts = 0
        for page in pdf.pages:
            owners = tree[int(page.obj.StructParents)]
            opened: list[bool] = []  # each open sequence: is it tagged or an artifact?
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "EMC" and opened:
                    opened.pop()
                if str(operator) == "BMC":
                    opened.append(bool(opened) and opened[-1])
                if str(operator) != "BDC":
                    continue
                if operands[0] == pikepdf.Name.Artifact:
                    artifacts += 1
                    opened.append(True)
                elif "/MCID" in operands[1]:
                    assert owners[int(operands[1].MCID)].objgen in reachable, "marked content outside the structure tree"
                    opened.append(True)
                else:  # a span of replacement text (/ActualText) nested in tagged content
                    assert opened, f"untagged marked content {operands[0]} outside any tagged sequence"
                    opened.append(True)
        return artifacts


def outloud(path: Path, *extra: str) -> dict:
    """outloud's whole result for the file (PDF/UA-1 and WCAG 2.2), ``extra`` options given before the path."""
    command = shutil.which("outloud", path=str(Path(sys.executable).parent)) or "outloud"
    done = subprocess.run([command, "--json", "-", *extra, str(path)], check=False, capture_output=True, text=True, timeout=300)
    return json.loads(done.stdout)["results"][0]
