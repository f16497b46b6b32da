import datetime as dt

import pytest

from jiuye.ingestion.sources.base import REGISTRY, RowRejected
from jiuye.ingestion.sources.civil_affairs.schema import AssistanceRow, DisabilityRow
from jiuye.registry.models import (
    DisabilityCertificate,
    FieldProvenance,
    Household,
    HouseholdAssistance,
    HouseholdMembership,
    PersonKeyGroup,
)
from tests import factories as f

from .helpers import LAST_YEAR, TODAY, errors, rid

pytestmark = pytest.mark.django_db
ASSISTANCE, DISABILITY = "civil_affairs.assistance", "civil_affairs.disability"


def assistance(person, **kw) -> dict:
    return {"resident_id": person.reveal_resident_id(), "name": person.name, "household_number": "HH-0001",
            "kind": "城市低保", "division_code": "430302001", "address": "雨湖路1号",
            "start_date": f"{LAST_YEAR}-01-01", **kw}


def certificate(person, **kw) -> dict:
    return {"resident_id": person.reveal_resident_id(), "name": person.name, "category": "肢体",
            "grade": "三级", "issued_on": f"{LAST_YEAR}-08-15", "valid_until": f"{LAST_YEAR + 10}-08-15", **kw}


def land(code, data, person, make_ctx):
    adapter = REGISTRY[code]()
    return adapter.apply(adapter.schema.model_validate(data), make_ctx(code), person)


def test_assistance_schema():
    row = AssistanceRow.model_validate({"resident_id": rid(), "name": "王小明", "household_number": "HH1",
                                        "kind": "特困供养", "division_code": "430302", "start_date": "2023-01-01",
                                        "end_date": f"{TODAY.year + 1}-12-31", "hukou_type": "农业"})
    assert (row.kind, row.hukou_type) == ("tekun", "rural")  # an approval may run past today
    found = errors(AssistanceRow, {"resident_id": rid(), "name": "王小明", "household_number": "",
                                   "kind": "临时救助", "division_code": "4303021", "start_date": "2023-01-01",
                                   "end_date": "2022-12-31"})
    assert found["household_number"][0] == "missing"
    assert found["kind"][0] == "choice" and "最低生活保障" in found["kind"][1]
    assert found["division_code"][0] == "division_format"
    assert found["end_date"][0] == "date_order"


def test_disability_schema():
    row = DisabilityRow.model_validate({"resident_id": rid(), "name": "王小明", "category": "6", "grade": "一级",
                                        "issued_on": "2020-01-01"})
    assert (row.category, row.grade) == ("mental", "1")
    found = errors(DisabilityRow, {"resident_id": rid(), "name": "王小明", "category": "其他", "grade": "五级",
                                   "issued_on": "2999-01-01", "valid_until": "2020-01-01"})
    assert found["category"][0] == "choice" and found["grade"][0] == "choice"
    assert found["issued_on"][0] == "date_future"


def test_assistance_creates_the_household_and_sets_its_status(tree, yuhu_person, make_ctx):
    assert land(ASSISTANCE, assistance(yuhu_person), yuhu_person, make_ctx) == "accepted"
    household = Household.objects.get()
    assert (household.number, household.division, household.assistance_status, household.address) == (
        "HH-0001", tree["430302001"], "dibao", "雨湖路1号")
    assert HouseholdMembership.objects.get().relation == "head"
    assert HouseholdAssistance.objects.get().import_run is not None
    assert land(ASSISTANCE, assistance(yuhu_person), yuhu_person, make_ctx) == "unchanged"

    # Support stops: the household no longer receives assistance.
    ended = assistance(yuhu_person, end_date=f"{LAST_YEAR}-12-31")
    assert land(ASSISTANCE, ended, yuhu_person, make_ctx) == "updated"
    household.refresh_from_db()
    assert household.assistance_status == "none"
    # A low-income period follows.
    assert land(ASSISTANCE, assistance(yuhu_person, kind="低收入家庭", start_date=f"{TODAY.year}-01-01"),
                yuhu_person, make_ctx) == "accepted"
    household.refresh_from_db()
    assert household.assistance_status == "low_income"


def test_applicant_joins_an_existing_household_without_replacing_its_head(tree, yuhu_person, make_ctx):
    head = f.make_person(tree["430302001"], name="王大明")
    f.make_household(tree["430302001"], [head], number="HH-0001")
    land(ASSISTANCE, assistance(yuhu_person), yuhu_person, make_ctx)
    assert dict(HouseholdMembership.objects.values_list("person__name", "relation")) == {
        "王大明": "head", "王小明": "other"}


def test_assistance_unknown_division_is_rejected(yuhu_person, make_ctx):
    with pytest.raises(RowRejected) as info:
        land(ASSISTANCE, assistance(yuhu_person, division_code="430399"), yuhu_person, make_ctx)
    assert (info.value.column, info.value.code) == ("家庭所在地行政区划代码", "division_unknown")
    assert not Household.objects.exists()


def test_disability_certificate_sets_grade_key_group_and_provenance(yuhu_person, make_ctx):
    assert land(DISABILITY, certificate(yuhu_person), yuhu_person, make_ctx) == "accepted"
    cert = DisabilityCertificate.objects.get()
    assert (cert.category, cert.grade, cert.valid_until) == ("physical", 3, dt.date(LAST_YEAR + 10, 8, 15))
    yuhu_person.refresh_from_db()
    assert yuhu_person.disability_grade == 3
    assert PersonKeyGroup.objects.get(person=yuhu_person).key_group.code == "disabled"
    provenance = FieldProvenance.objects.get(person=yuhu_person)
    assert (provenance.field, provenance.source.code) == ("disability_grade", DISABILITY)
    assert land(DISABILITY, certificate(yuhu_person), yuhu_person, make_ctx) == "unchanged"

    # A regraded certificate, newer: the person's grade follows it; an older one does not.
    newer = certificate(yuhu_person, grade="2", issued_on=f"{TODAY.year}-01-02")
    assert land(DISABILITY, newer, yuhu_person, make_ctx) == "accepted"
    assert land(DISABILITY, certificate(yuhu_person, grade="4", issued_on="2015-01-01"), yuhu_person,
                make_ctx) == "accepted"
    yuhu_person.refresh_from_db()
    assert yuhu_person.disability_grade == 2
    assert PersonKeyGroup.objects.count() == 1
    assert land(DISABILITY, certificate(yuhu_person, category="多重"), yuhu_person, make_ctx) == "updated"
