"""The situation records the rules read, and their columnar form for whole populations.

Every field is optional: ``None`` means "not known" and makes the conditions that read it *unknown*,
never *unmet*. The Django side fills these from the registry (see docs/domains/policies.md for the
source of each column); the engine never looks anything up.

Columnar form (for the nightly push): one float64 array per field, NaN for missing. Booleans are
0/1, categories are the index of the value in ``CATEGORIES[field]``, dates are ``yyyymmdd`` numbers
(exact in float64, and they make age and whole-month arithmetic plain integer arithmetic). The
division code is an int64 array of 12-digit codes (shorter codes right-padded with zeros), 0 when
unknown.

"Known not to have happened" is not the same as "not known": a date field takes ``NEVER`` when the
source knows there is none (no business in the market-supervision register, no certificate in the
skills register), and ``None`` only when the source is not linked or silent.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields

import numpy as np

NEVER = dt.date.max  # a date known not to exist; reads as "in the far future", so "since…" is unmet

# Values follow jiuye.registry.enums where the registry has the field.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "labour_status": ("employed", "flexible", "unemployed", "student", "retired", "inactive"),
    "separation_reason": ("resigned", "contract_ended", "dismissed", "employer_closed", "retired", "other"),
    # 普通高校 / 技师学院高级工班、预备技师班 / 特殊教育院校职业教育类 / 中职 / 普通高中 / 初中
    "school_type": (
        "university",
        "technician_college",
        "special_education_vocational",
        "secondary_vocational",
        "senior_high",
        "junior_high",
    ),
    "assistance_status": ("none", "low_income", "dibao", "tekun"),
    # 职业技能等级: 五级/初级工 … 一级/高级技师
    "certificate_grade": ("junior", "intermediate", "senior", "technician", "senior_technician"),
    "ownership": (
        "state",
        "collective",
        "private",
        "individual",
        "foreign",
        "institution",
        "government",
        "social_org",
    ),
    "employer_status": ("active", "abnormal", "deregistered"),
    "size_class": ("micro", "small", "medium", "large"),
}


@dataclass(frozen=True, slots=True)
class PersonSituation:
    division_code: str | None = None  # residence (12-digit or a prefix)
    birth_date: dt.date | None = None
    labour_status: str | None = None
    registered_unemployed: bool | None = None  # an open unemployment registration
    registered_unemployed_since: dt.date | None = None
    job_seeking: bool | None = None  # 有求职要求
    ui_contribution_months: int | None = None  # cumulative unemployment-insurance months
    ui_insured_now: bool | None = None  # insured for unemployment as an employee this month
    separation_reason: str | None = None  # reason the last job ended
    receiving_pension: bool | None = None
    hard_to_employ: bool | None = None  # recognised 就业困难人员
    employed_with_si_since: dt.date | None = None  # current job with employer-paid social insurance
    flexible_si_since: dt.date | None = None  # flexible employment with own SI contributions since
    years_to_retirement: float | None = None  # from the statutory retirement-age table
    graduation_year: int | None = None
    school_type: str | None = None
    disabled: bool | None = None
    assistance_status: str | None = None  # household social assistance
    poverty_relief_household: bool | None = None  # 脱贫户 / 防返贫监测对象
    student_loan: bool | None = None  # national student loan
    veteran: bool | None = None
    veteran_self_placed: bool | None = None  # 自主就业退役士兵
    rural_migrant: bool | None = None  # 农村转移就业劳动者 / 返乡创业农民工
    ex_offender: bool | None = None  # 刑满释放人员
    business_registered_on: dt.date | None = None  # own business (个体工商户 / small enterprise)
    other_loans: bool | None = None  # loans other than the exempted kinds (housing, car, student…)
    certificate_on: dt.date | None = None  # latest vocational skill / training certificate
    certificate_grade: str | None = None
    training_completed_on: dt.date | None = None  # employment-skill or entrepreneurship training


@dataclass(frozen=True, slots=True)
class EmployerSituation:
    division_code: str | None = None
    ownership: str | None = None
    employer_status: str | None = None
    size_class: str | None = (
        None  # registry SizeClass (kept for later rules, e.g. small-employer levy exemption)
    )
    registered_on: dt.date | None = None
    insured_headcount: int | None = None  # employees insured this month
    disabled_employees: int | None = None  # counted as the quota rules say (grade 1–2 count double)
    youth_hires_with_ui: int | None = None  # hires in the job-creation target groups with UI paid ≥ 1 month
    veterans_hired: int | None = None  # 自主就业退役士兵 on contracts ≥ 1 year this year
    industry_code: str | None = None  # GB/T 4754 section letter (kept for later rules)


SITUATIONS = {"person": PersonSituation, "employer": EmployerSituation}
DATE_FIELDS = {
    "birth_date",
    "registered_unemployed_since",
    "employed_with_si_since",
    "flexible_si_since",
    "business_registered_on",
    "certificate_on",
    "training_completed_on",
    "registered_on",
}
TEXT_FIELDS = {"division_code", "industry_code"}


def ymd(d: dt.date) -> int:
    return d.year * 10000 + d.month * 100 + d.day


def division_int(code: str | None) -> int:
    if not code:
        return 0
    return int(code.ljust(12, "0"))


def scalar_value(situation, name: str) -> float:
    """One field as the number the rules compare: NaN when unknown."""
    v = getattr(situation, name)
    if v is None:
        return math.nan
    if name in CATEGORIES:
        return float(CATEGORIES[name].index(v))
    if isinstance(v, dt.date):
        return float(ymd(v))
    return float(v)


def field_names(subject: str) -> list[str]:
    return [f.name for f in fields(SITUATIONS[subject])]


def to_columns(records, subject: str) -> dict[str, np.ndarray]:
    """Records → columns (mostly for tests and small batches; the bench generates columns directly)."""
    n = len(records)
    cols: dict[str, np.ndarray] = {}
    for name in field_names(subject):
        if name == "division_code":
            cols[name] = np.fromiter((division_int(r.division_code) for r in records), np.int64, n)
        elif name in TEXT_FIELDS:
            continue
        else:
            cols[name] = np.fromiter((scalar_value(r, name) for r in records), np.float64, n)
    return cols


def check_situation(situation) -> None:
    """Reject category values the engine does not know (a typo must not read as 'unknown')."""
    for name, allowed in CATEGORIES.items():
        v = getattr(situation, name, None)
        if v is not None and v not in allowed:
            raise ValueError(f"{type(situation).__name__}.{name}: {v!r} is not one of {', '.join(allowed)}")


def _from_number(name: str, v: float, kind):
    if math.isnan(v):
        return None
    if name in CATEGORIES:
        return CATEGORIES[name][int(v)]
    if name in DATE_FIELDS:
        n = int(v)
        return dt.date(n // 10000, (n // 100) % 100, n % 100)
    if kind is bool:
        return bool(v)
    if kind is int:
        return int(v)
    return float(v)


def from_columns(columns: dict[str, np.ndarray], i: int, subject: str):
    """Row i of the columns back into a situation record (the per-person path of the benchmark)."""
    cls = SITUATIONS[subject]
    kw = {}
    for f in fields(cls):
        if f.name not in columns:
            continue
        v = columns[f.name][i]
        if f.name == "division_code":
            kw[f.name] = f"{int(v):012d}" if v else None
        else:
            kind = bool if "bool" in f.type else int if "int" in f.type else float
            kw[f.name] = _from_number(f.name, float(v), kind)
    return cls(**kw)
