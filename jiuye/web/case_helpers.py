"""Read-only figures for the key-group assistance pages (issue 6): the leaders' dashboard.

Every figure starts from `Case.objects.visible_to(user)` (and `Placement.objects.visible_to(user)`),
so a district leader counts their district, a city leader their city. The definitions, one place:

- identified: cases opened (any status) — every person or household the library identified or that
  came in by walk-in or referral;
- served: cases with a first contact recorded;
- in assistance: open cases with a first contact (contacted, in assistance, placed, reopened-and-contacted);
- placed: cases with a public-welfare placement, or a status "placed", or closed for stable employment;
- time to first contact: days from opening to the first contact, over the served cases (mean and median);
- time to placement: days from opening to the first placement start — or, without one, to the closure for
  stable employment — over the placed cases that have such a date;
- zero-employment households open / cleared: household cases open / closed.

The figures are computed in Python from one narrow `values()` read of the scope's cases (a city holds a few
thousand cases), so the totals, the per-division rows, the per-group rows and the monthly trend all come
from the same rows and always add up.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.cases.models import Case, CaseStatus, ClosedReason, Placement
from jiuye.geography.models import Division

MEASURES = [
    ("identified", _("Identified")),
    ("served", _("Served")),
    ("in_assistance", _("In assistance")),
    ("placed", _("Placed")),
    ("households_open", _("Zero-employment households open")),
    ("households_cleared", _("Zero-employment households cleared")),
]
TIMINGS = [
    ("days_to_contact", _("Days to first contact")),
    ("days_to_placement", _("Days to placement")),
]
TREND_MONTHS = 12


@dataclass
class Tally:
    identified: int = 0
    served: int = 0
    in_assistance: int = 0
    placed: int = 0
    households_open: int = 0
    households_cleared: int = 0
    contact_days: list[float] = field(default_factory=list)
    placement_days: list[float] = field(default_factory=list)

    def add(self, row: dict[str, Any]) -> None:
        self.identified += 1
        if row["served"]:
            self.served += 1
            self.contact_days.append(row["days_to_contact"])
        if row["is_open"] and row["served"]:
            self.in_assistance += 1
        if row["placed"]:
            self.placed += 1
            if row["days_to_placement"] is not None:
                self.placement_days.append(row["days_to_placement"])
        if row["household"]:
            if row["is_open"]:
                self.households_open += 1
            else:
                self.households_cleared += 1

    @staticmethod
    def _mean(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    @staticmethod
    def _median(values: list[float]) -> float | None:
        return round(statistics.median(values), 1) if values else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "identified": self.identified,
            "served": self.served,
            "in_assistance": self.in_assistance,
            "placed": self.placed,
            "households_open": self.households_open,
            "households_cleared": self.households_cleared,
            "days_to_contact": self._mean(self.contact_days),
            "days_to_contact_median": self._median(self.contact_days),
            "days_to_placement": self._mean(self.placement_days),
            "days_to_placement_median": self._median(self.placement_days),
        }


def _days(later: dt.date | dt.datetime | None, earlier: dt.date | dt.datetime) -> float | None:
    if later is None:
        return None
    if isinstance(later, dt.datetime) and isinstance(earlier, dt.datetime):
        return max((later - earlier).total_seconds() / 86400, 0.0)
    later = later.date() if isinstance(later, dt.datetime) else later
    earlier = earlier.date() if isinstance(earlier, dt.datetime) else earlier
    return float(max((later - earlier).days, 0))


def case_rows(user, division: Division | None = None, group: str = "") -> list[dict[str, Any]]:
    """One plain dict per case in the user's scope (optionally inside `division`, one key group)."""
    cases = Case.objects.visible_to(user)
    if division is not None:
        cases = cases.filter(
            Q(division__path=division.path) | Q(division__path__startswith=division.path + "/")
        )
    if group:
        cases = cases.in_group(group)
    first_start = dict(
        Placement.objects.visible_to(user)
        .filter(case__in=cases)
        .values("case_id")
        .annotate(first=Min("start_date"))
        .order_by()
        .values_list("case_id", "first")
    )
    rows = []
    for c in cases.values(
        "pk",
        "division__path",
        "groups",
        "status",
        "opened_at",
        "opened_on",
        "first_contact_at",
        "closed_on",
        "closed_reason",
        "household_id",
    ).order_by():
        placed_on = first_start.get(c["pk"])
        stable = c["closed_reason"] == ClosedReason.STABLE_EMPLOYMENT
        if placed_on is None and stable:
            placed_on = c["closed_on"]
        served = c["first_contact_at"] is not None
        rows.append(
            {
                "path": c["division__path"],
                "groups": list(c["groups"] or []),
                "is_open": c["status"] != CaseStatus.CLOSED,
                "served": served,
                "days_to_contact": _days(c["first_contact_at"], c["opened_at"]) if served else None,
                "placed": placed_on is not None or c["status"] == CaseStatus.PLACED or stable,
                "days_to_placement": _days(placed_on, c["opened_on"]),
                "household": c["household_id"] is not None,
                "opened_on": c["opened_on"],
                "first_contact_on": timezone.localdate(c["first_contact_at"]) if served else None,
                "placed_on": placed_on,
                "cleared_on": c["closed_on"]
                if c["household_id"] is not None and c["status"] == "closed"
                else None,
            }
        )
    return rows


def totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    tally = Tally()
    for row in rows:
        tally.add(row)
    return tally.as_dict()


def by_division(rows: list[dict[str, Any]], children: list[Division]) -> list[dict[str, Any]]:
    """Rows per child division (a case counts in the child whose subtree holds its division)."""
    tallies = {child.path: Tally() for child in children}
    for row in rows:
        for child in children:
            if row["path"] == child.path or row["path"].startswith(child.path + "/"):
                tallies[child.path].add(row)
                break
    return [{"division": child, **tallies[child.path].as_dict()} for child in children]


def by_group(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Figures per key-group code (a case in two groups counts in both)."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        for code in row["groups"]:
            tallies[code].add(row)
    return {code: tally.as_dict() for code, tally in sorted(tallies.items())}


def _month_start(day: dt.date, back: int) -> dt.date:
    y, m = day.year, day.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return dt.date(y, m, 1)


def trend(
    rows: list[dict[str, Any]], today: dt.date | None = None, months: int = TREND_MONTHS
) -> dict[str, Any]:
    """Per calendar month of the last `months`: cases identified, first contacts, placements, households cleared."""
    today = today or timezone.localdate()
    starts = [_month_start(today, back) for back in range(months - 1, -1, -1)]
    keys = [s.strftime("%Y-%m") for s in starts]
    series = {
        name: dict.fromkeys(keys, 0) for name in ("identified", "served", "placed", "households_cleared")
    }
    dates = {
        "identified": "opened_on",
        "served": "first_contact_on",
        "placed": "placed_on",
        "households_cleared": "cleared_on",
    }
    for row in rows:
        for name, key in dates.items():
            day = row.get(key)
            if day is not None:
                month = day.strftime("%Y-%m")
                if month in series[name]:
                    series[name][month] += 1
    return {"months": keys, "series": {name: list(v.values()) for name, v in series.items()}}
