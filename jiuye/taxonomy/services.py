"""Writing the classifications, and the whole reference-data load (`refdata_load`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import models, transaction

from jiuye.geography.refcsv import Parsed, SourceWarning
from jiuye.geography.services import (
    IdsByCode,
    LoadReport,
    SyncCounts,
    record_refdata_event,
    sync_by_code,
    write_geography,
)
from jiuye.geography.sources import read_divisions

from . import sources
from .models import EducationLevel, Industry, IscoGroup, KeyGroup, Occupation
from .sources import TreeRow

GEOGRAPHY = "geography"
TAXONOMY = "taxonomy"
PARTS = (GEOGRAPHY, TAXONOMY)


def _write_tree(model: type[models.Model], rows: Sequence[TreeRow], names: Sequence[str]) -> SyncCounts:
    """Write a coded hierarchy level by level. Only the columns the source provides are managed:
    `names` lists which of name_zh / name_en / gbm_code it has."""
    ids = IdsByCode(model)

    def values(r: TreeRow) -> dict[str, Any]:
        wanted: dict[str, Any] = {name: getattr(r, name) for name in names}
        wanted["level"] = r.level
        wanted["parent_id"] = ids[r.parent_code] if r.parent_code else None
        return wanted

    fields = (*names, "level", "parent_id")
    rows = sorted(rows, key=lambda r: (r.level, r.code))
    return sync_by_code(model, rows, fields, values, ids=ids, group=lambda r: r.level)


def _write_flat(model: type[models.Model], rows: Sequence[Any], fields: Sequence[str]) -> SyncCounts:
    return sync_by_code(model, rows, fields, lambda r: {f: getattr(r, f) for f in fields})


@dataclass
class TaxonomySources:
    occupations: Parsed[TreeRow]
    isco: Parsed[TreeRow]
    education: Parsed[sources.EducationRow]
    industries: Parsed[sources.IndustryRow]
    key_groups: Parsed[sources.KeyGroupRow]

    @property
    def warnings(self) -> list[SourceWarning]:
        parts = (self.occupations, self.isco, self.education, self.industries, self.key_groups)
        return [w for p in parts for w in p.warnings]


def read_taxonomy(root: Path) -> TaxonomySources:
    """Every classification file, validated (raises `SourceError`); nothing is written."""
    return TaxonomySources(
        occupations=sources.read_occupations(Path(root)),
        isco=sources.read_isco(Path(root)),
        education=sources.read_education_levels(),
        industries=sources.read_industries(),
        key_groups=sources.read_key_groups(),
    )


def write_taxonomy(parsed: TaxonomySources) -> LoadReport:
    with transaction.atomic():
        counts = {
            # 大典 has no English names and ISCO no Chinese ones: those columns are left as they are.
            "occupations": _write_tree(Occupation, parsed.occupations.rows, ("name_zh", "gbm_code")),
            "isco_groups": _write_tree(IscoGroup, parsed.isco.rows, ("name_en",)),
            "education_levels": _write_flat(
                EducationLevel, parsed.education.rows, ("rank", "name_zh", "name_en")
            ),
            "industries": _write_flat(Industry, parsed.industries.rows, ("name_zh", "name_en")),
            "key_groups": _write_flat(
                KeyGroup,
                parsed.key_groups.rows,
                ("is_employment_difficulty", "name_zh", "name_en", "description_zh", "description_en"),
            ),
        }
    return LoadReport(counts, parsed.warnings)


def load_taxonomy(root: Path, *, dry_run: bool = False) -> LoadReport:
    """The classifications alone (`taxonomy_load`)."""
    return load_reference_data(root, only=TAXONOMY, dry_run=dry_run)


def load_reference_data(root: Path, *, only: str | None = None, dry_run: bool = False) -> LoadReport:
    """Divisions and classifications in one transaction, with one audit event.

    Every file is read and validated before the first write, and the writes share one transaction,
    so a bad file or a failed write leaves the database as it was. `dry_run` does the whole load
    and rolls it back, to see what would change.
    """
    if only is not None and only not in PARTS:
        raise ValueError(f"only must be one of {PARTS}, not {only!r}")
    root = Path(root)
    divisions = read_divisions(root) if only in (None, GEOGRAPHY) else None
    taxonomy = read_taxonomy(root) if only in (None, TAXONOMY) else None
    with transaction.atomic():
        report = LoadReport()
        if divisions is not None:
            report.merge(write_geography(divisions))
        if taxonomy is not None:
            report.merge(write_taxonomy(taxonomy))
        record_refdata_event(report, root)
        if dry_run:
            transaction.set_rollback(True)
    return report
