"""Demand for a province or prefecture from the reference data: every township with its ESTIMATED point and
population (see `demand.py` for the method). Pure; the parsed result is cached per (refdata, code).

Counties come from NBS 2023 codes (areas.csv / streets.csv), county centres from the cpca coordinates file,
populations from the 7th census county rows, prefecture polygons from the census city file (via
`jiuye.geography.shapes`). A county (e.g. a functional zone created after 2020) without its own census row
gets its share of what the prefecture's census total leaves over, in proportion to its townships; a county
without a centre point uses the prefecture's centre.
"""

from __future__ import annotations

import csv
import functools
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from jiuye.geography import shapes

from .demand import (
    CountyInput,
    TownshipPoint,
    county_radius_km,
    estimate_townships,
    geometry_area_km2,
    land_weight,
)

CENSUS_FILE = Path("china-population-census") / "census_county_2020_v1.tsv"
DIVISIONS_DIR = Path("china-admin-divisions")


class ReferenceDataError(ValueError):
    """A reference file is missing or lacks what the coverage analysis needs."""


@dataclass(frozen=True)
class AreaDemand:
    code: str  # 2-digit province or 4-digit prefecture
    townships: tuple[TownshipPoint, ...]
    county_centres: dict[str, tuple[float, float]]  # 6-digit code → (lat, lon)
    county_names: dict[str, str]
    prefecture_names: dict[str, str]
    prefecture_shapes: dict[str, dict]  # 4-digit code → GeoJSON geometry

    @property
    def population(self) -> float:
        return sum(t.population for t in self.townships)


def _rows(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    if not path.is_file():
        raise ReferenceDataError(f"{path}: file not found")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=delimiter))


def _number(raw: str | None) -> int:
    raw = (raw or "").strip()
    if raw in ("", "NA"):
        return 0
    try:
        return round(float(raw))
    except ValueError:
        return 0


@functools.lru_cache(maxsize=8)
def area_demand(refdata: str, code: str) -> AreaDemand:
    """Townships of the province (2 digits) or prefecture (4 digits) `code` with estimated points and people."""
    root = Path(refdata)
    if len(code) not in (2, 4) or not code.isdigit():
        raise ReferenceDataError(f"area code must have 2 (province) or 4 (prefecture) digits, got {code!r}")
    base = root / DIVISIONS_DIR
    cities = {r["code"]: r["name"] for r in _rows(base / "cities.csv") if r["code"].startswith(code[:2])}
    if len(code) == 4 and code not in cities:
        raise ReferenceDataError(f"cities.csv: no prefecture with code {code}")
    if len(code) == 2 and not cities:
        raise ReferenceDataError(f"cities.csv: no prefecture in province {code}")
    areas = {
        r["code"]: (r["name"], r["cityCode"]) for r in _rows(base / "areas.csv") if r["code"].startswith(code)
    }
    streets: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in _rows(base / "streets.csv"):
        if r["code"].startswith(code):
            streets[r["areaCode"]].append((r["code"], r["name"]))
    centres: dict[str, tuple[float, float]] = {}
    for r in _rows(base / "adcodes_with_coords_cpca.csv"):
        adcode = r.get("adcode", "")
        if adcode.startswith(code[:2]) and r.get("latitude") and r.get("longitude"):
            short = adcode[:6] if adcode[4:6] != "00" else adcode[:4]
            centres.setdefault(short, (float(r["latitude"]), float(r["longitude"])))
    census = {
        r["区划代码"].strip(): r
        for r in _rows(root / CENSUS_FILE, "\t")
        if r["区划代码"].startswith(code[:2])
    }
    geoms = shapes.prefecture_shapes(root)
    pref_shapes = {c: geoms[c + "00"] for c in cities if c + "00" in geoms}

    counties_by_city: dict[str, list[str]] = defaultdict(list)
    for county, (_name, city) in sorted(areas.items()):
        if streets.get(county) and city.startswith(code):
            counties_by_city[city].append(county)

    townships: list[TownshipPoint] = []
    for city, counties in sorted(counties_by_city.items()):
        city_row = census.get(city + "00")
        with_row = [c for c in counties if _number((census.get(c) or {}).get("人口数_合计")) > 0]
        without = [c for c in counties if c not in with_row]
        pop = {c: _number(census[c]["人口数_合计"]) for c in with_row}
        urban = {c: _number(census[c]["城镇人口"]) for c in with_row}
        if without and city_row:
            residual = _number(city_row["人口数_合计"]) - sum(pop.values())
            residual_urban = _number(city_row["城镇人口"]) - sum(urban.values())
            weight = sum(len(streets[c]) for c in without)
            for c in without:
                share = len(streets[c]) / weight
                pop[c] = max(0, round(residual * share))
                urban[c] = max(0, min(pop[c], round(residual_urban * share)))
        geometry = pref_shapes.get(city)
        if geometry is not None:
            lon0, lat0 = shapes.centroid(geometry)
            area_km2 = geometry_area_km2(shapes.area(geometry), lat0)
            x0, y0, x1, y1 = shapes.bbox(geometry)

            def inside(lat: float, lon: float, g=geometry, b=(x0, y0, x1, y1)) -> bool:
                return b[0] <= lon <= b[2] and b[1] <= lat <= b[3] and shapes.contains(g, lon, lat)

        else:
            area_km2, inside = 1500.0 * len(counties), None
        weights = {c: land_weight(pop.get(c, 0), urban.get(c, 0)) for c in counties}
        land = sum(weights.values()) or 1.0
        for c in counties:
            if pop.get(c, 0) <= 0:
                continue
            radius = county_radius_km(area_km2, weights[c] / land)
            lat, lon = centres.get(c) or centres.get(city) or (math.nan, math.nan)
            if math.isnan(lat):
                raise ReferenceDataError(
                    f"adcodes_with_coords_cpca.csv: no centre for county {c} nor city {city}"
                )
            townships.extend(
                estimate_townships(CountyInput(c, lat, lon, pop[c], urban[c], streets[c]), radius, inside)
            )
    if not townships:
        raise ReferenceDataError(f"no county of {code} has both townships and census data")
    return AreaDemand(
        code=code,
        townships=tuple(townships),
        county_centres={c: centres[c] for c in areas if c in centres},
        county_names={c: n for c, (n, _city) in areas.items()},
        prefecture_names=cities,
        prefecture_shapes=pref_shapes,
    )
