"""The recommender's view of postings and seekers (pure: no Django).

These records are everything the recommender may know. Sex, age, date of birth, ethnicity, hukou and marital
status are deliberately absent: nothing that ranks people may use them (tests/matching/test_recommend_fairness.py
fails if a field or feature by one of those names is added).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Attribute names that must never reach the recommender (checked against fields and FEATURES by a test).
PROTECTED = frozenset(
    {
        "sex",
        "gender",
        "age",
        "birth_date",
        "birth_year",
        "ethnicity",
        "nation",
        "hukou",
        "hukou_type",
        "hukou_division",
        "marital_status",
        "married",
        "resident_id",
    }
)


@dataclass(frozen=True)
class JobFeatures:
    """One live posting."""

    id: int
    occupation_code: str  # 大典 2022 code at any level, "" when unknown
    lat: float | None
    lon: float | None
    pay_min: int  # monthly base pay, yuan
    pay_max: int
    education_rank: int  # minimum education (taxonomy.EducationLevel.rank), 0 = none required
    experience_years: int  # minimum years required
    skills: frozenset[str]  # canonical skill names extracted from title and description
    posted_on: date
    responsiveness: float | None = None  # employer's share of applications answered in time, None unknown


@dataclass(frozen=True)
class SeekerFeatures:
    """One active job seeker."""

    id: int  # person id
    occupation_codes: tuple[str, ...]  # desired occupation first, then past / trained occupations
    lat: float | None
    lon: float | None
    pay_expected: int  # monthly, yuan; 0 = no expectation stated
    education_rank: int
    experience_years: int
    skills: frozenset[str]
    max_distance_km: float | None = None  # the seeker's own commuting limit, None = no limit stated
    active_on: date | None = None  # last activity (registration, profile update, application)


@dataclass(frozen=True)
class Reason:
    """Why an item was recommended. `code` is stable; the web layer turns it into words (with `params`)."""

    code: str  # e.g. "same_occupation_unit", "within_km", "pay_in_range", "skills_shared", "responsive_employer"
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Recommendation:
    id: int  # posting id (jobs for a seeker) or person id (candidates for a posting)
    score: float  # 0..1, higher is better
    reasons: tuple[Reason, ...]
