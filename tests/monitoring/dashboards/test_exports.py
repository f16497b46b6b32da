"""CSV and XLSX exports: what the page shows, suppressed cells without their figures, audited."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from jiuye.core.models import AuditEvent, EventKind

from .conftest import SENTINEL

pytestmark = pytest.mark.django_db

HEADER = [
    "indicator_code",
    "indicator",
    "unit",
    "division_code",
    "division",
    "month",
    "group",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "suppression_reason",
]


def export_url(code: str, fmt: str) -> str:
    return reverse("web:monitoring_indicator_export", args=[code, fmt])


def read_csv(response) -> list[list[str]]:
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # BOM for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_indicator_csv(values, users, login, english):
    response = login(users["analyst_city"]).get(export_url("registered_unemployment_rate", "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="indicator-registered_unemployment_rate-4303-2026-03.csv"'
        in response["Content-Disposition"]
    )
    rows = read_csv(response)
    assert rows[0] == HEADER
    body = {(r[3], r[5], r[6]): r for r in rows[1:]}
    # the city's series and its districts up to the month; not the province, not 长沙, not the township
    assert sorted(body) == [
        ("4303", "2025-03", ""),
        ("4303", "2026-02", ""),
        ("4303", "2026-03", ""),
        ("430302", "2026-02", ""),
        ("430302", "2026-03", ""),
        ("430304", "2026-03", ""),
    ]
    assert body[("4303", "2026-03", "")][4:] == [
        "Xiangtan City",
        "2026-03",
        "",
        "0.052",
        "520.0",
        "10000.0",
        "0",
        "",
    ]
    assert body[("430304", "2026-03", "")][7:] == ["", "", "", "1", "small_cell"]
    assert str(SENTINEL) not in response.content.decode("utf-8-sig")

    event = AuditEvent.objects.get(kind=EventKind.EXPORTED)
    assert event.division_path == "43/4303"
    assert event.data == {
        "export": "indicators",
        "format": "csv",
        "month": "2026-03",
        "rows": 6,
        "suppressed_rows": 1,
        "indicator": "registered_unemployment_rate",
        "group": "",
    }


def test_indicator_xlsx_with_groups(values, users, login, english):
    response = login(users["analyst_city"]).get(export_url("openings_applicants_ratio", "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert rows[1] == [
        "openings_applicants_ratio",
        "Openings per applicant",
        "ratio",
        "4303",
        "Xiangtan City",
        "2026-03",
        None,
        1.25,
        250,
        200,
        0,
        None,
    ]
    grouped = {r[6]: r for r in rows[2:]}
    assert set(grouped) == {"occupation:2-02", "occupation:6-01"}
    assert grouped["occupation:2-02"][7:10] == [2.5, 50, 20]
    assert grouped["occupation:6-01"][7:] == [None, None, None, 1, "denominator_below_5"]
    assert all(SENTINEL not in r for r in rows)
    assert AuditEvent.objects.filter(kind=EventKind.EXPORTED, data__format="xlsx").count() == 1


def test_overview_export_of_a_district(values, users, login, english):
    client = login(users["leader_province"])
    response = client.get(reverse("web:monitoring_overview_export", args=["csv"]), {"division": "430304"})
    rows = read_csv(response)
    assert [(r[0], r[5], r[7], r[10]) for r in rows[1:]] == [
        ("registered_unemployment_rate", "2026-03", "", "1"),
        ("new_urban_jobs", "2026-03", "500.0", "0"),
    ]
    event = AuditEvent.objects.get(kind=EventKind.EXPORTED)
    assert event.division_path == "43/4303/430304" and event.data["indicator"] == "*"


def test_unknown_format_and_bad_month(values, users, login, english):
    client = login(users["analyst_city"])
    assert client.get(export_url("new_urban_jobs", "pdf")).status_code == 404
    response = client.get(export_url("new_urban_jobs", "csv"), {"month": "March"})
    assert response.status_code == 400 and "Parameter “month”" in response.content.decode()
    assert not AuditEvent.objects.filter(kind=EventKind.EXPORTED).exists()
