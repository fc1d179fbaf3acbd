"""``folio: ">=0.2"`` in report.yaml: the folio versions a report folder was written for.

A report records the contract it follows; a folio outside that range may read
the folder differently, so it says so where the field is, before anything is
built, instead of building something subtly different.
"""

from __future__ import annotations

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from folio import __version__
from folio.project import DISTRIBUTION
from folio.source.fields import Fields
from folio.source.schema import REPORT


def check_folio_version(fields: Fields, running: str = __version__) -> None:
    """A located problem when the report's ``folio:`` range leaves out this folio."""
    wanted = fields.text(REPORT["folio"].name, max_len=200)
    if wanted is None:
        return
    try:
        versions = SpecifierSet(wanted)
    except InvalidSpecifier:
        fields.bad("folio", REPORT["folio"].expects)
        return
    if not versions.contains(Version(running), prereleases=True):
        fields.fail(
            "folio",
            f"folio: this report is written for folio {wanted}, and this is folio {running}; "
            f"install a folio that fits (pipx install '{DISTRIBUTION}{wanted}'), or update the report for folio {running} "
            "(its release notes list what changed) and set this field to match",
        )
