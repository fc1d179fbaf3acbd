"""A chapter's header: the YAML between the two ``---`` lines at the top of ``chapters/NAME.md``.

:func:`folio.source.load.load_chapter` and :func:`folio.source.matter.header_fields` read these fields.
"""

from __future__ import annotations

from folio.source.schema.types import EXPECTS, ID, Choice, Field, Language, Pattern, Schema, Text

CHAPTER = Schema(
    title="A chapter's header",
    intro=(
        "A chapter (`chapters/NAME.md`) starts with a YAML header between two `---` lines; the Markdown text follows. "
        "See [Chapters](../guides/chapters.md)."
    ),
    fields=(
        Text(
            "title",
            required=True,
            max_len=300,
            meaning="The chapter's title, in the contents, the bookmarks and the running heads.",
            example="Introduction",
        ),
        Pattern(
            "id",
            pattern=ID,
            expects="an id of letters, digits and hyphens, starting with a letter",
            default_words="the file name",
            meaning=(
                "What `#ID` links to (default the file name; a name starting with a digit gets `ch-`). "
                "An id starting `sec-` makes the chapter a target of `@sec-ID`."
            ),
            example="introduction",
        ),
        Text(
            "short_title",
            max_len=120,
            meaning="For running heads and the contents, when the title is long.",
            example="Why now",
        ),
        Text(
            "summary",
            max_len=2000,
            meaning="Set as the standfirst under the chapter title.",
            example="What the report asks, and why now.",
        ),
        Field(
            "from",
            accepts_words="a pandoc reader, like markdown, gfm or commonmark_x-smart",
            default_words="the report's `from:`",
            meaning=(
                "The chapter's own Markdown reader, when it is not the report's `from:` (a chapter brought from an mdBook: `commonmark`)."
            ),
            example="commonmark",
        ),
        Choice(
            "role",
            choices=("foreword", "preface", "summary", "acknowledgments", "introduction"),
            expects="foreword, preface, summary, acknowledgments, introduction",
            meaning=(
                "For a front part: `foreword`, `preface`, `summary` (an executive summary, set apart on a tint), "
                "`acknowledgments` or `introduction`; each an EPUB landmark with its DPUB-ARIA role."
            ),
            example="foreword",
        ),
        Field(
            "byline",
            expects=EXPECTS["texts"],
            accepts_words="a name as text, or a list of them (lines starting with '- ')",
            meaning=(
                'A string or a list of "Name, Title" strings, set under the title (at the end of a foreword, the name above the title).'
            ),
            example='"Ana Lima, Director"',
        ),
        Language(
            "lang",
            default_words="the report's `language`",
            meaning="The chapter's language, title included, when it is not the report's.",
            example="mi",
        ),
    ),
)
