"""The public nearest-station page and API; coverage and siting pages with their scoping; the road-file error
that is never replaced by the straight-line method."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jiuye.network import services
from jiuye.network.coverage.roads import RoadNetworkError
from jiuye.network.models import SitingScenario

from .conftest import FURONG, YUETANG, YUHU

pytestmark = pytest.mark.django_db


@pytest.fixture
def stations(make_station):
    return {
        "yuhu": make_station(),
        "yuetang": make_station(
            "430304001",
            name="书院路街道零工驿站",
            kind="casual",
            latitude=YUETANG[0],
            longitude=YUETANG[1],
            services=["casual_labour"],
            staff_count=7,
        ),
        "furong": make_station(
            "430102", name="芙蓉区公共就业服务中心", kind="office", latitude=FURONG[0], longitude=FURONG[1]
        ),
    }


def test_api_nearest_first_with_minutes_and_no_staff_details(client, stations):
    response = client.get("/api/v1/stations/", {"near": f"{YUHU[0]},{YUHU[1]}"})
    assert response.status_code == 200
    body = response.json()
    names = [r["name"] for r in body["results"]]
    assert names == ["雨湖路街道就业服务站", "书院路街道零工驿站", "芙蓉区公共就业服务中心"]
    first, second = body["results"][:2]
    assert first["distance_m"] < 5 and first["minutes"]["walking"] < 0.1
    # 书院路 is ≈ 7 km away: straight line × 1.3 at 4.8 km/h.
    assert second["minutes"]["walking"] == pytest.approx(second["distance_m"] * 1.3 / 80, rel=1e-3)
    assert body["method"]["method"] == "straight_line" and body["method"]["detour_factor"] == 1.3
    assert "staff_count" not in first and "office" not in first


def test_api_filters_by_kind_service_and_limit(client, stations):
    near = f"{YUHU[0]},{YUHU[1]}"
    assert [
        r["kind"] for r in client.get("/api/v1/stations/", {"near": near, "kind": "casual"}).json()["results"]
    ] == ["casual"]
    by_service = client.get("/api/v1/stations/", {"near": near, "service": "casual_labour"}).json()["results"]
    assert [r["name"] for r in by_service] == ["书院路街道零工驿站"]
    assert len(client.get("/api/v1/stations/", {"near": near, "limit": 1}).json()["results"]) == 1


def test_api_leaves_out_inactive_stations(client, stations, users):
    services.deactivate_station(stations["yuhu"], by=users["caseworker"])
    names = [r["name"] for r in client.get("/api/v1/stations/", {"near": "27.86,112.90"}).json()["results"]]
    assert "雨湖路街道就业服务站" not in names


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"near": "27.8"}, "near"),
        ({"near": "north,east"}, "near"),
        ({"near": "95,112"}, "near"),
        ({"kind": "palace"}, "kind"),
        ({"service": "haircut"}, "service"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"nearby": "1"}, "parameters"),
    ],
)
def test_api_bad_parameters_are_400_naming_them(client, stations, english, params, parameter):
    response = client.get("/api/v1/stations/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameter"
    assert parameter in body["errors"]


def test_public_finder_by_point_and_township(client, stations, english):
    page = client.get(reverse("web:network_finder"), {"near": f"{YUETANG[0]},{YUETANG[1]}", "kind": "casual"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "书院路街道零工驿站" in html and "雨湖路街道就业服务站" not in html
    assert "detour factor 1.3" in html
    by_township = client.get(reverse("web:network_finder"), {"township": "430302001"})
    html = by_township.content.decode()
    assert "estimated centre" in html and "Township positions and populations are estimates" in html
    assert "雨湖路街道就业服务站" in html


def test_public_finder_bad_point_is_explained(client, stations, english):
    html = client.get(reverse("web:network_finder"), {"near": "abc"}).content.decode()
    assert "Give the point as latitude,longitude" in html


def test_public_station_page_has_no_staff_details(client, stations, english):
    html = client.get(reverse("web:network_station_public", args=[stations["yuetang"].pk])).content.decode()
    assert "书院路街道零工驿站" in html and "Monday" in html
    assert "Staff" not in html


def test_coverage_page_states_method_and_estimate(login, users, stations, english):
    client = login(users["caseworker"])
    response = client.get(reverse("web:network_coverage"), {"division": "430302", "mode": "cycling"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "straight line × detour factor 1.3" in html
    assert "ESTIMATE:" in html
    assert 'id="coverage-shares"' in html and 'id="network-map"' in html


def test_coverage_of_another_district_is_404(login, users, stations):
    client = login(users["caseworker_other"])
    assert client.get(reverse("web:network_coverage"), {"division": "430302"}).status_code == 404


def test_division_coverage_counts_and_shares(places, stations):
    report = services.division_coverage(places["430302"], mode="walking")
    assert report["method"]["method"] == "straight_line"
    row = report["overall"]
    assert row["townships"] == len(report["townships"]) > 5
    assert 0 < row["population_share"] < 1
    town = next(t for t in report["townships"] if t["code"] == "430302001")
    assert town["centre_minutes"] is not None
    assert report["gaps"] and all(g["covered_share"] < 0.5 for g in report["gaps"])


def test_unreadable_road_file_is_reported_not_replaced(
    places, stations, tmp_path, login, users, settings, english
):
    bad = tmp_path / "roads.osm"
    bad.write_text("<osm><way>", encoding="utf-8")
    with pytest.raises(RoadNetworkError, match="not valid OSM XML"):
        services.division_coverage(places["430302"], road_file=str(bad))
    settings.JIUYE_ROAD_NETWORK = str(bad)
    html = (
        login(users["caseworker"])
        .get(reverse("web:network_coverage"), {"division": "430302"})
        .content.decode()
    )
    assert "The road network cannot be read" in html and "not valid OSM XML" in html
    assert 'id="coverage-shares"' not in html


def test_coverage_over_a_road_network_says_so(places, stations, tmp_path):
    lines = [[[112.89, 27.85], [112.91, 27.86], [112.97, 27.87]]]
    path = tmp_path / "roads.geojson"
    import json

    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "geometry": {"type": "LineString", "coordinates": c}} for c in lines
                ],
            }
        ),
        encoding="utf-8",
    )
    report = services.division_coverage(places["430302"], mode="cycling", road_file=str(path))
    assert report["method"]["method"] == "road_network" and report["method"]["road_file"] == "roads.geojson"


def test_siting_run_is_saved_and_compared(login, users, stations, english):
    client = login(users["caseworker"])
    for model in ("mclp", "lscp", "pmedian"):
        response = client.post(
            reverse("web:network_siting"),
            {
                "division": "430302",
                "model": model,
                "budget": "2",
                "mode": "walking",
                "minutes": "15",
                "name": model,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    scenarios = list(SitingScenario.objects.order_by("pk"))
    assert [s.method for s in scenarios] == ["mclp", "lscp", "pmedian"]
    mclp = scenarios[0].results
    assert len(mclp["sites"]) == 2 and mclp["gain"] > 0 and mclp["status"] == "Optimal"
    assert scenarios[0].inputs["method"]["method"] == "straight_line"
    assert scenarios[2].results["mean_minutes_after"] <= scenarios[2].results["mean_minutes_before"]
    detail = client.get(reverse("web:network_scenario", args=[scenarios[0].pk])).content.decode()
    assert "Proposed sites and marginal gains" in detail and "ESTIMATE:" in detail
    compare = client.get(reverse("web:network_compare"), {"id": [s.pk for s in scenarios]}).content.decode()
    assert compare.count("/network/siting/") >= 3


def test_siting_is_scoped(login, users, stations, english):
    other = login(users["caseworker_other"])
    response = other.post(
        reverse("web:network_siting"),
        {"division": "430302", "model": "mclp", "budget": "1", "mode": "walking", "minutes": "15"},
    )
    assert "No county or prefecture with code 430302 in your area" in response.content.decode()
    scenario = services.save_scenario(
        stations["yuhu"].division.parent,
        by=users["caseworker"],
        name="x",
        model="mclp",
        budget=1,
        mode="walking",
        minutes=15,
        run={"inputs": {}, "results": {}},
    )
    assert other.get(reverse("web:network_scenario", args=[scenario.pk])).status_code == 404
    assert (
        login(users["analyst_city"]).get(reverse("web:network_scenario", args=[scenario.pk])).status_code
        == 200
    )


def test_province_leader_lands_on_a_prefecture(login, users, stations, english):
    response = login(users["leader_province"]).get(reverse("web:network_coverage"))
    assert response.status_code == 200
    assert "Service coverage: Changsha City" in response.content.decode()
