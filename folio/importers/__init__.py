"""``folio import``: a Word document, a Quarto project or an mdBook becomes a report folder.

:func:`import_source` looks at what it is given and hands it to the reader
for its kind: a ``.docx`` file to :mod:`folio.word.importer`, a folder with
``_quarto.yml`` to :mod:`.quarto`, a folder with ``book.toml`` to
:mod:`.mdbook`; the two books are written by :mod:`.book`.  The folder
written into must be new or empty, and is left as it was when the import
fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from folio.importers.files import NotImportable

KINDS = "a Word document (.docx), a Quarto project (a folder with _quarto.yml) or an mdBook (a folder with book.toml)"


def kind_of(source: Path) -> str:
    """``docx``, ``quarto`` or ``mdbook``; :class:`NotImportable` naming what to give instead."""
    if source.is_file():
        if source.name in ("_quarto.yml", "_quarto.yaml"):
            return "quarto"
        if source.name == "book.toml":
            return "mdbook"
        return "docx"  # the Word importer reads the file itself, and says what it is not
    if source.is_dir():
        if (source / "_quarto.yml").is_file() or (source / "_quarto.yaml").is_file():
            return "quarto"
        if (source / "book.toml").is_file():
            return "mdbook"
        raise NotImportable(f"{source}: no _quarto.yml or book.toml in this folder; folio imports {KINDS}")
    raise NotImportable(f"{source}: no such file or folder")


def import_source(source: Path, folder: Path):
    """Import ``source`` into the new or empty ``folder``; the result has ``summary()``."""
    kind = kind_of(source)
    if kind == "docx":
        from folio.word.importer import NotImportable as NotWord
        from folio.word.importer import import_word

        try:
            return import_word(source, folder)
        except NotWord as error:
            raise NotImportable(str(error)) from error
    project_folder = source.parent if source.is_file() else source
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NotImportable(f"{folder} is not empty; give a new or empty folder (folio import never overwrites files)")
    if folder.resolve().is_relative_to(project_folder.resolve()):
        raise NotImportable(f"{folder} is inside the project it imports; give a folder outside {project_folder}")
    from folio.importers.book import write_folder

    if kind == "quarto":
        from folio.importers.quarto import read_quarto as read
    else:
        from folio.importers.mdbook import read_mdbook as read
    project = read(project_folder)
    existed = folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return write_folder(project, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        if existed:
            folder.mkdir()
        raise
