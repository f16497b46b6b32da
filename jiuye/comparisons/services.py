"""Recomputing the worklists: the only code that writes `WorklistEntry` rows.

`recompute_worklists` runs every comparison in `rules.RULES` and reconciles the result with the open
entries: a subject found for the first time gets a new entry (`first_seen`), one found again is
touched (`last_seen`, reasons refreshed), and an open entry no longer found is resolved
(`resolved_at`). It is safe to run at any time and as often as wanted: a second run with the same data
changes nothing but `last_seen`.

Callers: the import pipeline after each completed import (pass the run as `run`), the command
`comparisons_recompute`, and tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.registry.models import Household

from .enums import SUBJECT_OF, WorklistKind
from .models import WorklistEntry
from .parameters import DEFAULT, WorklistParameters
from .rules import RULES, RuleContext

BATCH = 500  # well under SQLite's bound-variable limit


class ComparisonError(ValueError):
    pass


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _resolve_division(division: Division | str | None) -> Division | None:
    if division is None or isinstance(division, Division):
        return division
    try:
        return Division.objects.get(code=division)
    except Division.DoesNotExist as exc:
        raise ComparisonError(f"unknown division code {division!r}") from exc


def _sync_kind(
    kind: str, ctx: RuleContext, *, now: dt.datetime, run: Any = None
) -> dict[str, int]:
    field = str(SUBJECT_OF[WorklistKind(kind)])
    found: dict[int, tuple[int, dict]] = {}
    for subject_id, division_id, reasons in RULES[kind](ctx):
        found[subject_id] = (division_id, reasons)

    # The open entries this run is responsible for: those whose subject now lives (or is seated) in
    # the area recomputed, i.e. exactly the population the rule looked at.
    existing_qs = WorklistEntry.objects.open().of_kind(kind)
    if ctx.division is not None:
        existing_qs = existing_qs.filter(ctx.within(f"{field}__division"))
    existing = {
        subject_id: (pk, division_id, reasons)
        for subject_id, pk, division_id, reasons in existing_qs.values_list(
            f"{field}_id", "pk", "division_id", "reasons"
        ).iterator(chunk_size=BATCH * 4)
    }

    new_ids = sorted(found.keys() - existing.keys())
    still_ids = sorted(found.keys() & existing.keys())
    gone = sorted(existing[s][0] for s in existing.keys() - found.keys())
    run_id = getattr(run, "pk", None)

    WorklistEntry.objects.bulk_create(
        (
            WorklistEntry(
                kind=kind,
                division_id=found[s][0],
                reasons=found[s][1],
                first_seen=now,
                last_seen=now,
                as_of=ctx.on,
                computed_by_run_id=run_id,
                **{f"{field}_id": s},
            )
            for s in new_ids
        ),
        batch_size=BATCH,
    )
    changed = [
        WorklistEntry(pk=existing[s][0], division_id=found[s][0], reasons=found[s][1], updated_at=now)
        for s in still_ids
        if (existing[s][1], existing[s][2]) != found[s]
    ]
    WorklistEntry.objects.bulk_update(changed, ["division", "reasons", "updated_at"], batch_size=BATCH)
    touched = {"as_of": ctx.on, "computed_by_run_id": run_id, "updated_at": now}
    for chunk in _chunks([existing[s][0] for s in still_ids]):
        WorklistEntry.objects.filter(pk__in=chunk).update(last_seen=now, **touched)
    for chunk in _chunks(gone):
        WorklistEntry.objects.filter(pk__in=chunk).update(resolved_at=now, **touched)
    return {"new": len(new_ids), "still_open": len(still_ids), "resolved": len(gone), "open": len(found)}


def _sync_zero_employment_flags(ctx: RuleContext) -> None:
    """Keep `Household.is_zero_employment` equal to "has an open zero-employment entry", so the
    library, the workspace counts and the worklist never disagree about a household."""
    households = Household.objects.all()
    if ctx.division is not None:
        households = households.filter(ctx.within("division"))
    open_entry = WorklistEntry.objects.open().of_kind(WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD).filter(
        household=OuterRef("pk")
    )
    households.filter(Exists(open_entry), is_zero_employment=False).update(is_zero_employment=True)
    households.filter(~Exists(open_entry), is_zero_employment=True).update(is_zero_employment=False)


def recompute_worklists(
    *,
    on: dt.date | None = None,
    division: Division | str | None = None,
    run: Any = None,
    actor: Any = None,
    kinds: Iterable[str] | None = None,
    params: WorklistParameters = DEFAULT,
) -> dict[str, dict[str, int]]:
    """Recompute the worklists as of `on` (default today) for `division` (a Division or its code;
    default the whole library) and return {kind: {"new", "still_open", "resolved", "open"}}.

    The import pipeline calls this after each completed import with `run=` the ImportRun, which is
    recorded on the entries it touched. One audit event per call, with the counts only.
    """
    on = on or timezone.localdate()
    division = _resolve_division(division)
    selected = [WorklistKind(k) for k in kinds] if kinds is not None else list(WorklistKind)
    ctx = RuleContext(on=on, params=params, division=division)
    now = timezone.now()
    counts: dict[str, dict[str, int]] = {}
    with transaction.atomic():
        for kind in selected:
            counts[str(kind)] = _sync_kind(kind, ctx, now=now, run=run)
        if WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD in selected:
            _sync_zero_employment_flags(ctx)
        record_event(
            None,
            actor=actor or "comparisons_recompute",
            kind=EventKind.RECORD_UPDATED,
            division_path=division.path if division else "",
            data={
                "action": "worklists_recomputed",
                "on": on.isoformat(),
                "division": division.code if division else "",
                "run": getattr(run, "pk", None),
                "counts": counts,
            },
        )
    return counts
