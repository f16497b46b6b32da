"""Services of the indicator system: the catalogue of definitions and the monthly computation.

`ensure_indicators()` writes the catalogue (`jiuye.analytics.indicators.DEFINITIONS`) into `Indicator` rows,
idempotently. `compute_indicators()` writes the Parquet extracts of the library for the months asked
(`var/analytics/<run>/`), runs the engine (DuckDB by default, Spark on request) and upserts `IndicatorValue`
rows: created where new, updated where a figure changed, deleted where a cell no longer exists, untouched
otherwise — so a re-run over the same data changes nothing. Small cells are kept but marked suppressed with the
rule's name. One audit event per run, with counts only (no personal data).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jiuye.analytics import indicators as engine_defs
from jiuye.analytics.extract import month_start
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division

from .extracts import write_extracts
from .models import Indicator, IndicatorValue

ENGINES = ("duckdb", "spark")
KEEP_RUNS = 3
BATCH = 1000


def analytics_root() -> Path:
    """Where run directories go: setting JIUYE_ANALYTICS_DIR, else the environment variable, else var/analytics."""
    configured = getattr(settings, "JIUYE_ANALYTICS_DIR", None) or os.environ.get("JIUYE_ANALYTICS_DIR")
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "analytics"


@transaction.atomic
def ensure_indicators() -> tuple[int, int]:
    """Create or update the `Indicator` rows of the catalogue. Returns (created, updated)."""
    created = updated = 0
    existing = {i.code: i for i in Indicator.objects.all()}
    for order, d in enumerate(engine_defs.DEFINITIONS, start=1):
        values = {
            "name_zh": d.name_zh,
            "name_en": d.name_en,
            "numerator": d.numerator,
            "denominator": d.denominator,
            "source": d.source[:200],
            "frequency": d.frequency,
            "unit": d.unit,
            "higher_is_better": d.higher_is_better,
            "group_by": d.group_by,
            "sort_order": order * 10,
            "is_active": True,
        }
        row = existing.get(d.code)
        if row is None:
            Indicator.objects.create(code=d.code, **values)
            created += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            row.save()
            updated += 1
    return created, updated


@dataclass
class ComputeResult:
    run: str
    months: list[dt.date]
    engine: str
    extract_rows: dict[str, int] = field(default_factory=dict)
    result_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    suppressed: int = 0
    skipped_divisions: int = 0
    seconds: float = 0.0
    directory: Path | None = None


def month_indexes(first: dt.date, last: dt.date) -> list[int]:
    if last < first:
        raise ValueError("the last month comes before the first")
    return list(range(first.year * 12 + first.month - 1, last.year * 12 + last.month))


def compute_indicators(
    first: dt.date | Sequence[dt.date],
    last: dt.date | None = None,
    *,
    engine: str = "duckdb",
    scope: Division | None = None,
    actor=None,
    workdir: Path | None = None,
    min_cell: int = engine_defs.MIN_CELL,
) -> ComputeResult:
    """Compute every indicator for the months `first`..`last` (months, both included) over `scope` (the whole
    library when None) and store the values. Idempotent. `first` may also be a sequence of months (any day in
    each), with `last` omitted: the run covers its first to its last month."""
    if last is None:
        if isinstance(first, dt.date):
            last = first
        else:
            chosen = sorted(first)
            if not chosen:
                raise ValueError("no months given")
            first, last = chosen[0], chosen[-1]
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")
    months = month_indexes(first, last)
    started = time.perf_counter()
    run = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    root = workdir or analytics_root()
    directory = root / run
    ensure_indicators()

    extract_rows = write_extracts(directory, months, scope=scope)
    frame = engine_defs.compute(directory, engine=engine)

    result = ComputeResult(
        run=run,
        months=[month_start(m) for m in months],
        engine=engine,
        extract_rows=extract_rows,
        result_rows=len(frame),
        directory=directory,
    )
    _store(frame, months, scope, engine, min_cell, result)
    result.seconds = round(time.perf_counter() - started, 2)
    record_event(
        None,
        actor=actor or "monitoring_compute",
        kind=EventKind.RECORD_UPDATED,
        division_path=scope.path if scope else "",
        data={
            "what": "indicator_values",
            "run": run,
            "engine": engine,
            "months": [f"{result.months[0]:%Y-%m}", f"{result.months[-1]:%Y-%m}"],
            "scope": scope.code if scope else "",
            "extract_rows": extract_rows,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "deleted": result.deleted,
            "suppressed": result.suppressed,
            "seconds": result.seconds,
        },
    )
    _prune(root)
    return result


def _prune(root: Path) -> None:
    """Keep the extracts of the last KEEP_RUNS runs (they hold pseudonymous person-level data)."""
    runs = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.name) if root.exists() else []
    for old in runs[:-KEEP_RUNS]:
        shutil.rmtree(old, ignore_errors=True)


def _same(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and a == b)


@transaction.atomic
def _store(
    frame, months: list[int], scope: Division | None, engine: str, min_cell: int, result: ComputeResult
) -> None:
    indicators = {i.code: i for i in Indicator.objects.all()}
    kinds = {d.code: d for d in engine_defs.DEFINITIONS}
    divisions = dict(Division.objects.filter(_division_scope(scope)).values_list("code", "pk"))
    month_dates = [month_start(m) for m in months]
    existing = {
        (v.indicator_id, v.division_id, v.month, v.group): v
        for v in IndicatorValue.objects.filter(
            _division_scope(scope, "division__"), indicator__code__in=list(kinds), month__in=month_dates
        )
    }
    now = timezone.now()
    to_create: list[IndicatorValue] = []
    to_update: list[IndicatorValue] = []
    seen: set[tuple] = set()
    for row in frame.itertuples(index=False):
        division_id = divisions.get(row.division_code)
        if division_id is None:  # an ancestor above the scope (e.g. the province of a city run)
            result.skipped_divisions += 1
            continue
        definition = kinds[row.indicator]
        indicator = indicators[row.indicator]
        value = None if row.value != row.value else float(row.value)
        numerator = None if row.numerator != row.numerator else float(row.numerator)
        denominator = None if row.denominator != row.denominator else float(row.denominator)
        reason = engine_defs.suppression_reason(
            definition.kind, definition.unit, numerator, denominator, min_cell=min_cell
        )
        month = month_start(int(row.month_idx))
        key = (indicator.pk, division_id, month, row.group)
        seen.add(key)
        result.suppressed += bool(reason)
        current = existing.get(key)
        if current is None:
            to_create.append(
                IndicatorValue(
                    indicator=indicator,
                    division_id=division_id,
                    month=month,
                    group=row.group,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    suppressed=bool(reason),
                    suppression_reason=reason,
                    engine=engine,
                    computed_at=now,
                )
            )
        elif (
            _same(current.value, value)
            and _same(current.numerator, numerator)
            and _same(current.denominator, denominator)
            and current.suppression_reason == reason
        ):
            result.unchanged += 1
        else:
            current.value, current.numerator, current.denominator = value, numerator, denominator
            current.suppressed, current.suppression_reason = bool(reason), reason
            current.engine, current.computed_at = engine, now
            to_update.append(current)
    IndicatorValue.objects.bulk_create(to_create, batch_size=BATCH)
    IndicatorValue.objects.bulk_update(
        to_update,
        ["value", "numerator", "denominator", "suppressed", "suppression_reason", "engine", "computed_at"],
        batch_size=BATCH,
    )
    stale = [v.pk for k, v in existing.items() if k not in seen]
    for start in range(0, len(stale), BATCH):
        IndicatorValue.objects.filter(pk__in=stale[start : start + BATCH]).delete()
    result.created, result.updated, result.deleted = len(to_create), len(to_update), len(stale)


def _division_scope(scope: Division | None, prefix: str = "") -> Q:
    if scope is None:
        return Q()
    return Q(**{f"{prefix}path": scope.path}) | Q(**{f"{prefix}path__startswith": scope.path + "/"})
