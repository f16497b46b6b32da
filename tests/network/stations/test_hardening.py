"""Regressions from the review of the coverage and siting pages (issue 9): bad minutes and modes are named, not
silently replaced (NaN showed "nan minutes" with nothing covered); a county's shares come by township; an id
beyond the database's integers in the comparison is ignored, not a 500; a set-covering scenario that needs
more sites than its budget says so; a malformed road file is a RoadNetworkError with the reason."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jiuye.network import services
from jiuye.network.coverage.roads import RoadNetworkError, load_road_network
from jiuye.network.models import SitingScenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def station(make_station):
    return make_station()


@pytest.mark.parametrize("raw", ["nan", "inf", "-inf", "abc", "0", "500", "1e309"])
def test_coverage_bad_minutes_are_named_and_15_shown(login, users, station, english, raw):
    response = login(users["caseworker"]).get(
        reverse("web:network_coverage"), {"division": "430302", "minutes": raw}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not a number from 1 to 120; 15 minutes are shown." in html
    assert response.context["minutes"] == 15.0
    assert response.context["report"]["minutes"] == 15.0
    assert 'name="minutes" value="15"' in html


def test_coverage_unknown_mode_is_named(login, users, station, english):
    response = login(users["caseworker"]).get(
        reverse("web:network_coverage"), {"division": "430302", "mode": "teleport"}
    )
    assert response.status_code == 200
    assert "Travel mode “teleport” is unknown; walking is shown." in response.content.decode()
    assert response.context["mode"] == "walking"


def test_coverage_good_minutes_are_used(login, users, station):
    response = login(users["caseworker"]).get(
        reverse("web:network_coverage"), {"division": "430302", "minutes": "30"}
    )
    assert response.context["report"]["minutes"] == 30.0


def test_county_coverage_shares_come_by_township(places, station):
    report = services.division_coverage(places["430302"])
    codes = [row["code"] for row in report["by_division"]]
    assert len(codes) == report["overall"]["townships"] > 5 and all(len(c) == 9 for c in codes)
    assert sum(row["population"] for row in report["by_division"]) == pytest.approx(
        report["overall"]["population"], abs=len(codes)
    )
    prefecture = services.division_coverage(places["4303"])
    assert all(len(row["code"]) == 6 for row in prefecture["by_division"])


def test_compare_ignores_ids_beyond_the_database_integers(login, users, station):
    client = login(users["caseworker"])
    response = client.get(reverse("web:network_compare"), {"id": ["9" * 25, "abc", "-1", "٣"]})
    assert response.status_code == 200 and response.context["rows"] == []


def test_lscp_over_budget_is_shown_as_such(login, users, places, station, english):
    sites = [
        {
            "name": f"候选{i}",
            "code": "430302001",
            "source": "township",
            "lat": 27.8,
            "lon": 112.9,
            "gain": 10.0,
        }
        for i in range(4)
    ]
    results = {
        "sites": sites,
        "gain": 40.0,
        "gain_per_station": 10.0,
        "stations_needed": 4,
        "marginal_gains": [10.0] * 4,
    }
    lscp = SitingScenario.objects.create(
        division=places["430302"],
        name="lscp",
        method="lscp",
        mode="walking",
        budget=2,
        results=results,
        inputs={},
    )
    mclp = SitingScenario.objects.create(
        division=places["430302"],
        name="mclp",
        method="mclp",
        mode="walking",
        budget=2,
        results={**results, "sites": sites[:2], "stations_needed": None},
        inputs={},
    )
    client = login(users["caseworker"])
    rows = {
        r["scenario"].pk: r
        for r in client.get(reverse("web:network_compare"), {"id": [lscp.pk, mclp.pk]}).context["rows"]
    }
    assert (rows[lscp.pk]["proposed"], rows[lscp.pk]["over_budget"]) == (4, True)
    assert (rows[mclp.pk]["proposed"], rows[mclp.pk]["over_budget"]) == (2, False)
    html = client.get(reverse("web:network_compare"), {"id": [lscp.pk]}).content.decode()
    assert "over the budget of 2" in html
    detail = client.get(reverse("web:network_scenario", args=[lscp.pk])).content.decode()
    assert 'id="scenario-over-budget"' in detail and "more than the budget of 2" in detail
    assert (
        'id="scenario-over-budget"'
        not in client.get(reverse("web:network_scenario", args=[mclp.pk])).content.decode()
    )


@pytest.mark.parametrize(
    "content, reason",
    [
        ({"type": "FeatureCollection", "features": ["road"]}, "feature 0: not a GeoJSON Feature object"),
        (
            {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": 5}]},
            "'geometry' is not an object",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [{"geometry": {"type": "LineString", "coordinates": 5}}],
            },
            "'coordinates' is not a list of positions",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [{"geometry": {"type": "MultiLineString", "coordinates": [7]}}],
            },
            "'coordinates' is not a list of positions",
        ),
        (
            {
                "type": "FeatureCollection",
                "features": [{"geometry": {"type": "LineString", "coordinates": [[True, 1], [2, 3]]}}],
            },
            "not a longitude, latitude pair",
        ),
    ],
)
def test_malformed_geojson_road_file_is_reported_with_the_reason(tmp_path, content, reason):
    path = tmp_path / "roads.geojson"
    path.write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(RoadNetworkError) as exc:
        load_road_network(path, "walking")
    assert reason in str(exc.value) and "roads.geojson" in str(exc.value)
