"""Laid-out parts kept between builds, so an edit to one chapter lays out that chapter only.

A part's layout depends on its own HTML (:attr:`folio.pdf.byparts.parts.Part.digest`),
its :class:`~folio.pdf.byparts.parts.Spec` and what decides any layout: the
stylesheets and style folders (fonts included), WeasyPrint's version and
folio's own code (:func:`folio.pdf.layout.cache.layout_key`), the PDF's
identifier and which file each part's text comes from.  All of it, hashed,
is the key; the part's PDF and what was read off its layout are kept under
it in folio's cache folder (``parts/``), safe to delete like the rest.

The store does not grow with every edit: after a build, the parts its
edition laid out before (listed in ``parts/<edition>.used``) or on the way
(with guessed starts, or words a later round kept whole) and did not use in
the end are deleted; the parts the PDF was joined from stay.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
from dataclasses import replace
from pathlib import Path

from folio.pdf.byparts.parts import Laid, Part, Spec
from folio.run.cache import cache_folder
from folio.run.files import DISK_ERRORS, write_whole


class Store:
    """Laid-out parts kept between builds, by the part's HTML, its spec and everything else that decides a layout."""

    def __init__(self, job, setup: dict) -> None:
        from folio.pdf.layout.cache import layout_key

        folder = cache_folder()
        self.folder = folder / "parts" if folder else None
        context = (
            layout_key(job.report, "", list(job.stylesheets)),
            setup["identifier"],
            repr(sorted(job.expected.sources.items())),
            setup["part_ids"],
        )
        self.context = hashlib.sha256(repr(context).encode()).hexdigest()
        edition = (str(job.report.root), job.report.identifier, [sheet.name for sheet in job.stylesheets])
        self.edition = hashlib.sha256(repr(edition).encode()).hexdigest()[:32]
        self.written: set[str] = set()

    def key(self, part: Part, spec: Spec) -> str:
        return hashlib.sha256(f"{self.context}\0{part.digest}\0{spec!r}".encode()).hexdigest()

    def get(self, part: Part, spec: Spec) -> Laid | None:
        if self.folder is None:
            return None
        digest = self.key(part, spec)
        data, pdf = self.folder / f"{digest}.pickle", self.folder / f"{digest}.pdf"
        if not (data.is_file() and pdf.is_file()):
            return None
        try:
            laid = pickle.loads(data.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return None
        return replace(laid, pdf=str(pdf)) if isinstance(laid, Laid) else None

    def put(self, part: Part, spec: Spec, laid: Laid) -> Laid:
        if self.folder is None or laid.refused:
            return laid
        digest = self.key(part, spec)
        pdf = self.folder / f"{digest}.pdf"
        partial = pdf.with_suffix(f".{os.getpid()}.tmp")  # another build may store the same part meanwhile
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(laid.pdf, partial)
            partial.replace(pdf)
            kept = replace(laid, pdf=str(pdf))
            write_whole(self.folder / f"{digest}.pickle", pickle.dumps(kept))  # written last: a part is kept once both are whole
        except OSError as error:
            if error.errno not in DISK_ERRORS:
                raise
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
            return laid  # a full or read-only cache: the part is used from where it was laid out, and laid out again next time
        self.written.add(digest)
        return kept

    def keep_only(self, used: list[Laid]) -> None:
        """Delete the edition's parts that the PDF just written was not joined from (after a successful build)."""
        if self.folder is None or not self.folder.is_dir():
            return
        names = {Path(laid.pdf).stem for laid in used if Path(laid.pdf).parent == self.folder}
        listing = self.folder / f"{self.edition}.used"
        try:
            before = set(json.loads(listing.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            before = set()
        for digest in (before | self.written) - names:
            for suffix in (".pickle", ".pdf"):  # the pickle first: a part is kept only while both are there
                (self.folder / f"{digest}{suffix}").unlink(missing_ok=True)
        try:
            write_whole(listing, json.dumps(sorted(names)).encode())
        except OSError as error:
            if error.errno not in DISK_ERRORS:
                raise
