"""Every threshold the worklist comparisons use, in one place, with the reason for each value.

Months are calendar months. Department facts are monthly (`month` is the first day of the month);
"the last N months" means the reference month (the month of the reference date) and the N − 1
months before it, so a fact dated in any of those months counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class WorklistParameters:
    # Working age, 16–59 for everyone. 16 is the legal minimum working age (Labour Law art. 15).
    # The upper bound is kept simple and the same for men and women: 60 is the men's statutory
    # retirement age (being raised gradually from 2025), and the women's ages (50 workers / 55 cadres)
    # are being raised too, so one documented bound is clearer than a table that is already moving.
    working_age_min: int = 16
    working_age_max: int = 59  # inclusive: a person aged 59 is of working age, 60 is not

    # Disability grades 1 and 2 (the most severe) count as "not able to work" for the zero-employment
    # household rule, as in the usual 零就业家庭 definitions ("有劳动能力"). Grades 3–4 can work.
    unable_disability_grades: tuple[int, ...] = (1, 2)

    # Zero-employment households: a member with wage income or paid contributions in the last 3 months is working. Tax
    # files arrive a month or two late, so a shorter window would list households that do have work.
    household_income_months: int = 3

    # Registered unemployed with income: paid contributions or wage income in the last 2 months
    # (the current and the previous month) is "current" work. Only months strictly after the month of
    # registration count: pay for the last weeks before registering is not a reason for review.
    unemployed_income_months: int = 2

    # Graduates: the youth follow-up covers graduates of the last two years (24 months, inclusive of
    # the day exactly 24 months ago). Graduates who went on to further study are not followed up.
    graduate_months: int = 24

    # Employers: arrears are summed over the last 3 reported months; a net total of at least one fen
    # counts (anything smaller is rounding noise in decimal sums).
    arrears_months: int = 3
    arrears_min_yuan: Decimal = Decimal("0.01")
    # A fall in insured headcount: distinct persons with contributions in the latest reported month
    # against the month 3 months earlier. Both a relative (≥ 20%) and an absolute (≥ 5 persons) fall
    # are required, so that a micro-enterprise losing 1 of 3 workers is not listed.
    headcount_lag_months: int = 3
    headcount_drop_pct: int = 20
    headcount_drop_min: int = 5

    # New hukou arrivals: moved in during the last 6 months, of working age, with no current spell
    # and no wage income in the last 3 months (the same lag tolerance as for households).
    hukou_in_months: int = 6
    hukou_income_months: int = 3


DEFAULT = WorklistParameters()


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months` calendar months, clamped to the end of the month (31 Mar − 1 → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last_day))


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 Feb → 28 Feb in a common year)."""
    return add_months(day, -12 * years)
