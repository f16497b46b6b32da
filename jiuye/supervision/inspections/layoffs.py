"""Economic layoffs (Labour Contract Law art. 41) from the monthly insured headcount.

Art. 41: an employer that needs to cut 20 or more workers, or fewer than 20 but 10% or more of its
workforce, must explain the situation to the trade union or all workers 30 days in advance, hear their
opinions, and report the reduction plan to the labour administration. The library cannot see the plan;
it sees the insured headcount. So:

- *insured headcount* of an employer at the end of a month = distinct persons with an `InsuredPeriod`
  with that employer covering the last day of the month (any scheme), together with the persons for whom
  the employer filed a `ContributionRecord` for that month (the demo region and several departments send
  only the monthly contribution file; a person counted by both sources is counted once);
- an alert is raised for month M when, between the end of M−1 (`before`) and the end of M (`after`),
  `drop = before − after` satisfies `drop ≥ 20`, or `before ≥ 20 and drop × 10 ≥ before` (integer
  arithmetic, so 10% is exact: 10 of 100 triggers, 10 of 101 — 9.9% — does not);
- the art. 41 procedure check: the registry's `EmployerEvent` of kind `layoff_report` in M−1 or M is
  linked when the registry has that kind; otherwise the inspector records whether it was reported.

`layoff_alerts(division, month)` is the entry point for the unemployment early warning.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.registry.enums import EmployerEventKind
from jiuye.registry.models import ContributionRecord, EmployerEvent, InsuredPeriod

from .models import LayoffAlert, LayoffRule

ABSOLUTE_DROP = 20  # art. 41: 裁减人员二十人以上
PERCENT_DROP = 10  # art. 41: 或者裁减不足二十人但占企业职工总数百分之十以上
MIN_WORKFORCE = 20  # issue 7: the 10% rule applies to a workforce of at least 20
LAYOFF_REPORT_KIND = "layoff_report"


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(month: dt.date) -> dt.date:
    return add_months(month_start(month), 1) - dt.timedelta(days=1)


def insured_pairs(month: dt.date, employer_ids: Iterable[int] | None = None) -> set[tuple[int, int]]:
    """(employer id, person id) insured at the end of `month`: two queries, one per source."""
    month = month_start(month)
    end = month_end(month)
    periods = InsuredPeriod.objects.filter(employer__isnull=False, start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=end)
    )
    contributions = ContributionRecord.objects.filter(employer__isnull=False, month=month)
    if employer_ids is not None:
        # A QuerySet of ids stays a subquery (no long IN list); other iterables become a list.
        ids = employer_ids if isinstance(employer_ids, QuerySet) else list(employer_ids)
        periods = periods.filter(employer_id__in=ids)
        contributions = contributions.filter(employer_id__in=ids)
    pairs = set(periods.values_list("employer_id", "person_id"))
    pairs.update(contributions.values_list("employer_id", "person_id"))
    return pairs


def monthly_headcount(
    months: Iterable[dt.date], employer_ids: Iterable[int] | None = None
) -> dict[dt.date, dict[int, int]]:
    """{month: {employer id: insured headcount at the end of the month}} for the given months."""
    ids = employer_ids if employer_ids is None or isinstance(employer_ids, QuerySet) else list(employer_ids)
    out: dict[dt.date, dict[int, int]] = {}
    for month in sorted({month_start(m) for m in months}):
        counts: dict[int, int] = defaultdict(int)
        for employer_id, _person in insured_pairs(month, ids):
            counts[employer_id] += 1
        out[month] = dict(counts)
    return out


def layoff_rule(before: int, after: int) -> str | None:
    """The art. 41 rule a fall from `before` to `after` meets, or None."""
    drop = before - after
    if drop <= 0:
        return None
    if drop >= ABSOLUTE_DROP:
        return LayoffRule.TWENTY_OR_MORE
    if before >= MIN_WORKFORCE and drop * 100 >= before * PERCENT_DROP:
        return LayoffRule.TEN_PERCENT
    return None


def latest_data_month(on: dt.date | None = None) -> dt.date | None:
    """The last month with insurance data on or before `on` (contribution months or period starts/ends)."""
    on = on or timezone.localdate()
    last = (
        ContributionRecord.objects.filter(month__lte=on)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    return month_start(last) if last else add_months(month_start(on), -1)


def _report_kind_exists() -> bool:
    return LAYOFF_REPORT_KIND in EmployerEventKind.values


def detect_layoffs(month: dt.date, employer_ids: Iterable[int] | None = None) -> list[dict]:
    """Employers meeting an art. 41 rule in `month` (no writes)."""
    month = month_start(month)
    previous = add_months(month, -1)
    heads = monthly_headcount([previous, month], employer_ids)
    rows = []
    for employer_id, before in heads[previous].items():
        after = heads[month].get(employer_id, 0)
        rule = layoff_rule(before, after)
        if rule:
            rows.append(
                {"employer_id": employer_id, "month": month, "before": before, "after": after, "rule": rule}
            )
    return rows


@transaction.atomic
def check_layoffs(month: dt.date, *, actor=None, employer_ids: Iterable[int] | None = None) -> dict[str, int]:
    """Raise or refresh the layoff alerts of `month`; link a registry layoff report when there is one."""
    month = month_start(month)
    found = detect_layoffs(month, employer_ids)
    reports: dict[int, EmployerEvent] = {}
    if _report_kind_exists() and found:
        for event in EmployerEvent.objects.filter(
            kind=LAYOFF_REPORT_KIND,
            employer_id__in=[r["employer_id"] for r in found],
            occurred_on__gte=add_months(month, -1),
            occurred_on__lte=month_end(month),
        ):
            reports.setdefault(event.employer_id, event)
    new = 0
    for r in found:
        alert, created = LayoffAlert.objects.update_or_create(
            employer_id=r["employer_id"],
            month=month,
            defaults={"headcount_before": r["before"], "headcount_after": r["after"], "rule": r["rule"]},
        )
        event = reports.get(r["employer_id"])
        if event is not None and alert.report_event_id is None:
            alert.report_event = event
            alert.reported = True
            alert.reported_on = event.occurred_on
            alert.save(update_fields=["report_event", "reported", "reported_on", "updated_at"])
        if created:
            new += 1
            record_event(
                alert,
                actor=actor or "inspections_layoffs",
                kind=EventKind.RECORD_CREATED,
                division_path=alert.employer.division.path,
                data={
                    "month": f"{month:%Y-%m}",
                    "before": r["before"],
                    "after": r["after"],
                    "rule": r["rule"],
                },
            )
    return {"alerts": len(found), "new": new, "linked_reports": len(reports)}


@transaction.atomic
def record_layoff_check(
    alert: LayoffAlert, *, reported: bool, reported_on: dt.date | None, note: str, actor, request=None
) -> LayoffAlert:
    """The inspector's art. 41 procedure check: was the reduction reported to the labour administration?"""
    if reported and reported_on is None:
        raise ValueError("reported_on")
    alert.reported = reported
    alert.reported_on = reported_on if reported else None
    alert.note = note
    alert.checked_by = actor
    alert.checked_at = timezone.now()
    alert.save()
    record_event(
        alert,
        actor=actor,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        division_path=alert.employer.division.path,
        data={"reported": reported},
    )
    return alert


def layoff_alerts(division, month: dt.date):
    """Layoff alerts of `month` for employers seated in `division` (a Division or its code) and the areas in it.

    For the unemployment early warning: each row carries the employer, before/after headcounts and the rule.
    """
    from jiuye.geography.models import Division

    if not isinstance(division, Division):
        division = Division.objects.get(code=division)
    path = division.path
    return (
        LayoffAlert.objects.filter(month=month_start(month))
        .filter(Q(employer__division__path=path) | Q(employer__division__path__startswith=path + "/"))
        .select_related("employer", "employer__division")
    )
