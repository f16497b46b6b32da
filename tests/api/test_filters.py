"""Registry filters (shared with the web list pages): they narrow the scoped queryset, never widen it."""

import datetime as dt

import pytest

from jiuye.registry.enums import LabourStatus
from jiuye.registry.models import PersonKeyGroup
from jiuye.taxonomy.models import EducationLevel, KeyGroup

from .. import factories as f


@pytest.fixture
def people(tree):
    bachelor = EducationLevel.objects.create(code="bachelor", rank=6, name_zh="大学本科")
    graduate = KeyGroup.objects.create(code="graduate", name_zh="高校毕业生")
    out = {
        "a": f.make_person(tree["430302001"], name="王一", sex="M", education=bachelor),
        "b": f.make_person(tree["430302001"], name="王二", sex="F", labour_status=LabourStatus.EMPLOYED,
                           birth_date=dt.date(2001, 2, 3)),
        "c": f.make_person(tree["430304001"], name="李三", sex="F", is_veteran=True),
        "d": f.make_person(tree["430102"], name="赵四", sex="M"),
    }
    PersonKeyGroup.objects.create(person=out["b"], key_group=graduate, since=dt.date(2023, 7, 1))
    PersonKeyGroup.objects.create(person=out["c"], key_group=graduate, since=dt.date(2015, 7, 1),
                                  until=dt.date(2016, 7, 1))
    return out


def names(response):
    assert response.status_code == 200, response.content
    return sorted(r["name"] for r in response.json()["results"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["李三", "王一", "王二", "赵四"]),
        ({"division": "4303"}, ["李三", "王一", "王二"]),
        ({"division": "430302"}, ["王一", "王二"]),
        ({"division": "430302001"}, ["王一", "王二"]),
        ({"sex": "F"}, ["李三", "王二"]),
        ({"labour_status": "employed"}, ["王二"]),
        ({"labour_status": ["employed", "unemployed"]}, ["李三", "王一", "王二", "赵四"]),
        ({"key_group": "graduate"}, ["王二"]),
        ({"education": "bachelor"}, ["王一"]),
        ({"is_veteran": "true"}, ["李三"]),
        ({"birth_year_min": 2000}, ["王二"]),
        ({"q": "王"}, ["王一", "王二"]),
    ],
)
def test_person_filters(api, users, people, params, expected):
    assert names(api(users["admin_national"]).get("/api/v1/persons/", params)) == expected


def test_filters_never_widen_scope(api, users, people):
    client = api(users["caseworker"])
    assert names(client.get("/api/v1/persons/", {"division": "430304"})) == []
    assert names(client.get("/api/v1/persons/", {"division": "43"})) == ["王一", "王二"]


def test_search_by_full_resident_id_and_masked_id(api, users, people):
    client = api(users["caseworker"])
    person = people["a"]
    assert names(client.get("/api/v1/persons/", {"q": person.reveal_resident_id()})) == ["王一"]
    assert names(client.get("/api/v1/persons/", {"q": person.resident_id_masked})) == ["王一"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"division": "999999"}, "division"), ({"key_group": "nope"}, "key_group"), ({"sex": "X"}, "sex")],
)
def test_bad_filter_values_are_400(api, users, people, params, field):
    response = api(users["admin_national"]).get("/api/v1/persons/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_employer_filters(api, users, tree):
    yuhu = f.make_employer(tree["430302001"], name="雨湖机械厂")
    f.make_employer(tree["430304001"], name="岳塘食品厂")
    client = api(users["analyst_city"])
    assert [r["id"] for r in client.get("/api/v1/employers/", {"division": "430302"}).json()["results"]] == [yuhu.pk]
    assert [r["id"] for r in client.get("/api/v1/employers/", {"q": "机械"}).json()["results"]] == [yuhu.pk]
    got = client.get("/api/v1/employers/", {"credit_code": yuhu.credit_code.lower()}).json()["results"]
    assert [r["id"] for r in got] == [yuhu.pk]


def test_registration_and_spell_filters(api, users, records):
    client = api(users["analyst_city"])
    rows = client.get("/api/v1/unemployment-registrations/", {"division": "430304", "status": "open"}).json()
    assert [r["id"] for r in rows["results"]] == [records["yuetang"]["unemployment-registrations"].pk]
    rows = client.get("/api/v1/employment-spells/", {"division": "430302", "current": "true"}).json()
    assert [r["id"] for r in rows["results"]] == [records["yuhu"]["employment-spells"].pk]
    rows = client.get("/api/v1/employment-spells/", {"current": "false"}).json()
    assert rows["count"] == 0
    person = records["yuhu"]["persons"]
    rows = client.get("/api/v1/unemployment-registrations/", {"person": person.pk}).json()
    assert [r["person"] for r in rows["results"]] == [person.pk]
