"""Start-up survival at 6, 12 and 24 months (pure: no Django).

A start-up is alive at month k when its business was registered at least k months before the as-of date and
was not closed (deregistered) before registered_on + k months. A start-up whose business is deregistered but
whose closing date is not known cannot be placed against a milestone, so it is counted apart ("closed, date
unknown") and left out of the rates rather than guessed either way. A start-up too young for a milestone is
left out of that milestone's denominator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

MILESTONES = (6, 12, 24)


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise ValueError(d)


@dataclass(frozen=True)
class Business:
    registered_on: dt.date
    closed: bool = False  # deregistered in the library
    closed_on: dt.date | None = None  # when, if known
    insured_headcount: int = 0  # people insured by it now (jobs created)
    cohort: str = ""  # a label to group by (registration year, division …)


@dataclass
class Milestone:
    months: int
    eligible: int = 0  # old enough for the milestone
    alive: int = 0

    @property
    def rate(self) -> float | None:
        return round(self.alive / self.eligible, 4) if self.eligible else None


@dataclass
class Survival:
    count: int = 0
    closed_date_unknown: int = 0
    alive_now: int = 0
    jobs_created: int = 0
    milestones: dict[int, Milestone] = field(default_factory=dict)


def alive_at(b: Business, months: int, on: dt.date) -> bool | None:
    """True/False at the milestone; None when the milestone is not reached by `on` or cannot be judged."""
    milestone = add_months(b.registered_on, months)
    if milestone > on:
        return None
    if not b.closed:
        return True
    if b.closed_on is None:
        return None
    return b.closed_on >= milestone


def survival(businesses, on: dt.date, milestones=MILESTONES) -> Survival:
    out = Survival(milestones={k: Milestone(k) for k in milestones})
    for b in businesses:
        out.count += 1
        if b.closed and b.closed_on is None:
            out.closed_date_unknown += 1
            continue
        if not b.closed or (b.closed_on is not None and b.closed_on > on):
            out.alive_now += 1
            out.jobs_created += max(b.insured_headcount, 0)
        for k in milestones:
            state = alive_at(b, k, on)
            if state is None:
                continue
            out.milestones[k].eligible += 1
            out.milestones[k].alive += int(state)
    return out


def by_cohort(businesses, on: dt.date, milestones=MILESTONES) -> dict[str, Survival]:
    groups: dict[str, list[Business]] = {}
    for b in businesses:
        groups.setdefault(b.cohort, []).append(b)
    return {k: survival(v, on, milestones) for k, v in sorted(groups.items())}
