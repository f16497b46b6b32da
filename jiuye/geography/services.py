"""Writing the division tree. The only code that changes Division rows from reference files."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import models, transaction

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind

from .models import Division
from .refcsv import Parsed, SourceWarning
from .sources import DivisionRow, read_divisions

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
ACTOR = "refdata_load"


@dataclass
class SyncCounts:
    """What one load did to one table."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    not_in_source: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_dict(self) -> dict[str, int]:
        return {
            "total": self.total,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "not_in_source": self.not_in_source,
        }


@dataclass
class LoadReport:
    counts: dict[str, SyncCounts] = field(default_factory=dict)
    warnings: list[SourceWarning] = field(default_factory=list)

    def merge(self, other: LoadReport) -> LoadReport:
        self.counts.update(other.counts)
        self.warnings.extend(other.warnings)
        return self

    def as_data(self) -> dict[str, Any]:
        return {
            "counts": {name: c.as_dict() for name, c in self.counts.items()},
            "warnings": [str(w) for w in self.warnings],
        }


class IdsByCode:
    """code → pk of a model's rows, read when first needed and again after each written group."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self._ids: dict[str, int] | None = None

    def __getitem__(self, code: str) -> int:
        if self._ids is None:
            self._ids = dict(self.model.objects.values_list("code", "pk"))
        return self._ids[code]

    def forget(self) -> None:
        self._ids = None


def sync_by_code(
    model: type[models.Model],
    rows: Sequence[Any],
    fields: Sequence[str],
    values: Callable[[Any], dict[str, Any]],
    *,
    ids: IdsByCode | None = None,
    group: Callable[[Any], Any] | None = None,
) -> SyncCounts:
    """Make `model` hold `rows` (keyed by `code`): create the missing, update the changed, leave the rest.

    `values(row)` gives the wanted `fields`. A tree comes in groups (`group(row)`, its level), parents
    first, and `values` reads parents' primary keys from `ids`, re-read after each group. Rows absent
    from the source are counted, never deleted: people and postings refer to them (PROTECT).
    """
    existing = {obj.code: obj for obj in model.objects.only("pk", "code", *fields)}
    counts = SyncCounts(not_in_source=len(existing.keys() - {r.code for r in rows}))
    for batch in _grouped(rows, group):
        to_create, to_update = [], []
        for row in batch:
            wanted = values(row)
            obj = existing.get(row.code)
            if obj is None:
                to_create.append(model(code=row.code, **wanted))
            elif any(getattr(obj, k) != v for k, v in wanted.items()):
                for k, v in wanted.items():
                    setattr(obj, k, v)
                to_update.append(obj)
            else:
                counts.unchanged += 1
        model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
        if to_update:
            model.objects.bulk_update(to_update, list(fields), batch_size=BATCH_SIZE)
        counts.created += len(to_create)
        counts.updated += len(to_update)
        if ids is not None:
            ids.forget()
    return counts


def _grouped(rows: Sequence[Any], key: Callable[[Any], Any] | None) -> Iterable[list[Any]]:
    if key is None:
        yield list(rows)
        return
    batch: list[Any] = []
    for row in rows:
        if batch and key(row) != key(batch[0]):
            yield batch
            batch = []
        batch.append(row)
    if batch:
        yield batch


DIVISION_FIELDS = ("name_zh", "name_en", "level", "parent_id", "path", "latitude", "longitude")


def write_divisions(rows: Sequence[DivisionRow]) -> SyncCounts:
    ids = IdsByCode(Division)

    def values(r: DivisionRow) -> dict[str, Any]:
        return {
            "name_zh": r.name_zh,
            "name_en": r.name_en,
            "level": r.level,
            "parent_id": ids[r.parent_code] if r.parent_code else None,
            "path": r.path,
            "latitude": r.latitude,
            "longitude": r.longitude,
        }

    rows = sorted(rows, key=lambda r: (r.level, r.code))
    return sync_by_code(Division, rows, DIVISION_FIELDS, values, ids=ids, group=lambda r: r.level)


def write_geography(parsed: Parsed[DivisionRow]) -> LoadReport:
    with transaction.atomic():
        return LoadReport({"divisions": write_divisions(parsed.rows)}, list(parsed.warnings))


def load_geography(root: Path, *, dry_run: bool = False) -> LoadReport:
    """Read and validate the division files, then write the whole tree in one transaction.

    A `SourceError` (missing file, bad row) is raised before anything is written; `dry_run` does
    the load and rolls it back.
    """
    parsed = read_divisions(Path(root))
    with transaction.atomic():
        report = write_geography(parsed)
        record_refdata_event(report, root)
        if dry_run:
            transaction.set_rollback(True)
    return report


def record_refdata_event(report: LoadReport, root: Path) -> None:
    data = {"source": str(root), **report.as_data()}
    record_event(None, actor=ACTOR, kind=EventKind.REFDATA_LOADED, data=data)
    for warning in report.warnings:
        logger.warning("reference data: %s", warning)
