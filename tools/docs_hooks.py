"""MkDocs hooks (``hooks:`` in mkdocs.yml): the reference pages, written from folio's code at every build.

:mod:`docs_reference` writes the pages; this adds them to the site's files,
so ``mkdocs build --strict`` checks their links like any page's, and stops
with the reason when the code and a page written by hand beside it disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent))

import docs_reference  # noqa: E402


def on_files(files: Files, config) -> Files:
    try:
        generated = list(docs_reference.pages())
    except docs_reference.DocsError as error:
        raise PluginError(str(error)) from error
    for path, text in generated:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} is written from the code at every build; remove the file of that name")
        files.append(File.generated(config, path, content=text))
    return files
