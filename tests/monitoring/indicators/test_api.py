"""GET /api/v1/indicators/ and /api/v1/indicators/values/: scoped by the caller's division, suppressed cells
without figures, a 400 naming each bad parameter."""

from __future__ import annotations

import pytest

from jiuye.core.models import AuditEvent
from jiuye.monitoring.services import compute_indicators

from .conftest import FEB, JAN

pytestmark = pytest.mark.django_db

URL = "/api/v1/indicators/values/"


@pytest.fixture
def computed(library, tmp_path):
    compute_indicators(JAN, FEB, workdir=tmp_path)


def divisions(response):
    return {row["division"] for row in response.json()["results"]}


def test_definitions_list(computed, users, login):
    response = login(users["caseworker"]).get("/api/v1/indicators/")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()]
    assert codes[0] == "registered_unemployed" and "openings_applicants_ratio" in codes and len(codes) == 13
    assert all(row["numerator"] and row["unit"] for row in response.json())


def test_a_district_sees_its_district_not_the_neighbour_nor_the_city(computed, users, login):
    response = login(users["caseworker"]).get(URL, {"indicator": "registered_unemployed"})
    assert response.status_code == 200
    assert divisions(response) == {"430302", "430302001"}
    other = login(users["caseworker_other"]).get(URL, {"indicator": "registered_unemployed"})
    assert divisions(other) == {"430304", "430304001"}
    # Asking for the neighbour by code returns nothing, not its figures.
    asked = login(users["caseworker"]).get(
        URL, {"indicator": "registered_unemployed", "division": "430304001"}
    )
    assert asked.status_code == 200 and asked.json()["results"] == []


def test_the_city_analyst_sees_the_city_and_below(computed, users, login):
    response = login(users["analyst_city"]).get(URL, {"indicator": "vacancies", "month_from": "2026-02"})
    # The posting is in 雨湖路街道: its cells and their ancestors up to the city; 湖南 (43) is above the scope.
    assert divisions(response) == {"4303", "430302", "430302001"}
    rows = response.json()["results"]
    assert {r["month"] for r in rows} == {"2026-02"}
    assert "43" not in {r["division"] for r in rows}
    city = [r for r in rows if r["division"] == "4303" and r["group"] == ""]
    assert city and city[0]["value"] == 3


def test_filters_and_suppressed_cells(computed, users, login):
    client = login(users["leader_province"])
    response = client.get(
        URL,
        {
            "indicator": "registered_unemployed",
            "division": "430302001",
            "month_from": "2026-01",
            "month_to": "2026-01",
            "group": "",
        },
    )
    rows = response.json()["results"]
    assert len(rows) == 1
    # 2 registered unemployed: a small count, shown as suppressed without figures.
    assert rows[0]["suppressed"] and rows[0]["suppression_reason"] == "count_below_5"
    assert rows[0]["value"] is None and rows[0]["numerator"] is None
    vacancies = client.get(URL, {"indicator": "vacancies", "division": "43", "month_to": "2026-01"})
    assert vacancies.json()["results"][0]["value"] == 3
    grouped = client.get(URL, {"indicator": "key_group_employment_rate", "group": "key_group:disabled"})
    assert {r["group"] for r in grouped.json()["results"]} == {"key_group:disabled"}


def test_reads_are_audited(computed, users, login):
    before = AuditEvent.objects.filter(kind="api_read").count()
    login(users["caseworker"]).get(URL, {"indicator": "vacancies"})
    event = AuditEvent.objects.filter(kind="api_read").latest("id")
    assert AuditEvent.objects.filter(kind="api_read").count() == before + 1
    assert event.data["endpoint"] == "indicators.values" and event.data["filters"] == {
        "indicator": "vacancies"
    }


@pytest.mark.parametrize(
    ("params", "parameter", "code"),
    [
        ({"indicator": "nope"}, "indicator", "unknown_indicator"),
        ({"division": "999999"}, "division", "unknown_division"),
        ({"month_from": "2026-1"}, "month_from", "invalid_month"),
        ({"month_to": "last year"}, "month_to", "invalid_month"),
        ({"month_from": "2026-03", "month_to": "2026-01"}, "month_to", "month_order"),
        ({"colour": "red"}, "colour", "unknown_parameter"),
        ({"page": "first"}, "page", "invalid_number"),
        ({"page_size": "0"}, "page_size", "invalid_number"),
        ({"page": "99"}, "page", "page_out_of_range"),
        # Review regressions: "²" passes str.isdigit() but int() refuses it, as it refuses 5,000 digits (500s).
        ({"page": "\u00b2"}, "page", "invalid_number"),
        ({"page_size": "\u00b2"}, "page_size", "invalid_number"),
        ({"page": "1" * 5000}, "page", "invalid_number"),
        ({"page_size": "9" * 5000}, "page_size", "invalid_number"),
        ({"page": "99999999"}, "page", "page_out_of_range"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(computed, users, login, params, parameter, code):
    response = login(users["caseworker"]).get(URL, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"parameter": parameter, "code": code} == {k: errors[0][k] for k in ("parameter", "code")}
    assert errors[0]["message"]


def test_citizens_and_anonymous_are_refused(computed, users, login, client):
    assert client.get(URL).status_code in (401, 403)
    assert login(users["citizen"]).get(URL).status_code == 403
    assert login(users["employer"]).get("/api/v1/indicators/").status_code == 403
