#!/usr/bin/env python3
"""Build the report: ``python build.py [pdf|epub|html|check] [--source DIR] [--out DIR]``.

The recipe, in order: read and check the whole report folder, run every
Markdown source through pandoc, then write each requested edition aside and
move them into the output folder only when all of them succeeded.
"""

from __future__ import annotations

import sys
from pathlib import Path

from folio.assemble import assemble, stylesheets
from folio.cache import Cache, cache_folder
from folio.cli import Log, Request, main
from folio.epub import write_epub
from folio.fonts import check_glyphs
from folio.load import load_report
from folio.markdown import render_markdown
from folio.output import Staging
from folio.pdf import expected_counts, write_pdf


def build(request: Request, log: Log) -> None:
    with log.stage("check the report folder"):
        report = load_report(request.source)
        check_glyphs(report)
    cache = Cache(None if request.check_only else cache_folder())
    with log.stage("Markdown through pandoc"):
        fragments = render_markdown(report, cache, check_only=request.check_only)
    if request.check_only:
        log.info(f"{report.slug}: no errors")
        return
    with Staging(request.out) as staging:
        if "pdf" in request.targets:
            name = f"{report.slug}-print.pdf" if request.edition == "print" else f"{report.slug}.pdf"
            with log.stage(f"PDF ({request.edition})"):
                html = assemble(report, fragments, request.edition)
                pages = write_pdf(html, report, staging.path(name), stylesheets(report, request.edition), expected_counts(report, fragments))
            log.detail(f"{name}: {pages} pages")
        if "epub" in request.targets:
            with log.stage("EPUB"):
                write_epub(report, fragments, staging.path(f"{report.slug}.epub"))
        if "html" in request.targets:
            with log.stage("HTML"):
                html = assemble(report, fragments, "html")
                staging.path(f"{report.slug}.html").write_text(html, encoding="utf-8")
    log.info(f"written to {request.out}")


if __name__ == "__main__":
    sys.exit(main(build, default_source=Path(__file__).resolve().parent))
