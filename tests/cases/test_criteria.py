"""Key-group criteria: each criterion on its boundaries, regional overrides, bad criteria files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jiuye.cases import identification as ident
from jiuye.cases.workdays import add_working_days, calendar, load_calendar
from jiuye.comparisons.services import recompute_worklists
from jiuye.policies.engine.parameters import ParameterError
from jiuye.registry.enums import (
    AssistanceStatus,
    ContractType,
    GraduateDestination,
    HukouType,
    LabourStatus,
    SpellEndReason,
)
from jiuye.registry.models import (
    DisabilityCertificate,
    EmploymentSpell,
    GraduateRecord,
    HouseholdAssistance,
    UnemploymentRegistration,
)
from jiuye.taxonomy.models import EducationLevel
from tests import factories as f

ON = dt.date(2026, 6, 15)


def groups(person, on=ON, criteria=None) -> set[str]:
    return {g for g, _c in ident.identify(person, on, criteria)}


def status(person, name, on=ON, criteria=None) -> str:
    return {e.criterion: e.status for e in ident.evaluate(person, on, criteria)}[name]


def register(person, on):
    return UnemploymentRegistration.objects.create(person=person, division=person.division, registered_on=on)


# --- older workers: years to statutory retirement, from the statutory table -------------------------


@pytest.mark.django_db
def test_older_worker_boundary_at_ten_years_to_retirement(tree):
    # A man born 1966-06-15 retires at 60 + 5 months of delay (born 1966-06: k=17 → 17//4+1 = 5 months):
    # 2026-11-15. On 2016-11-15 + … we move the reference date instead of the birth date.
    man = f.make_person(tree["430302001"], birth_date=dt.date(1966, 6, 15), sex="M")
    register(man, dt.date(2026, 1, 1))
    # retirement 2026-06-15 + 60y5m → 2026-11-15; 10 years before = 2016-11-15.
    assert status(man, "older_worker", on=dt.date(2016, 11, 16)) == ident.MET
    assert status(man, "older_worker", on=dt.date(2016, 11, 1)) == ident.NOT_MET
    # On the reference date of the suite the man is a few months from retirement: met.
    assert "older_worker" in groups(man)


@pytest.mark.django_db
def test_older_worker_needs_unemployment_and_not_retired(tree):
    man = f.make_person(
        tree["430302001"], birth_date=dt.date(1968, 1, 10), sex="M", labour_status=LabourStatus.INACTIVE
    )
    assert status(man, "older_worker") == ident.NOT_MET  # not unemployed
    register(man, dt.date(2026, 1, 1))
    assert status(man, "older_worker") == ident.MET
    retired = f.make_person(tree["430302001"], birth_date=dt.date(1960, 1, 10), sex="M")
    register(retired, dt.date(2026, 1, 1))
    assert status(retired, "older_worker") == ident.NOT_MET  # past the statutory age: years to retirement ≤ 0


@pytest.mark.django_db
def test_older_worker_facts_carry_the_figures(tree):
    woman = f.make_person(tree["430302001"], birth_date=dt.date(1975, 3, 1), sex="F")
    register(woman, dt.date(2026, 1, 1))
    ev = {e.criterion: e for e in ident.evaluate(woman, ON)}["older_worker"]
    assert ev.reference == "employment_service_rules"
    assert ev.facts["max"] == 10
    assert ev.status == (ident.MET if ev.facts["years_to_retirement"] <= 10 else ident.NOT_MET)


# --- persons with disabilities ------------------------------------------------------------------------


@pytest.mark.django_db
def test_disabled_valid_certificate_boundaries(tree):
    p = f.make_person(tree["430302001"], birth_date=dt.date(1990, 1, 1))
    cert = DisabilityCertificate.objects.create(
        person=p, category="limb", grade=3, issued_on=dt.date(2020, 1, 1), valid_until=ON
    )
    assert status(p, "disabled") == ident.MET  # valid through the reference date
    cert.valid_until = ON - dt.timedelta(days=1)
    cert.save()
    assert status(p, "disabled") == ident.NOT_MET  # expired the day before
    cert.valid_until = None
    cert.issued_on = ON + dt.timedelta(days=1)
    cert.save()
    assert status(p, "disabled") == ident.NOT_MET  # not yet issued


@pytest.mark.django_db
def test_disabled_needs_working_age_and_no_work(tree):
    child = f.make_person(tree["430302001"], birth_date=dt.date(2010, 6, 16), disability_grade=2)
    assert status(child, "disabled") == ident.NOT_MET  # 15 the day before the 16th birthday
    assert status(child, "disabled", on=dt.date(2026, 6, 16)) == ident.MET  # 16 on the birthday
    worker = f.make_person(tree["430302001"], disability_grade=4, labour_status=LabourStatus.EMPLOYED)
    assert status(worker, "disabled") == ident.NOT_MET


# --- long-term unemployed -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_long_term_unemployed_twelve_months_boundary(tree):
    p = f.make_person(tree["430302001"])
    register(p, dt.date(2025, 6, 15))
    assert status(p, "long_term_unemployed") == ident.MET  # exactly 12 months
    assert status(p, "long_term_unemployed", on=dt.date(2026, 6, 14)) == ident.NOT_MET  # one day short


@pytest.mark.django_db
def test_long_term_unemployed_ended_registration_or_current_spell(tree):
    p = f.make_person(tree["430302001"])
    reg = register(p, dt.date(2024, 1, 1))
    employer = f.make_employer(tree["430302001"])
    spell = EmploymentSpell.objects.create(
        person=p, employer=employer, contract_type=ContractType.FIXED_TERM, start_date=dt.date(2026, 6, 1)
    )
    assert status(p, "long_term_unemployed") == ident.NOT_MET  # working now
    spell.delete()
    reg.status, reg.ended_on = "employed", dt.date(2026, 5, 1)
    reg.save()
    assert status(p, "long_term_unemployed") == ident.NOT_MET


# --- minimum-living-security / low-income household members --------------------------------------------


@pytest.mark.django_db
def test_assistance_household_member(tree):
    p = f.make_person(tree["430302001"])
    hh = f.make_household(tree["430302001"], [p])
    a = HouseholdAssistance.objects.create(household=hh, kind=AssistanceStatus.DIBAO, start_date=ON)
    assert "dibao_member" in groups(p)
    assert "dibao_member" not in groups(p, on=ON - dt.timedelta(days=1))
    a.kind = AssistanceStatus.LOW_INCOME
    a.end_date = ON - dt.timedelta(days=1)
    a.save()
    assert status(p, "assistance_household") == ident.NOT_MET  # ended the day before
    a.end_date = ON
    a.save()
    assert "low_income_member" in groups(p)


# --- zero-employment household members ------------------------------------------------------------------


@pytest.mark.django_db
def test_zero_employment_household_member_follows_the_list(tree):
    p = f.make_person(tree["430302001"])
    register(p, dt.date(2026, 1, 1))
    f.make_household(tree["430302001"], [p])
    assert status(p, "zero_employment_household") == ident.NOT_MET  # list not computed yet
    recompute_worklists(on=ON)
    assert "zero_employment_household" in groups(p)


# --- land-lost farmers: no source, unknown ----------------------------------------------------------------


@pytest.mark.django_db
def test_land_lost_farmer_is_unknown_and_says_why(tree):
    p = f.make_person(tree["430302001"], hukou_type=HukouType.RURAL)
    ev = {e.criterion: e for e in ident.evaluate(p, ON)}["land_lost_farmer"]
    assert ev.status == ident.UNKNOWN
    assert "land-requisition" in ev.facts["missing"]
    assert "land_lost_farmer" not in groups(p)


# --- graduates and unemployed youth -------------------------------------------------------------------


@pytest.mark.django_db
def test_graduate_window_and_destination(tree):
    level = (
        EducationLevel.objects.create(code="bachelor", name_zh="本科", name_en="Bachelor", rank=5)
        if not (EducationLevel.objects.filter(code="bachelor").exists())
        else EducationLevel.objects.get(code="bachelor")
    )
    p = f.make_person(tree["430302001"], birth_date=dt.date(2002, 1, 1), labour_status=LabourStatus.INACTIVE)
    rec = GraduateRecord.objects.create(
        person=p,
        institution="湘潭大学",
        education=level,
        graduation_date=dt.date(2024, 6, 15),
        destination=GraduateDestination.NOT_YET,
    )
    assert status(p, "graduate") == ident.MET  # exactly 24 months
    assert status(p, "graduate", on=dt.date(2026, 6, 16)) == ident.NOT_MET  # one day past
    rec.destination = GraduateDestination.FURTHER_STUDY
    rec.save()
    assert status(p, "graduate") == ident.NOT_MET


@pytest.mark.django_db
def test_unemployed_youth_age_boundary(tree):
    p = f.make_person(tree["430302001"], birth_date=dt.date(2001, 6, 16))
    assert status(p, "unemployed_youth") == ident.MET  # 24 until the 25th birthday
    assert status(p, "unemployed_youth", on=dt.date(2026, 6, 16)) == ident.NOT_MET  # 25 on it
    inactive = f.make_person(
        tree["430302001"], birth_date=dt.date(2004, 1, 1), labour_status=LabourStatus.INACTIVE
    )
    assert status(inactive, "unemployed_youth") == ident.NOT_MET  # not unemployed


# --- veterans ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_veteran_window_and_unknown_discharge(tree):
    p = f.make_person(tree["430302001"], is_veteran=True, discharge_date=dt.date(2021, 6, 15))
    assert status(p, "veteran") == ident.MET  # exactly 5 years
    assert status(p, "veteran", on=dt.date(2026, 6, 16)) == ident.NOT_MET
    q = f.make_person(tree["430302001"], is_veteran=True)
    assert status(q, "veteran") == ident.UNKNOWN


# --- rural migrant workers returning home -----------------------------------------------------------------


@pytest.mark.django_db
def test_rural_returnee_worked_away_and_came_back(tree):
    p = f.make_person(tree["430302001"], hukou_type=HukouType.RURAL)
    away = f.make_employer(tree["430102"])  # Changsha: another prefecture than the Xiangtan hukou
    spell = EmploymentSpell.objects.create(
        person=p,
        employer=away,
        contract_type=ContractType.FIXED_TERM,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2025, 6, 15),
        end_reason=SpellEndReason.CONTRACT_ENDED,
    )
    assert status(p, "rural_returnee") == ident.MET  # returned exactly 12 months ago
    assert status(p, "rural_returnee", on=dt.date(2026, 6, 16)) == ident.NOT_MET
    spell.employer = f.make_employer(tree["430304001"])  # same prefecture: not a migrant spell
    spell.save()
    assert status(p, "rural_returnee") == ident.NOT_MET
    urban = f.make_person(tree["430302001"], hukou_type=HukouType.URBAN)
    EmploymentSpell.objects.create(
        person=urban,
        employer=away,
        contract_type=ContractType.FIXED_TERM,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2026, 1, 1),
    )
    assert status(urban, "rural_returnee") == ident.NOT_MET


# --- regional override, bad files, bulk -------------------------------------------------------------------

OVERRIDE = """
  long_term_unemployed.min_months:
    reference: employment_promotion_law
    unit: month
    values:
      - {from: 2008-01-01, value: 12}
    regional:
      "430302":
        - {from: 2026-01-01, value: 6}
"""


def _criteria_with(tmp_path: Path, replace_block: str) -> Path:
    text = ident.CRITERIA_FILE.read_text(encoding="utf-8")
    start = text.index("  long_term_unemployed.min_months:")
    end = text.index("  assistance_household.enabled:")
    out = tmp_path / "key_group_criteria.yaml"
    out.write_text(text[:start] + replace_block.lstrip("\n") + text[end:], encoding="utf-8")
    return out


@pytest.mark.django_db
def test_regional_override_by_district_and_date(tmp_path, tree):
    criteria = ident.load_criteria(_criteria_with(tmp_path, OVERRIDE))
    yuhu = f.make_person(tree["430302001"])
    yuetang = f.make_person(tree["430304001"])
    for p in (yuhu, yuetang):
        register(p, dt.date(2025, 12, 15))
    assert status(yuhu, "long_term_unemployed", criteria=criteria) == ident.MET  # 6 months in 雨湖 from 2026
    assert (
        status(yuetang, "long_term_unemployed", criteria=criteria) == ident.NOT_MET
    )  # national 12 elsewhere
    # Before the override's date the national value applies in 雨湖 too.
    assert status(yuhu, "long_term_unemployed", on=dt.date(2025, 12, 31), criteria=criteria) == ident.NOT_MET
    # The shipped file keeps 12 months everywhere.
    assert status(yuhu, "long_term_unemployed") == ident.NOT_MET


@pytest.mark.django_db
def test_region_can_switch_a_group_off(tmp_path, tree):
    text = ident.CRITERIA_FILE.read_text(encoding="utf-8").replace(
        "  veteran.enabled:\n    reference: veterans_law\n    description: {zh: 退役军人, en: Veterans}\n    values:\n"
        "      - {from: 2021-01-01, value: true}\n",
        "  veteran.enabled:\n    reference: veterans_law\n    values:\n      - {from: 2021-01-01, value: true}\n"
        '    regional:\n      "430304":\n        - {from: 2026-01-01, value: false}\n',
    )
    path = tmp_path / "key_group_criteria.yaml"
    path.write_text(text, encoding="utf-8")
    criteria = ident.load_criteria(path)
    a = f.make_person(tree["430302001"], is_veteran=True, discharge_date=dt.date(2025, 1, 1))
    b = f.make_person(tree["430304001"], is_veteran=True, discharge_date=dt.date(2025, 1, 1))
    assert "veteran" in groups(a, criteria=criteria)
    assert "veteran" not in groups(b, criteria=criteria)


def test_bad_criteria_file_names_the_key(tmp_path):
    bad = OVERRIDE.replace("2026-01-01", "2026-13-01")
    with pytest.raises(ParameterError) as err:
        ident.load_criteria(_criteria_with(tmp_path, bad))
    assert "long_term_unemployed.min_months" in str(err.value)
    assert "2026-13-01" in str(err.value)


def test_every_criterion_has_its_parameters_and_reference():
    criteria = ident.load_criteria()
    for c in ident.CRITERIA:
        p = criteria.parameters[f"{c.name}.enabled"]
        assert p.reference in criteria.references


@pytest.mark.django_db
def test_identify_all_matches_identify(tree):
    a = f.make_person(tree["430302001"], birth_date=dt.date(2003, 1, 1))
    b = f.make_person(tree["430304001"], labour_status=LabourStatus.EMPLOYED)
    register(a, dt.date(2025, 1, 1))
    allp = ident.identify_all(None, ON)
    assert {g for g, _ in allp[a.pk]} == groups(a) == {"unemployed_youth", "long_term_unemployed"}
    assert b.pk not in allp
    assert set(ident.identify_all(tree["430304"], ON)) == set()


# --- working days ------------------------------------------------------------------------------------------


def test_working_days_skip_weekends_and_holidays():
    # Friday 2026-06-12 + 5 working days → Friday 2026-06-19 is 端午 (holiday): Monday 2026-06-22.
    assert add_working_days(dt.date(2026, 6, 12), 5) == dt.date(2026, 6, 22)
    # An ordinary week: Monday + 5 → next Monday.
    assert add_working_days(dt.date(2026, 3, 2), 5) == dt.date(2026, 3, 9)
    # Saturday 2026-02-14 is a make-up working day.
    assert calendar().is_working_day(dt.date(2026, 2, 14))
    assert not calendar().is_working_day(dt.date(2026, 10, 5))


def test_bad_holiday_file_names_the_line(tmp_path):
    path = tmp_path / "holidays.yaml"
    path.write_text("2026:\n  source: x\n  holidays: [2026-02-30]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"2026.holidays\[0\]"):
        load_calendar(path)
