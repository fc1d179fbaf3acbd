"""folio-plaintext: an edition folio does not have, added by a package of one module.

``folio build txt`` writes ``SLUG.txt``: the whole report as plain text, in
the reading order of the EPUB and the Word copy (front matter, chapters with
their notes, profiles, glossary, references), wrapped at 72 columns.  Plain
text reads anywhere, diffs line by line between two versions of a report,
and feeds tools that take text alone.

folio finds the edition through this package's ``folio.editions`` entry point
(``pyproject.toml``) and imports this module when it starts, before its own
stages: so the module imports :class:`Edition` and :class:`Writer` at the top
and anything else of folio's inside the writer's hook.
"""

from __future__ import annotations

from folio.editions.edition import Edition
from folio.write.writer import Writer


class PlainTextWriter(Writer):
    """Writes the report's one pandoc document (the one the Word copy is written from) with pandoc's plain-text writer."""

    def write(self, build) -> None:
        from folio import pandoc
        from folio.word.export import document

        with build.log.stage("plain text"):
            report = document(build.report, build.fragments)
            text = pandoc.from_json(report, ["--to", "plain", "--standalone", "--citeproc", "--columns=72"]).output
            build.path(self.edition).write_text(text, encoding="utf-8")


EDITION = Edition(
    name="txt",
    target="txt",
    file_name="{stem}.txt",
    stylesheets=(),
    checksummed=True,
    writer="folio_plaintext:PlainTextWriter",
    help="the report as plain text",
)
