"""How quickly an employer answers applications: computed when read, from the applications themselves.

Over the applications submitted to an employer's postings in the last 180 days:

* ``share`` — of the applications whose 7-day window has closed, the share the employer acted on (marked as
  viewed, or any later step, or declined) within 7 days of submission. Applications the seeker withdrew within
  those 7 days before the employer acted are left out: the employer had no full chance to answer.
* ``median_days`` — the median time to the employer's first action, in days, over the applications acted on.
* ``n`` — the applications counted in ``share``.

Below ``MIN_APPLICATIONS`` counted applications there is not enough to say (``enough`` is False, ``share``
is None): a small employer with two applications is not labelled slow or fast on that.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from .enums import ApplicationStatus
from .models import JobApplication

WINDOW_DAYS = 180
ANSWER_DAYS = 7
MIN_APPLICATIONS = 5

A = ApplicationStatus
_EMPLOYER_CLOSED = frozenset({A.REJECTED, A.HIRED})


@dataclass(frozen=True)
class Responsiveness:
    employer_id: int
    n: int  # applications counted in share
    answered: int  # of which answered within ANSWER_DAYS
    share: float | None  # None below MIN_APPLICATIONS
    median_days: float | None  # None when no application was acted on

    @property
    def enough(self) -> bool:
        return self.share is not None

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)


def _first_action(status, viewed_at, interview_at, offered_at, closed_at) -> dt.datetime | None:
    stamps = [t for t in (viewed_at, interview_at, offered_at) if t is not None]
    if closed_at is not None and status in _EMPLOYER_CLOSED:
        stamps.append(closed_at)
    return min(stamps) if stamps else None


def employer_responsiveness(
    employer_ids: Iterable[int] | None = None, *, now: dt.datetime | None = None
) -> dict[int, Responsiveness]:
    """Responsiveness by employer id, for the given employers (all with applications when None)."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=WINDOW_DAYS)
    window = dt.timedelta(days=ANSWER_DAYS)
    qs = JobApplication.objects.filter(submitted_at__gte=since, submitted_at__lte=now)
    if employer_ids is not None:
        qs = qs.filter(posting__employer_id__in=list(employer_ids))
    counted: dict[int, int] = defaultdict(int)
    answered: dict[int, int] = defaultdict(int)
    delays: dict[int, list[float]] = defaultdict(list)
    rows = qs.values_list(
        "posting__employer_id",
        "status",
        "submitted_at",
        "viewed_at",
        "interview_at",
        "offered_at",
        "closed_at",
    )
    for employer_id, status, submitted, viewed, interview, offered, closed in rows.iterator(chunk_size=5000):
        first = _first_action(status, viewed, interview, offered, closed)
        if first is not None:
            delays[employer_id].append(max((first - submitted).total_seconds(), 0) / 86400)
        if submitted + window > now:
            continue  # its week is not over: counting only the quick answers would flatter the employer
        in_time = first is not None and first - submitted <= window
        if first is None and status == A.WITHDRAWN and closed is not None and closed - submitted < window:
            continue  # withdrawn before the employer had a full week
        counted[employer_id] += 1
        answered[employer_id] += int(in_time)
    out: dict[int, Responsiveness] = {}
    for employer_id in set(counted) | set(delays):
        n = counted.get(employer_id, 0)
        out[employer_id] = Responsiveness(
            employer_id=employer_id,
            n=n,
            answered=answered.get(employer_id, 0),
            share=answered.get(employer_id, 0) / n if n >= MIN_APPLICATIONS else None,
            median_days=round(statistics.median(delays[employer_id]), 1) if delays.get(employer_id) else None,
        )
    return out


def for_employer(employer_id: int, *, now: dt.datetime | None = None) -> Responsiveness:
    """One employer's responsiveness (zero applications counted when it has none)."""
    found = employer_responsiveness([employer_id], now=now).get(employer_id)
    return found or Responsiveness(employer_id=employer_id, n=0, answered=0, share=None, median_days=None)
