"""Workspaces per role, the public home page, pagination, HTMX fragments and the language switch."""

import json
import re

import pytest

from jiuye.registry.models import Person

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_home_page_is_public_and_impersonal(client, world):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "就业 jiuye" in html
    assert '<html lang="zh-Hans">' in html
    assert 'href="/accounts/login/"' in html
    for person in Person.objects.all():
        assert person.name not in html and person.resident_id_masked not in html


def test_caseworker_workspace_shows_own_district(login, users, world):
    response = login(users["caseworker"]).get("/workspace/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["counts"] == {
        "persons": 1,
        "registered_unemployed": 1,
        "key_group_members": 1,
        "zero_employment_households": 1,
    }
    assert world["yuhu"]["person"].name in html
    assert world["yuhu"]["household"].number in html
    assert world["yuetang"]["person"].name not in html
    assert world["yuetang"]["household"].number not in html


def test_inspector_workspace_adds_employers(login, users, world):
    response = login(users["inspector"]).get("/workspace/")
    assert response.context["employer_counts"] == {"active": 1, "abnormal": 0}


def test_other_district_workspace(login, users, world):
    html = login(users["caseworker_other"]).get("/workspace/").content.decode()
    assert world["yuetang"]["person"].name in html
    assert world["yuhu"]["person"].name not in html


def test_analyst_workspace_counts_by_child_division(login, users, world, tree):
    f.make_person(tree["430302"], name="赵六")  # recorded at district level, not in a township
    response = login(users["analyst_city"]).get("/workspace/")
    assert response.status_code == 200
    rows = {row["division"].code: row["values"] for row in response.context["rows"]}
    # persons, registered unemployed, employers, key-group members
    assert rows == {"430302": [2, 1, 1, 1], "430304": [1, 1, 1, 1]}
    assert response.context["totals"] == [3, 2, 2, 2]
    html = response.content.decode()
    assert "<table" in html and 'id="division-chart-data"' in html and "echarts.min.js" in html
    chart = json.loads(re.search(r'id="division-chart-data"[^>]*>(.*?)</script>', html, re.S).group(1))
    assert chart["series"][0]["data"] == [2, 1]
    # aggregates only: no names
    assert world["yuhu"]["person"].name not in html and "赵六" not in html


def test_analyst_drills_down_within_scope_only(login, users, world, tree):
    client = login(users["analyst_city"])
    response = client.get("/workspace/", {"division": "430302"})
    assert response.status_code == 200
    rows = {row["division"].code: row["values"] for row in response.context["rows"]}
    assert rows == {"430302001": [1, 1, 1, 1]}
    assert client.get("/workspace/", {"division": "4301"}).status_code == 404  # Changsha: outside Xiangtan
    assert client.get("/workspace/", {"division": "43"}).status_code == 404  # above the analyst's scope


def test_province_leader_sees_cities(login, users, world):
    response = login(users["leader_province"]).get("/workspace/")
    rows = {row["division"].code: row["values"] for row in response.context["rows"]}
    assert rows == {"4301": [0, 0, 0, 0], "4303": [2, 2, 2, 2]}
    assert [row["division"].code for row in response.context["rows"]] == ["4301", "4303"]


def test_admin_workspace_is_national(login, users, world):
    response = login(users["admin_national"]).get("/workspace/")
    rows = {row["division"].code: row["values"] for row in response.context["rows"]}
    assert rows == {"43": [2, 2, 2, 2]}
    assert response.context["division"] is None


def test_other_district_caseworker_cannot_use_analyst_drilldown(login, users, world):
    # A caseworker's workspace ignores ?division: it always shows the caseworker's own area.
    response = login(users["caseworker_other"]).get("/workspace/", {"division": "430302"})
    assert world["yuhu"]["person"].name not in response.content.decode()


def test_citizen_workspace_shows_own_record(login, users, world):
    citizen = users["citizen"]
    citizen.person = world["yuhu"]["person"]
    citizen.save()
    response = login(citizen).get("/workspace/")
    html = response.content.decode()
    assert response.context["person"] == world["yuhu"]["person"]
    assert world["yuhu"]["employer"].name in html  # their work history
    assert world["yuhu"]["household"].number in html
    assert world["yuetang"]["person"].name not in html


def test_unlinked_citizen_workspace(login, users, world):
    response = login(users["citizen"]).get("/workspace/")
    assert response.status_code == 200 and response.context["person"] is None


def test_employer_workspace_shows_own_employer(login, users, world):
    employer_user = users["employer"]
    employer_user.employer = world["yuhu"]["employer"]
    employer_user.save()
    response = login(employer_user).get("/workspace/")
    assert response.context["employer"] == world["yuhu"]["employer"]
    assert response.context["current_employees"] == 1
    assert world["yuetang"]["employer"].name not in response.content.decode()


def test_person_list_filters_and_pagination(login, users, world, tree, key_group):
    for i in range(30):
        f.make_person(tree["430302001"], name=f"张{i:02d}", labour_status="employed")
    client = login(users["caseworker"])
    response = client.get("/persons/", {"labour_status": "employed"})
    assert response.context["page"].paginator.count == 30
    html = response.content.decode()
    assert "page=2" in html and "labour_status=employed" in html and "??" not in html
    second = client.get("/persons/", {"labour_status": "employed", "page": 2})
    assert len(second.context["page"].object_list) == 5
    by_group = client.get("/persons/", {"key_group": key_group.code})
    assert list(by_group.context["page"].object_list) == [world["yuhu"]["person"]]
    by_area = client.get("/persons/", {"division": "430302001", "q": "王"})
    assert list(by_area.context["page"].object_list) == [world["yuhu"]["person"]]


def test_person_list_htmx_returns_results_fragment(login, users, world):
    response = login(users["caseworker"]).get("/persons/", {"q": "王"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html and world["yuhu"]["person"].name in html
    assert "HX-Request" in response["Vary"]


def test_full_id_search_is_echoed_masked(login, users, world):
    from .conftest import YUHU_ID

    response = login(users["caseworker"]).get("/persons/", {"q": YUHU_ID})
    html = response.content.decode()
    assert YUHU_ID not in html
    assert f'value="{world["yuhu"]["person"].resident_id_masked}"' in html


def test_employer_search(login, users, world):
    client = login(users["leader_province"])
    employer = world["yuhu"]["employer"]
    assert list(client.get("/employers/", {"q": employer.credit_code}).context["page"].object_list) == [
        employer
    ]
    assert list(client.get("/employers/", {"q": "王氏"}).context["page"].object_list) == [employer]
    assert list(client.get("/employers/", {"status": "abnormal"}).context["page"].object_list) == []


def test_employer_detail_fields(login, users, world):
    employer = world["yuhu"]["employer"]
    html = login(users["caseworker"]).get(f"/employers/{employer.pk}/").content.decode()
    assert employer.credit_code in html and employer.name in html
    assert world["yuhu"]["person"].name in html  # caseworkers read employee names


def test_household_detail_members(login, users, world):
    household = world["yuhu"]["household"]
    html = login(users["caseworker"]).get(f"/households/{household.pk}/").content.decode()
    assert household.number in html
    assert f'href="/persons/{world["yuhu"]["person"].pk}/"' in html


def test_language_switch_to_english(client, world):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert response.cookies["django_language"].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html


def test_language_switch_form_in_every_page(login, users, world):
    html = login(users["caseworker"]).get(f"/persons/{world['yuhu']['person'].pk}/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language" value="en"' in html
    assert f'name="next" value="/persons/{world["yuhu"]["person"].pk}/"' in html


def test_english_division_names(login, users, world, client):
    c = login(users["analyst_city"])
    c.post("/i18n/setlang/", {"language": "en", "next": "/workspace/"})
    html = c.get("/workspace/").content.decode()
    assert '<html lang="en">' in html and "Yuhu District" in html


def test_nav_by_role(login, users, world):
    cw = login(users["caseworker"]).get("/workspace/").content.decode()
    assert 'href="/persons/"' in cw and 'href="/employers/"' in cw
    assert "cw_yuhu" in cw and "雨湖区" in cw


def test_nav_for_citizen_has_no_library_lists(client, users, world):
    citizen = users["citizen"]
    citizen.person = world["yuhu"]["person"]
    citizen.save()
    client.force_login(citizen)
    html = client.get("/workspace/").content.decode()
    assert 'href="/persons/"' not in html
    assert f'href="/persons/{citizen.person_id}/"' in html


def test_static_vendor_assets_present():
    from django.contrib.staticfiles import finders

    for name in (
        "vendor/htmx/htmx.min.js",
        "vendor/htmx/LICENSE",
        "vendor/echarts/echarts.min.js",
        "vendor/echarts/LICENSE",
        "vendor/echarts/NOTICE",
        "css/jiuye.css",
        "js/division-chart.js",
    ):
        assert finders.find(name), name


def test_area_choices_follow_the_scope(users, world):
    from jiuye.web.forms import division_choices

    def codes(user):
        return [code for code, _label in division_choices(user)][1:]

    assert codes(users["caseworker"]) == ["430302", "430302001"]
    assert codes(users["analyst_city"]) == ["4303", "430302", "430302001", "430304", "430304001"]
    assert codes(users["leader_province"]) == ["43", "4301", "430102", "4303", "430302", "430304"]
    assert codes(users["admin_national"]) == ["43", "4301", "4303"]  # provinces and prefectures only
    assert codes(users["citizen"]) == []
    # a deeper division reached by drill-down stays selectable, but only inside the scope
    assert "430302001" in [c for c, _l in division_choices(users["leader_province"], "430302001")]
    assert "430102" not in [c for c, _l in division_choices(users["analyst_city"], "430102")]


@pytest.mark.parametrize("url", ["/workspace/", "/persons/", "/employers/"])
def test_pages_with_personal_data_are_not_cached(login, users, world, url):
    response = login(users["caseworker"]).get(url)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert '"historyCacheSize": 0' in response.content.decode()
