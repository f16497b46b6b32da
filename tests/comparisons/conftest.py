"""A small crafted library for the comparisons, with helpers to add department facts.

Reference date ON = 2025-06-15: the reference month is June 2025.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jiuye.registry.enums import ContractType, HukouMoveKind, InsuranceScheme, LabourStatus
from jiuye.registry.models import (
    ContributionRecord,
    EmploymentSpell,
    GraduateRecord,
    HukouMove,
    UnemploymentRegistration,
    WageIncome,
)
from jiuye.taxonomy.models import EducationLevel

from .. import factories as f

ON = dt.date(2025, 6, 15)


def m(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def adult(division, **kw):
    """A person aged 35 on ON, available for work."""
    kw.setdefault("birth_date", dt.date(1990, 1, 1))
    kw.setdefault("labour_status", LabourStatus.UNEMPLOYED)
    return f.make_person(division, **kw)


def spell(person, start, end=None, employer=None):
    return EmploymentSpell.objects.create(
        person=person, employer=employer, contract_type=ContractType.FIXED_TERM, start_date=start, end_date=end
    )


def wage(person, month, employer=None, amount="5000.00"):
    return WageIncome.objects.create(person=person, employer=employer, month=month, amount=Decimal(amount))


def contribution(person, employer, month, due="800.00", paid="800.00", scheme=InsuranceScheme.PENSION):
    return ContributionRecord.objects.create(
        person=person, employer=employer, scheme=scheme, month=month, base_wage=Decimal("5000.00"),
        amount_due=Decimal(due), amount_paid=Decimal(paid),
    )


def register(person, on, division=None, **kw):
    return UnemploymentRegistration.objects.create(
        person=person, division=division or person.division, registered_on=on, **kw
    )


def graduate(person, on, **kw):
    level, _ = EducationLevel.objects.get_or_create(
        code="bachelor", defaults={"rank": 7, "name_zh": "大学本科", "name_en": "Bachelor's degree"}
    )
    return GraduateRecord.objects.create(
        person=person, institution=kw.pop("institution", "湘潭大学"), education=level, graduation_date=on, **kw
    )


def move_in(person, on, kind=HukouMoveKind.MOVE_IN):
    return HukouMove.objects.create(person=person, kind=kind, to_division=person.division, moved_on=on)


@pytest.fixture
def yuhu(tree):
    return tree["430302001"]


@pytest.fixture
def yuetang(tree):
    return tree["430304001"]
