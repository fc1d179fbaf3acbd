"""The PDF stage holds one layout at a time: its memory follows bare WeasyPrint's, not the number of layouts.

WeasyPrint's boxes hold reference cycles, so a layout the stage lets go of
stays in memory until the cycle collector runs.  These tests count the page
boxes still in memory (garbage included) when the stage starts a layout and
when pikepdf reads the written PDF back.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from conftest import ROOT

import folio.pdf.write as write
from folio.assemble.editions import assemble, stylesheets
from folio.markdown.render import render_markdown
from folio.source.load import load_report


def page_boxes() -> int:
    """WeasyPrint page boxes in memory, reachable or not."""
    from weasyprint.formatting_structure.boxes import PageBox

    return sum(1 for thing in gc.get_objects() if isinstance(thing, PageBox))


@pytest.mark.slow
def test_no_layout_is_left_in_memory_beside_the_next_or_beside_pikepdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from weasyprint import HTML

    seen: list[tuple[str, int]] = []
    render, finish = HTML.render, write.finish_pdf

    def counted_render(self, *args, **kwargs):
        seen.append(("layout", page_boxes()))
        return render(self, *args, **kwargs)

    def counted_finish(path, finishing):
        seen.append(("pikepdf", page_boxes()))
        return finish(path, finishing)

    monkeypatch.setattr(HTML, "render", counted_render)
    monkeypatch.setattr(write, "finish_pdf", counted_finish)
    # The line breaker leaves the rule's read-back nothing to find in this report, so one word is made to
    # turn up after the first layout: the stage then lays the document out again, as for a run it cannot stop.
    found = write.words_to_keep
    monkeypatch.setattr(write, "words_to_keep", lambda document, kept: found(document, kept) | ({"economies"} - set(kept)))
    report = load_report(ROOT)
    fragments = render_markdown(report, None)
    html = assemble(report, fragments, "screen")
    gc.collect()
    assert page_boxes() == 0
    job = write.PdfJob(
        html=html,
        report=report,
        path=tmp_path / "report.pdf",
        stylesheets=tuple(stylesheets(report, "screen")),
        expected=write.expected_counts(report, fragments),
    )
    pages = write.write_pdf(job)

    assert pages > 1
    # Laid out twice (the hyphenation rounds), so the first layout must be gone before the second.
    assert [step for step, _ in seen].count("layout") == 2
    assert seen[-1][0] == "pikepdf"
    assert seen == [(step, 0) for step, _ in seen]
    assert gc.isenabled()  # the stage pauses automatic collection for its own work only
