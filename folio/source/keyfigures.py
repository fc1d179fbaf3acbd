"""Load the key-figures data file (``contents: - key_figures: data/NAME.yaml``).

The file holds the report's headline numbers and, for some, the data of a
small chart.  Charts are drawn at build time from these numbers by the
templates in ``templates/charts/``; this module only checks the data.
"""

from __future__ import annotations

from pathlib import Path

from folio.errors import Problems, quote
from folio.model import Chart, KeyFigure, KeyFiguresPart
from folio.project import docs
from folio.source.fields import Fields
from folio.yamlfile import YamlList, YamlMap, line_of, load_mapping

CHART_KINDS = ("share", "bars")


def load_key_figures(path: Path, shown: str, problems: Problems, reference_lines: dict[str, int]) -> KeyFiguresPart | None:
    before = len(problems.items)  # problems said from here on stop the part
    data = load_mapping(path, problems, shown, f"should be a mapping with title and figures (see {docs('guides/key-figures/')})")
    if data is None:
        return None
    fields = Fields(data, shown, problems)
    fields.only(("title", "intro", "figures"))
    title = fields.text("title", required=True, max_len=300)
    intro = fields.text("intro", max_len=2000)
    items = data.get("figures")
    figures: list[KeyFigure] = []
    if not isinstance(items, YamlList) or not items:
        fields.fail("figures" if "figures" in data else None, "figures: expected a list of figures, each with display and label")
        items = YamlList()
    for index, item in enumerate(items):
        line = line_of(items, index)
        if not isinstance(item, YamlMap):
            problems.add(shown, line, f"figures: item {index + 1} should be a mapping with display and label")
            continue
        figure = key_figure(Fields(item, shown, problems, prefix=f"figures[{index + 1}]."), reference_lines)
        if figure is not None:
            figures.append(figure)
    if len(problems.items) > before or title is None:
        return None
    return KeyFiguresPart(path=shown, title=title, intro=intro, figures=tuple(figures))


def key_figure(fields: Fields, reference_lines: dict[str, int]) -> KeyFigure | None:
    fields.only(("display", "label", "cite", "chart"))
    display = fields.text("display", required=True, max_len=40)
    label = fields.text("label", required=True, max_len=300)
    cite = fields.text("cite")
    if cite is not None and cite not in reference_lines:
        fields.fail("cite", f"{fields.name('cite')}: {quote(cite)} is not an id in references.yaml; add it there or fix the key")
        cite = None
    chart = chart_of(fields) if fields.present("chart", False) else None
    if display is None or label is None:
        return None
    return KeyFigure(display=display, label=label, cite=cite, chart=chart, line=fields.line())


def chart_of(parent: Fields) -> Chart | None:
    fields = parent.sub("chart")
    if fields is None:
        return None
    fields.only(("kind", "value", "total", "bars", "unit", "text"))
    kind = fields.text("kind", required=True)
    text = fields.text("text", required=True, max_len=1000)
    unit = fields.text("unit", max_len=40)
    if kind not in CHART_KINDS:
        if kind is not None:
            fields.bad("kind", " or ".join(CHART_KINDS))
        return None
    if kind == "share":
        value = fields.number("value", required=True)
        total = fields.number("total", required=True)
        if value is not None and total is not None and not (0 <= value <= total and total > 0):
            fields.fail("value", f"{fields.name('value')}: expected a number between 0 and total ({total:g}), got {value:g}")
            return None
        if value is None or total is None or text is None:
            return None
        return Chart(kind=kind, text=text, value=value, total=total, unit=unit)
    bars = fields.data.get("bars")
    if not isinstance(bars, YamlList) or not bars:
        fields.fail("bars" if "bars" in fields.data else None, f"{fields.name('bars')}: expected a list of {{label, value}} items")
        return None
    clean: list[tuple[str, float]] = []
    for index, bar in enumerate(bars):
        if not isinstance(bar, YamlMap):
            fields.problems.add(
                fields.path, line_of(bars, index), f"{fields.name('bars')}: item {index + 1} should be {{label: …, value: …}}"
            )
            continue
        bar_fields = Fields(bar, fields.path, fields.problems, prefix=f"{fields.name('bars')}[{index + 1}].")
        bar_fields.only(("label", "value"))
        label = bar_fields.text("label", required=True, max_len=100)
        value = bar_fields.number("value", required=True)
        if value is not None and value < 0:
            bar_fields.fail("value", f"{bar_fields.name('value')}: must be 0 or more, got {value:g}")
            continue
        if label is not None and value is not None:
            clean.append((label, value))
    if len(clean) != len(bars) or text is None:
        return None
    return Chart(kind=kind, text=text, bars=tuple(clean), unit=unit)
