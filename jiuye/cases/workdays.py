"""Working days for service-level deadlines: Monday–Friday, minus public holidays, plus make-up working days.

The lists are data (`data/holidays.yaml`, one entry per year with its State Council notice). A year without
a list counts weekends only; `has_calendar(year)` says whether a year is covered.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

HOLIDAY_FILE = Path(__file__).resolve().parent / "data" / "holidays.yaml"


class CalendarError(ValueError):
    pass


class _Loader(yaml.SafeLoader):
    """Dates stay text until `_as_date` parses them, so a bad date is reported with its key."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[dt.date]
    working_days: frozenset[dt.date]
    years: frozenset[int]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start` (start itself not counted): opened on a Friday with n=5 → the
        next Friday when no holiday falls in between."""
        day, left = start, n
        while left > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 when end ≤ start)."""
        n, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            n += self.is_working_day(day)
        return n


def _as_date(value, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CalendarError(
            f"{HOLIDAY_FILE.name}: {where}: expected a date YYYY-MM-DD, got {value!r}"
        ) from None


def load_calendar(path: Path = HOLIDAY_FILE) -> Calendar:
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}  # noqa: S506 (a SafeLoader)
    holidays: set[dt.date] = set()
    working: set[dt.date] = set()
    for year, spec in raw.items():
        if not isinstance(spec, dict) or "source" not in spec:
            raise CalendarError(f"{path.name}: {year}: expected a mapping with a source")
        for key, into in (("holidays", holidays), ("working_days", working)):
            for i, v in enumerate(spec.get(key) or []):
                d = _as_date(v, f"{path.name}: {year}.{key}[{i}]")
                if d.year != int(year):
                    raise CalendarError(f"{path.name}: {year}.{key}[{i}]: {d} is not in {year}")
                into.add(d)
    both = holidays & working
    if both:
        raise CalendarError(f"{path.name}: {min(both)} is both a holiday and a working day")
    return Calendar(frozenset(holidays), frozenset(working), frozenset(int(y) for y in raw))


@lru_cache(maxsize=1)
def calendar() -> Calendar:
    return load_calendar()


def add_working_days(start: dt.date, n: int) -> dt.date:
    return calendar().add_working_days(start, n)


def has_calendar(year: int) -> bool:
    return year in calendar().years
