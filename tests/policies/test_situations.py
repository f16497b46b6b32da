"""Situations built from the library: one person, one employer, whole querysets; the retirement table."""

import datetime as dt

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jiuye.policies.engine import NEVER, from_columns
from jiuye.policies.situations import (
    build_employer_situation,
    build_person_situation,
    certificate_grade,
    employer_columns,
    person_columns,
    person_situations,
    retirement_date,
    years_to_retirement,
)
from jiuye.registry.enums import ContractType, InsuranceScheme, LabourStatus, SpellEndReason
from jiuye.registry.models import (
    ContributionRecord,
    EmploymentSpell,
    GraduateRecord,
    InsuredPeriod,
    Person,
    PersonKeyGroup,
    TrainingRecord,
    UnemploymentRegistration,
)
from jiuye.taxonomy.models import EducationLevel, KeyGroup
from tests import factories as f

D = dt.date
ON = D(2026, 11, 28)


# ------------------------------------------------------------------------------- retirement table


@pytest.mark.parametrize(
    ("sex", "birth", "line", "expected"),
    [
        ("M", D(1964, 12, 15), None, D(2024, 12, 15)),  # before the reform: 60
        ("M", D(1965, 1, 10), None, D(2025, 2, 10)),  # first cohort: 60 and 1 month
        ("M", D(1965, 5, 1), None, D(2025, 7, 1)),  # second cohort: 2 months
        ("M", D(1976, 9, 1), None, D(2039, 9, 1)),  # cap reached: 63
        ("M", D(1990, 5, 6), None, D(2053, 5, 6)),
        ("F", D(1969, 12, 1), None, D(2024, 12, 1)),  # 55 line, before the reform
        ("F", D(1970, 1, 1), None, D(2025, 2, 1)),  # 55 line, 1 month
        ("F", D(1981, 12, 1), None, D(2039, 12, 1)),  # 55 line capped at 58
        ("F", D(1975, 1, 1), "F50", D(2025, 2, 1)),  # 50 line, 1 month
        ("F", D(1975, 3, 1), "F50", D(2025, 5, 1)),  # 50 line, 2 months (one per 2 months of birth)
        ("F", D(1990, 1, 1), "F50", D(2045, 1, 1)),  # 50 line capped at 55
    ],
)
def test_statutory_retirement_date(sex, birth, line, expected):
    assert retirement_date(sex, birth, line) == expected


def test_years_to_retirement_unknown_without_sex_or_birth():
    assert years_to_retirement(None, D(1990, 1, 1), ON) is None
    assert years_to_retirement("M", None, ON) is None
    assert years_to_retirement("M", D(1966, 11, 28), ON) < 5


def test_certificate_grades_from_hr_text():
    assert certificate_grade("五级/初级工") == "junior"
    assert certificate_grade("四级/中级工") == "intermediate"
    assert certificate_grade("三级/高级工") == "senior"
    assert certificate_grade("二级/技师") == "technician"
    assert certificate_grade("一级/高级技师") == "senior_technician"
    assert certificate_grade("") is None
    assert certificate_grade("合格证") is None


# ------------------------------------------------------------------------------- persons


def _difficulty_group():
    return KeyGroup.objects.get_or_create(
        code="long_term_unemployed",
        defaults={
            "name_zh": "长期失业人员",
            "name_en": "Long-term unemployed",
            "is_employment_difficulty": True,
        },
    )[0]


def test_unknown_library_gives_unknown_not_false(tree):
    p = f.make_person(tree["430302001"], labour_status=LabourStatus.INACTIVE)
    s = build_person_situation(p, ON)
    assert s.division_code == "430302001"
    assert s.registered_unemployed is False  # the library is the register
    assert s.hard_to_employ is False
    assert s.job_seeking is None  # no seeker or unemployment registration: not known
    assert s.ui_contribution_months is None and s.ui_insured_now is None  # no social-insurance data
    assert s.employed_with_si_since is None and s.flexible_si_since is None
    assert s.training_completed_on == NEVER and s.certificate_on == NEVER
    assert s.poverty_relief_household is None and s.other_loans is None and s.student_loan is None
    assert s.business_registered_on == NEVER  # no self-employed spell while the labour status is known


def test_own_business_from_a_self_employed_spell(tree):
    p = f.make_person(tree["430302001"], labour_status=LabourStatus.FLEXIBLE)
    shop = f.make_employer(tree["430302001"], ownership="individual", registered_on=D(2025, 4, 2))
    EmploymentSpell.objects.create(
        person=p, employer=shop, contract_type=ContractType.SELF_EMPLOYED, start_date=D(2025, 5, 1)
    )
    assert build_person_situation(p, ON).business_registered_on == D(2025, 4, 2)


def test_unemployed_worker_with_contributions(tree):
    p = f.make_person(tree["430302001"], labour_status=LabourStatus.UNEMPLOYED)
    employer = f.make_employer(tree["430302001"])
    EmploymentSpell.objects.create(
        person=p,
        employer=employer,
        contract_type=ContractType.FIXED_TERM,
        start_date=D(2024, 1, 1),
        end_date=D(2026, 8, 31),
        end_reason=SpellEndReason.CONTRACT_ENDED,
    )
    for m in range(1, 13):
        ContributionRecord.objects.create(
            person=p,
            employer=employer,
            scheme=InsuranceScheme.UNEMPLOYMENT,
            month=D(2025, m, 1),
            base_wage="4000",
            amount_due="20",
            amount_paid="20",
        )
    ContributionRecord.objects.create(  # due but not paid: does not count
        person=p,
        employer=employer,
        scheme=InsuranceScheme.UNEMPLOYMENT,
        month=D(2026, 1, 1),
        base_wage="4000",
        amount_due="20",
        amount_paid="0",
    )
    UnemploymentRegistration.objects.create(person=p, division=tree["430302001"], registered_on=D(2026, 9, 5))
    PersonKeyGroup.objects.create(person=p, key_group=_difficulty_group(), since=D(2026, 9, 5))
    s = build_person_situation(p, ON)
    assert s.ui_contribution_months == 12
    assert s.ui_insured_now is False
    assert s.separation_reason == "contract_ended"
    assert s.registered_unemployed is True and s.registered_unemployed_since == D(2026, 9, 5)
    assert s.job_seeking is True
    assert s.hard_to_employ is True
    assert s.employed_with_si_since == NEVER  # SI data present, no insured job now
    assert s.receiving_pension is False
    # Before the key-group recognition and the registration, they are not there.
    earlier = build_person_situation(p, D(2026, 9, 1))
    assert earlier.hard_to_employ is False and earlier.registered_unemployed is False


def test_employed_with_social_insurance_and_flexible(tree):
    p = f.make_person(tree["430302001"], labour_status=LabourStatus.EMPLOYED)
    employer = f.make_employer(tree["430302001"])
    EmploymentSpell.objects.create(
        person=p, employer=employer, contract_type=ContractType.OPEN_ENDED, start_date=D(2025, 3, 1)
    )
    InsuredPeriod.objects.create(
        person=p, employer=employer, scheme=InsuranceScheme.PENSION, start_date=D(2025, 3, 1)
    )
    InsuredPeriod.objects.create(
        person=p, employer=employer, scheme=InsuranceScheme.UNEMPLOYMENT, start_date=D(2025, 3, 1)
    )
    s = build_person_situation(p, ON)
    assert s.employed_with_si_since == D(2025, 3, 1)
    assert s.ui_insured_now is True
    assert s.ui_contribution_months == 21  # 2025-03 … 2026-11
    q = f.make_person(tree["430302001"], labour_status=LabourStatus.FLEXIBLE)
    InsuredPeriod.objects.create(
        person=q, employer=None, scheme=InsuranceScheme.PENSION, start_date=D(2026, 2, 1)
    )
    assert build_person_situation(q, ON).flexible_si_since == D(2026, 2, 1)


def test_graduate_training_and_household(tree):
    bachelor = EducationLevel.objects.get_or_create(
        code="bachelor", defaults={"rank": 6, "name_zh": "大学本科", "name_en": "Bachelor's degree"}
    )[0]
    p = f.make_person(tree["430302001"], labour_status=LabourStatus.STUDENT)
    GraduateRecord.objects.create(
        person=p, institution="湘潭大学", education=bachelor, graduation_date=D(2026, 6, 30)
    )
    TrainingRecord.objects.create(
        person=p,
        programme="电工",
        start_date=D(2026, 7, 1),
        end_date=D(2026, 8, 31),
        certificate_level="四级/中级工",
    )
    f.make_household(tree["430302001"], [p], assistance_status="dibao")
    s = build_person_situation(p, ON)
    assert (s.graduation_year, s.school_type) == (2026, "university")
    assert s.training_completed_on == D(2026, 8, 31)
    assert (s.certificate_on, s.certificate_grade) == (D(2026, 8, 31), "intermediate")
    assert s.assistance_status == "dibao"


def test_whole_queryset_in_a_few_queries_and_same_as_single(tree):
    people = [f.make_person(tree["430302001"]) for _ in range(3)] + [f.make_person(tree["430304001"])]
    UnemploymentRegistration.objects.create(
        person=people[0], division=tree["430302001"], registered_on=D(2026, 1, 5)
    )
    qs = Person.objects.filter(pk__in=[p.pk for p in people])
    with CaptureQueriesContext(connection) as few:
        situations = person_situations(qs, ON)
    extra = [f.make_person(tree["430302001"]) for _ in range(10)]
    with CaptureQueriesContext(connection) as more:
        person_situations(Person.objects.filter(pk__in=[p.pk for p in people + extra]), ON)
    assert len(more.captured_queries) == len(few.captured_queries) <= 15
    for p in people:
        assert situations[p.pk] == build_person_situation(p, ON)
    ids, cols = person_columns(qs, ON)
    for i, pid in enumerate(ids):
        back = from_columns(cols, i, "person")
        assert back.registered_unemployed == situations[int(pid)].registered_unemployed
        assert back.division_code == situations[int(pid)].division_code.ljust(12, "0")


# ------------------------------------------------------------------------------- employers


def test_employer_counts(tree):
    employer = f.make_employer(tree["430302001"], registered_on=D(2020, 1, 1))
    staff = []
    for i, grade in enumerate((None, None, 2, 4)):
        p = f.make_person(
            tree["430302001"],
            birth_date=D(2003, 1, 1) if i == 0 else D(1985, 1, 1),
            disability_grade=grade,
            labour_status=LabourStatus.EMPLOYED,
        )
        InsuredPeriod.objects.create(
            person=p, employer=employer, scheme=InsuranceScheme.PENSION, start_date=D(2026, 3, 1)
        )
        staff.append(p)
    young = staff[0]
    EmploymentSpell.objects.create(
        person=young, employer=employer, contract_type=ContractType.FIXED_TERM, start_date=D(2026, 3, 1)
    )
    ContributionRecord.objects.create(
        person=young,
        employer=employer,
        scheme=InsuranceScheme.UNEMPLOYMENT,
        month=D(2026, 3, 1),
        base_wage="4000",
        amount_due="20",
        amount_paid="20",
    )
    vet = f.make_person(tree["430302001"], is_veteran=True, labour_status=LabourStatus.EMPLOYED)
    EmploymentSpell.objects.create(
        person=vet, employer=employer, contract_type=ContractType.FIXED_TERM, start_date=D(2026, 5, 1)
    )
    s = build_employer_situation(employer, ON)
    assert s.insured_headcount == 4
    assert s.disabled_employees == 3  # grade 2 counts double
    assert s.youth_hires_with_ui == 1  # aged 23 at hire, UI paid for a month
    assert s.veterans_hired == 1
    assert (s.ownership, s.employer_status, s.size_class) == ("private", "active", "small")
    ids, cols = employer_columns(type(employer).objects.filter(pk=employer.pk), ON)
    assert list(ids) == [employer.pk] and np.isclose(cols["insured_headcount"][0], 4)
