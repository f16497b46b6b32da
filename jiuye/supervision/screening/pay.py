"""Unrealistic pay: a posting's pay against a reference table by occupation major group × region (pure: no Django).

The Django side builds a `PayTable` from the wage release (percentiles by occupation major group and division) and
passes it to `screen_posting`. Cells are looked up from the most specific to the least specific key:
(major group, division) → (major group, shorter division prefixes …) → (major group, "") → ("", division …) →
("", ""). A cell needs at least `MIN_CELL_N` postings to be used.

A posting is flagged (a warning: the moderator judges) when its pay *floor* (pay_min, or pay_max when only that is
given) is above `FACTOR` × the cell's 90th percentile: a floor twice the 90th percentile of its occupation and region
is the "too good to be true" offer typical of job scams. A range whose top is more than `SPREAD` times its floor is
flagged as bait too (3,000–30,000).

`table_from_postings(rows)` builds a table from (major group, division or city, monthly pay floor) rows; the bench and
the tests build a default table from the real 2019 BOSS直聘/拉勾 IT postings in
`/work/shared/data/datasets/job-postings-zh`, parsed with `jiuye.jobs.salary` and keyed by city name (those postings
are all professionals, major group 2, in four cities, so that table is only a demonstration).
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .legal import LEGAL_BASES
from .types import WARN, Flag, PostingText

FACTOR = 2.0
SPREAD = 5.0
MIN_CELL_N = 20


@dataclass(frozen=True)
class PayCell:
    n: int
    p50: float
    p90: float


class PayTable:
    """Monthly pay percentiles by (occupation major group, region key); "" is the wildcard at either level."""

    def __init__(self, cells: dict[tuple[str, str], PayCell]):
        self.cells = dict(cells)

    def lookup(self, occupation_code: str, region: str) -> tuple[tuple[str, str], PayCell] | None:
        major = (occupation_code or "")[:1]
        region = region or ""
        regions = [region[:k] for k in (len(region), 6, 4, 2) if k <= len(region)] + [""]
        seen = []
        for r in regions:
            if r not in seen:
                seen.append(r)
        for m in [major, ""] if major else [""]:
            for r in seen:
                cell = self.cells.get((m, r))
                if cell is not None and cell.n >= MIN_CELL_N:
                    return (m, r), cell
        return None


def _percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        raise ValueError("no values")
    k = (len(sorted_values) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def table_from_postings(rows: Iterable[tuple[str, str, float]]) -> PayTable:
    """Rows of (major group, region key, monthly pay floor) → a table with every level of wildcard filled."""
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    for major, region, value in rows:
        major = (major or "")[:1]
        for key in {(major, region), (major, ""), ("", region), ("", "")}:
            groups[key].append(float(value))
    cells = {}
    for key, values in groups.items():
        values.sort()
        cells[key] = PayCell(n=len(values), p50=_percentile(values, 0.5), p90=_percentile(values, 0.9))
    return PayTable(cells)


DEFAULT_POSTINGS = (
    Path(
        os.environ.get("JIUYE_DATASETS", Path(__file__).resolve().parents[4] / "shared" / "data" / "datasets")
    )
    / "job-postings-zh"
)


def it_postings_pay_text(row: dict, column: str = "wage") -> str:
    """The pay text of a row of the 2019 IT files, undoing their column shift: in every sheet but C#, two extra
    columns (low and high number) came before the pay text, so `wage` holds a bare number ("15") or "#N/A" and the
    pay text ("15-20K") sits in `industry` (as bench/salary_parse.py documents)."""
    text = (row.get(column) or "").strip()
    if column == "wage" and (text.isdigit() or text.upper() == "#N/A"):
        return (row.get("industry") or "").strip()
    return text


def postings_pay_rows(directory: str | os.PathLike[str] = DEFAULT_POSTINGS) -> list[tuple[str, str, float]]:
    """(major group "2", city, monthly pay floor) for every posting of the 2019 BOSS直聘/拉勾 IT files whose pay
    `jiuye.jobs.salary.parse_salary` reads (negotiable pay is skipped)."""
    from jiuye.jobs.salary import parse_salary

    directory = Path(directory)
    files = (
        ("boss_zhipin_2019_it_jobs.csv", "utf-8", "wage", "city"),
        ("lagou_2019_it_jobs.csv", "utf-8", "wage", "city"),
        ("lagou_data_analyst_positions_with_coords.csv", "utf-8-sig", "salary", "city"),
    )
    rows = []
    for name, encoding, pay_col, city_col in files:
        path = directory / name
        if not path.is_file():
            raise FileNotFoundError(f"pay reference postings: {path} is missing")
        with path.open(encoding=encoding, newline="") as fh:
            for line in csv.DictReader(fh):
                pay = parse_salary(it_postings_pay_text(line, pay_col))
                if pay is not None and pay.monthly_min is not None:
                    rows.append(("2", (line.get(city_col) or "").strip(), float(pay.monthly_min)))
    return rows


@lru_cache(maxsize=1)
def default_pay_table() -> PayTable:
    """A demonstration table from the real 2019 IT postings (all major group 2 — professionals — keyed by city
    name, so a lookup by division code falls back to the all-cities cell). The Django side should pass a table from
    its own wage release instead."""
    return table_from_postings(postings_pay_rows())


def _flag(code: str, field: str, en: str, zh: str, suggestion: str, matched: str) -> Flag:
    basis = LEGAL_BASES["hrm_24_true_info"]
    return Flag(
        category="unrealistic_pay",
        code=code,
        severity=WARN,
        field=field,
        start=0,
        end=0,
        matched_text=matched,
        legal_basis_key=basis.key,
        message_key=f"screening.{code}",
        message_en=f"{en} Legal basis: {basis.label('en')}.",
        message_zh=f"{zh}依据：{basis.label('zh')}。",
        suggestion=suggestion,
    )


def check_pay(text: PostingText, table: PayTable | None) -> list[Flag]:
    out: list[Flag] = []
    floor = text.pay_min if text.pay_min is not None else text.pay_max
    if text.pay_min and text.pay_max and text.pay_max > SPREAD * text.pay_min:
        out.append(
            _flag(
                "pay.spread",
                "pay_max",
                f"The pay range {text.pay_min}–{text.pay_max} is very wide (top more than {SPREAD:g}× the floor).",
                f"薪酬范围{text.pay_min}–{text.pay_max}过宽（上限超过下限的{SPREAD:g}倍）。",
                "写明可以承诺的基本工资范围，提成另行说明。",
                f"{text.pay_min}-{text.pay_max}",
            )
        )
    if table is None or floor is None:
        return out
    found = table.lookup(text.occupation_code, text.division_code)
    if found is None:
        return out
    key, cell = found
    if floor > FACTOR * cell.p90:
        out.append(
            _flag(
                "pay.unrealistic",
                "pay_min",
                f"The pay floor {floor} is more than {FACTOR:g}× the 90th percentile ({cell.p90:.0f}) for this "
                f"occupation group and region (n={cell.n}).",
                f"薪酬下限{floor}元超过该职业大类和地区第90百分位（{cell.p90:.0f}元，n={cell.n}）的{FACTOR:g}倍。",
                f"核实薪酬；该职业和地区的中位数约为{cell.p50:.0f}元/月。",
                str(floor),
            )
        )
    return out
