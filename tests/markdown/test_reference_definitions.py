"""A reference definition whose target stands on the next line, as pandoc's manual writes some.

``[Encoding issue with the listings package]:`` followed by the URL on the
line below is a definition to pandoc; another chapter's ``[…][]`` must find
it, not be refused as a link to nothing.
"""

from __future__ import annotations

from pathlib import Path

from folio.markdown.render import render_markdown
from folio.run.cache import Cache
from folio.source.load import load_report

REPORT = """title: Definitions
slug: definitions
language: en
publisher: Test Press
date: 2024-03-01
identifier: urn:uuid:6f1c1f4e-4a8e-4d1a-9d64-0b8f5b1c2a11
contents:
  - chapter: chapters/one.md
  - chapter: chapters/two.md
"""


def test_a_definition_with_its_target_on_the_next_line_serves_another_chapter(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "report.yaml").write_text(REPORT, encoding="utf-8")
    (tmp_path / "chapters" / "one.md").write_text(
        "---\ntitle: One\n---\n\nSee the [listings issue].\n\n[listings issue]:\n  https://example.org/listings\n", encoding="utf-8"
    )
    (tmp_path / "chapters" / "two.md").write_text(
        "---\ntitle: Two\n---\n\nAs documented in [the issue][listings issue] and [listings issue][].\n", encoding="utf-8"
    )
    fragments = render_markdown(load_report(tmp_path), Cache(None))
    two = fragments.parts["chapters/two.md"].print_html
    assert two.count('href="https://example.org/listings"') == 2, two
