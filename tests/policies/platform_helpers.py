"""Library records for the platform tests: a graduate who qualifies for the job-search subsidy, and an
employer meeting the disability quota."""

import datetime as dt

from jiuye.accounts.enums import Role
from jiuye.registry.enums import InsuranceScheme, LabourStatus, SeekerStatus
from jiuye.registry.models import GraduateRecord, InsuredPeriod, JobSeekerRegistration
from jiuye.taxonomy.models import EducationLevel
from tests import factories as f

ON = dt.date(2026, 11, 28)


def bachelor():
    return EducationLevel.objects.get_or_create(
        code="bachelor", defaults={"rank": 6, "name_zh": "大学本科", "name_en": "Bachelor's degree"}
    )[0]


def graduate(division, *, assistance="dibao", year=2026, user=True, name="陈思远"):
    """A 2026 university graduate looking for work; with a dibao household the job-search subsidy applies."""
    p = f.make_person(
        division, name=name, birth_date=dt.date(2004, 3, 1), labour_status=LabourStatus.UNEMPLOYED
    )
    GraduateRecord.objects.create(
        person=p, institution="湘潭大学", education=bachelor(), graduation_date=dt.date(year, 6, 30)
    )
    JobSeekerRegistration.objects.create(
        person=p, division=division, registered_on=dt.date(year, 7, 5), status=SeekerStatus.ACTIVE
    )
    if assistance is not None:
        f.make_household(division, [p], assistance_status=assistance)
    account = f.make_user(Role.CITIZEN, None, person=p) if user else None
    return p, account


def quota_employer(division, *, user=True):
    """An active employer whose one insured employee has a disability: the 1.5 % quota is met."""
    employer = f.make_employer(division)
    worker = f.make_person(division, disability_grade=4, labour_status=LabourStatus.EMPLOYED)
    InsuredPeriod.objects.create(
        person=worker, employer=employer, scheme=InsuranceScheme.PENSION, start_date=dt.date(2025, 1, 1)
    )
    account = f.make_user(Role.EMPLOYER, None, employer=employer) if user else None
    return employer, account
