"""Every registry endpoint: other district → absent / 404, own district → shown, wider roles → shown."""

import pytest

from jiuye.core.models import AuditEvent, EventKind

ENDPOINTS = [
    "persons",
    "households",
    "employers",
    "employment-spells",
    "unemployment-registrations",
    "service-offices",
]

# user key → which of the two districts' records they see
SEES = {
    "caseworker": {"yuhu"},
    "caseworker_other": {"yuetang"},
    "inspector": {"yuhu"},
    "analyst_city": {"yuhu", "yuetang"},
    "leader_province": {"yuhu", "yuetang"},
    "admin_national": {"yuhu", "yuetang"},
}


def ids(response):
    assert response.status_code == 200, response.content
    return {row.get("id") for row in response.json()["results"]}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("user_key", sorted(SEES))
def test_list_is_scoped(api, users, records, endpoint, user_key):
    got = ids(api(users[user_key]).get(f"/api/v1/{endpoint}/"))
    assert got == {records[d][endpoint].pk for d in SEES[user_key]}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("user_key", sorted(SEES))
@pytest.mark.parametrize("district", ["yuhu", "yuetang"])
def test_detail_is_scoped(api, users, records, endpoint, user_key, district):
    obj = records[district][endpoint]
    response = api(users[user_key]).get(f"/api/v1/{endpoint}/{obj.pk}/")
    if district in SEES[user_key]:
        assert response.status_code == 200
        assert response.json()["id"] == obj.pk
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_is_refused(api, records, endpoint):
    assert api().get(f"/api/v1/{endpoint}/").status_code == 401
    assert api().get(f"/api/v1/{endpoint}/{records['yuhu'][endpoint].pk}/").status_code == 401


@pytest.mark.parametrize(
    "endpoint",
    ["persons", "households", "employment-spells", "unemployment-registrations"],
)
def test_citizen_sees_only_own_records(api, users, records, endpoint):
    citizen = users["citizen"]
    citizen.person = records["yuhu"]["persons"]
    citizen.save()
    client = api(citizen)
    assert ids(client.get(f"/api/v1/{endpoint}/")) == {records["yuhu"][endpoint].pk}
    assert client.get(f"/api/v1/{endpoint}/{records['yuhu'][endpoint].pk}/").status_code == 200
    assert client.get(f"/api/v1/{endpoint}/{records['yuetang'][endpoint].pk}/").status_code == 404


def test_citizen_sees_own_full_name_and_no_employers(api, users, records):
    citizen = users["citizen"]
    citizen.person = records["yuhu"]["persons"]
    citizen.save()
    client = api(citizen)
    assert client.get(f"/api/v1/persons/{citizen.person_id}/").json()["name"] == "王小明"
    assert ids(client.get("/api/v1/employers/")) == set()
    assert ids(client.get("/api/v1/service-offices/")) == set()


def test_citizen_without_person_record_sees_nothing(api, users, records):
    client = api(users["citizen"])
    for endpoint in ENDPOINTS:
        assert ids(client.get(f"/api/v1/{endpoint}/")) == set()


def test_employer_user_sees_only_own_employer_and_its_spells(api, users, records):
    employer_user = users["employer"]
    employer_user.employer = records["yuhu"]["employers"]
    employer_user.save()
    client = api(employer_user)
    assert ids(client.get("/api/v1/employers/")) == {records["yuhu"]["employers"].pk}
    assert client.get(f"/api/v1/employers/{records['yuhu']['employers'].pk}/").status_code == 200
    assert client.get(f"/api/v1/employers/{records['yuetang']['employers'].pk}/").status_code == 404
    assert ids(client.get("/api/v1/employment-spells/")) == {records["yuhu"]["employment-spells"].pk}
    for endpoint in ("persons", "households", "unemployment-registrations"):
        assert ids(client.get(f"/api/v1/{endpoint}/")) == set()


def test_household_members_outside_scope_are_left_out(api, users, records, tree):
    """A household in 雨湖 with a member who lives in 岳塘: the 雨湖 caseworker sees only the 雨湖 member."""
    from jiuye.registry.models import HouseholdMembership

    household = records["yuhu"]["households"]
    HouseholdMembership.objects.create(household=household, person=records["yuetang"]["persons"], relation="child")
    members = api(users["caseworker"]).get(f"/api/v1/households/{household.pk}/").json()["members"]
    assert [m["person"] for m in members] == [records["yuhu"]["persons"].pk]
    members = api(users["analyst_city"]).get(f"/api/v1/households/{household.pk}/").json()["members"]
    assert len(members) == 2


@pytest.mark.parametrize("endpoint", ["persons", "households", "employment-spells", "unemployment-registrations"])
def test_detail_read_is_audited(api, users, records, endpoint):
    obj = records["yuhu"][endpoint]
    api(users["caseworker"]).get(f"/api/v1/{endpoint}/{obj.pk}/")
    event = AuditEvent.objects.about(obj).of_kind(EventKind.API_READ).get()
    assert event.actor == users["caseworker"]
    assert event.division_path == "43/4303/430302/430302001"
    assert event.data == {"endpoint": f"{endpoint.replace('-', '_')}.retrieve"}


def test_out_of_scope_detail_is_not_audited_as_a_read(api, users, records):
    obj = records["yuetang"]["persons"]
    api(users["caseworker"]).get(f"/api/v1/persons/{obj.pk}/")
    assert not AuditEvent.objects.about(obj).exists()
