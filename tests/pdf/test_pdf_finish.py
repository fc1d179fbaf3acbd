"""Running heads and folios become pagination artifacts in WeasyPrint's own page streams, read by pattern or by parser alike."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from folio.pdf.finish.post import (
    Finish,
    artifact_marks,
    finish_pdf,
    parent_tree_arrays,
    parsed_artifact_marks,
    structure_elements,
)

PROSE = " ".join(["A running head above, a folio below, and the text between them tagged."] * 30)
HTML = f"""<!doctype html><html lang="en"><head><title>Heads</title><style>
@page {{ size: 110mm 80mm; margin: 14mm; @top-center {{ content: "Running head"; }} @bottom-center {{ content: counter(page); }} }}
body {{ font: 10pt/1.3 serif; }}
</style></head><body><h1>Heads and folios</h1><p>{PROSE}</p><p>{PROSE}</p>
<table><thead><tr><th>Head</th></tr></thead><tbody><tr><th>Row</th></tr></tbody></table></body></html>"""


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tagged PDF as WeasyPrint writes it, before it is finished."""
    from weasyprint import HTML as Source

    path = tmp_path_factory.mktemp("finish") / "unfinished.pdf"
    Source(string=HTML).write_pdf(path, pdf_variant="pdf/ua-1")
    return path


def orphans_by_page(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Page, set[int]]]:
    reachable = {element.objgen for element in structure_elements(pdf.Root.StructTreeRoot)}
    arrays = parent_tree_arrays(pdf)
    found = []
    for page in pdf.pages:
        owners = arrays[int(page.obj.StructParents)]
        orphans = {n for n, owner in enumerate(owners) if isinstance(owner, pikepdf.Dictionary) and owner.objgen not in reachable}
        found.append((page, orphans))
    return found


def operators(pdf: pikepdf.Pdf, data: bytes) -> list:
    return [(tuple(repr(operand) for operand in operands), str(op)) for operands, op in pikepdf.parse_content_stream(pdf.make_stream(data))]


def test_the_pattern_marks_what_the_parser_marks(written: Path) -> None:
    with pikepdf.open(written) as pdf:
        pages = orphans_by_page(pdf)
        assert len(pages) > 1 and all(len(orphans) >= 2 for _, orphans in pages)  # a head and a folio on every page
        for page, orphans in pages:
            marked = artifact_marks(page.obj.Contents.read_bytes(), orphans)
            assert marked is not None
            assert operators(pdf, marked) == operators(pdf, parsed_artifact_marks(page, orphans))
            assert marked.count(b"/Artifact\n<</Type /Pagination>>") == len(orphans)


def test_streams_a_pattern_cannot_read_safely_go_to_the_parser(written: Path) -> None:
    with pikepdf.open(written) as pdf:
        page, orphans = orphans_by_page(pdf)[0]
        data = page.obj.Contents.read_bytes()
        assert artifact_marks(data, orphans) is not None
        assert artifact_marks(b"(/Span <</MCID 0>> BDC) Tj\n" + data, orphans) is None  # a string
        assert artifact_marks(data, orphans | {max(orphans) + 1000}) is None  # a mark the pattern does not find


def test_the_finished_file_has_heads_and_folios_as_artifacts_and_every_other_mark_tagged(written: Path, tmp_path: Path) -> None:
    path = tmp_path / "finished.pdf"
    path.write_bytes(written.read_bytes())
    finish_pdf(path, Finish(front_pages=0))
    with pikepdf.open(path) as pdf:
        reachable = {element.objgen for element in structure_elements(pdf.Root.StructTreeRoot)}
        arrays = parent_tree_arrays(pdf)
        for page in pdf.pages:
            owners = arrays[int(page.obj.StructParents)]
            marks = [operands for operands, op in pikepdf.parse_content_stream(page) if str(op) == "BDC"]
            artifacts = [operands for operands in marks if operands[0] == pikepdf.Name.Artifact]
            assert len(artifacts) >= 2 and all(operands[1].Type == pikepdf.Name.Pagination for operands in artifacts)
            assert all(owners[int(operands[1].MCID)].objgen in reachable for operands in marks if operands[0] != pikepdf.Name.Artifact)
        headers = [element for element in structure_elements(pdf.Root.StructTreeRoot) if element.get("/S") == pikepdf.Name.TH]
        assert sorted(str(element.A.Scope) for element in headers) == ["/Column", "/Row"]
