"""Salary text → monthly pay range (pure: no Django).

Turns the pay text of real Chinese (and simple English) job postings into a monthly range in yuan, the number of pay
months per year and the period the text was stated in::

    >>> parse_salary("15-20K·14薪")
    SalaryRange(monthly_min=15000, monthly_max=20000, months=14, period='month', ...)

The rules, in the order they are applied (each is one small step of `parse_salary_or_reason`):

1. Normalise: NFKC folds full-width digits, letters and ``～`` (``１５-２０Ｋ`` → ``15-20K``); lower-case; every dash
   or word that joins a range (``—``, ``–``, ``~``, ``至``, ``到``, ``to``) becomes ``-``; spaces and commas go.
2. ``面议`` / ``negotiable`` → a negotiable result with no range (a valid answer, not a failure).
3. ``·14薪`` / ``14薪`` → 14 pay months (default 12: most posts state the 13th/14th month only when it exists).
4. The period: ``/天``, ``日薪`` → day; ``/时``, ``/小时``, ``时薪`` → hour; ``/年``, ``年薪`` → year; otherwise month.
5. ``底薪3000+提成`` → the base only (commission is not pay the employer commits to).
6. One or two numbers, each with an optional unit (``k``/``千`` ×1,000, ``w``/``万`` ×10,000, ``元`` ×1); in a range a
   number without a unit takes the other number's unit (``15-20K``, ``1.5-2万``).
7. A single number with ``以上``/``起``/``+`` is an open range: min = max = that number and ``open_ended`` is set.
8. Convert to monthly: day × 21.75 (the official average monthly pay-days, 人社部 2008 announcement: (365-104)/12),
   hour × 8 × 21.75, year ÷ months.
9. Sanity: a bare number with no unit and no period that is below 100 (``"15"``) is ambiguous and refused; a monthly
   figure outside 100–1,000,000 yuan is refused; min > max is refused.

Anything else returns None (`parse_salary`) or a reason string (`parse_salary_or_reason`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

PAY_DAYS_PER_MONTH = 21.75  # 人社部发〔2008〕3号: (365 days − 104 rest days) ÷ 12 months
HOURS_PER_DAY = 8  # the statutory working day (劳动法 第36条)
DEFAULT_MONTHS = 12
MONTHLY_FLOOR = 100  # below this per month the text is not a salary (or we mis-read the unit)
MONTHLY_CEILING = 1_000_000

PERIODS = ("month", "day", "hour", "year")


@dataclass(frozen=True)
class SalaryRange:
    """A parsed salary. For a negotiable salary every amount is None and `negotiable` is True."""

    monthly_min: int | None
    monthly_max: int | None
    months: int = DEFAULT_MONTHS
    period: str = "month"  # the period the text was stated in: month, day, hour or year
    negotiable: bool = False
    open_ended: bool = False  # "3000以上", "5000元起": max is the stated floor, the real top is unknown

    @property
    def annual_min(self) -> int | None:
        return None if self.monthly_min is None else self.monthly_min * self.months

    @property
    def annual_max(self) -> int | None:
        return None if self.monthly_max is None else self.monthly_max * self.months


NEGOTIABLE = SalaryRange(monthly_min=None, monthly_max=None, negotiable=True)

# Rule 1: everything that joins the two ends of a range.
_RANGE_JOINERS = re.compile(r"\s*(?:[-—–－~〜∼至到]|to)\s*")
_NEGOTIABLE = re.compile(r"面议|面谈|negotiable|negotiate")
# Rule 3: "·14薪", "14薪", "x14", "14 months".
_MONTHS = re.compile(r"[·•.*x×]?\s*(\d{1,2})\s*(?:薪|months?)")
# Rule 4: the period, looked for anywhere in the text.
_PERIOD_PATTERNS = (
    ("hour", re.compile(r"/\s*(?:小?时|h|hr|hour)\b|时薪|每小时|per\s*hour|hourly|/小?时")),
    ("day", re.compile(r"/\s*(?:天|日|day)|日薪|每天|per\s*day|daily")),
    ("year", re.compile(r"/\s*(?:年|year|yr)|年薪|每年|per\s*(?:year|annum)|annual")),
    ("month", re.compile(r"/\s*(?:月|month|mo)|月薪|每月|per\s*month|monthly")),
)
# Rule 6: a number with its optional unit.
_UNITS = {"k": 1_000, "千": 1_000, "w": 10_000, "万": 10_000, "元": 1, "": None}
_AMOUNT = r"(\d+(?:\.\d+)?)\s*(k|千|w|万|元)?"
_RANGE = re.compile(rf"{_AMOUNT}-{_AMOUNT}")
_SINGLE = re.compile(_AMOUNT)
_OPEN = re.compile(r"以上|起|\+|及以上|或以上|above|from")
_BASE = re.compile(r"(?:底薪|基本工资|base)\s*" + _AMOUNT)


def _normalise(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().lower()
    s = s.replace(",", "").replace("，", "")  # thousands separators: "3,000"
    s = s.replace("rmb", "元").replace("¥", "元").replace("yuan", "元")
    return _RANGE_JOINERS.sub("-", s)


def _scale(value: str, unit: str | None, other_unit: str | None) -> float:
    # A number without a unit borrows its partner's unit (rule 6), else it is yuan.
    factor = _UNITS[unit or ""] or _UNITS[other_unit or ""] or 1
    return float(value) * factor


def _half_up(x: float) -> int:
    return math.floor(x + 0.5)  # not round(): banker's rounding would turn 3262.5 into 3262


def parse_salary_or_reason(text: str) -> SalaryRange | str:
    """The parsed range, or a short English reason why the text was not understood."""
    if not isinstance(text, str) or not text.strip():
        return "empty"
    s = _normalise(text)
    if _NEGOTIABLE.search(s):
        return NEGOTIABLE

    months = DEFAULT_MONTHS
    if m := _MONTHS.search(s):
        months = int(m.group(1))
        if not 12 <= months <= 24:
            return f"implausible pay months {months}"
        s = s[: m.start()] + s[m.end() :]

    period = "month"
    explicit_period = False
    for name, pattern in _PERIOD_PATTERNS:
        if pattern.search(s):
            period, explicit_period = name, True
            break

    open_ended = False
    if m := _BASE.search(s):
        # Rule 5: "底薪3000+提成" — only the base is committed pay; commission makes the top open.
        low = high = _scale(m.group(1), m.group(2), None)
        has_unit = bool(m.group(2))
        open_ended = True
    elif m := _RANGE.search(s):
        lo_v, lo_u, hi_v, hi_u = m.groups()
        low, high = _scale(lo_v, lo_u, hi_u), _scale(hi_v, hi_u, lo_u)
        has_unit = bool(lo_u or hi_u)
    elif m := _SINGLE.search(s):
        low = high = _scale(m.group(1), m.group(2), None)
        has_unit = bool(m.group(2))
        open_ended = bool(_OPEN.search(s[m.end() :]))
    else:
        return "no amount"

    if not has_unit and not explicit_period and high < MONTHLY_FLOOR:
        return "bare number without unit"  # "15" could be 15 yuan, 15k or 15万 a year

    # Rule 8: to monthly yuan.
    if period == "day":
        low, high = low * PAY_DAYS_PER_MONTH, high * PAY_DAYS_PER_MONTH
    elif period == "hour":
        low, high = low * HOURS_PER_DAY * PAY_DAYS_PER_MONTH, high * HOURS_PER_DAY * PAY_DAYS_PER_MONTH
    elif period == "year":
        low, high = low / months, high / months

    monthly_min, monthly_max = _half_up(low), _half_up(high)
    if monthly_min > monthly_max:
        return "min above max"
    if monthly_min < MONTHLY_FLOOR or monthly_max > MONTHLY_CEILING:
        return "amount out of range"
    return SalaryRange(monthly_min, monthly_max, months=months, period=period, open_ended=open_ended)


def parse_salary(text: str) -> SalaryRange | None:
    """The parsed range (negotiable included), or None when the text is not understood."""
    result = parse_salary_or_reason(text)
    return result if isinstance(result, SalaryRange) else None
