"""Warning pages, the workspace panel and the API: scoped like every other page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiuye.core.models import AuditEvent
from jiuye.monitoring.early_warning import services
from jiuye.monitoring.early_warning.models import Warning

from .helpers import month, put_rates

pytestmark = pytest.mark.django_db

BASE = [4.0] * 12 + [4.3, 4.6, 4.9]


@pytest.fixture
def warnings(tree):
    put_rates(tree["430302"], BASE)  # 雨湖, Xiangtan
    put_rates(tree["430102"], BASE)  # 芙蓉, Changsha
    services.evaluate_warnings(month(14), rules=["sahm"])
    return {
        "yuhu": Warning.objects.get(division=tree["430302"]),
        "furong": Warning.objects.get(division=tree["430102"]),
    }


def test_list_is_scoped(warnings, users, login, english):
    page = login(users["analyst_city"]).get(reverse("web:warning_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-warning="{warnings["yuhu"].pk}"' in html
    assert f'data-warning="{warnings["furong"].pk}"' not in html
    both = login(users["leader_province"]).get(reverse("web:warning_list")).content.decode()
    assert f'data-warning="{warnings["furong"].pk}"' in both and "level-yellow" in both


def test_other_roles_and_areas(warnings, users, login, client):
    assert client.get(reverse("web:warning_list")).status_code == 302  # anonymous → sign in
    assert login(users["caseworker"]).get(reverse("web:warning_list")).status_code == 403
    other = login(users["analyst_city"]).get(reverse("web:warning_detail", args=[warnings["furong"].pk]))
    assert other.status_code == 404
    ok = login(users["admin_national"]).get(reverse("web:warning_detail", args=[warnings["furong"].pk]))
    assert ok.status_code == 200


def test_detail_shows_evidence_chart_history_and_checklist(warnings, users, login, english):
    w = warnings["yuhu"]
    html = login(users["analyst_city"]).get(reverse("web:warning_detail", args=[w.pk])).content.decode()
    assert 'id="warning-chart-data"' in html and '"lines"' in html
    assert 'data-kind="flip_up"' in html
    assert 'data-step="verify_data"' in html and "Verify the data" in html
    assert 'data-key="moving_average"' in html and "3-month average (%)" in html  # the evidence table


def test_acknowledge_resolve_and_tick_from_the_page(warnings, users, login, english):
    w = warnings["yuhu"]
    client = login(users["analyst_city"])
    url = reverse("web:warning_action", args=[w.pk])
    client.post(url, {"action": "acknowledge"})
    w.refresh_from_db()
    assert w.status == "acknowledged"
    step = w.checklist.get(code="verify_data")
    client.post(reverse("web:warning_checklist_tick", args=[w.pk, step.pk]), {"done": "1"})
    step.refresh_from_db()
    assert step.done_at is not None
    bad = client.post(url, {"action": "resolve", "note": ""}, follow=True)
    assert "Say why the warning is resolved" in bad.content.decode()
    client.post(url, {"action": "resolve", "note": "a data correction"})
    w.refresh_from_db()
    assert w.status == "resolved"
    assert AuditEvent.objects.about(w).filter(actor=users["analyst_city"]).count() == 3
    # another area's warning cannot be acted on
    assert (
        client.post(
            reverse("web:warning_action", args=[warnings["furong"].pk]), {"action": "acknowledge"}
        ).status_code
        == 404
    )


def test_workspace_panel_lists_open_warnings_in_scope(warnings, users, login):
    html = login(users["analyst_city"]).get(reverse("web:workspace")).content.decode()
    assert 'id="open-warnings"' in html
    assert reverse("web:warning_detail", args=[warnings["yuhu"].pk]) in html
    assert reverse("web:warning_detail", args=[warnings["furong"].pk]) not in html


def test_api_lists_warnings_in_scope(warnings, users, login):
    client = login(users["analyst_city"])
    r = client.get("/api/v1/warnings/", {"status": "open"})
    assert r.status_code == 200
    data = r.json()
    rows = data["results"] if isinstance(data, dict) else data
    assert [(x["division"], x["rule"], x["level"]) for x in rows] == [("430302", "sahm", "yellow")]
    assert rows[0]["events"][0]["kind"] == "flip_up" and rows[0]["last_month"] == "2026-03"
    assert client.get(f"/api/v1/warnings/{warnings['furong'].pk}/").status_code == 404
    assert client.get("/api/v1/warnings/", {"level": "purple"}).status_code == 400
    assert client.get("/api/v1/warnings/", {"month": "2026-3x"}).status_code == 400


def test_api_refuses_citizens(warnings, users, login):
    assert login(users["citizen"]).get("/api/v1/warnings/").status_code == 403


@pytest.mark.parametrize("role", ["caseworker", "inspector"])
def test_api_refuses_the_roles_the_pages_refuse(warnings, users, login, role):
    client = login(users[role])
    assert client.get(reverse("web:warning_list")).status_code == 403
    assert client.get("/api/v1/warnings/").status_code == 403


def test_notified_leader_follows_the_link(warnings, users, login):
    services.claim_and_notify("t")
    leader = users["leader_province"]
    link = leader.notifications.order_by("pk").first().link
    assert login(leader).get(link).status_code == 200
