"""The pure coverage engine: travel times on a small known network, straight line × detour, shares, siting
against brute force, township estimates. No Django."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest

from jiuye.network.coverage import siting, travel
from jiuye.network.coverage.demand import (
    CountyInput,
    estimate_townships,
    population_grid,
    split_population,
    township_kind,
)
from jiuye.network.coverage.roads import RoadNetworkError, load_road_network, network_matrix, network_nearest
from jiuye.network.coverage.shares import coverage_shares, covered_by_owner

R = travel.EARTH_RADIUS_M
STEP = 0.01  # degrees between neighbouring nodes
EDGE_M = R * math.radians(STEP)  # ≈ 1111.95 m along the equator (and, to 1e-8, along a meridian)

# A square A(0,0) B(0,0.01) C(0.01,0.01) D(0.01,0) with roads A–B, B–C, C–D only (no D–A).
A, B, C, D = (0.0, 0.0), (0.0, STEP), (STEP, STEP), (STEP, 0.0)


def _geojson(tmp_path, lines, name="roads.geojson"):
    features = [
        {
            "type": "Feature",
            "properties": {},
            "geometry": {"type": "LineString", "coordinates": [[p[1], p[0]] for p in line]},
        }
        for line in lines
    ]
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    return path


def _osm(tmp_path, text, name="extract.osm"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def square(tmp_path):
    return load_road_network(_geojson(tmp_path, [[A, B, C], [C, D]]))


def _lat_lon(points):
    return np.array([p[0] for p in points]), np.array([p[1] for p in points])


def test_network_loaded_as_graph(square):
    assert square.nodes == 4
    assert square.edges == 3
    assert square.graph[0, 1] == pytest.approx(EDGE_M, rel=1e-6)


def test_shortest_path_goes_round_the_square(square):
    # From D to the station at A the road runs D–C–B–A: three edges, not the 1.1 km straight line.
    s_lat, s_lon = _lat_lon([A])
    d_lat, d_lon = _lat_lon([A, B, C, D])
    result = network_nearest(square, d_lat, d_lon, s_lat, s_lon, "walking")
    per_edge = EDGE_M / (4.8 * 1000 / 60)  # ≈ 13.9 minutes
    assert result.method == travel.ROAD_NETWORK
    assert result.road_file == "roads.geojson"
    np.testing.assert_allclose(
        result.minutes, [0, per_edge, 2 * per_edge, 3 * per_edge], rtol=1e-5, atol=1e-4
    )
    assert list(result.nearest) == [0, 0, 0, 0]


def test_multi_source_picks_nearest_station(square):
    s_lat, s_lon = _lat_lon([A, C])
    d_lat, d_lon = _lat_lon([B, D])
    result = network_nearest(square, d_lat, d_lon, s_lat, s_lon, "cycling")
    per_edge = EDGE_M / (15 * 1000 / 60)
    np.testing.assert_allclose(result.minutes, [per_edge, per_edge], rtol=1e-5)
    assert result.nearest[1] == 1  # D is one edge from C


def test_snapping_adds_the_off_network_distance(square):
    # A point 0.0005° north of B (≈ 55.6 m off the road) snaps to B and walks that bit in a straight line.
    off = R * math.radians(0.0005)
    result = network_nearest(square, np.array([0.0005]), np.array([STEP]), *_lat_lon([A]), "walking")
    assert result.minutes[0] == pytest.approx((off + EDGE_M) / 80.0, rel=1e-5)
    assert result.notes["mean_snap_m"] == pytest.approx(off, abs=0.1)


def test_station_off_the_network_counts_its_snap(square):
    off = R * math.radians(0.001)
    result = network_nearest(square, *_lat_lon([B]), np.array([-0.001]), np.array([0.0]), "walking")
    assert result.minutes[0] == pytest.approx((off + EDGE_M) / 80.0, rel=1e-5)


def test_transit_adds_its_fixed_time(square):
    result = network_nearest(square, *_lat_lon([C]), *_lat_lon([A]), "transit")
    assert result.minutes[0] == pytest.approx(5 + 2 * EDGE_M / 250.0, rel=1e-5)


def test_unconnected_point_is_unreachable(tmp_path):
    network = load_road_network(_geojson(tmp_path, [[A, B], [C, D]]))
    result = network_nearest(network, *_lat_lon([D]), *_lat_lon([A]), "walking")
    assert math.isinf(result.minutes[0])
    assert result.nearest[0] == -1
    assert result.notes["unreachable"] == 1


def test_network_matrix_matches_hand_computed(square):
    m = network_matrix(square, *_lat_lon([A, D]), *_lat_lon([B, C]), "walking")
    per_edge = EDGE_M / 80.0
    np.testing.assert_allclose(m, [[per_edge, 2 * per_edge], [2 * per_edge, per_edge]], rtol=1e-5)


OSM = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
  <node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="0.01"/><node id="3" lat="0.01" lon="0.01"/>
  <node id="4" lat="0.01" lon="0"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="4"/><nd ref="1"/><tag k="highway" v="motorway"/></way>
  <way id="12"><nd ref="1"/><nd ref="3"/><tag k="waterway" v="river"/></way>
</osm>
"""


def test_osm_extract_respects_who_may_use_a_road(tmp_path):
    path = _osm(tmp_path, OSM)
    walk = load_road_network(path, "walking")
    bus = load_road_network(path, "transit")
    assert (walk.edges, bus.edges) == (3, 4)  # the motorway D–A is closed to walkers; the river is no road
    on_foot = network_nearest(walk, *_lat_lon([D]), *_lat_lon([A]), "walking")
    by_bus = network_nearest(bus, *_lat_lon([D]), *_lat_lon([A]), "transit")
    assert on_foot.minutes[0] == pytest.approx(3 * EDGE_M / 80.0, rel=1e-5)
    assert by_bus.minutes[0] == pytest.approx(5 + EDGE_M / 250.0, rel=1e-5)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.osm", None, "file not found"),
        ("broken.osm", "<osm><node id='1' lat='0' lon='0'></osm>", "not valid OSM XML"),
        ("nolatlon.osm", "<osm><node id='1' lat='x' lon='0'/></osm>", "no valid lat/lon"),
        ("noroads.osm", "<osm><node id='1' lat='0' lon='0'/></osm>", "no usable road"),
        ("broken.geojson", '{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ("points.geojson", '{"type": "FeatureCollection", "features": []}', "no usable road"),
        ("wrong.geojson", '{"type": "Topology"}', "not a GeoJSON FeatureCollection"),
        (
            "bad.geojson",
            '{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [999, 0]]}}',
            "not a longitude, latitude pair",
        ),
        ("roads.shp", "binary", "unknown road file type"),
    ],
)
def test_unreadable_road_file_is_an_error_with_the_reason(tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(RoadNetworkError) as exc:
        load_road_network(path, "walking")
    assert reason in exc.value.reason
    assert name in str(exc.value)


def test_not_utf8_geojson(tmp_path):
    path = tmp_path / "gbk.geojson"
    path.write_bytes("道路".encode("gbk"))
    with pytest.raises(RoadNetworkError, match="not UTF-8"):
        load_road_network(path)


# ------------------------------------------------------------------------------------------- straight line


def test_straight_line_times_detour_factor():
    km = 1000 / EDGE_M * STEP  # degrees of longitude for 1 km on the equator
    result = travel.straight_line_nearest([0.0], [km], [0.0, 1.0], [0.0, 1.0], "walking")
    assert result.method == travel.STRAIGHT_LINE and result.detour_factor == 1.3
    assert result.minutes[0] == pytest.approx(1000 * 1.3 / 80.0, rel=1e-6)  # 16.25 minutes
    assert result.nearest[0] == 0
    transit = travel.straight_line_nearest([0.0], [km], [0.0], [0.0], "transit")
    assert transit.minutes[0] == pytest.approx(5 + 1300 / 250.0, rel=1e-6)
    assert transit.describe()["fixed_minutes"] == 5.0
    matrix = travel.straight_line_matrix([0.0], [km], [0.0], [0.0], "cycling", detour=1.0)
    assert matrix[0, 0] == pytest.approx(1000 / 250.0, rel=1e-6)


def test_straight_line_without_stations_is_unreachable():
    result = travel.straight_line_nearest([0.0], [0.0], [], [], "walking")
    assert math.isinf(result.minutes[0])


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="unknown travel mode"):
        travel.mode("horse")


def test_reach_metres():
    assert travel.reach_metres("walking", 15) == pytest.approx(15 * 80 / 1.3)
    assert travel.reach_metres("transit", 4) == 0.0


# ---------------------------------------------------------------------------------------------------- shares


def test_coverage_shares_on_crafted_data():
    codes = ["430302001", "430302002", "430304001", "430304002"]
    measures = {"population": [100, 300, 200, 400], "unemployed": [10, 0, 5, 5], "key_group": [1, 2, 3, 4]}
    minutes = [5.0, 20.0, 15.0, math.inf]
    out = coverage_shares(codes, measures, minutes, threshold=15, digits=6)
    assert out["430302"].share("population") == pytest.approx(100 / 400)
    assert out["430302"].share("unemployed") == pytest.approx(1.0)
    assert out["430304"].share("population") == pytest.approx(200 / 600)  # exactly 15 min counts
    assert out["430304"].share("key_group") == pytest.approx(3 / 7)
    assert out[""].share("population") == pytest.approx(300 / 1000)
    assert out[""].units_covered == 2
    assert out["430302"].as_dict()["shares"]["unemployed"] == 1.0


def test_coverage_shares_empty_measure_has_no_share():
    out = coverage_shares(["430302001"], {"unemployed": [0]}, [1.0])
    assert out["430302"].share("unemployed") is None


def test_coverage_shares_rejects_mismatched_input():
    with pytest.raises(ValueError, match="measure 'population' has 1 values for 2 units"):
        coverage_shares(["1", "2"], {"population": [1]}, [1.0, 2.0])


def test_covered_by_owner():
    covered, total = covered_by_owner([0, 0, 1], [10, 30, 5], [10, 20, 1], 3)
    assert list(covered) == [10, 5, 0]
    assert list(total) == [40, 5, 0]


# ---------------------------------------------------------------------------------------------------- siting


@pytest.fixture
def instance():
    """8 demand points, 6 candidates, existing stations covering point 0 only (seeded, then brute force)."""
    rng = np.random.default_rng(7)
    cost = rng.uniform(0, 40, (8, 6))
    weights = rng.integers(10, 100, 8).astype(float)
    existing = np.array([5.0, 30, 30, 30, 30, 30, 30, 30])
    return weights, cost, existing


def _covered(weights, cost, existing, sites, threshold=15):
    ok = existing <= threshold
    if sites:
        ok |= (cost[:, list(sites)] <= threshold).any(axis=1)
    return weights[ok].sum()


def test_mclp_matches_brute_force(instance):
    weights, cost, existing = instance
    for p in (1, 2, 3):
        best = max(_covered(weights, cost, existing, s) for s in itertools.combinations(range(6), p))
        result = siting.mclp(weights, cost, existing, 15, p)
        assert result.status == "Optimal"
        assert result.covered_after == pytest.approx(best)
        assert _covered(weights, cost, existing, result.sites) == pytest.approx(best)
        assert sum(result.marginal_gains) == pytest.approx(result.gain)
        assert result.marginal_gains == sorted(result.marginal_gains, reverse=True)


def test_lscp_finds_the_fewest_sites(instance):
    weights, cost, existing = instance
    reachable = (existing <= 15) | (cost <= 15).any(axis=1)
    target = weights[reachable].sum()
    fewest = next(
        p
        for p in range(7)
        if any(_covered(weights, cost, existing, s) == target for s in itertools.combinations(range(6), p))
    )
    result = siting.lscp(weights, cost, existing, 15, budget=2)
    assert result.stations_needed == fewest
    assert result.covered_after == pytest.approx(target)
    assert result.notes["within_budget"] == (fewest <= 2)


def test_pmedian_matches_brute_force(instance):
    weights, cost, existing = instance

    def mean(sites):
        best = np.minimum(existing, cost[:, list(sites)].min(axis=1))
        return (best * weights).sum() / weights.sum()

    for p in (1, 2):
        best = min(mean(s) for s in itertools.combinations(range(6), p))
        result = siting.pmedian(weights, cost, existing, 15, p)
        assert result.mean_minutes_after == pytest.approx(best)
        assert mean(result.sites) == pytest.approx(best)
        assert result.mean_minutes_before == pytest.approx((existing * weights).sum() / weights.sum())


def test_known_optimum_by_hand():
    # Three villages; site 0 reaches villages 0 and 1, site 1 reaches village 2 (the biggest), site 2 village 0.
    cost = np.array([[10.0, 40, 5], [12, 40, 40], [40, 9, 40]])
    weights = np.array([100.0, 100, 500])
    none = np.full(3, math.inf)
    assert siting.mclp(weights, cost, none, 15, 1).sites == [1]
    two = siting.mclp(weights, cost, none, 15, 2)
    assert sorted(two.sites) == [0, 1] and two.marginal_gains == [500.0, 200.0]
    assert siting.lscp(weights, cost, none, 15, 1).stations_needed == 2
    with pytest.raises(ValueError, match="unknown siting model"):
        siting.run("kmeans", weights, cost, none, 15, 1)


# ---------------------------------------------------------------------------------------------------- demand


def test_township_kinds_by_code():
    assert [township_kind(c) for c in ("430302001", "430321100", "430321200", "430321400")] == [
        "street",
        "town",
        "township",
        "other",
    ]


def test_population_split_urban_to_streets_rural_to_towns():
    assert split_population(["street", "street", "town", "township"], 1000, 600) == [300, 300, 200, 200]
    assert split_population(["town", "township"], 1000, 600) == [800, 200]  # no 街道: urban to the 镇
    assert split_population(["street"], 1000, 600) == [1000]


def test_township_estimates_are_deterministic_and_inside():
    county = CountyInput(
        "430321", 27.8, 112.9, 10000, 4000, [("430321001", "a"), ("430321100", "b"), ("430321200", "c")]
    )
    first = estimate_townships(county, 10.0)
    assert first == estimate_townships(county, 10.0)
    assert [t.kind for t in first] == ["street", "town", "township"]
    assert sum(t.population for t in first) == pytest.approx(10000)

    def north_only(lat, lon):
        return lat >= 27.8

    inside = estimate_townships(county, 10.0, north_only)
    assert all(t.lat >= 27.8 for t in inside)


def test_grid_keeps_population():
    county = CountyInput("430321", 27.8, 112.9, 50000, 20000, [(f"43032110{i}", str(i)) for i in range(5)])
    towns = estimate_townships(county, 12.0)
    grid = population_grid(towns, cell_km=1.0)
    assert grid.population.sum() == pytest.approx(50000)
    assert set(grid.township) == set(range(5))
