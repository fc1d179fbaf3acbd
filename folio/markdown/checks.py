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
from folio.folder import resolve_inside
from folio.markdown.crossrefs import unresolved
from folio.markdown.ids import Heading, IdRegistry
from folio.markdown.numbers import is_crossref
from folio.markdown.rawhtml import RAW_IMAGE, as_xhtml, check_attributes, check_raw_html, raw_html_ids, raw_html_tags, raw_image, unbalanced
from folio.model import Report, Source
from folio.source.fields import LANG_TAG, closest
from folio.source.images import IMAGE_SUFFIXES, check_image

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
            found.update(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", re.sub(r"/\*.*?\*/", "", sheet.read_text("utf-8", "replace"), flags=re.S)))
    return frozenset(found)


class Inspector:
    """Checks one source's AST and normalises it for the editions."""

    def __init__(
        self, source: Source, problems: Problems, known_refs: set[str], ids: IdRegistry, report: Report, heading_ids: list[str]
    ) -> None:
        self.source = source
        self.heading_ids = iter(heading_ids)
        """The ids of the headings with none of their own, in order (see :func:`folio.markdown.crossrefs.heading_ids`)."""
        self.problems = problems
        self.known_refs = known_refs
        self.ids = ids
        self.report = report
        self.cites: list[str] = []
        self.raw_chunks: list[tuple[str, int]] = []
        self.headings: list[Heading] = []
        self.notes = 0
        self.figures = 0
        self.tables = 0
        self.searched_from: dict[str, int] = {}
        self.seen_classes: set[str] = set()
        self.styled: frozenset[str] | None = None

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
            line = self.line("." + name)
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
        blocks = self.normalise_headings(transform(blocks, raw_image))
        for node in walk(blocks):
            kind = node["t"]
            check = getattr(self, f"check_{kind}", None)
            if check is not None:
                check(node)
            ident, classes, pairs = attr(node)
            if classes and kind not in ("CodeBlock", "Code"):  # a code block's classes name its language
                self.check_classes(classes)
            if ident and kind != "Header":  # headings claim theirs in normalise_headings
                self.claim_id(ident, "{#" + ident, " #" + ident)
            # {key=value} attributes reach the HTML as they are: same rules as raw HTML
            for name, message in check_attributes(pairs):
                self.fail(f"{name}=", message)
        for line, message in unbalanced(self.raw_chunks):
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
                line = self.line("#" + ident, "{#" + ident, " #" + ident)
                if not self.ids.claim(ident, self.source.path):
                    self.problems.add(
                        self.source.path,
                        line,
                        f"heading id {quote(ident)} is already used in {self.ids.ids[ident]}; give this heading its own {{#id}}",
                    )
            else:
                ident = next(self.heading_ids)
                self.ids.ids.setdefault(ident, self.source.path)
            self.headings.append(Heading(level=wanted, id=ident, text=text))
            return {"t": "Header", "c": [wanted, [ident, classes, pairs], inlines]}

        return transform(blocks, fix)

    def claim_id(self, ident: str, *written: str) -> None:
        """An id given in the text ({#id}, or id="…" in raw HTML) must be unique in the report."""
        line = self.line("#" + ident, *written)  # always, so each occurrence finds its own line
        if not self.ids.claim(ident, self.source.path):
            self.problems.add(
                self.source.path, line, f"id {quote(ident)} is already used in {self.ids.ids[ident]}; give each element its own id"
            )

    def target_line(self, target: str) -> int:
        """The line of a link or image target: inline ](…), else its [ref]: definition."""
        ends = (")", " ", "\t", "\n")
        forms = [f"]({target}{end}" for end in ends] + [f"](<{target}>", f"<{target}>"]
        forms += [f"]: {target}{end}" for end in ends] + [f"]: <{target}>"]
        return self.line(target, *forms)

    def check_Link(self, node: dict) -> None:
        target = node["c"][2][0]
        if target.startswith("#") and len(target) > 1:
            self.ids.links.append((target[1:], self.source.path, self.target_line(target)))
        elif target.startswith(URL_SCHEMES) and len(target) > 8 and not any(c.isspace() for c in target):
            return
        elif not target:
            text = stringify(node["c"][1])
            where = self.line("]()", f"[{text}]()", f"[{text}]: <>", f"[{text}][", f"[{text}]")
            self.problems.add(self.source.path, where, f"link {quote(text)} has no target; write [text](#ID) or [text](https://…)")
        elif re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
            scheme = target.split(":", 1)[0]
            self.problems.add(
                self.source.path,
                self.target_line(target),
                f"link to {quote(target)}: {scheme}: links are not allowed; link to #ID or an absolute https://, http:// or mailto: URL",
            )
        else:
            self.problems.add(
                self.source.path,
                self.target_line(target),
                f"link to {quote(target)}: links go to #ID (a chapter, heading or profile-STEM) or an absolute https:// URL; "
                "relative paths are not allowed",
            )

    def check_Image(self, node: dict) -> None:
        (_, classes, pairs), alt, (src, _) = node["c"]
        if [RAW_IMAGE, "1"] in pairs:
            line = self.line("<img", f'src="{src}"', f"src='{src}'", f"src={src}")
        else:
            line = self.target_line(src) if src else self.line("![")
        shown = self.problems.relative(self.source.path)
        if not stringify(alt).strip() and "decorative" not in classes:
            self.problems.add(shown, line, f"image {quote(src)} has no alt text; describe it in ![…](…), or mark it {{.decorative}}")
        if re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:|//)", src):
            self.problems.add(shown, line, f"image {quote(src)}: images are never fetched; put the file in images/ and write images/NAME")
            return
        real = resolve_inside(self.report.root, src, self.problems, shown, line, "image", "images", IMAGE_SUFFIXES)
        if real is not None:
            self.problems.extend(check_image(real, self.problems.relative(real)))

    def check_Cite(self, node: dict) -> None:
        for citation in node["c"][0]:
            key = citation["citationId"]
            if is_crossref(key):
                continue  # @fig-…, @tbl-…, @sec-…: checked and linked by folio.markdown.numbers
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
        start = self.line(first) if first else self.source.line
        self.raw_chunks.append((text.lstrip("\n"), start))

        def line_of(needle: str) -> int:
            index = text.lower().find(needle.lower())
            return start + (text[:index].lstrip().count("\n") if index >= 0 else 0)

        for message in check_raw_html(text):
            tag = re.search(r"<(\w+)", message)
            self.problems.add(self.source.path, line_of("<" + tag.group(1) if tag else ""), message)
        for ident in raw_html_ids(text):
            if not self.ids.claim(ident, self.source.path):
                self.problems.add(
                    self.source.path,
                    line_of(f"id={ident}")
                    if f"id={ident}" in text
                    else line_of(f'id="{ident}"')
                    if f'id="{ident}"' in text
                    else line_of(f"id='{ident}'"),
                    f"id {quote(ident)} is already used in {self.ids.ids[ident]}; give each element its own id",
                )
        # raw tables and figures reach the pages like Markdown ones, and are counted there
        tags = raw_html_tags(text)
        self.tables += tags.count("table")
        self.figures += tags.count("figure")

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
            self.fail(
                f"][{label}]" if label != text else written,
                f"reference link {quote(written)}: no chapter defines [{label}] and no heading is titled {quote(label)}; "
                f"add a line '[{label}]: https://…' or '[{label}]: #ID', or write the link as [{text}](#ID)",
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
        if node["t"] in ("RawBlock", "RawInline") and node["c"][0].lower() in ("html", "html5"):
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
            marker = {"t": "Span", "c": [["", ["rec-number"], []], [{"t": "Str", "c": str(number)}]]}
            block["c"] = [level, [ident, classes + ["recommendation"], pairs], [marker, {"t": "Space"}, *inlines]]
        return node
