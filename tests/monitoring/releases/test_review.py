"""Regressions found in the review of the releases (bad input, small cells on the major page)."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from jiuye.monitoring.releases import services
from jiuye.monitoring.releases.models import MajorOutcome

from .conftest import AS_OF


@pytest.fixture
def majors(tree, majors_library):
    services.compute_majors(tree["4303"], 2025, as_of=AS_OF)


@pytest.mark.parametrize("cohort", ["\u00b2", "\u00b2\u00b3", "1" * 5000, "-1", "２０２５"])
def test_a_bad_cohort_is_named_not_a_500(login, users, majors, english, cohort):
    # "²".isdigit() is True but int("²") raises, and int() refuses 5,000 digits: both were 500s.
    client = login(users["analyst_city"])
    page = client.get(reverse("web:releases_majors"), {"cohort": cohort})
    assert page.status_code == 200
    assert "cohort: a year" in page.content.decode()
    api = client.get("/api/v1/major-warnings/", {"cohort": cohort})
    assert api.status_code == 400 and "cohort" in api.json()
    assert client.get("/api/v1/major-warnings/", {"cohort": "2025"}).status_code == 200


def _chart(body: str) -> dict:
    match = re.search(r'<script id="major-trend-data" type="application/json">(.*?)</script>', body, re.S)
    return json.loads(match.group(1))


def test_a_small_cohort_shows_its_size_only(login, users, majors, english):
    """哲学 has 3 graduates (the rules' minimum is 10): the page showed their rates and counts, and a median pay of
    one or two pay records is one or two persons' pay."""
    small = MajorOutcome.objects.get(division__code="4303", cohort=2025, major_key="哲学", institution="")
    assert small.graduates == 3 and small.employed_at_graduation == 0
    page = login(users["analyst_city"]).get(reverse("web:releases_major_detail", args=[small.pk]))
    body = page.content.decode()
    assert page.status_code == 200 and 'data-small="1"' in body and "small cell" in body
    chart = _chart(body)
    assert all(v is None for series in chart["series"] for v in series["data"])
    assert "0.0 (0)" not in body and "(0)" not in body
    # 护理 has 12 graduates a cohort: rates are shown; its median pay rests on fewer than 10 pay records.
    nursing = MajorOutcome.objects.get(division__code="4303", cohort=2025, major_key="护理", institution="")
    assert nursing.graduates == 12 and 0 < nursing.pay_n < 10 and nursing.median_pay is not None
    page = login(users["analyst_city"]).get(reverse("web:releases_major_detail", args=[nursing.pk]))
    body = page.content.decode()
    chart = _chart(body)
    assert chart["series"][0]["data"] == [50.0, 41.7]
    assert chart["pay"] == [None, None] and 'data-small="1"' not in body


def test_the_majors_list_does_not_query_per_rule(login, users, majors, django_assert_max_num_queries):
    """Six queries a rule (five counts and the flagged findings) became two for all rules."""
    client = login(users["analyst_city"])
    url = reverse("web:releases_majors")
    client.get(url, {"cohort": "2025"})
    with django_assert_max_num_queries(12):
        page = client.get(url, {"cohort": "2025"})
    assert page.status_code == 200 and 'data-level="red"' in page.content.decode()


def test_an_unknown_download_format_records_no_export(tree, wage_library, login, users):
    from jiuye.core.models import AuditEvent

    release = services.compute_wage_release(tree["4303"], 2026, b=20)
    client = login(users["analyst_city"])
    before = AuditEvent.objects.filter(kind="exported").count()
    assert client.get(reverse("web:wage_release_download", args=[release.pk, "pdf"])).status_code == 404
    assert AuditEvent.objects.filter(kind="exported").count() == before
    assert client.get(reverse("web:wage_release_download", args=[release.pk, "csv"])).status_code == 200
    assert AuditEvent.objects.filter(kind="exported").count() == before + 1
