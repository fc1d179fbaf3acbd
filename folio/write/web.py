"""The web edition's writer: one HTML file, sanitised, with its Content-Security-Policy."""

from __future__ import annotations

from folio.assemble.editions import assemble
from folio.sanitise.editions import clean_page
from folio.write.build import Build
from folio.write.writer import Writer


class WebWriter(Writer):
    def write(self, build: Build) -> None:
        with build.log.stage("HTML"):
            page, removed = clean_page(assemble(build.report, build.fragments, self.edition.name))
            if removed:
                build.log.info(f"warning: {build.name(self.edition)}: removed {removed.summary()}")
            build.path(self.edition).write_text(page, encoding="utf-8")
