"""The Word review copy's writer (:mod:`folio.word.export`)."""

from __future__ import annotations

from folio.word.export import write_docx
from folio.write.build import Build
from folio.write.writer import Writer


class WordWriter(Writer):
    def write(self, build: Build) -> None:
        with build.log.stage("Word review copy"):
            write_docx(build.report, build.fragments, build.path(self.edition))
