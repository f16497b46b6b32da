"""Stations: validation (coordinates in the division, opening hours), audit, staff pages and their scoping."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiuye.core.models import AuditEvent, EventKind
from jiuye.network import services
from jiuye.network.models import Station

from .conftest import FURONG, HOURS, YUETANG, YUHU, station_data

pytestmark = pytest.mark.django_db


def test_create_station_records_the_check_and_an_audit_event(make_station, users):
    station = make_station()
    checks = {c["check"]: c for c in station.location_check["checks"]}
    assert checks["province_polygon"]["result"] == "inside"
    assert checks["prefecture_polygon"]["result"] == "inside"
    assert checks["county_distance"]["result"] == "within"
    assert checks["county_distance"]["km"] < 2
    assert checks["county_distance"]["limit_km"] >= 30
    event = AuditEvent.objects.about(station).get()
    assert event.kind == EventKind.RECORD_CREATED and event.actor == users["caseworker"]


def test_point_outside_the_prefecture_is_a_field_error(places, users, english):
    with pytest.raises(services.StationError) as exc:
        services.create_station(
            by=users["caseworker"],
            division=places["430302001"],
            **station_data(latitude=FURONG[0], longitude=FURONG[1]),
        )
    assert "latitude" in exc.value.errors and "longitude" in exc.value.errors
    assert "outside Xiangtan City" in exc.value.errors["latitude"][0]
    assert not Station.objects.exists()


def test_point_outside_the_province_is_a_field_error(places, users, english):
    with pytest.raises(services.StationError) as exc:
        services.create_station(
            by=users["caseworker"], division=places["430302"], **station_data(latitude=39.9, longitude=116.4)
        )
    assert "outside Hunan Province" in exc.value.errors["latitude"][0]


def test_point_too_far_from_the_county_centre(places, users, english):
    # Inside 湘潭市 but ~40 km south of 雨湖区's centre (湘潭县's far south).
    errors, record = services.check_location(places["430302001"], 27.50, 112.80)
    checks = {c["check"]: c for c in record["checks"]}
    assert checks["prefecture_polygon"]["result"] == "inside"
    assert checks["county_distance"]["result"] == "too_far"
    assert "km from the centre of Yuhu District" in errors[0]


def test_prefecture_station_checks_polygons_only(places):
    errors, record = services.check_location(places["4303"], *YUETANG)
    assert errors == []
    assert [c["check"] for c in record["checks"]] == ["province_polygon", "prefecture_polygon"]


def test_impossible_coordinates(places, users, english):
    with pytest.raises(services.StationError) as exc:
        services.create_station(
            by=users["caseworker"], division=places["430302"], **station_data(latitude=123)
        )
    assert "within ±90" in exc.value.errors["latitude"][0]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ({}, "Opening hours are missing"),
        ({d: v for d, v in HOURS.items() if d != "wed"}, "Wednesday: hours missing"),
        ({**HOURS, "tue": [["8:30", "12:00"]]}, "Tuesday: “8:30–12:00” is not HH:MM–HH:MM"),
        ({**HOURS, "thu": [["14:00", "12:00"]]}, "Thursday: 14:00–12:00 ends before it starts"),
        ({**HOURS, "fri": [["08:00", "12:00"], ["11:00", "13:00"]]}, "Friday: periods overlap"),
        ({d: [] for d in HOURS}, "closed every day"),
        ({**HOURS, "funday": []}, "Unknown day(s): funday"),
    ],
)
def test_bad_hours_are_field_errors_naming_the_day(places, users, english, hours, message):
    with pytest.raises(services.StationError) as exc:
        services.create_station(
            by=users["caseworker"], division=places["430302"], **station_data(opening_hours=hours)
        )
    assert any(message in m for m in exc.value.errors["opening_hours"]), exc.value.errors
    assert not Station.objects.exists()


def test_update_and_deactivate_are_audited(make_station, users):
    station = make_station()
    services.update_station(station, by=users["caseworker"], staff_count=5, name="新名字")
    station.refresh_from_db()
    assert (station.staff_count, station.name) == (5, "新名字")
    services.deactivate_station(station, by=users["caseworker"], reason="merged")
    station.refresh_from_db()
    assert not station.is_active
    kinds = list(AuditEvent.objects.about(station).values_list("kind", flat=True))
    assert kinds.count(EventKind.RECORD_UPDATED) == 2


def test_update_refuses_a_bad_point_and_keeps_the_old_one(make_station, users):
    station = make_station()
    with pytest.raises(services.StationError):
        services.update_station(station, by=users["caseworker"], latitude=FURONG[0], longitude=FURONG[1])
    station.refresh_from_db()
    assert station.latitude == pytest.approx(YUHU[0])


# ------------------------------------------------------------------------------------------------ pages


def _form(**overrides):
    data = {
        "name": "雨湖就业驿站",
        "kind": "community",
        "division": "430302001",
        "address": "雨湖路2号",
        "latitude": str(YUHU[0]),
        "longitude": str(YUHU[1]),
        "services": ["registration"],
        "phone": "",
        "staff_count": "2",
        "hours_mon": "08:30-12:00, 14:00-17:30",
        "hours_tue": "08:30-12:00",
        "hours_wed": "08:30-12:00",
        "hours_thu": "08:30-12:00",
        "hours_fri": "08:30-12:00",
        "hours_sat": "",
        "hours_sun": "",
    }
    data.update(overrides)
    return data


def test_caseworker_creates_a_station_through_the_form(login, users, places, english):
    client = login(users["caseworker"])
    response = client.post(reverse("web:network_station_create"), _form(), follow=True)
    assert response.status_code == 200
    station = Station.objects.get()
    assert station.opening_hours["mon"] == [["08:30", "12:00"], ["14:00", "17:30"]]
    assert station.opening_hours["sat"] == []
    assert "Location check" in response.content.decode()


def test_form_shows_the_day_and_location_errors(login, users, places, english):
    client = login(users["caseworker"])
    response = client.post(
        reverse("web:network_station_create"),
        _form(hours_wed="8-12", latitude=str(FURONG[0]), longitude=str(FURONG[1])),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Wednesday: “8–12” is not HH:MM–HH:MM" in page
    assert "outside Xiangtan City" in page
    assert not Station.objects.exists()


def test_form_refuses_a_division_outside_the_area(login, users, places, english):
    client = login(users["caseworker"])
    response = client.post(reverse("web:network_station_create"), _form(division="430304001"))
    assert "No division with code 430304001 in your area" in response.content.decode()
    assert not Station.objects.exists()


def test_staff_pages_are_scoped(login, users, make_station, places):
    station = make_station()
    other = login(users["caseworker_other"])
    assert other.get(reverse("web:network_station_edit", args=[station.pk])).status_code == 404
    assert other.post(reverse("web:network_station_deactivate", args=[station.pk])).status_code == 404
    assert station.name not in other.get(reverse("web:network_stations")).content.decode()
    own = login(users["caseworker"])
    assert own.get(reverse("web:network_station_edit", args=[station.pk])).status_code == 200
    assert station.name in own.get(reverse("web:network_stations")).content.decode()


def test_station_pages_need_station_staff(client, login, users):
    assert client.get(reverse("web:network_stations")).status_code == 302  # anonymous → sign in
    assert login(users["citizen"]).get(reverse("web:network_stations")).status_code == 403
