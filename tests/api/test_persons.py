"""What the API shows about a person, the lookup by full resident ID, and the audit trail."""

import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from jiuye.api.management.commands.api_issue_token import Command as IssueToken
from jiuye.core.models import AuditEvent, EventKind
from jiuye.registry.identifiers import make_resident_id

from .. import factories as f

FORBIDDEN_KEYS = {"resident_id_encrypted", "resident_id_hash", "phone_encrypted", "phone_hash", "birth_date", "ethnicity"}


def test_person_shows_masked_identifiers_and_birth_year_only(api, users, yuhu_person):
    data = api(users["caseworker"]).get(f"/api/v1/persons/{yuhu_person.pk}/").json()
    assert not FORBIDDEN_KEYS & set(data)
    assert data["resident_id"] == yuhu_person.resident_id_masked
    assert "*" in data["resident_id"] and "*" in data["phone"]
    assert data["birth_year"] == 1990
    assert data["division"] == "430302001"
    assert data["name"] == "王小明"
    body = json.dumps(data, ensure_ascii=False)
    assert yuhu_person.reveal_resident_id() not in body
    assert yuhu_person.reveal_phone() not in body
    assert "1990-05-06" not in body


def test_person_name_is_masked_for_aggregate_roles(api, users, yuhu_person):
    for key in ("analyst_city", "leader_province"):
        data = api(users[key]).get(f"/api/v1/persons/{yuhu_person.pk}/").json()
        assert data["name"] == "王*明"
    rows = api(users["analyst_city"]).get("/api/v1/persons/").json()["results"]
    assert [r["name"] for r in rows] == ["王*明"]


def test_person_detail_lists_households_and_key_groups(api, users, yuhu_person, tree):
    import datetime as dt

    from jiuye.registry.models import PersonKeyGroup
    from jiuye.taxonomy.models import KeyGroup

    household = f.make_household(tree["430302001"], [yuhu_person])
    graduate = KeyGroup.objects.create(code="graduate", name_zh="高校毕业生")
    veteran = KeyGroup.objects.create(code="veteran", name_zh="退役军人")
    PersonKeyGroup.objects.create(person=yuhu_person, key_group=graduate, since=dt.date(2023, 7, 1))
    PersonKeyGroup.objects.create(
        person=yuhu_person, key_group=veteran, since=dt.date(2010, 1, 1), until=dt.date(2012, 1, 1)
    )
    data = api(users["caseworker"]).get(f"/api/v1/persons/{yuhu_person.pk}/").json()
    assert data["key_groups"] == ["graduate"]
    assert data["households"] == [
        {"household": household.pk, "number": household.number, "relation": "head", "since": None, "until": None}
    ]


# Lookup by full resident ID -------------------------------------------------------------------------


def lookup(client, number, **extra):
    return client.post("/api/v1/persons/lookup/", {"resident_id": number}, format="json", **extra)


def test_lookup_finds_person_in_scope(api, users, yuhu_person):
    response = lookup(api(users["caseworker"]), yuhu_person.reveal_resident_id())
    assert response.status_code == 200
    assert response.json()["id"] == yuhu_person.pk


def test_lookup_accepts_lower_case_x_and_spaces(api, users, tree):
    number = next(
        n for n in (make_resident_id("430302", __import__("datetime").date(1985, 1, 1), s) for s in range(1, 999, 2))
        if n.endswith("X")
    )
    person = f.make_person(tree["430302001"], resident_id=number, birth_date=__import__("datetime").date(1985, 1, 1))
    response = lookup(api(users["caseworker"]), " " + number[:6] + " " + number[6:].lower())
    assert response.status_code == 200
    assert response.json()["id"] == person.pk


def test_lookup_out_of_scope_is_404(api, users, yuetang_person):
    response = lookup(api(users["caseworker"]), yuetang_person.reveal_resident_id())
    assert response.status_code == 404


def test_lookup_province_and_national_roles_find_anyone(api, users, yuetang_person):
    for key in ("leader_province", "admin_national", "analyst_city"):
        assert lookup(api(users[key]), yuetang_person.reveal_resident_id()).status_code == 200


def test_lookup_unknown_valid_id_is_404(api, users, tree):
    import datetime as dt

    assert lookup(api(users["caseworker"]), make_resident_id("430302", dt.date(1970, 2, 3), 555)).status_code == 404


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("43030219900506001", "length"),
        ("4303021990050600AB", "format"),
        ("990302199005060011", "place"),
        ("430302199002300011", "birth_date"),
    ],
)
def test_lookup_malformed_id_is_400_with_code(api, users, number, code):
    response = lookup(api(users["caseworker"]), number)
    assert response.status_code == 400
    assert response.json()["resident_id"][0]["code"] == code


def test_lookup_bad_checksum_message_follows_language(api, users, yuhu_person):
    good = yuhu_person.reveal_resident_id()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    zh = lookup(api(users["caseworker"]), bad, HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = lookup(api(users["caseworker"]), bad, HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 400
    assert zh.json()["resident_id"][0]["code"] == "checksum"
    assert "校验位" in zh.json()["resident_id"][0]["message"]
    assert en.json() == {
        "resident_id": [{"code": "checksum", "message": f"Bad check digit: the last character should be {good[17]}"}]
    }


def test_lookup_missing_field_is_400_with_code(api, users):
    response = api(users["caseworker"]).post("/api/v1/persons/lookup/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["resident_id"][0]["code"] == "required"


def test_lookup_is_refused_to_citizens_and_anonymous(api, users, yuhu_person):
    citizen = users["citizen"]
    citizen.person = yuhu_person
    citizen.save()
    assert lookup(api(citizen), yuhu_person.reveal_resident_id()).status_code == 403
    assert lookup(api(users["employer"]), yuhu_person.reveal_resident_id()).status_code == 403
    assert lookup(api(), yuhu_person.reveal_resident_id()).status_code == 401


def test_lookup_by_get_is_not_allowed(api, users, yuhu_person):
    response = api(users["caseworker"]).get(f"/api/v1/persons/lookup/?resident_id={yuhu_person.reveal_resident_id()}")
    assert response.status_code == 405


def test_lookup_is_audited_without_pii(api, users, yuhu_person, yuetang_person):
    client = api(users["caseworker"])
    lookup(client, yuhu_person.reveal_resident_id())
    lookup(client, yuetang_person.reveal_resident_id())
    found = AuditEvent.objects.about(yuhu_person).of_kind(EventKind.API_READ).get()
    assert found.data == {"endpoint": "persons.lookup", "found": True}
    missed = AuditEvent.objects.filter(object_id="", kind=EventKind.API_READ).get()
    assert missed.data == {"endpoint": "persons.lookup", "found": False}
    assert missed.division_path == users["caseworker"].scope_path
    # the out-of-scope person is not named in any event
    assert not AuditEvent.objects.about(yuetang_person).exists()
    dumped = json.dumps(list(AuditEvent.objects.values("data")), ensure_ascii=False)
    for secret in (yuhu_person.reveal_resident_id(), yuetang_person.reveal_resident_id(), yuhu_person.resident_id_hash):
        assert secret not in dumped


# List audit ----------------------------------------------------------------------------------------


def test_list_read_is_one_event_with_count_and_redacted_filters(api, users, yuhu_person, yuetang_person):
    client = api(users["analyst_city"])
    response = client.get("/api/v1/persons/", {"q": "王小明", "labour_status": "unemployed", "secret": "x"})
    assert response.json()["count"] == 1
    event = AuditEvent.objects.of_kind(EventKind.API_READ).get()
    assert event.object_id == ""
    assert event.division_path == "43/4303"
    assert event.data == {
        "endpoint": "persons.list",
        "count": 1,
        "filters": {"labour_status": "unemployed", "q": "[redacted]"},
    }
    assert "王" not in json.dumps(event.data, ensure_ascii=False)


@pytest.mark.parametrize("endpoint", ["households", "employers", "employment-spells", "unemployment-registrations"])
def test_every_registry_list_is_audited(api, users, records, endpoint):
    api(users["caseworker"]).get(f"/api/v1/{endpoint}/")
    event = AuditEvent.objects.of_kind(EventKind.API_READ).get()
    assert event.data["endpoint"] == f"{endpoint.replace('-', '_')}.list"
    assert event.data["count"] == 1


# Authentication ------------------------------------------------------------------------------------


def test_token_auth_works_and_is_scoped(client, users, yuhu_person, yuetang_person):
    token = Token.objects.create(user=users["caseworker"])
    response = client.get("/api/v1/persons/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [yuhu_person.pk]
    assert client.get(f"/api/v1/persons/{yuetang_person.pk}/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 404


def test_bad_token_is_401(client, users):
    assert client.get("/api/v1/persons/", HTTP_AUTHORIZATION="Token not-a-real-key").status_code == 401


def test_session_needs_the_second_factor_for_staff(client, users, yuhu_person, login):
    client.force_login(users["caseworker"])  # password only, second factor not passed
    assert client.get("/api/v1/persons/").status_code in (401, 403)
    login(users["caseworker"])
    assert client.get("/api/v1/persons/").status_code == 200


def test_citizen_session_works_without_second_factor(client, users, yuhu_person):
    citizen = users["citizen"]
    citizen.person = yuhu_person
    citizen.save()
    client.force_login(citizen)
    assert client.get("/api/v1/persons/").json()["count"] == 1


def test_api_is_read_only(api, users, yuhu_person):
    client = api(users["admin_national"])
    assert client.post("/api/v1/persons/", {"name": "x"}, format="json").status_code == 405
    assert client.patch(f"/api/v1/persons/{yuhu_person.pk}/", {"name": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/persons/{yuhu_person.pk}/").status_code == 405


# api_issue_token ----------------------------------------------------------------------------------
# Called through the command object: `manage.py api_issue_token` needs "jiuye.api" in INSTALLED_APPS.


def test_issue_token_prints_key_once_and_rotates(users, capsys):
    call_command(IssueToken(), "an_xiangtan")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=users["analyst_city"]).key == key
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="already has a token"):
        call_command(IssueToken(), "an_xiangtan")
    call_command(IssueToken(), "an_xiangtan", "--rotate")
    new_key = capsys.readouterr().out.strip()
    assert new_key != key
    assert Token.objects.get(user=users["analyst_city"]).key == new_key
    events = AuditEvent.objects.about(users["analyst_city"]).order_by("id")
    assert [e.data for e in events] == [
        {"what": "api_token", "rotated": False},
        {"what": "api_token", "rotated": True},
    ]
    assert key not in json.dumps(list(events.values("data")))


def test_issue_token_refuses_citizens_and_unknown_users(users):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="role"):
        call_command(IssueToken(), "citizen1")
    with pytest.raises(CommandError, match="No user"):
        call_command(IssueToken(), "nobody")
