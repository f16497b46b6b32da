"""Library rows on the test tree for the Django round trip (January and February 2026).

雨湖路街道 430302001:
  p1 employed since 2025-06-01, pension contribution paid for January 2026;
  p2 registered unemployed 2025-11-01 → 2026-02-10 (found work), new job from 2026-02-11;
  p3 registered unemployed from 2026-01-05 (open);
  p4 out of work, in the "disabled" key group (an employment-difficulty group) since 2025-01-01;
  a posting published 2026-01-10, 3 openings, pay 4000–6000, valid to 2026-03-31, first hire 2026-02-04.
书院路街道 430304001:
  p5 registered unemployed from 2025-12-01 (open).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jiuye.jobs.enums import ApplicationStatus, PostingStatus
from jiuye.jobs.models import JobApplication, JobApplicationEvent, JobPosting
from jiuye.registry.enums import ContractType, InsuranceScheme, LabourStatus, RegistrationStatus
from jiuye.registry.models import (
    ContributionRecord,
    EmploymentSpell,
    PersonKeyGroup,
    UnemploymentRegistration,
)
from jiuye.taxonomy.models import KeyGroup
from tests import factories as f

JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


@pytest.fixture
def library(tree):
    yuhu, yuetang = tree["430302001"], tree["430304001"]
    disabled = KeyGroup.objects.create(
        code="disabled", name_zh="残疾人", name_en="Persons with disabilities", is_employment_difficulty=True
    )
    KeyGroup.objects.create(code="veteran", name_zh="退役军人", name_en="Veterans")
    employer = f.make_employer(yuhu)

    p1 = f.make_person(yuhu, name="王一", labour_status=LabourStatus.EMPLOYED)
    EmploymentSpell.objects.create(
        person=p1, employer=employer, contract_type=ContractType.FIXED_TERM, start_date=dt.date(2025, 6, 1)
    )
    ContributionRecord.objects.create(
        person=p1,
        employer=employer,
        scheme=InsuranceScheme.PENSION,
        month=JAN,
        base_wage=Decimal("5000"),
        amount_due=Decimal("800"),
        amount_paid=Decimal("800"),
    )

    p2 = f.make_person(yuhu, name="王二")
    UnemploymentRegistration.objects.create(
        person=p2,
        division=yuhu,
        registered_on=dt.date(2025, 11, 1),
        ended_on=dt.date(2026, 2, 10),
        status=RegistrationStatus.EMPLOYED,
    )
    EmploymentSpell.objects.create(
        person=p2, employer=employer, contract_type=ContractType.FIXED_TERM, start_date=dt.date(2026, 2, 11)
    )

    p3 = f.make_person(yuhu, name="王三")
    registration = UnemploymentRegistration.objects.create(
        person=p3, division=yuhu, registered_on=dt.date(2026, 1, 5)
    )

    p4 = f.make_person(yuhu, name="王四", labour_status=LabourStatus.INACTIVE)
    PersonKeyGroup.objects.create(person=p4, key_group=disabled, since=dt.date(2025, 1, 1))

    p5 = f.make_person(yuetang, name="李五")
    UnemploymentRegistration.objects.create(person=p5, division=yuetang, registered_on=dt.date(2025, 12, 1))

    posting = JobPosting.objects.create(
        employer=employer,
        division=yuhu,
        title="数控车工",
        headcount=3,
        pay_min=4000,
        pay_max=6000,
        contract_type=ContractType.FIXED_TERM,
        status=PostingStatus.PUBLISHED,
        published_at=aware(dt.date(2026, 1, 10)),
        valid_from=dt.date(2026, 1, 10),
        valid_until=dt.date(2026, 3, 31),
    )
    application = JobApplication.objects.create(posting=posting, person=p2, status=ApplicationStatus.HIRED)
    JobApplicationEvent.objects.create(
        application=application,
        from_status=ApplicationStatus.OFFERED,
        to_status=ApplicationStatus.HIRED,
        at=aware(dt.date(2026, 2, 4)),
    )
    return {"persons": [p1, p2, p3, p4, p5], "registration": registration, "posting": posting}
