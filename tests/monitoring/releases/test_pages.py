"""Pages, downloads and API of the releases: publication workflow, scoping of staff pages, downloads."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent
from jiuye.monitoring.releases import services
from jiuye.monitoring.releases.models import MajorOutcome, WageRelease
from tests import factories as f

from .conftest import AS_OF


@pytest.fixture
def draft(tree, wage_library):
    return services.compute_wage_release(tree["4303"], 2026, b=20)


def test_draft_invisible_to_public_published_visible(client, draft):
    detail = reverse("web:wage_release_detail", args=[draft.pk])
    assert client.get(detail).status_code == 404
    assert client.get(reverse("web:wage_release_download", args=[draft.pk, "csv"])).status_code == 404
    listing = client.get(reverse("web:wage_release_list"))
    assert listing.status_code == 200 and f'data-release="{draft.pk}"' not in listing.content.decode()
    services.publish_wage_release(draft, by="test")
    page = client.get(detail)
    assert page.status_code == 200
    body = page.content.decode()
    assert "4,938" in body or "4938" in body  # the tax cell's median, shown
    assert 'data-suppressed="1"' in body and "—" in body
    assert f'data-release="{draft.pk}"' in client.get(reverse("web:wage_release_list")).content.decode()


def test_suppressed_cell_shows_dash_and_reason(client, draft, english):
    services.publish_wage_release(draft, by="test")
    page = client.get(reverse("web:wage_release_detail", args=[draft.pk]), {"source": "posted"})
    body = page.content.decode()
    assert "Fewer than 30 observations" in body
    assert ">5,100<" not in body and ">5100<" not in body  # the posted cell's median is not shown


def test_staff_review_and_publish_audited(login, users, draft):
    client = login(users["analyst_city"])
    page = client.get(reverse("web:wage_release_detail", args=[draft.pk]))
    assert page.status_code == 200 and 'id="draft-notice"' in page.content.decode()
    resp = client.post(reverse("web:wage_release_publish", args=[draft.pk]))
    assert resp.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published" and draft.published_by == users["analyst_city"]
    event = AuditEvent.objects.get(data__action="wages_published")
    assert event.actor == users["analyst_city"] and event.object_id == str(draft.pk)
    client.post(reverse("web:wage_release_withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert AuditEvent.objects.filter(data__action="wages_withdrawn").exists()


def test_publish_scoped_and_by_role(login, users, tree, draft, client):
    assert client.post(reverse("web:wage_release_publish", args=[draft.pk])).status_code == 302  # to sign-in
    assert (
        login(users["caseworker"]).post(reverse("web:wage_release_publish", args=[draft.pk])).status_code
        == 403
    )
    changsha = f.make_user(Role.ANALYST, tree["4301"], username="an_changsha")
    other = login(changsha)
    assert other.get(reverse("web:wage_release_detail", args=[draft.pk])).status_code == 404
    assert other.post(reverse("web:wage_release_publish", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "draft"
    # The province leader's area holds the release.
    assert (
        login(users["leader_province"]).get(reverse("web:wage_release_detail", args=[draft.pk])).status_code
        == 200
    )


def test_downloads(client, draft):
    services.publish_wage_release(draft, by="test")
    resp = client.get(reverse("web:wage_release_download", args=[draft.pk, "csv"]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(resp.content.decode("utf-8-sig"))))
    tax = next(r for r in rows if r["table"] == "occupation" and r["source"] == "tax")
    assert tax["p50"] == "4938" and tax["suppressed"] == "0" and tax["n"] == "36"
    posted = next(r for r in rows if r["table"] == "occupation" and r["source"] == "posted")
    assert posted["p50"] == "" and posted["suppressed"] == "1" and "n_below_min" in posted["reasons"]
    filtered = client.get(reverse("web:wage_release_download", args=[draft.pk, "csv"]), {"table": "all"})
    assert {r["table"] for r in csv.DictReader(io.StringIO(filtered.content.decode("utf-8-sig")))} == {"all"}
    x = client.get(reverse("web:wage_release_download", args=[draft.pk, "xlsx"]))
    assert x.status_code == 200
    wb = load_workbook(io.BytesIO(x.content), read_only=True)
    header = next(wb["cells"].iter_rows(values_only=True))
    assert header[:3] == ("table", "source", "occupation_code")
    assert client.get(reverse("web:wage_release_download", args=[draft.pk, "pdf"])).status_code == 404


@pytest.fixture
def majors(tree, majors_library):
    services.compute_majors(tree["4303"], 2025, as_of=AS_OF)


def test_majors_pages_roles(client, login, users, majors):
    url = reverse("web:releases_majors")
    assert client.get(url).status_code == 302
    assert login(users["caseworker"]).get(url).status_code == 403
    page = login(users["analyst_city"]).get(url, {"cohort": "2025"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "护理" in body and 'data-level="red"' in body
    assert login(users["leader_province"]).get(url).status_code == 200


def test_major_page_trend_and_why(login, users, majors, english):
    o = MajorOutcome.objects.get(division__code="4303", cohort=2025, major_key="护理", institution="")
    page = login(users["analyst_city"]).get(reverse("web:releases_major_detail", args=[o.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "major-trend-data" in body and "2024" in body
    assert "threshold 60.0% in each of 2 cohort(s)" in body
    assert "2024: 50.0%" in body and "2025: 41.7%" in body


def test_majors_scoped_by_division(login, tree, majors):
    yuetang = f.make_user(Role.ANALYST, tree["430304"], username="an_yuetang")
    client = login(yuetang)
    own = MajorOutcome.objects.get(division__code="430304", cohort=2025, major_key="会计学")
    region = MajorOutcome.objects.get(division__code="4303", cohort=2025, major_key="会计学", institution="")
    yuhu = MajorOutcome.objects.get(division__code="430302", cohort=2025, major_key="护理")
    assert client.get(reverse("web:releases_major_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("web:releases_major_detail", args=[region.pk])).status_code == 404
    assert client.get(reverse("web:releases_major_detail", args=[yuhu.pk])).status_code == 404
    listing = client.get(reverse("web:releases_majors"), {"cohort": "2025", "scope": "any"}).content.decode()
    assert "护理" not in listing


def test_api(client, login, users, draft, majors):
    assert client.get("/api/v1/wage-releases/").status_code in (401, 403)
    citizen = login(users["citizen"])
    assert citizen.get("/api/v1/wage-releases/").json() == []
    assert citizen.get(f"/api/v1/wage-releases/{draft.pk}/cells/").status_code == 404
    analyst = login(users["analyst_city"])
    assert [r["id"] for r in analyst.get("/api/v1/wage-releases/").json()] == [draft.pk]
    bad = analyst.get(f"/api/v1/wage-releases/{draft.pk}/cells/", {"table": "nope"})
    assert bad.status_code == 400 and "table" in bad.json()
    cells = analyst.get(
        f"/api/v1/wage-releases/{draft.pk}/cells/", {"table": "occupation", "source": "posted"}
    ).json()["results"]
    assert cells and all(c["percentiles"] is None and c["reasons"] for c in cells)
    # Paged: the pages together are the whole table, once each; a bad page is a 400 naming it.
    url = f"/api/v1/wage-releases/{draft.pk}/cells/"
    whole = analyst.get(url).json()
    assert whole["count"] == len(whole["results"]) and whole["count"] > 1
    first, second = (analyst.get(url, {"page_size": 1, "page": n}).json() for n in (1, 2))
    assert first["count"] == whole["count"] and first["results"][0] != second["results"][0]
    assert first["results"] + second["results"] == whole["results"][:2]
    for params, name in (
        ({"page": "0"}, "page"),
        ({"page_size": "\u00b2"}, "page_size"),
        ({"page": "999"}, "page"),
    ):
        bad = analyst.get(url, params)
        assert bad.status_code == 400 and name in bad.json()
    flags = analyst.get("/api/v1/major-warnings/", {"cohort": "2025", "level": "red"}).json()
    assert any(w["major_name"] == "护理" and w["evidence"]["threshold"] == 0.6 for w in flags)
    assert analyst.get("/api/v1/major-warnings/", {"level": "green"}).status_code == 400
    citizen = login(users["citizen"])  # the same test client, signed in again
    assert citizen.get("/api/v1/major-warnings/").status_code == 403
    WageRelease.objects.update(status="published")
    assert [r["id"] for r in citizen.get("/api/v1/wage-releases/").json()] == [draft.pk]


def test_majors_bench_quick_smoke():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    if not (root.parent / "shared" / "data" / "datasets" / "college-majors").is_dir():
        pytest.skip("datasets not available")
    out = subprocess.run(
        [sys.executable, "bench/majors_warning.py", "--quick"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1].startswith("BENCH majors_warning majors=60 ")


def test_wage_bench_quick_smoke():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    data = root.parent / "shared" / "data" / "datasets" / "job-postings-zh"
    if not data.is_dir():
        pytest.skip("datasets not available")
    out = subprocess.run(
        [sys.executable, "bench/wage_release.py", "--quick"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    last = out.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH wage_release cells=") and "structure_ok=1" in last
