"""Monthly minimum wages by province (yuan), dated, with their legal reference.

Postings may not offer a base pay below the local monthly minimum wage. Where the tier of the posting's
county is not resolved, the lowest tier of the province applies (the rule that never refuses a lawful
posting). Add a row when a province publishes a new standard; keep the old rows, so that postings are
judged by the standard in force on the day they are published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class MinimumWage:
    province: str  # two-digit division code
    effective: dt.date
    tiers: tuple[int, ...]  # monthly yuan, first (highest) tier first
    reference: str


TABLE: tuple[MinimumWage, ...] = (
    MinimumWage(
        "43", dt.date(2022, 4, 1), (1930, 1740, 1550),
        "湖南省人民政府关于调整全省最低工资标准的通知（湘政发〔2022〕4号）",
    ),
    # Hunan's later adjustment is not entered: its figures could not be checked against the published
    # notice here. Until it is, the 2022 standard (a lower floor) applies, which never refuses a lawful posting.
    MinimumWage(
        "11", dt.date(2023, 9, 1), (2420,),
        "北京市人力资源和社会保障局 关于调整北京市2023年最低工资标准的通知",
    ),
    MinimumWage(
        "31", dt.date(2025, 7, 1), (2740,),
        "上海市人力资源和社会保障局 关于调整本市最低工资标准的通知（2025年）",
    ),
)


def standard_for(division_code: str, on: dt.date) -> MinimumWage | None:
    """The standard in force on `on` for the province of `division_code`, or None if the table lacks it."""
    province = division_code[:2]
    rows = [r for r in TABLE if r.province == province and r.effective <= on]
    return max(rows, key=lambda r: r.effective) if rows else None


def monthly_minimum(division_code: str, on: dt.date) -> int | None:
    """The lowest tier in force on `on` for the division's province (the tier is not resolved per county)."""
    row = standard_for(division_code, on)
    return min(row.tiers) if row else None
