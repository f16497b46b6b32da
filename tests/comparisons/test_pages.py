"""Worklist pages and export: scoped (other district → 404/absent, own → shown, province → shown),
names masked for analysts and leaders, identifiers always masked, exports audited."""

from __future__ import annotations

import csv
import io
import json

import pytest

from jiuye.comparisons.enums import WorklistKind
from jiuye.comparisons.models import WorklistEntry
from jiuye.comparisons.services import recompute_worklists
from jiuye.core.models import AuditEvent, EventKind

from .. import factories as f
from .conftest import ON, adult, contribution, m, register, wage

pytestmark = pytest.mark.django_db
UNEMP = WorklistKind.UNEMPLOYED_WITH_INCOME
YUHU_ID = "430302199005061233"


@pytest.fixture
def lists(tree, users, yuhu, yuetang):
    """One registered-unemployed-with-income person in each district, one idle household in Yuhu."""
    out = {}
    for key, division, name, rid in (("yuhu", yuhu, "王小明", YUHU_ID), ("yuetang", yuetang, "李大红", None)):
        p = adult(division, name=name, **({"resident_id": rid} if rid else {}))
        register(p, m(2025, 1))
        wage(p, m(2025, 6))
        out[key] = p
    out["household"] = f.make_household(yuhu, [adult(yuhu, name="周四")])
    recompute_worklists(on=ON)
    return out


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


@pytest.mark.parametrize(
    "role, sees_yuhu, sees_yuetang",
    [
        ("caseworker", True, False),
        ("caseworker_other", False, True),
        ("inspector", True, False),
        ("analyst_city", True, True),
        ("leader_province", True, True),
        ("admin_national", True, True),
    ],
)
def test_list_and_export_scoped(login, users, lists, role, sees_yuhu, sees_yuetang):
    client = login(users[role])
    response = client.get(f"/worklists/{UNEMP}/")
    assert response.status_code == 200
    shown = {row["entry"].person for row in response.context["rows"]}
    assert (lists["yuhu"] in shown) is sees_yuhu
    assert (lists["yuetang"] in shown) is sees_yuetang
    rows = _csv(client.get(f"/worklists/{UNEMP}/export.csv"))
    ids = {r[4] for r in rows[1:]}
    assert (lists["yuhu"].resident_id_masked in ids) is sees_yuhu
    assert (lists["yuetang"].resident_id_masked in ids) is sees_yuetang


@pytest.mark.parametrize("role", ["citizen", "employer"])
@pytest.mark.parametrize("url", ["/worklists/", f"/worklists/{UNEMP}/", f"/worklists/{UNEMP}/export.csv"])
def test_non_staff_are_refused(login, users, lists, role, url):
    assert login(users[role]).get(url).status_code == 403


@pytest.mark.parametrize("url", ["/worklists/", f"/worklists/{UNEMP}/", f"/worklists/{UNEMP}/export.csv"])
def test_anonymous_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_unknown_list_is_404(login, users, db):
    assert login(users["caseworker"]).get("/worklists/nonsense/").status_code == 404


def test_area_outside_scope_is_404(login, users, lists):
    client = login(users["caseworker"])
    assert client.get(f"/worklists/{UNEMP}/", {"division": "430304"}).status_code == 404
    assert client.get(f"/worklists/{UNEMP}/export.csv", {"division": "430304"}).status_code == 404
    assert client.get("/worklists/", {"division": "430304"}).status_code == 404


def test_analyst_narrows_to_an_area(login, users, lists):
    response = login(users["analyst_city"]).get(f"/worklists/{UNEMP}/", {"division": "430304"})
    assert {row["entry"].person for row in response.context["rows"]} == {lists["yuetang"]}


def test_caseworker_reads_names_analyst_reads_them_masked(login, users, lists):
    person = lists["yuhu"]
    html = login(users["caseworker"]).get(f"/worklists/{UNEMP}/").content.decode()
    assert person.name in html and person.resident_id_masked in html and YUHU_ID not in html
    assert f"/persons/{person.pk}/" in html
    html = login(users["analyst_city"]).get(f"/worklists/{UNEMP}/").content.decode()
    assert person.name not in html and person.masked_name in html and YUHU_ID not in html


def test_reasons_in_plain_language(login, users, lists):
    client = login(users["caseworker"])
    client.cookies["django_language"] = "en"
    html = client.get(f"/worklists/{UNEMP}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "wage income in 1 month(s)" in html


def test_export_masked_and_audited(login, users, lists):
    person = lists["yuhu"]
    rows = _csv(login(users["analyst_city"]).get(f"/worklists/{UNEMP}/export.csv"))
    flat = json.dumps(rows, ensure_ascii=False)
    assert YUHU_ID not in flat and person.name not in flat
    assert person.masked_name in flat and person.resident_id_masked in flat
    assert len(rows) == 3  # header + two persons
    event = AuditEvent.objects.of_kind(EventKind.EXPORTED).get()
    assert event.actor == users["analyst_city"] and event.division_path == "43/4303"
    assert event.data == {"export": "worklist", "list": UNEMP, "rows": 2, "division": "4303"}
    # a caseworker's export has full names (as on screen) but never the full ID
    rows = _csv(login(users["caseworker"]).get(f"/worklists/{UNEMP}/export.csv"))
    flat = json.dumps(rows, ensure_ascii=False)
    assert person.name in flat and YUHU_ID not in flat


def test_overview_counts(login, users, lists):
    response = login(users["caseworker"]).get("/worklists/")
    counts = {row["kind"]: row["n"] for row in response.context["rows"]}
    assert counts[UNEMP] == 1 and counts[WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD] == 1
    assert response.context["by_subdivision"] == []  # caseworkers get their own list, not a table
    response = login(users["leader_province"]).get("/worklists/")
    counts = {row["kind"]: row["n"] for row in response.context["rows"]}
    assert counts[UNEMP] == 2
    by_area = {row["division"].code: dict(row["values"]) for row in response.context["by_subdivision"]}
    assert by_area["4303"][UNEMP] == 2 and by_area["4301"][UNEMP] == 0
    response = login(users["admin_national"]).get("/worklists/")
    by_area = {row["division"].code: dict(row["values"]) for row in response.context["by_subdivision"]}
    assert by_area == {"43": {kind: (2 if kind == UNEMP else 1 if kind == "zero_employment_household" else 0)
                              for kind in WorklistKind.values}}
    response = login(users["analyst_city"]).get("/worklists/", {"division": "430304"})
    assert {row["kind"]: row["n"] for row in response.context["rows"]}[UNEMP] == 1


def test_resolved_entries_leave_the_list(login, users, lists):
    WorklistEntry.objects.filter(person=lists["yuhu"]).update(resolved_at=WorklistEntry.objects.first().last_seen)
    response = login(users["caseworker"]).get(f"/worklists/{UNEMP}/")
    assert response.context["rows"] == []


def test_caseworker_workspace_shows_open_counts_and_nav_link(login, users, lists):
    html = login(users["caseworker"]).get("/workspace/").content.decode()
    assert f"/worklists/{UNEMP}/" in html
    assert 'href="/worklists/"' in html


def test_employer_and_household_entries_link_to_their_pages(login, users, lists, yuhu):
    employer = f.make_employer(yuhu)
    p = adult(yuhu)
    wage(p, m(2025, 6), employer)
    contribution(adult(yuhu), employer, m(2025, 6))  # social insurance has reported June
    recompute_worklists(on=ON)
    client = login(users["caseworker"])
    html = client.get(f"/worklists/{WorklistKind.INCOME_WITHOUT_INSURANCE}/").content.decode()
    assert f"/employers/{employer.pk}/" in html and employer.credit_code in html
    html = client.get(f"/worklists/{WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD}/").content.decode()
    assert f"/households/{lists['household'].pk}/" in html
