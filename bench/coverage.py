"""15-minute coverage of every township of a real province, and a siting run adding stations (issue 9).

    python bench/coverage.py                 # Hunan (43), walking, +10 stations
    python bench/coverage.py --province 44 --mode cycling
    python bench/coverage.py --quick         # one prefecture (4303 湘潭), smoke size

Demand: every township of the province from the NBS 2023 codes, its point and population ESTIMATED (township
points spread around the county centre; county census population split urban → 街道, rural → 镇/乡;
jiuye/network/coverage/demand.py), spread onto a 1 km population grid.

Existing-station scenario (stated): one public employment service office at each county seat (the county's
centre point) and one community station in every 街道 township (at its estimated point). Towns (镇) and
townships (乡) have none: they are the candidate sites for new stations.

Travel time: straight line × detour factor 1.3 at 4.8 km/h walking (15 km/h cycling; transit 15 km/h + 5 min),
method=straight_line; with `--roads FILE` (OSM XML or GeoJSON) the coverage runs along that network instead
(method=road_network; the siting run stays straight-line) and an unreadable file stops the run with the reason.

Siting: spopt MCLP with CBC (PuLP) choosing `--add` candidates among the township points without a station,
maximising newly covered population; the coverage gain is the covered share after minus before.

Baseline in the same run: spopt MCLP on 300 demand points (township points) and 60 candidates, p=10, the
size of spopt's published examples, whose solve takes hundredths of a second.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jiuye.network.coverage import siting, travel  # noqa: E402
from jiuye.network.coverage.demand import population_grid  # noqa: E402
from jiuye.network.coverage.reference import area_demand  # noqa: E402
from jiuye.network.coverage.roads import RoadNetworkError, load_road_network, network_nearest  # noqa: E402
from jiuye.network.coverage.shares import covered_by_owner  # noqa: E402

REFDATA = ROOT.parent / "shared" / "data" / "reference"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--province", default="43", help="2-digit province code (default 43 湖南)")
    parser.add_argument("--mode", default="walking", choices=sorted(travel.MODES))
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--add", type=int, default=10, help="new stations to site (default 10)")
    parser.add_argument("--cell-km", type=float, default=1.0)
    parser.add_argument("--refdata", default=str(REFDATA))
    parser.add_argument(
        "--roads", default="", help="OSM XML (.osm) or GeoJSON road file: coverage along the network instead"
    )
    parser.add_argument("--quick", action="store_true", help="one prefecture (4303) instead of a province")
    args = parser.parse_args()
    code = "4303" if args.quick else args.province

    t0 = time.perf_counter()
    area = area_demand(args.refdata, code)
    towns = area.townships
    grid = population_grid(towns, cell_km=args.cell_km)
    t_demand = time.perf_counter() - t0

    # Existing stations: county seats + every 街道.
    seats = sorted({t.county for t in towns})
    st_lat = [area.county_centres[c][0] for c in seats if c in area.county_centres]
    st_lon = [area.county_centres[c][1] for c in seats if c in area.county_centres]
    with_station = [i for i, t in enumerate(towns) if t.kind == "street"]
    st_lat += [towns[i].lat for i in with_station]
    st_lon += [towns[i].lon for i in with_station]
    st_lat_a, st_lon_a = np.array(st_lat), np.array(st_lon)

    t1 = time.perf_counter()
    shares = {}
    results = {}
    method = travel.STRAIGHT_LINE
    for mode_code in travel.MODES:
        if args.roads:
            # A road file that cannot be read stops the run with the reason: no straight-line fallback.
            try:
                network = load_road_network(args.roads, mode_code)
            except RoadNetworkError as exc:
                raise SystemExit(f"road network: {exc}") from None
            res = network_nearest(network, grid.lat, grid.lon, st_lat_a, st_lon_a, mode_code)
            method = travel.ROAD_NETWORK
        else:
            res = travel.straight_line_nearest(grid.lat, grid.lon, st_lat_a, st_lon_a, mode_code)
        covered, total = covered_by_owner(
            grid.township, grid.population, res.minutes, len(towns), args.minutes
        )
        shares[mode_code] = covered.sum() / total.sum()
        results[mode_code] = (res, covered, total)
    seconds = time.perf_counter() - t1
    res, covered, total = results[args.mode]
    township_share = covered / np.maximum(total, 1e-9)
    print(
        f"area {code}: {len(towns)} townships, {len(seats)} counties, population {area.population:,.0f} "
        f"(ESTIMATED township points and populations), {len(grid.lat):,} grid cells of {args.cell_km} km"
    )
    placed = sum(c in area.county_centres for c in seats)
    print(
        f"existing stations: {placed} county offices (counties with a centre point, of {len(seats)}) "
        f"+ {len(with_station)} 街道 stations = {len(st_lat)}"
    )
    print(
        f"demand built in {t_demand:.2f} s; nearest-station times for 3 modes in {seconds:.3f} s "
        f"(method={method}{'' if args.roads else f', detour {travel.DETOUR_FACTOR}'})"
    )
    for mode_code, share in shares.items():
        print(f"  {mode_code:8s} population within {args.minutes:g} min: {share:.4f}")
    print(
        f"townships with every resident covered ({args.mode}): {(township_share >= 0.999).sum()}, "
        f"none covered: {(township_share <= 0.001).sum()}, median township share {np.median(township_share):.3f}"
    )

    # Siting: candidates = township points without a station; demand = grid cells not yet covered that a
    # candidate can reach (the only rows whose coverage can change).
    cand = [i for i, t in enumerate(towns) if t.kind != "street"]
    c_lat = np.array([towns[i].lat for i in cand])
    c_lon = np.array([towns[i].lon for i in cand])
    reach = travel.reach_metres(args.mode, args.minutes)
    from scipy.spatial import cKDTree

    uncovered = np.flatnonzero(res.minutes > args.minutes)
    tree = cKDTree(travel.to_xyz(grid.lat[uncovered], grid.lon[uncovered]))
    near = tree.query_ball_point(travel.to_xyz(c_lat, c_lon), travel.metres_to_chord(reach))
    rows = np.unique(
        np.concatenate([np.asarray(n, dtype=int) for n in near if n] or [np.zeros(0, dtype=int)])
    )
    demand_idx = uncovered[rows]
    cost = travel.straight_line_matrix(grid.lat[demand_idx], grid.lon[demand_idx], c_lat, c_lon, args.mode)
    t2 = time.perf_counter()
    result = siting.mclp(
        grid.population[demand_idx], cost, np.full(len(demand_idx), np.inf), args.minutes, args.add
    )
    siting_seconds = time.perf_counter() - t2
    pop_total = float(grid.population.sum())
    before = float(grid.population[res.minutes <= args.minutes].sum())
    gain_share = result.gain / pop_total
    print(
        f"siting (MCLP, +{args.add}, {args.mode} {args.minutes:g} min): {len(cand)} candidates, "
        f"{len(demand_idx):,} demand cells that a candidate reaches; build {result.build_seconds:.3f} s, "
        f"CBC solve {result.solve_seconds:.3f} s, status {result.status}"
    )
    print(
        f"  covered {before:,.0f} → {before + result.gain:,.0f} people; share {before / pop_total:.4f} → "
        f"{(before + result.gain) / pop_total:.4f} (gain {gain_share:.4f}); per station {result.gain_per_station:,.0f}"
    )
    for j, g in zip(result.sites, result.marginal_gains, strict=True):
        t = towns[cand[j]]
        print(f"    + {t.code} {t.name} ({t.kind}) +{g:,.0f}")

    # Baseline: spopt MCLP at the size of its published examples (300 demand points, 60 candidates, p=10).
    base_towns = towns[:300]
    b_lat = np.array([t.lat for t in base_towns])
    b_lon = np.array([t.lon for t in base_towns])
    b_w = np.array([t.population for t in base_towns])
    b_cand = np.arange(0, len(base_towns), 5)
    b_cost = travel.straight_line_matrix(b_lat, b_lon, b_lat[b_cand], b_lon[b_cand], "cycling")
    base = siting.mclp(b_w, b_cost, np.full(len(b_w), np.inf), 15.0, 10)
    print(
        f"baseline: spopt MCLP on {len(b_w)} demand points × {len(b_cand)} candidates (cycling 15 min), p=10: "
        f"build {base.build_seconds:.3f} s, solve {base.solve_seconds:.3f} s, status {base.status}"
    )
    print(f"(siting wall time incl. model build: {siting_seconds:.2f} s)")
    print(
        f"BENCH coverage townships={len(towns)} seconds={seconds:.3f} demand_s={t_demand:.2f} covered_share={shares[args.mode]:.4f} "
        f"siting_gain={gain_share:.4f} solver_s={result.solve_seconds:.3f} build_s={result.build_seconds:.2f} "
        f"baseline_solver_s={base.solve_seconds:.3f} demand_points={len(demand_idx)} candidates={len(cand)} "
        f"grid_cells={len(grid.lat)} mode={args.mode} method={method} province={code} "
        f"covered_share_cycling={shares['cycling']:.4f} covered_share_transit={shares['transit']:.4f}"
    )


if __name__ == "__main__":
    main()
