"""Library rows for the releases on the test tree.

Majors (graduation on 30 June; outcomes observed by 2026-11-28):
  护理 at 湘潭大学, graduates living in 雨湖 430302001: 12 in 2024 (6 with a secured destination), 12 in 2025 (5);
    the employed work as nurses (2-05-08-01) from a month after graduation, paid 4,000–5,100 a month;
  会计学 at 湖南科技大学, graduates living in 岳塘 430304001: 12 in 2024 and 12 in 2025, 10 secured each year;
  哲学, 3 graduates in 2025 in 雨湖: a small cell.
Wages (2026): 36 workers of four employers in 雨湖 (9 each), occupation 2-05-08-01 from their spells, tax wage
  income March and April; 5 postings in 雨湖 with pay ranges.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiuye.jobs.enums import PostingStatus
from jiuye.jobs.models import JobPosting
from jiuye.registry.enums import ContractType, GraduateDestination
from jiuye.registry.models import EmploymentSpell, GraduateRecord, WageIncome
from jiuye.taxonomy.models import EducationLevel, Occupation
from tests import factories as f

AS_OF = dt.date(2026, 11, 28)


@pytest.fixture
def nurse(db):
    parent = None
    for code, level, name in (
        ("2", 1, "专业技术人员"),
        ("2-05", 2, "卫生专业技术人员"),
        ("2-05-08", 3, "护理人员"),
        ("2-05-08-01", 4, "内科护士"),
    ):
        parent, _ = Occupation.objects.get_or_create(
            code=code, defaults={"level": level, "name_zh": name, "parent": parent}
        )
    return parent


@pytest.fixture
def bachelor(db):
    return EducationLevel.objects.get_or_create(code="bachelor", defaults={"rank": 7, "name_zh": "大学本科"})[
        0
    ]


def _graduate(
    division, major, institution, year, secured, *, employer=None, occupation=None, wage=None, bachelor
):
    person = f.make_person(division, name="毕业生")
    graduated = dt.date(year, 6, 30)
    GraduateRecord.objects.create(
        person=person,
        institution=institution,
        major_name=major,
        education=bachelor,
        graduation_date=graduated,
        destination=GraduateDestination.EMPLOYED if secured else GraduateDestination.NOT_YET,
    )
    if secured and employer is not None:
        EmploymentSpell.objects.create(
            person=person,
            employer=employer,
            occupation=occupation,
            contract_type=ContractType.OPEN_ENDED,
            start_date=dt.date(year, 8, 1),
        )
        if wage:
            for month in (dt.date(year + 1, 2, 1), dt.date(year + 1, 3, 1)):
                WageIncome.objects.create(person=person, employer=employer, month=month, amount=Decimal(wage))
    return person


@pytest.fixture
def majors_library(tree, nurse, bachelor):
    hospital = f.make_employer(tree["430302001"], name="湘潭护理医院")
    firm = f.make_employer(tree["430304001"], name="岳塘会计事务所")
    for year, secured in ((2024, 6), (2025, 5)):
        for i in range(12):
            _graduate(
                tree["430302001"],
                "护理",
                "湘潭大学",
                year,
                i < secured,
                employer=hospital,
                occupation=nurse,
                wage=4000 + 100 * i,
                bachelor=bachelor,
            )
    for year in (2024, 2025):
        for i in range(12):
            _graduate(
                tree["430304001"],
                "会计学",
                "湖南科技大学",
                year,
                i < 10,
                employer=firm,
                wage=5000 + 50 * i,
                bachelor=bachelor,
            )
    for _i in range(3):
        _graduate(tree["430302001"], "哲学", "湘潭大学", 2025, False, bachelor=bachelor)
    return {"hospital": hospital, "firm": firm}


@pytest.fixture
def wage_library(tree, nurse):
    employers = [f.make_employer(tree["430302001"], name=f"雨湖医院{k}") for k in range(4)]
    for i in range(36):
        employer = employers[i % 4]
        person = f.make_person(tree["430302001"], name="工人")
        EmploymentSpell.objects.create(
            person=person,
            employer=employer,
            occupation=nurse,
            contract_type=ContractType.OPEN_ENDED,
            start_date=dt.date(2024, 1, 1),
        )
        for month in (dt.date(2026, 3, 1), dt.date(2026, 4, 1)):
            WageIncome.objects.create(
                person=person, employer=employer, month=month, amount=Decimal(4500 + 25 * i)
            )
    now = timezone.make_aware(dt.datetime(2026, 5, 10, 9, 0))
    for k in range(5):
        JobPosting.objects.create(
            employer=employers[k % 4],
            division=tree["430302001"],
            title="护士",
            occupation=nurse,
            pay_min=4000 + 100 * k,
            pay_max=6000,
            status=PostingStatus.PUBLISHED,
            published_at=now,
        )
    return employers
