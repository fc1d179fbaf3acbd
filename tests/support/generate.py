"""Report folders nobody wrote by hand: the README's promises checked on what they build.

``generated_report(folder, seed)`` writes a conforming report folder whose
shape comes from the seed: A4 or letter, two to four chapters of random
length, notes called anywhere (so some calls fall in the last lines of a
page), long words, a wide table, an SVG chart whose text asks for the
families charting tools write (``sans-serif``, Helvetica, Arial, Times),
sometimes a camera-sized photo, a tinted panel of recommendations, headed
lists of terms and their definitions, and one to three profiles.

Every note body and every call carries a token (``N1007`` and ``C1007``): the
tests find both in the finished PDF's text and hold them to the same page.
So do the terms: a heading ``H1007`` over its first term ``T1007``, and each
term ``T1007`` over its definition ``D1007``.
"""

from __future__ import annotations

import os
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

WORDS = (
    "trade data port market cloud ledger parcel tariff invoice harbour signal network "
    "customs payment courier broadband supplier warehouse platform exporter"
).split()
LONG_WORDS = ("telecommunicationsinfrastructure", "interoperability", "Mitteilungsverordnungen", "counterintuitively")
SVG_FAMILIES = ("sans-serif", "serif", "Helvetica", "Arial", "Times New Roman", "Helvetica, Arial, sans-serif")
COUNTRIES = (("FJ", "Suva"), ("WS", "Apia"), ("VN", "Hanoi"), ("ID", "Jakarta"), ("PH", "Cebu"), ("TH", "Chiang Mai"))


@dataclass
class Generated:
    """What was written, so a test knows what to look for."""

    folder: Path
    slug: str
    notes: list[str] = field(default_factory=list)
    """The note tokens, ``1007`` for ``C1007``/``N1007``."""
    profiles: list[str] = field(default_factory=list)
    photo: Path | None = None
    terms: list[str] = field(default_factory=list)
    """The term tokens, ``1007`` for ``T1007``/``D1007``."""
    term_headings: list[tuple[str, str]] = field(default_factory=list)
    """Each heading over a list of terms and its first term: (``H`` token, ``T`` token)."""


def generated_report(folder: Path, seed: int, photo: bool | None = None) -> Generated:
    rng = random.Random(seed)
    slug = f"generated-{seed}"
    made = Generated(folder=folder, slug=slug)
    for name in ("chapters", "profiles", "images"):
        (folder / name).mkdir(parents=True, exist_ok=True)

    def sentence(low: int = 6, high: int = 16) -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
        if rng.random() < 0.15:
            words[rng.randrange(len(words))] = rng.choice(LONG_WORDS)
        return " ".join(words).capitalize() + "."

    def note() -> str:
        token = f"{seed % 100:02d}{len(made.notes):02d}"
        made.notes.append(token)
        return token

    boxes = random.Random(f"boxes-{seed}")  # a stream of its own: the rest of a seed's report stays as it was
    glossed = random.Random(f"terms-{seed}")  # and one for the lists of terms
    chart = rng.choice(SVG_FAMILIES)
    (folder / "images" / "chart.svg").write_text(chart_svg(chart), encoding="utf-8")
    if photo if photo is not None else rng.random() < 0.25:
        made.photo = folder / "images" / "photo.jpg"
        camera_photo(made.photo, rng)

    contents = []
    for n in range(1, rng.randint(3, 5)):
        paragraphs = []
        notes = []
        for _ in range(rng.randint(3, 14)):
            text = " ".join(sentence() for _ in range(rng.randint(2, 9)))
            if rng.random() < 0.35:
                token = note()
                text += f" C{token}[^n{token}]"
                notes.append(f"[^n{token}]: N{token} {sentence(4, 30)}")
            paragraphs.append(text)
        if n == 1:
            paragraphs.insert(rng.randint(0, len(paragraphs)), f"![A chart of four values, labelled in {chart}](images/chart.svg)")
            paragraphs.insert(rng.randint(0, len(paragraphs)), wide_table(rng))
        if made.photo is not None and n == 2:
            paragraphs.insert(rng.randint(0, len(paragraphs)), "![A market street seen from above](images/photo.jpg)")
        if n == 2:
            paragraphs.insert(boxes.randint(0, len(paragraphs)), recommendations(boxes))
        for _ in range(glossed.randint(1, 2)):
            paragraphs.insert(glossed.randint(1, len(paragraphs)), definitions(glossed, made, seed))
        body = "\n\n".join(paragraphs)
        (folder / "chapters" / f"part-{n}.md").write_text(
            f"---\ntitle: Part {n} {rng.choice(WORDS)}\n---\n\n## Section {n}\n\n{body}\n\n" + "\n\n".join(notes) + "\n",
            encoding="utf-8",
        )
        contents.append(f"  - chapter: chapters/part-{n}.md")

    for index in range(rng.randint(1, 3)):
        code, city = COUNTRIES[(seed + index) % len(COUNTRIES)]
        stem = f"{code.lower()}-shop-{index}"
        token = note()
        (folder / "profiles" / f"{stem}.yaml").write_text(
            textwrap.dedent(f"""\
            name: Shop {index} of {city}
            country: {code}
            city: {city}
            sector: {rng.choice(WORDS).capitalize()} services
            founded: {rng.randint(1990, 2020)}
            summary: {sentence()}
            story: |
              {" ".join(sentence() for _ in range(rng.randint(2, 6)))} C{token}[^p{token}]

              [^p{token}]: N{token} {sentence(3, 10)}
            """),
            encoding="utf-8",
        )
        made.profiles.append(f"Shop {index} of {city}")
    page_size = rng.choice(("A4", "letter"))
    (folder / "report.yaml").write_text(
        f"title: Generated report {seed}\nslug: {slug}\nlanguage: en\npublisher: Nobody in particular\ndate: 2021-01-02\n"
        f"identifier: urn:uuid:12345678-1234-5678-1234-{seed:012d}\npage_size: {page_size}\ncontents:\n"
        + "\n".join(contents)
        + "\n  - profiles:\n      title: People\n",
        encoding="utf-8",
    )
    return made


def recommendations(rng: random.Random) -> str:
    """A tinted panel of two to five numbered recommendations, each a heading and one to three paragraphs."""

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."

    items = []
    for _ in range(rng.randint(2, 5)):
        paragraphs = [" ".join(sentence(6, 16) for _ in range(rng.randint(2, 7))) for _ in range(rng.randint(1, 3))]
        items.append(f"### {sentence(3, 7)[:-1]}\n\n" + "\n\n".join(paragraphs))
    return "::: recommendations\n\n" + "\n\n".join(items) + "\n\n:::"


def definitions(rng: random.Random, made: Generated, seed: int) -> str:
    """A heading over two to five terms, each defined in one or two paragraphs: ``H`` heads, ``T`` terms, ``D`` definitions."""

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."

    def token() -> str:
        found = f"{seed % 100:02d}{len(made.terms):02d}"
        made.terms.append(found)
        return found

    heading = f"{seed % 100:02d}{len(made.term_headings):02d}"
    items = []
    for _ in range(rng.randint(2, 5)):
        term = token()
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))).capitalize()
        body = "\n\n    ".join(" ".join(sentence(5, 14) for _ in range(rng.randint(1, 5))) for _ in range(rng.randint(1, 2)))
        items.append(f"T{term} {words}\n\n:   D{term} {body}")
    made.term_headings.append((heading, made.terms[-len(items)]))
    return f"### Terms H{heading}\n\n" + "\n\n".join(items)


def wide_table(rng: random.Random) -> str:
    columns = rng.randint(5, 9)
    head = "| " + " | ".join(f"Column {c} {rng.choice(WORDS)}" for c in range(columns)) + " |"
    rule = "|" + "|".join("---:" if c else ":---" for c in range(columns)) + "|"
    rows = [
        "| " + " | ".join(rng.choice(WORDS) if c == 0 else f"{rng.randint(1, 99_999):,}" for c in range(columns)) + " |" for _ in range(6)
    ]
    return "\n".join([head, rule, *rows, "", ": A wide table of values by column"])


def chart_svg(family: str) -> str:
    bars = "".join(
        f'<rect x="{20 + 45 * i}" y="{110 - h}" width="30" height="{h}" fill="#0b5c7a"/>'
        f'<text x="{35 + 45 * i}" y="128" font-family="{family}" font-size="11" text-anchor="middle">Q{i + 1}</text>'
        for i, h in enumerate((30, 55, 80, 95))
    )
    title = f'<text x="20" y="16" font-family="{family}" font-size="13" font-weight="bold">Values by quarter</text>'
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="140" viewBox="0 0 200 140">{title}{bars}</svg>\n'


def camera_photo(path: Path, rng: random.Random) -> None:
    """A 12-megapixel JPEG that does not compress away: noise over a gradient."""
    from PIL import Image

    width, height = 4000, 3000
    noise = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    Image.blend(gradient, noise, 0.35).save(path, quality=92)


def seeds(default: list[int]) -> list[int]:
    """The seeds of generated reports to test: ``$FOLIO_SEEDS`` (``1-60``, ``3,17,40-45``), else ``default``."""
    wanted = os.environ.get("FOLIO_SEEDS", "")
    if not wanted:
        return default
    found: list[int] = []
    for piece in wanted.split(","):
        low, _, high = piece.partition("-")
        found.extend(range(int(low), int(high or low) + 1))
    return found
