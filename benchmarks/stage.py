"""The PDF stage on its own, and bare WeasyPrint on the same HTML, each timed in a fresh process.

``python benchmarks/stage.py html SOURCE FINAL.html``
    writes the screen edition's final HTML, exactly as the build hands it to WeasyPrint.
``python benchmarks/stage.py folio SOURCE FINAL.html OUT.pdf``
    runs the build's own PDF job on it (layout, checks, page map, painting, page labels).
``python benchmarks/stage.py bare SOURCE FINAL.html OUT.pdf``
    runs WeasyPrint alone: the same HTML, stylesheets, base URL and PDF/UA variant.

The two timed modes print one JSON line: wall and CPU seconds from before
``import weasyprint`` to the written PDF (the import included), the process's
peak resident memory in MB, the page count and how many times WeasyPrint laid
the whole document out.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from folio.assemble.editions import assemble, stylesheets  # noqa: E402
from folio.assemble.pagestarts import part_ids  # noqa: E402
from folio.markdown.render import render_markdown  # noqa: E402
from folio.pdf.layout.pagemap import page_map  # noqa: E402
from folio.pdf.layout.setup import PDF_VARIANT  # noqa: E402
from folio.run.cache import Cache, cache_folder  # noqa: E402
from folio.source.load import load_report  # noqa: E402
from folio.write.layouts import pdf_job  # noqa: E402


def main(mode: str, source: str, html_path: str, out: str = "") -> None:
    report = load_report(Path(source))
    fragments = render_markdown(report, Cache(cache_folder()))
    if mode == "html":
        Path(html_path).write_text(assemble(report, fragments, "screen"), encoding="utf-8")
        return
    html = Path(html_path).read_text("utf-8")
    sheets = stylesheets(report, "screen")
    start, cpu = time.perf_counter(), time.process_time()
    layouts = count_layouts()
    if mode == "folio":
        # With the page map the EPUB's page list needs, as a build of both editions makes it.
        job = pdf_job(report, fragments, "screen", Path(out), html=html, summarise=partial(page_map, parts=part_ids(report)))
        pages = job.function(job.work, on_layout=job.summarise)
    else:
        from weasyprint import HTML

        # Stylesheets by file name, as the weasyprint command hands them over (@font-face included).
        document = HTML(string=html, base_url=str(report.root) + "/").render(
            stylesheets=[str(sheet) for sheet in sheets], pdf_variant=PDF_VARIANT
        )
        document.write_pdf(out, pdf_variant=PDF_VARIANT)
        pages = len(document.pages)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    measured = {"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu, "peak_mb": peak_mb}
    print(json.dumps({**measured, "pages": pages, "layouts": len(layouts)}))


def count_layouts() -> list[float]:
    """Count WeasyPrint's full layouts (the PDF stage may lay the document out more than once)."""
    import weasyprint

    seen: list[float] = []
    render = weasyprint.HTML.render

    def counted(self, *args, **kwargs):
        seen.append(time.perf_counter())
        return render(self, *args, **kwargs)

    weasyprint.HTML.render = counted
    return seen


if __name__ == "__main__":
    main(*sys.argv[1:])
