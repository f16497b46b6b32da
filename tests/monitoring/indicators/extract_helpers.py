"""Build a tiny extract directory by hand for the definition tests (pure: no database)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from jiuye.analytics.extract import TABLES, division_ancestor_rows, month_start

# 43 湖南 › 4303 湘潭 › 430302 雨湖 (townships A, B) and 430304 岳塘 (township C).
A, B, C = "430302001", "430302002", "430304001"
PATHS = ["43/4303/430302/430302001", "43/4303/430302/430302002", "43/4303/430304/430304001"]
M0 = 2026 * 12  # January 2026
M1 = M0 + 1

KEY_GROUPS = [(1, "disabled", True), (2, "veteran", False), (4, "older_worker", True)]

_PM_DEFAULTS = {
    "employed": False,
    "employed_prev": False,
    "job_started": False,
    "registered_unemployed": False,
    "registered_unemployed_prev": False,
    "difficulty": False,
    "key_group_mask": 0,
    "insured": False,
    "months_since_graduation": None,
}


def pm(person: str, division: str = A, month: int = M0, **flags) -> dict:
    row = {"person_hash": person, "division_code": division, "month": month_start(month), "month_idx": month}
    row.update(_PM_DEFAULTS)
    row.update(flags)
    return row


def po(
    posting: str,
    division: str = A,
    month: int = M0,
    *,
    headcount: int = 1,
    occupation: str | None = None,
    pay_mid: float | None = None,
    is_new: bool = False,
    is_filled: bool = False,
    days_to_fill: int | None = None,
) -> dict:
    return {
        "posting_hash": posting,
        "employer_hash": "e1",
        "division_code": division,
        "month": month_start(month),
        "month_idx": month,
        "occupation_code": f"{occupation}-01-00-00" if occupation else None,
        "occupation_major": occupation,
        "headcount": headcount,
        "pay_min": None,
        "pay_max": None,
        "pay_mid": pay_mid,
        "published_date": dt.date(2026, 1, 5),
        "filled_date": None,
        "is_new": is_new,
        "is_filled": is_filled,
        "days_to_fill": days_to_fill,
    }


def ap(person: str, division: str = A, month: int = M0, occupation: str | None = None) -> dict:
    return {
        "person_hash": person,
        "division_code": division,
        "month": month_start(month),
        "month_idx": month,
        "occupation_major": occupation,
    }


def write(directory: Path, *, persons=(), postings=(), applicants=()) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    tables = {
        "person_month": list(persons),
        "postings_month": list(postings),
        "applicants_month": list(applicants),
        "key_groups": [{"bit": b, "code": c, "difficulty": d} for b, c, d in KEY_GROUPS],
        "division_ancestors": [
            {"leaf_code": a, "code": b, "level": c} for a, b, c in division_ancestor_rows(PATHS)
        ],
    }
    for name, rows in tables.items():
        pq.write_table(pa.Table.from_pylist(rows, schema=TABLES[name]), directory / f"{name}.parquet")
    return directory
