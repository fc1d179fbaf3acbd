"""A profile: ``profiles/STEM.yaml``, one small business.

:func:`folio.source.profiles.load_profile` reads these fields.
"""

from __future__ import annotations

from folio.source.schema.types import Countries, Country, Field, Flag, Mapping, Schema, Text, TextList, Url, Whole

PROFILE = Schema(
    title="A profile",
    intro="One small business per file, `profiles/STEM.yaml`; its id is `profile-STEM`. See [Profiles](../guides/profiles.md).",
    fields=(
        Text("name", required=True, max_len=200, meaning="The business's name.", example="Harbour Weaving"),
        Mapping(
            "name_local",
            keys=("text", "lang"),
            meaning="`{text, lang}`: the name in its own script.",
            example="{text: 久望窯, lang: ja}",
        ),
        Country(
            "country",
            required=True,
            meaning="ISO 3166-1 alpha-2 code, shown as the economy's name in the edition's language.",
            example="NZ",
        ),
        Text("city", required=True, max_len=200, meaning="Where it is based.", example="Wellington"),
        Text("sector", required=True, max_len=200, meaning="What it does, in a few words.", example="Textiles"),
        Whole(
            "founded",
            required=True,
            low=1800,
            high="this year",
            expects="a year like 2015 ({low} to {high})",
            meaning="The year it was founded.",
            example="2016",
        ),
        Whole("employees", low=1, expects="a whole number of people, 1 or more", meaning="How many people work there.", example="6"),
        Url("website", meaning="An `https://` URL, shown, never fetched.", example="https://example.org"),
        Mapping(
            "founder",
            keys=("name", "role", "name_local"),
            meaning="`{name, role, name_local: {text, lang}}`.",
            example="{name: Aroha Smith, role: Weaver}",
        ),
        Text(
            "summary",
            required=True,
            max_len=600,
            meaning="One sentence.",
            example="A weaving studio that sells throws to buyers abroad.",
        ),
        Text(
            "story",
            required=True,
            max_len=50_000,
            meaning="Markdown, with the same rules as a chapter.",
            example="The studio started at a weekend market.",
        ),
        TextList("tools", meaning="The digital tools and services the business relies on.", example="[Online shop, Payments app]"),
        Countries("markets", meaning="ISO codes of the economies it sells into.", example="[AU, JP]"),
        Field(
            "challenges",
            expects="a list of challenges (lines starting with '- ')",
            meaning="A list; an item may be `{text, recommendation: ID}` to tie it to a numbered recommendation.",
            example="[Shipping costs are higher than the price of a scarf.]",
        ),
        Mapping("quote", keys=("text", "by"), meaning="`{text, by}`.", example="{text: Every order is packed by hand., by: The founder}"),
        TextList("tags", meaning="A list of short strings.", example="[export, crafts]"),
        Mapping(
            "photo",
            keys=("src", "alt", "crop", "focus"),
            meaning=(
                "`{src, alt, crop, focus}`; `alt` is required; `crop: 1:1` (or `square`, `portrait`, `landscape`) cuts the "
                "photo to a shape around its `focus` (see [Profiles](../guides/profiles.md)); without `crop` it is set whole."
            ),
            example="{src: images/weaver.jpg, alt: The weaver at her loom}",
        ),
        Flag("illustrative", meaning="`true`: a composite profile, labelled so in every edition.", example="true"),
    ),
)
