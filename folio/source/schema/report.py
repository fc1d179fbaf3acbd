"""``report.yaml``: the report's metadata and reading order.

Each declaration is one field, in the order the reference page and ``folio
new``'s ``report.yaml`` list them (and the order "allowed fields" names
them). :mod:`folio.source.load` reads the fields with these declarations.
"""

from __future__ import annotations

from folio.source.schema.types import HEX_COLOUR, SLUG, Choice, Date, Field, Item, Language, Mapping, Pattern, Schema, Text, TextList

REPORT = Schema(
    title="report.yaml",
    intro=(
        "The report's metadata and reading order, at the top of the report folder. Every report folio builds has one; "
        "`folio new` writes one with every field, the optional ones commented out."
    ),
    fields=(
        Text(
            "title",
            required=True,
            max_len=300,
            meaning="The report's title, on the cover, in the metadata and the window title of every edition.",
            example="New Faces of Digital Trade",
        ),
        Text("subtitle", max_len=300, meaning="A line under the title.", example="What the report is about, in one line"),
        Text(
            "short_title",
            max_len=120,
            default_words="the title",
            meaning="For running heads, when the title is long.",
            example="New Faces",
        ),
        Pattern(
            "slug",
            required=True,
            pattern=SLUG,
            expects="lower-case letters, digits and hyphens, like my-report",
            meaning="Names the output files, `SLUG.pdf`, `SLUG.epub`.",
            example="new-faces",
        ),
        Language(
            "language",
            required=True,
            meaning="BCP 47 tag of the main text, e.g. `en`; sets hyphenation, the words folio sets itself and the editions' language.",
            example="en",
        ),
        Text(
            "publisher",
            required=True,
            max_len=300,
            meaning="The organisation that publishes the report.",
            example="Your Organisation",
        ),
        TextList("authors", meaning="A list of names.", example="[Ana Lima, Sam Okafor]"),
        Date(
            "date",
            required=True,
            meaning="The publication date (`YYYY-MM-DD`), stamped in the PDF and EPUB metadata; editions read no clock.",
            example="2025-06-30",
        ),
        Field(
            "identifier",
            required=True,
            expects="urn:uuid: followed by a UUID, or urn:isbn: followed by a valid ISBN",
            meaning="`urn:uuid:…` or `urn:isbn:…` (an ISBN's check digit is checked).",
            example="urn:isbn:978-0-306-40615-7",
        ),
        Text("rights", max_len=1000, meaning="A copyright or licence line.", example="© 2025 Your Organisation. CC BY 4.0."),
        Text(
            "description",
            max_len=5000,
            meaning="One paragraph for the metadata.",
            example="One paragraph for the metadata of the PDF and EPUB.",
        ),
        TextList("keywords", meaning="A list of strings for the metadata.", example="[trade, small business]"),
        Field(
            "cover",
            accepts_words="the path of a picture (PNG, JPEG or SVG) in images/",
            default_words="a typographic cover",
            meaning="An image in `images/`; without one folio sets a typographic cover from the metadata.",
            example="images/cover.png",
        ),
        Field(
            "page_size",
            default="A4",
            expects='A4, letter, A5, B5, 6x9in, or a width and height like "170mm 240mm" (100 to 500 mm)',
            meaning=(
                '`A4` (default), `letter`, `A5`, `B5`, `6x9in`, or a width and height such as `"170mm 240mm"` '
                "(100 to 500 mm a side); the margins, the cover and the print edition's bleed follow the paper."
            ),
            example="A4",
        ),
        Pattern(
            "accent",
            pattern=HEX_COLOUR,
            expects='a colour like "#0b5c7a"',
            meaning='The one accent colour, `"#rrggbb"`.',
            example='"#0b5563"',
        ),
        Text(
            "accessibility_summary",
            max_len=2000,
            default_words="written by folio",
            meaning="The EPUB's accessibility summary, when the generated one does not fit.",
            example="Every chart is also given as a table.",
        ),
        Field(
            "contents",
            required=True,
            expects="a list of parts, e.g. '- chapter: chapters/intro.md'",
            meaning="The reading order: a list of parts, each one of the kinds of item [below](#contents).",
            example="[{chapter: chapters/01-introduction.md}]",
        ),
        Field(
            "folio",
            expects='a version range like ">=0.2" or ">=0.2,<1"',
            meaning='The folio versions the report is written for, e.g. `">=0.2"`; any other folio stops at this line and says what to do.',
            example='">=0.2"',
        ),
        Choice(
            "pdf_standard",
            choices=("ua-1", "ua-2"),
            fold_case=True,
            default="ua-1",
            expects="ua-1 or ua-2",
            meaning="The screen and print PDFs' accessibility level: `ua-1` (default, PDF 1.7) or `ua-2` (PDF/UA-2, PDF 2.0).",
            example="ua-1",
        ),
        Choice(
            "fallback",
            choices=("original",),
            expects="original (an untranslated part is set in the original language), or no fallback field",
            meaning=(
                "`original`: a part not yet translated is set in the original language (see [Translations](../guides/translations.md))."
            ),
            example="original",
        ),
        Mapping(
            "crossref",
            keys=("page",),
            meaning=(
                '`{page: true}`: in the PDF a cross-reference also gives its target\'s page ("Figure 2, page 7") '
                "unless the target is on the same spread."
            ),
            example="{page: true}",
        ),
        Field(
            "logo",
            expects='{src: images/NAME.svg, alt: "…"}',
            meaning=(
                '`{src: images/logo.svg, alt: "…"}` or a list of them (SVG or PNG), set at the foot of the typographic cover '
                "on a white plate."
            ),
            example="{src: images/logo.svg, alt: Your Organisation}",
        ),
        Field(
            "from",
            accepts_words="a pandoc reader, like markdown, gfm or commonmark_x-smart",
            default="markdown",
            meaning=(
                "The Markdown reader every chapter is read with, unless a chapter names its own: pandoc's `markdown` "
                "(the default, and what Quarto writes), `commonmark`, `commonmark_x`, `gfm` (GitHub's; an mdBook is "
                "`commonmark`), `markdown_strict`, `markdown_phpextra` or `markdown_mmd`, each with extensions added or "
                "taken off as pandoc writes them (`commonmark_x-smart`)."
            ),
            example="markdown",
        ),
    ),
    items_intro=(
        "`contents` lists the report's parts in reading order, each item one of these. Every file named must exist, "
        "and a chapter in `chapters/` that is not listed is an error unless its name starts with `_` (a draft)."
    ),
    items=(
        Item(
            "front",
            meaning=(
                "`chapters/NAME.md`: front matter (a foreword, an executive summary, acknowledgments) before every other "
                "item: unnumbered, on the roman-numbered pages after the contents; its `role:` sets its look and EPUB role."
            ),
            example="chapters/foreword.md",
        ),
        Item("chapter", meaning="`chapters/NAME.md`: a numbered chapter.", example="chapters/01-introduction.md"),
        Item(
            "profiles",
            meaning=(
                "`title` (required), `intro` (a chapter shown before the profiles), `include` (profile file stems in "
                "order; absent, every profile sorted by economy then name), and `glance: false` to leave out the "
                "profiles-at-a-glance table, or `glance: numbered` to number and caption it."
            ),
            example="{title: Profiles}",
        ),
        Item(
            "key_figures",
            meaning=(
                "`data/NAME.yaml`: a page of headline numbers with charts drawn from the data "
                "(see [Key figures](../guides/key-figures.md))."
            ),
            example="data/key-figures.yaml",
        ),
        Item(
            "appendix",
            meaning=(
                "`chapters/NAME.md`: after the last chapter, lettered A, B, C in its heading, the contents, the bookmarks "
                "and the running heads."
            ),
            example="chapters/methods.md",
        ),
        Item(
            "glossary",
            meaning=(
                "`data/NAME.yaml` (`title:` and `terms:`, each term followed by its meaning) or `chapters/NAME.md` "
                "(a chapter holding a definition list): term beside meaning, after the last chapter."
            ),
            example="data/glossary.yaml",
        ),
        Item(
            "list_of_figures",
            meaning=(
                'Empty, a title, or `{title: …}` (default "Figures"): each numbered figure with its caption and page, in the front matter.'
            ),
            example="Figures",
        ),
        Item(
            "list_of_tables",
            meaning=(
                'Empty, a title, or `{title: …}` (default "Tables"): each numbered table with its caption and page, in the front matter.'
            ),
            example="Tables",
        ),
        Item("bibliography", meaning="`TITLE` or `{title: TITLE}`: where the reference list goes.", example="References"),
    ),
)
