"""Pictures in ``images/``: each one a real image of its kind, fetching nothing.

A file named ``.png`` that is not a PNG, or an SVG that WeasyPrint cannot
parse, would come out as an empty box with no error: a silent blank.  An SVG
is also a document that can run scripts and pull in other files or URLs, so
it is read element by element here (with line numbers) and anything that
would fetch, run or expand is refused, and so is a font-family list that no
shipped face can stand in for (:mod:`folio.source.fonts.fontnames`).  Raster images are opened with Pillow,
whose header tells the format and the pixel count, bounded by :data:`MAX_PIXELS`, and only then
decoded whole (:mod:`folio.source.pictures.pixels`), so a damaged file is found here and not while painting.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from pathlib import Path
from urllib.parse import unquote_to_bytes
from xml.parsers import expat

from folio.errors import Problem, quote
from folio.folder import NotAFile, read_file
from folio.sanitise.css import findings, picture_or_font, url_kind
from folio.source.fonts.fontnames import unmapped
from folio.source.pictures.pixels import decode_problem
from folio.source.pictures.svgsize import SvgSize

MAX_IMAGE_BYTES = 20_000_000
MAX_PIXELS = 50_000_000
"""Decoded pixels of a JPEG or PNG: about 8,660 x 5,770, a 50-megapixel camera's photo, far beyond print
resolution for a full page.  A PNG cannot be decoded at a smaller size, and making its copy for an edition
holds two decoded copies of four bytes a pixel: this keeps a build of such a picture under 1 GB."""

RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
IMAGE_SUFFIXES = (*RASTER, ".svg")
"""The kinds of picture a report may use, by file name."""
SVG_NS = "http://www.w3.org/2000/svg"
FORBIDDEN_SVG = {"script", "foreignObject", "iframe", "object", "embed", "audio", "video", "handler", "listener"}
ANIMATION = {"animate", "set", "animateMotion", "animateTransform", "animateColor", "discard"}
"""A page does not move, and an animation can change any attribute, a link's target included."""
FONT_FAMILY = re.compile(r"(?<![-\w])font-family\s*:\s*([^;}]+)", re.IGNORECASE)


def check_image(path: Path, shown: str) -> list[Problem]:
    """Why the image file ``path`` (shown as ``shown``) cannot be used; empty when it can."""
    try:
        data = read_file(path, MAX_IMAGE_BYTES)
    except NotAFile as error:
        return [Problem(shown, None, f"{error}; put the picture's file here")]
    except OSError as error:
        return [Problem(shown, None, f"cannot be read ({error.strerror}); check the file")]
    return list(_check(data, path.suffix.lower(), shown))


def _check(data: bytes | None, suffix: str, shown: str) -> tuple[Problem, ...]:
    if data is None:
        return (Problem(shown, None, f"is larger than {MAX_IMAGE_BYTES // 1_000_000} MB; reduce the image before adding it"),)
    if not data:
        return (Problem(shown, None, "is empty; put the picture's file here"),)
    if suffix == ".svg":
        return tuple(Problem(shown, line, message) for line, message in svg_problems(data))
    return tuple(Problem(shown, None, message) for message in raster_problems(data, RASTER[suffix]))


def raster_problems(data: bytes, expected: str) -> list[str]:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return [f"has too many pixels (more than {MAX_PIXELS:,}); reduce the image before adding it"]
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return [f"is not a {expected} image (or is damaged); export the picture again as {expected}"]
    if kind != expected:
        return [f"is a {kind} image named as {expected}; rename it to .{kind.lower().replace('jpeg', 'jpg')} or convert it"]
    if width * height > MAX_PIXELS:
        return [f"has {width} x {height} pixels, more than {MAX_PIXELS:,}; reduce the image before adding it"]
    damaged = decode_problem(data, kind)
    return [damaged] if damaged else []


def svg_problems(data: bytes, depth: int = 0) -> list[tuple[int | None, str]]:
    """Located reasons an SVG document cannot be used as a picture (``depth``: SVGs it is embedded in)."""
    found: list[tuple[int | None, str]] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    size = SvgSize()
    stack: list[str] = []
    root: list[str] = []
    styles: list[tuple[int, str]] = []

    def here() -> int:
        return parser.CurrentLineNumber

    def doctype(_name: str, _system: str | None, _public: str | None, internal_subset: int) -> None:
        # <!DOCTYPE svg PUBLIC …> as Graphviz and Illustrator write it names a DTD that is never read;
        # an internal subset [ … ] declares entities, which is how XML files grow (and reach files)
        if internal_subset:
            found.append((here(), "an SVG whose <!DOCTYPE> declares entities ([ … ]) is not allowed; export it again as plain SVG"))
            raise _Stop

    def entity_declaration(*_args) -> None:
        found.append((here(), "an SVG that declares entities is not allowed; export it again as plain SVG"))
        raise _Stop

    def skipped_entity(name: str, _parameter: int) -> None:
        # with a DOCTYPE, an undeclared &name; would be looked up in the DTD, which is never read
        found.append(
            (here(), f"the entity &{name}; is not defined (an SVG knows only &amp; &lt; &gt; &quot; &apos;); write the character itself")
        )

    def start(name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if not root:
            root.append(name)
            if local != "svg" or namespace != SVG_NS:
                found.append((here(), f"is not an SVG drawing (its root element is <{local}>); export the picture as SVG"))
                raise _Stop
        stack.append(local)
        size.start(local, attrs, here())
        if local in FORBIDDEN_SVG:
            found.append((here(), f"<{local}>: scripts, embedded documents and media are not allowed in pictures; remove it"))
        elif local in ANIMATION:
            found.append((here(), f"<{local}>: animation cannot be printed, and it may change a link or a style; remove it"))
        for key, value in attrs.items():
            attribute = key.rpartition(" ")[2]
            if attribute.lower().startswith("on"):
                found.append((here(), f"<{local} {attribute}>: event attributes never run; remove {attribute}"))
            elif attribute == "href" and not value.strip().startswith(("#", "data:image/")):
                found.append(
                    (here(), f"<{local} href={quote(value)}>: a picture may not load other files or URLs; embed the content in the SVG")
                )
            elif attribute == "href" and value.strip().startswith("data:"):
                embedded = embedded_problem(value.strip(), depth)
                if embedded:
                    found.append((here(), f"<{local} href={quote(value.strip()[:30])}>: the picture embedded here {embedded}"))
            elif attribute == "style":
                css(value)
            elif attribute == "font-family":
                family(value)

    def end(_name: str) -> None:
        if stack.pop() == "style" and styles:
            line, text = styles.pop()
            css(text, line, declarations=False)
            size.style_sheet(text)
        size.end()

    def text(data_: str) -> None:
        if stack and stack[-1] == "style":
            if not styles:
                styles.append((here(), ""))
            styles[-1] = (styles[-1][0], styles[-1][1] + data_)

    def css(value: str, line: int | None = None, *, declarations: bool = True) -> None:
        # read by a CSS parser: escapes and comments are what they are (u\72 l( is url()
        start = here() if line is None else line
        for item in findings(value, declarations=declarations):
            at = start + item.line - 1
            if item.what == "@import":
                found.append((at, "@import in an SVG's style would load another file; remove it"))
            elif item.active:
                found.append((at, f"{item.what} in an SVG's style runs code; remove it"))
            elif url_kind(item.url or "") != "fragment" and not picture_or_font(item.url or ""):
                written = f"{item.what[:-1]}{quote(item.url)})" if item.what.endswith("()") else f"{item.what} {quote(item.url)}"
                found.append((at, f"{written} in an SVG's style would load a file; remove it"))
        for match in FONT_FAMILY.finditer(value):
            family(match.group(1))

    def family(value: str) -> None:
        names = unmapped(value.replace("!important", ""))
        if names:
            found.append(
                (
                    here(),
                    f"font-family {quote(value.strip())}: folio ships none of these fonts and will not use the machine's; "
                    "name a generic family (sans-serif, serif or monospace: Folio Sans, Folio Serif, Folio Mono) "
                    "or a common one such as Arial, Times or Courier, which are set in them",
                )
            )

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity_declaration
    parser.SkippedEntityHandler = skipped_entity
    parser.ExternalEntityRefHandler = lambda *_args: entity_declaration() or 0
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except _Stop:
        pass
    except expat.ExpatError as error:
        found.append((error.lineno, f"is not well-formed SVG ({expat.ErrorString(error.code)}); export the picture again"))
    if not root and not found:
        found.append((None, "is not an SVG drawing; export the picture as SVG"))
    if root and not found:
        found += size.problems()
    return found


class _Stop(Exception):
    pass


EMBEDDED = {"image/png": "PNG", "image/jpeg": "JPEG", "image/jpg": "JPEG", "image/svg+xml": "SVG"}
MAX_EMBEDDING = 1
"""An SVG may embed an SVG, which may embed no further one."""


def embedded_problem(url: str, depth: int) -> str | None:
    """What is wrong with the picture a ``data:`` URL in an SVG holds (said after "the picture embedded here"); ``None``: nothing."""
    header, comma, payload = url.partition(",")
    kind = EMBEDDED.get(header.removeprefix("data:").split(";", 1)[0].strip().lower())
    if not comma or kind is None:
        return "is not a PNG, JPEG or SVG picture; embed one of those, or none"
    try:
        data = base64.b64decode(payload, validate=False) if header.lower().endswith(";base64") else unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return "is not valid base64; export the drawing again"
    if kind != "SVG":
        problems = raster_problems(data, kind)
        return problems[0] if problems else None
    if depth >= MAX_EMBEDDING:
        return "is an SVG inside an SVG inside an SVG; embed the drawing itself"
    problems = svg_problems(data, depth + 1)
    if not problems:
        return None
    line, message = problems[0]
    return f"(its line {line}) {message}" if line else message
