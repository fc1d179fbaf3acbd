"""A fontconfig that knows only folio's fonts, so the machine's never reach the PDF.

WeasyPrint finds fonts through Pango and fontconfig.  With the machine's
configuration, any family the stylesheets do not declare (what an SVG asks
for: ``sans-serif``, Helvetica, Times...) and any character the declared
faces lack comes from the machine's fonts (DejaVu, Liberation...), silently.
:func:`use_shipped_fonts` writes a configuration whose only font folders are
folio's ``styles/fonts`` (and a report's own ``styles/fonts``), which aliases
every generic and common family name to a shipped family
(:data:`folio.source.fonts.fontnames.ALIASES`), and points ``FONTCONFIG_FILE`` at it.
fontconfig reads that variable each time WeasyPrint makes a font
configuration, so calling this before rendering is enough; the build also
calls it before it starts the PDF process, which inherits it.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from folio.paths import FONTS
from folio.run.cache import cache_folder
from folio.source.fonts.faces import faces_in
from folio.source.fonts.fontnames import ALIASES


def config_text(folders: Iterable[Path], cache: Path) -> str:
    """The fontconfig XML: these font folders only, a private cache, and the aliases.

    Each listed face is renamed to its CSS family as it is scanned, as
    WeasyPrint does for ``@font-face``: a face found through the folder is
    then the same family as the one the stylesheets declare, and the PDF
    names it so.
    """
    folders = list(folders)
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- Written by folio: only its own fonts, every common family name set in one of them. -->",
        "<fontconfig>",
    ]
    lines += [f"  <dir>{escape(str(folder))}</dir>" for folder in folders]
    lines.append(f"  <cachedir>{escape(str(cache))}</cachedir>")
    for folder in folders:
        for face in faces_in(folder):
            lines.append(
                f'  <match target="scan"><test name="file"><string>{escape(str(face.file))}</string></test>'
                f'<edit name="family" mode="assign_replace"><string>{escape(face.family)}</string></edit></match>'
            )
    for family, names in ALIASES.items():
        prefer = f"<family>{escape(family)}</family>"
        for name in names:
            lines.append(f'  <alias binding="same"><family>{escape(name)}</family><prefer>{prefer}</prefer></alias>')
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def use_shipped_fonts(style_dirs: Iterable[Path] = ()) -> Path:
    """Write the configuration for folio's fonts (and those of ``style_dirs``) and make it fontconfig's; returns its path."""
    folders = [FONTS.resolve()]
    for folder in style_dirs:
        fonts = (Path(folder) / "fonts").resolve()
        if fonts.is_dir() and fonts not in folders:
            folders.append(fonts)
    try:
        home = cache_folder() / "fontconfig"
        home.mkdir(parents=True, exist_ok=True)
    except OSError:
        home = Path(tempfile.gettempdir()) / f"folio-fontconfig-{os.getuid()}"
        home.mkdir(exist_ok=True)
    # fontconfig keeps what it scanned by folder, not by configuration: each configuration its own cache.
    digest = hashlib.sha256(config_text(folders, home).encode()).hexdigest()[:16]
    text = config_text(folders, home / digest)
    path = home / f"fonts-{digest}.conf"
    if not path.is_file():
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    os.environ["FONTCONFIG_FILE"] = str(path)
    return path
