"""Checks one Markdown source's AST against the authoring contract.

The :class:`Inspector` walks a source's pandoc AST once: links go to ids that
exist or to absolute URLs, images have alt text and live in ``images/``,
citations are in ``references.yaml``, raw HTML and attributes are safe and
balanced, languages are tags, footnotes are defined and called.  Each problem
is located in the file by the text that wrote it.  It also normalises what
both editions share: heading levels, ids, numbered recommendations.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from folio.ast import attr, stringify, transform, walk
from folio.errors import Problems, quote
from folio.folder import resolve_inside, text_of
from folio.markdown.links import sizes, targets
from folio.markdown.links.crossrefs import unresolved
from folio.markdown.links.ids import Heading, IdRegistry
from folio.markdown.links.uniqueids import rename_raw_ids
from folio.markdown.quarto.crossrefs import is_crossref
from folio.markdown.raw import comments, inlinehtml
from folio.markdown.raw.dropped import drop_elements, why
from folio.markdown.raw.rawhtml import (
    RAW_IMAGE,
    as_xhtml,
    check_attributes,
    check_raw_html,
    raw_html_ids,
    raw_html_tags,
    raw_image,
    unbalanced,
)
from folio.markdown.raw.rawlines import attribute_index, first_tag, tag_index, without_code
from folio.model import Report, Source
from folio.source.fields import LANG_TAG, closest
from folio.source.pictures.images import IMAGE_SUFFIXES, check_image

URL_SCHEMES = ("https://", "http://", "mailto:")


# -- checking ---------------------------------------------------------------------

MEANINGFUL_CLASSES = frozenset(
    {"decorative", "recommendations", "landscape", "nocase", "unnumbered", "unlisted", "smallcaps", "underline", "mark", "sourceCode"}
    | {"uri", "email"}  # pandoc's own, on an autolink <https://…> or <name@example.com>
)
"""Classes folio or pandoc read themselves (stylesheets add the ones they style)."""


def styled_classes(style_dirs: tuple[Path, ...]) -> frozenset[str]:
    """Every ``.class`` a stylesheet in ``style_dirs`` names."""
    found: set[str] = set()
    for folder in style_dirs:
        for sheet in Path(folder).rglob("*.css"):
            text = text_of(sheet, errors="replace") or ""  # a FIFO or socket in styles/ is named by the overrides check, never opened
            found.update(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", re.sub(r"/\*.*?\*/", "", text, flags=re.S)))
    return frozenset(found)


class Inspector:
    """Checks one source's AST and normalises it for the editions."""

    def __init__(
        self, source: Source, problems: Problems, known_refs: set[str], ids: IdRegistry, report: Report, heading_ids: list[str]
    ) -> None:
        self.source = source
        self.heading_ids = iter(heading_ids)
        """The ids of the headings with none of their own, in order (see :func:`folio.markdown.links.crossrefs.heading_ids`)."""
        self.problems = problems
        self.known_refs = known_refs
        self.ids = ids
        self.report = report
        self.cites: list[str] = []
        self.raw_chunks: list[tuple[str, int]] = []
        self.inline_chunks: dict[int, list[tuple[str, int]]] = {}
        """Raw HTML written inside a paragraph, by paragraph (:mod:`folio.markdown.raw.inlinehtml`)."""
        self.owners: dict[int, int] = {}
        self.headings: list[Heading] = []
        self.notes = 0
        self.figures = 0
        self.tables = 0
        self.searched_from: dict[str, int] = {}
        self.seen_classes: set[str] = set()
        self.styled: frozenset[str] | None = None
        self.without_code: str | None = None

    # where in the file a construct was written (pandoc's Markdown reader keeps
    # no source positions, so the construct's own text is searched, in order)
    def line(self, needle: str, *better: str) -> int:
        """The line of the next occurrence of the earliest of ``better``, else of ``needle``."""
        text = self.source.text
        found = [(index, candidate) for candidate in better if (index := text.find(candidate, self.searched_from.get(candidate, 0))) >= 0]
        if found:
            index, candidate = min(found)
            self.searched_from[candidate] = index + 1
            return self.source.line + text.count("\n", 0, index)
        start = self.searched_from.get(needle, 0)
        index = text.find(needle, start)
        if index < 0:
            index = text.find(needle)
        if index < 0:
            return self.source.line
        self.searched_from[needle] = index + 1
        return self.source.line + text.count("\n", 0, index)

    def check_classes(self, classes: list[str]) -> None:
        """A class no stylesheet styles and folio does not read does nothing: say so, once per class and file."""
        for name in classes:
            if name in self.seen_classes or name in MEANINGFUL_CLASSES:
                continue
            if self.styled is None:  # the stylesheets are read only once a class folio does not know appears
                self.styled = styled_classes(self.report.style_dirs)
            if name in self.styled:
                continue
            self.seen_classes.add(name)
            line = self.line("." + name, "." + name, f'class="{name}', f"class='{name}")
            self.problems.warn(
                self.source.path,
                line,
                f"class .{name} has no meaning in folio or in the report's styles; it changes nothing (remove it, or style it)",
            )

    def fail(self, needle: str, message: str) -> None:
        self.problems.add(self.source.path, self.line(needle), message)

    def pandoc_warnings(self, warnings: tuple[str, ...]) -> None:
        for warning in warnings:
            match = re.search(r"(?:at )?line (\d+)", warning)
            line = self.source.line + int(match.group(1)) - 1 if match else self.source.line
            if "Note with key" in warning and "not used" in warning:
                key = re.search(r"key '([^']*)'", warning)
                self.problems.add(
                    self.source.path,
                    line,
                    f"footnote [^{key.group(1) if key else '?'}] is defined but never called; "
                    f"call it with [^{key.group(1) if key else '?'}] in the text or delete it",
                )
            elif "Duplicate note reference" in warning:
                key = re.search(r"'([^']*)'", warning)
                self.problems.add(
                    self.source.path, line, f"footnote [^{key.group(1) if key else '?'}] is defined twice; give each note its own label"
                )

    def check(self, blocks: list) -> list:
        blocks = transform(transform(blocks, raw_image), targets.Targets(self))
        blocks = self.normalise_headings(blocks)
        self.owners = inlinehtml.inline_owners(blocks)
        for node in walk(blocks):
            kind = node["t"]
            check = getattr(self, f"check_{kind}", None)
            if check is not None:
                check(node)
            ident, classes, pairs = attr(node)
            if classes and kind not in ("CodeBlock", "Code"):  # a code block's classes name its language
                self.check_classes(classes)
            if ident and kind != "Header":  # headings claim theirs in normalise_headings
                node["c"][0][0] = self.claim_id(ident, "{#" + ident, " #" + ident)
            # {key=value} attributes reach the HTML as they are: same rules as raw HTML
            for name, message in check_attributes(pairs):
                self.fail(f"{name}=", message)
        for line, message in unbalanced(self.raw_chunks) + inlinehtml.unbalanced_in_paragraphs(self.inline_chunks):
            self.problems.add(self.source.path, line, message)
        return transform(blocks, self.mark)

    # headings: body headings start at level 2, no level skipped
    def normalise_headings(self, blocks: list) -> list:
        levels = [node["c"][0] for node in walk(blocks) if node["t"] == "Header"]
        if not levels:
            return blocks
        shift = 2 - min(levels)
        state = {"previous": 1}

        def fix(node: dict) -> Any:
            if node["t"] != "Header":
                return None
            level, (ident, classes, pairs), inlines = node["c"]
            wanted = min(level + shift, state["previous"] + 1, 6)
            state["previous"] = wanted
            text = stringify(inlines)
            if ident:  # written by the author: the reader gives no other
                ident = self.claim_id(ident, "{#" + ident, " #" + ident, what="heading id", advice="give this heading its own {#id}")
            else:
                ident = next(self.heading_ids)
                self.ids.ids.setdefault(ident, self.source.path)
            self.headings.append(Heading(level=wanted, id=ident, text=text))
            return {"t": "Header", "c": [wanted, [ident, classes, pairs], inlines]}

        return transform(blocks, fix)

    def claim_id(
        self, ident: str, *written: str, line: int | None = None, what: str = "id", advice: str = "give each element its own id"
    ) -> str:
        """An id given in the text ({#id}, or id="…" in raw HTML) is unique in the report: a second copy gets a new one, with a warning.

        The id of an element folio makes (``folio-…``, citeproc's ``ref-KEY``) stays an error, and so does a
        cross-reference label (``fig-…``, ``eq-…``): ``@fig-x`` would name two things. Returns the id the element keeps.
        """
        if line is None:
            line = self.line("#" + ident, *written)  # always, so each occurrence finds its own line
        if self.ids.claim(ident, self.source.path):
            return ident
        if self.ids.own(ident) or is_crossref(ident):
            self.problems.add(self.source.path, line, f"{what} {quote(ident)} is already used in {self.ids.ids[ident]}; {advice}")
            return ident
        first = self.ids.ids[ident]
        new = self.ids.unique(ident, self.source.path)
        message = f"{what} {quote(ident)} is already used in {first}, so this one is {quote(new)}; {advice}"
        self.problems.warn(self.source.path, line, message)
        return new

    def target_line(self, target: str) -> int:
        """The line of a link or image target: inline ](…), else its [ref]: definition."""
        ends = (")", " ", "\t", "\n")
        forms = [f"]({target}{end}" for end in ends] + [f"](<{target}>", f"<{target}>"]
        forms += [f"]: {target}{end}" for end in ends] + [f"]: <{target}>"]
        return self.line(target, *forms)

    def check_Link(self, node: dict) -> None:
        # a link to a part's file was given its id, and one that leads nowhere became text (folio.markdown.links.targets)
        target = node["c"][2][0]
        written = targets.written(node) or target
        if target.startswith("#") and len(target) > 1:
            self.ids.links.append((target[1:], self.source.path, self.target_line(written)))
        elif target.startswith(URL_SCHEMES) and len(target) > 8 and not any(c.isspace() for c in target):
            return
        else:
            scheme = target.split(":", 1)[0]
            self.problems.add(
                self.source.path,
                self.target_line(written),
                f"link to {quote(target)}: {scheme}: links are not allowed; link to #ID or an absolute https://, http:// or mailto: URL",
            )

    def check_Image(self, node: dict) -> None:
        # src is a path of the report folder; one written beside the chapter was read so (folio.markdown.links.targets)
        (_, classes, pairs), alt, (src, _) = node["c"]
        written_src = targets.written(node) or src
        if [RAW_IMAGE, "1"] in pairs:
            line = self.line("<img", f'src="{written_src}"', f"src='{written_src}'", f"src={written_src}")
        else:
            line = self.target_line(written_src) if src else self.line("![")
        shown = self.problems.relative(self.source.path)
        if not stringify(alt).strip() and "decorative" not in classes:
            message = f"image {quote(written_src)} has no alt text; describe it in ![…](…), or mark it {{.decorative}}"
            self.problems.add(shown, line, message)
        if re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:|//)", src):
            self.problems.add(shown, line, f"image {quote(src)}: images are never fetched; put the file in images/ and write images/NAME")
            return
        if not src.lower().endswith(IMAGE_SUFFIXES):
            self.problems.add(shown, line, f"image: {quote(src)} is not a picture; use a PNG, JPEG or SVG file")
            return
        tried = targets.image_candidates(self.source.path, src)
        if len(tried) > 1 and not any((self.report.root / path).exists() for path in tried):
            looked = f"{', '.join(tried[:-1])} and {tried[-1]}"
            self.problems.add(shown, line, f"image: {quote(src)} does not exist; check the file name (folio looked for {looked})")
            return
        real = resolve_inside(self.report.root, src, self.problems, shown, line, "image", None, IMAGE_SUFFIXES)
        if real is not None:
            self.problems.extend(check_image(real, self.problems.relative(real)))

    def check_Cite(self, node: dict) -> None:
        for citation in node["c"][0]:
            key = citation["citationId"]
            if is_crossref(key):
                continue  # @fig-…, @tbl-…, @sec-…: checked and linked by folio.markdown.links.numbers
            self.cites.append(key)
            if key not in self.known_refs:
                hint = "add it to references.yaml" if self.known_refs else "create references.yaml with this id"
                close = closest(key, sorted(self.known_refs), cutoff=0.7)
                if close:
                    hint = f"did you mean @{close}?"
                self.fail("@" + key, f"citation @{key} is not in references.yaml; {hint}")

    def check_Note(self, node: dict) -> None:
        self.notes += 1

    def check_Figure(self, node: dict) -> None:
        self.figures += 1

    def check_Table(self, node: dict) -> None:
        self.tables += 1

    def check_Div(self, node: dict) -> None:
        self.check_lang(node)

    def check_lang(self, node: dict) -> None:
        for key, value in attr(node)[2]:
            if key == "lang" and not LANG_TAG.match(value):
                self.fail(f"lang={value}", f"lang={quote(value)}: expected a BCP 47 language tag like ja, ko or mi")

    def check_RawBlock(self, node: dict) -> None:
        self.check_raw(node)

    def check_RawInline(self, node: dict) -> None:
        self.check_raw(node)

    def check_raw(self, node: dict) -> None:
        fmt, text = node["c"]
        if fmt.lower() not in ("html", "html5"):
            first = text.strip().splitlines()[0] if text.strip() else ""
            self.fail(first or "{=" + fmt, f"raw {fmt} {quote(first)} would be left out of every edition; write it in Markdown instead")
            return
        # every raw fragment finds its own line (even a harmless one), so identical tags
        # elsewhere in the file are not mistaken for this one
        first = text.strip().split("\n", 1)[0]
        start = self.raw_line(text, first)
        written_text = text

        def line_of(needle: str) -> int:
            index = written_text.lower().find(needle.lower())
            return start + (written_text[:index].lstrip().count("\n") if index >= 0 else 0)

        text, dropped = drop_elements(text)  # what no edition can hold: left out, with a warning
        for tag in dropped:
            self.problems.warn(self.source.path, line_of("<" + tag), f"raw HTML <{tag}> is left out of every edition ({why(tag)})")
        node["c"][1] = text
        owner = self.owners.get(id(node))
        (self.raw_chunks if owner is None else self.inline_chunks.setdefault(owner, [])).append((text.lstrip("\n"), start))

        for message in check_raw_html(text):
            tag = re.search(r"<(\w+)(?: ([^\s=>]+)=)?", message)  # the tag, and the attribute at fault
            index = attribute_index(written_text, tag.group(1), tag.group(2)) if tag else 0
            self.problems.add(self.source.path, start + written_text[:index].lstrip().count("\n"), message)
        written = raw_html_ids(text)
        kept = [
            self.claim_id(ident, line=line_of(next((f for f in (f'id="{ident}"', f"id='{ident}'") if f in text), f"id={ident}")))
            for ident in written
        ]
        if kept != written:
            node["c"][1] = rename_raw_ids(text, kept)
        # raw tables and figures reach the pages like Markdown ones, and are counted there
        tags = raw_html_tags(text)
        self.tables += tags.count("table")
        self.figures += tags.count("figure")

    def raw_line(self, text: str, first: str) -> int:
        """The line a raw fragment starts on: its first tag found by what it is, outside code (:mod:`folio.markdown.raw.rawlines`)."""
        if self.without_code is None:
            self.without_code = without_code(self.source.text)
        key = "\0raw " + repr(first_tag(text))  # the same tag written two ways (<hr …/> and <hr …>) is one search
        index = tag_index(self.without_code, text, self.searched_from.get(key, 0))
        if index is None:
            return self.line(first) if first else self.source.line
        self.searched_from[key] = index + 1
        return self.source.line + self.source.text.count("\n", 0, index)

    def check_Para(self, node: dict) -> None:
        self.check_references(node["c"])

    def check_Plain(self, node: dict) -> None:
        self.check_references(node["c"])

    def check_Header(self, node: dict) -> None:
        self.check_references(node["c"][2])

    def check_Emph(self, node: dict) -> None:
        self.check_references(node["c"])

    def check_Strong(self, node: dict) -> None:
        self.check_references(node["c"])

    def check_Span(self, node: dict) -> None:
        self.check_lang(node)
        self.check_references(node["c"][1])

    def check_references(self, inlines: list) -> None:
        """A reference link ``[text][label]`` left as text: no definition and no heading has its label."""
        for written in unresolved(inlines):
            text, label = written[1:-1].split("][", 1)
            label = label or text
            self.problems.warn(
                self.source.path,
                self.line(f"][{label}]" if label != text else written),
                f"reference link {quote(written)}: no chapter defines [{label}] and no heading is titled {quote(label)}, "
                f"so it prints as text; add a line '[{label}]: https://…' or '[{label}]: #ID', or write the link as [{text}](#ID)",
            )

    def check_Str(self, node: dict) -> None:
        text = node["c"]
        if "[^" in text:
            label = re.search(r"\[\^([^\]\s]*)", text)
            shown = label.group(1) if label else ""
            line = self.line("[^" + shown)
            spaced = re.search(r"\[\^" + re.escape(shown) + r"[ \t]+[^\]\n]*\]", self.source.text)
            if shown and spaced:
                return  # pandoc's rule: a label with a space is no note, only text
            self.problems.add(
                self.source.path,
                line,
                f"footnote [^{shown}] is called but never defined; add a line '[^{shown}]: the note' below the paragraph",
            )

    # edition-independent marks: decorative images, numbered recommendations
    def mark(self, node: dict) -> Any:
        if node["t"] in sizes.LINES:
            sizes.icons(node)  # a picture in a line of text at the line's height
            return None
        if node["t"] in ("RawBlock", "RawInline") and node["c"][0].lower() in ("html", "html5"):
            if comments.only_comments(node["c"][1]):
                return []  # a comment is never published
            node["c"] = ["html", as_xhtml(node["c"][1])]
            return node
        if node["t"] == "Image" and [RAW_IMAGE, "1"] in node["c"][0][2]:
            node["c"][0][2] = [pair for pair in node["c"][0][2] if pair[0] != RAW_IMAGE]
        if node["t"] == "Image" and "decorative" in node["c"][0][1]:
            ident, classes, pairs = node["c"][0]
            node["c"][0] = [ident, classes, pairs + [["role", "presentation"]]]
            node["c"][1] = []
            return node
        if node["t"] == "Div" and "recommendations" in node["c"][0][1]:
            return self.number_recommendations(node)
        if node["t"] == "CodeBlock" and not node["c"][0][0] and node["c"][0][1]:
            # pandoc numbers highlighted blocks cb1, cb2… in each chapter: ids of folio's own, unique in the report
            self.ids.code_blocks += 1
            node["c"][0] = [f"folio-code-{self.ids.code_blocks}", *node["c"][0][1:]]
            return node
        return None

    def number_recommendations(self, node: dict) -> dict:
        number = len(self.ids.recommendations)
        for block in node["c"][1]:
            if block["t"] != "Header":
                continue
            number += 1
            level, (ident, classes, pairs), inlines = block["c"]
            self.ids.recommendations[ident] = (number, stringify(inlines))
            # the space after the number is the number's own: where the number hangs in a column, no space indents the heading
            marker = {"t": "Span", "c": [["", ["rec-number"], []], [{"t": "Str", "c": str(number)}, {"t": "Space"}]]}
            block["c"] = [level, [ident, classes + ["recommendation"], pairs], [marker, *inlines]]
        return node
