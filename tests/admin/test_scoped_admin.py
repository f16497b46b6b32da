"""Every scoped admin changelist and change page: other district → absent / 404, own → shown, wider → shown."""

import json

import pytest

from jiuye.core.models import AuditEvent, EventKind

MODELS = {
    "persons": "registry/person",
    "households": "registry/household",
    "employers": "registry/employer",
    "employment-spells": "registry/employmentspell",
    "unemployment-registrations": "registry/unemploymentregistration",
    "service-offices": "geography/serviceoffice",
}
SEES = {
    "caseworker": {"yuhu"},
    "caseworker_other": {"yuetang"},
    "analyst_city": {"yuhu", "yuetang"},
    "leader_province": {"yuhu", "yuetang"},
    "admin_national": {"yuhu", "yuetang"},
}


def shown_ids(response):
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.mark.parametrize("kind", sorted(MODELS))
@pytest.mark.parametrize("user_key", sorted(SEES))
def test_changelist_is_scoped(login, admin_users, records, kind, user_key):
    response = login(admin_users[user_key]).get(f"/admin/{MODELS[kind]}/")
    assert shown_ids(response) == {records[d][kind].pk for d in SEES[user_key]}


@pytest.mark.parametrize("kind", sorted(MODELS))
@pytest.mark.parametrize("user_key", sorted(SEES))
@pytest.mark.parametrize("district", ["yuhu", "yuetang"])
def test_change_page_is_scoped(login, admin_users, records, kind, user_key, district):
    obj = records[district][kind]
    client = login(admin_users[user_key])
    response = client.get(f"/admin/{MODELS[kind]}/{obj.pk}/change/")
    if district in SEES[user_key]:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert client.get(f"/admin/{MODELS[kind]}/{obj.pk}/history/").status_code == 404


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_anonymous_is_sent_to_sign_in(client, records, kind):
    response = client.get(f"/admin/{MODELS[kind]}/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_without_second_factor_cannot_open_admin(client, admin_users, records):
    client.force_login(admin_users["caseworker"])
    assert client.get("/admin/registry/person/").status_code == 302


def test_person_pages_show_masked_identifiers_only(login, admin_users, records):
    person = records["yuhu"]["persons"]
    client = login(admin_users["caseworker"])
    for url in ("/admin/registry/person/", f"/admin/registry/person/{person.pk}/change/"):
        body = client.get(url).content.decode()
        assert person.resident_id_masked in body
        assert person.reveal_resident_id() not in body
        assert person.reveal_phone() not in body
        for secret in (person.resident_id_encrypted, person.resident_id_hash, person.phone_encrypted, person.phone_hash):
            assert secret not in body
        for field in ("resident_id_encrypted", "resident_id_hash", "phone_encrypted", "phone_hash"):
            assert f'name="{field}"' not in body


def test_person_change_page_read_is_audited(login, admin_users, records):
    person = records["yuhu"]["persons"]
    login(admin_users["caseworker"]).get(f"/admin/registry/person/{person.pk}/change/")
    event = AuditEvent.objects.about(person).get()
    assert event.kind == EventKind.RECORD_VIEWED
    assert event.data == {"via": "admin"}
    assert event.actor == admin_users["caseworker"]


def test_person_search_by_full_id_and_name(login, admin_users, records):
    person = records["yuhu"]["persons"]
    client = login(admin_users["analyst_city"])
    assert shown_ids(client.get("/admin/registry/person/", {"q": person.reveal_resident_id()})) == {person.pk}
    assert shown_ids(client.get("/admin/registry/person/", {"q": "李"})) == {records["yuetang"]["persons"].pk}
    # the 雨湖 caseworker searching for the 岳塘 person's full number finds nothing
    other = records["yuetang"]["persons"]
    assert shown_ids(
        login(admin_users["caseworker"]).get("/admin/registry/person/", {"q": other.reveal_resident_id()})
    ) == set()


def test_employer_search_by_name_and_credit_code(login, admin_users, records):
    employer = records["yuhu"]["employers"]
    client = login(admin_users["admin_national"])
    assert shown_ids(client.get("/admin/registry/employer/", {"q": employer.credit_code})) == {employer.pk}
    assert shown_ids(client.get("/admin/registry/employer/", {"q": employer.name[-4:]})) == {employer.pk}


def test_no_bulk_delete_of_persons(login, admin_users, records):
    response = login(admin_users["admin_national"]).get("/admin/registry/person/")
    assert "delete_selected" not in response.content.decode()
    assert "delete_selected" in login(admin_users["admin_national"]).get("/admin/registry/household/").content.decode()


def test_persons_cannot_be_deleted_by_non_superusers(login, admin_users, records):
    person = records["yuhu"]["persons"]
    assert login(admin_users["caseworker"]).get(f"/admin/registry/person/{person.pk}/delete/").status_code == 403


def test_division_choices_are_scoped_on_save(login, admin_users, records, tree):
    """A 雨湖 caseworker cannot move a household to 岳塘."""
    household = records["yuhu"]["households"]
    client = login(admin_users["caseworker"])
    data = {
        "number": household.number, "division": tree["430304001"].pk, "hukou_type": "urban",
        "address": household.address,
        "assistance_status": "none",
        "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"/admin/registry/household/{household.pk}/change/", data)
    assert response.status_code == 200  # the form comes back with an error
    assert "division" in response.context["adminform"].form.errors
    household.refresh_from_db()
    assert household.division == tree["430302001"]
    data["division"] = tree["430302001"].pk
    data["is_zero_employment"] = "on"
    response = client.post(f"/admin/registry/household/{household.pk}/change/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.about(household).of_kind(EventKind.RECORD_UPDATED).get()
    assert event.data == {"via": "admin", "fields": ["is_zero_employment"]}


def _person_form(tree, **overrides):
    data = {
        "name": "赵六", "resident_id": "", "sex": "", "birth_date": "", "ethnicity": "", "phone": "",
        "division": tree["430302001"].pk, "hukou_division": tree["430302001"].pk, "hukou_type": "urban",
        "education": "", "major": "", "graduation_year": "", "labour_status": "unemployed", "occupation": "",
        "disability_grade": "", "discharge_date": "", "source": "",
        "key_group_memberships-TOTAL_FORMS": "0", "key_group_memberships-INITIAL_FORMS": "0",
        "key_group_memberships-MIN_NUM_FORMS": "0", "key_group_memberships-MAX_NUM_FORMS": "1000",
        "household_memberships-TOTAL_FORMS": "0", "household_memberships-INITIAL_FORMS": "0",
        "household_memberships-MIN_NUM_FORMS": "0", "household_memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_add_person_encrypts_identifiers_and_derives_birth_date(login, admin_users, tree):
    import datetime as dt

    from jiuye.registry.identifiers import make_resident_id
    from jiuye.registry.models import Person

    number = make_resident_id("430302", dt.date(1988, 8, 8), 124)
    client = login(admin_users["caseworker"])
    response = client.post("/admin/registry/person/add/", _person_form(tree, resident_id=number, phone="13900001111"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get(name="赵六")
    assert person.reveal_resident_id() == number
    assert person.birth_date == dt.date(1988, 8, 8) and person.sex == "F"
    assert person.phone_masked == "139****1111"
    event = AuditEvent.objects.about(person).of_kind(EventKind.RECORD_CREATED).get()
    dumped = json.dumps(event.data)
    assert number not in dumped and "13900001111" not in dumped
    assert "resident_id" in event.data["fields"]  # the field name, never its value


def test_add_person_with_bad_id_shows_field_error(login, admin_users, tree):
    client = login(admin_users["caseworker"])
    response = client.post(
        "/admin/registry/person/add/", _person_form(tree, resident_id="430302198808081240"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["resident_id"]
    assert errors[0].code == "checksum"


def test_add_person_outside_scope_is_refused(login, admin_users, tree):
    import datetime as dt

    from jiuye.registry.identifiers import make_resident_id

    number = make_resident_id("430304", dt.date(1988, 8, 8), 126)
    response = login(admin_users["caseworker"]).post(
        "/admin/registry/person/add/",
        _person_form(tree, resident_id=number, division=tree["430304001"].pk),
    )
    assert response.status_code == 200
    assert "division" in response.context["adminform"].form.errors


def test_employer_credit_code_is_validated(login, admin_users, records, tree):
    employer = records["yuhu"]["employers"]
    bad = employer.credit_code[:17] + ("0" if employer.credit_code[17] != "0" else "1")
    data = {
        "credit_code": bad, "name": employer.name, "division": tree["430302001"].pk, "industry": "",
        "ownership": "private", "size_class": "small", "registered_on": "", "status": "active", "address": "",
        "latitude": "", "longitude": "", "source": "",
        "establishments-TOTAL_FORMS": "0", "establishments-INITIAL_FORMS": "0",
        "establishments-MIN_NUM_FORMS": "0", "establishments-MAX_NUM_FORMS": "1000",
    }
    response = login(admin_users["caseworker"]).post(f"/admin/registry/employer/{employer.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors.as_data()["credit_code"][0].code == "checksum"


@pytest.mark.parametrize(
    "path",
    ["geography/division", "taxonomy/occupation", "taxonomy/iscogroup", "taxonomy/educationlevel",
     "taxonomy/industry", "taxonomy/keygroup"],
)
def test_reference_data_is_read_only_for_every_admin_user(login, admin_users, records, path):
    client = login(admin_users["caseworker"])
    assert client.get(f"/admin/{path}/").status_code == 200
    assert client.get(f"/admin/{path}/add/").status_code == 403


def test_division_page_read_only(login, admin_users, tree):
    client = login(admin_users["caseworker"])
    response = client.get(f"/admin/geography/division/{tree['430304'].pk}/change/")
    assert response.status_code == 200
    assert 'name="name_zh"' not in response.content.decode()


def test_division_autocomplete_for_person_form(login, admin_users, tree):
    client = login(admin_users["caseworker"])
    response = client.get(
        "/admin/autocomplete/",
        {"term": "雨湖", "app_label": "registry", "model_name": "person", "field_name": "division"},
    )
    assert response.status_code == 200
    assert {r["id"] for r in response.json()["results"]} >= {str(tree["430302"].pk)}
