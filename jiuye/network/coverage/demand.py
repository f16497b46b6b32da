"""Where people are: township points and a population grid, ESTIMATED from the reference data.

The reference data gives townships' codes and names but no coordinates, and population only by county (7th
census). So, for each county:

- Position: the county's townships are laid out around the county centre on a sunflower (Vogel) spiral, 街道
  first (nearest the centre: the county seat's urban streets), then 镇, then 乡 and others. The spiral's outer
  radius is 0.8 × the radius of a circle with the county's share of its prefecture's area (the prefecture
  polygon's area). The share is in proportion to rural + 0.02 × urban population: urban residents live about
  fifty times denser than rural ones (built-up ~10,000/km² against ~200/km² for countryside), so an all-urban
  district gets a small area and a rural county a large one (an equal split would spread a city district's
  streets over a whole county's worth of land). At least 2 km. A point that falls outside the prefecture polygon is pulled halfway towards the
  centre until it is inside (at most 8 times; then the centre). The rotation comes from the county code, so
  the layout is deterministic.
- Population: the county's urban population is shared equally among its 街道 (or, where it has none, its
  镇, whose seats are the towns); the rural population equally among its 镇 and 乡 (and other units), or among
  all townships if the county has no 镇/乡.

Every figure built on these points is an ESTIMATE and is labelled so (`ESTIMATE_NOTE`).

The population grid spreads each township's population over square cells around its point (a Gaussian
kernel whose width is a third of the township spacing), so coverage within a township is partial rather
than all-or-nothing.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

ESTIMATE_NOTE = (
    "Township positions and populations are estimates: townships spread around the county centre, county "
    "census population split urban→街道, rural→镇/乡."
)
KM_PER_DEG_LAT = 111.32
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def township_kind(code: str) -> str:
    """street (街道, 001–099), town (镇, 100–199), township (乡, 200–399) or other (farms, zones), by NBS code."""
    n = int(code[6:9]) if len(code) >= 9 and code[6:9].isdigit() else 999
    if n < 100:
        return "street"
    if n < 200:
        return "town"
    if n < 400:
        return "township"
    return "other"


@dataclass(frozen=True)
class CountyInput:
    code: str
    lat: float
    lon: float
    population: int
    urban: int
    townships: Sequence[tuple[str, str]]  # (9-digit code, name)


@dataclass(frozen=True)
class TownshipPoint:
    code: str
    name: str
    county: str
    kind: str
    lat: float
    lon: float
    population: float
    spacing_km: float  # typical distance to neighbouring townships (for the grid kernel)


URBAN_LAND_WEIGHT = 0.02


def land_weight(population: float, urban: float) -> float:
    """How much of the prefecture's land a county is taken to occupy (rural + 0.02 × urban residents)."""
    urban = min(max(urban, 0.0), population)
    return (population - urban) + URBAN_LAND_WEIGHT * urban


def county_radius_km(prefecture_area_km2: float, share: float) -> float:
    """Radius of a circle with `share` (0–1) of the prefecture's area; at least 2 km."""
    return max(2.0, math.sqrt(max(prefecture_area_km2, 1.0) * max(share, 0.0) / math.pi))


def geometry_area_km2(area_deg2: float, mean_lat: float) -> float:
    """Square degrees (shapes.area) → km² at the shape's latitude (good to ~1% over a prefecture)."""
    return area_deg2 * KM_PER_DEG_LAT**2 * math.cos(math.radians(mean_lat))


def _rotation(code: str) -> float:
    return int(hashlib.sha256(code.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF * 2 * math.pi


_KIND_ORDER = {"street": 0, "town": 1, "township": 2, "other": 3}


def estimate_townships(
    county: CountyInput,
    radius_km: float,
    inside: Callable[[float, float], bool] | None = None,
) -> list[TownshipPoint]:
    """Estimated point and population of each township of `county` (see the module docstring)."""
    towns = sorted(county.townships, key=lambda t: (_KIND_ORDER[township_kind(t[0])], t[0]))
    n = len(towns)
    if n == 0:
        return []
    kinds = [township_kind(code) for code, _ in towns]
    populations = split_population(kinds, county.population, county.urban)
    outer = radius_km * 0.8
    spacing = max(0.5, outer * math.sqrt(math.pi / n)) if n > 1 else max(0.5, outer)
    rot = _rotation(county.code)
    cos_lat = max(0.1, math.cos(math.radians(county.lat)))
    out = []
    for i, ((code, name), kind) in enumerate(zip(towns, kinds, strict=True)):
        r = outer * math.sqrt((i + 0.5) / n) if n > 1 else 0.0
        theta = rot + i * GOLDEN_ANGLE
        dlat = r * math.sin(theta) / KM_PER_DEG_LAT
        dlon = r * math.cos(theta) / (KM_PER_DEG_LAT * cos_lat)
        lat, lon = county.lat + dlat, county.lon + dlon
        if inside is not None:
            for _ in range(8):
                if inside(lat, lon):
                    break
                dlat, dlon = dlat / 2, dlon / 2
                lat, lon = county.lat + dlat, county.lon + dlon
            else:
                if not inside(lat, lon):
                    lat, lon = county.lat, county.lon
        out.append(TownshipPoint(code, name, county.code, kind, lat, lon, populations[i], spacing))
    return out


def split_population(kinds: Sequence[str], population: int, urban: int) -> list[float]:
    """Urban → 街道 (or 镇 if none), rural → 镇/乡/other (or everyone if none); equal shares within each."""
    urban = min(max(urban, 0), population)
    rural = population - urban
    streets = [i for i, k in enumerate(kinds) if k == "street"]
    towns = [i for i, k in enumerate(kinds) if k == "town"]
    rest = [i for i, k in enumerate(kinds) if k != "street"]
    everyone = list(range(len(kinds)))
    urban_to = streets or towns or everyone
    rural_to = rest or everyone
    out = [0.0] * len(kinds)
    for i in urban_to:
        out[i] += urban / len(urban_to)
    for i in rural_to:
        out[i] += rural / len(rural_to)
    return out


@dataclass
class Grid:
    """Populated cells: centre coordinates, population, and the township each cell's people come from."""

    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    township: np.ndarray  # index into the township list
    cell_km: float


def population_grid(
    townships: Sequence[TownshipPoint], cell_km: float = 1.0, sigma_share: float = 1 / 3
) -> Grid:
    """Each township's population spread over cells within 2σ of its point (σ = spacing × `sigma_share`).

    Cells are aligned to a regular lattice in degrees (cell_km of latitude; longitude scaled at each
    township's latitude), so cells of neighbouring townships coincide. A cell shared by two townships
    appears once per township (populations are kept apart so shares by township stay exact).
    """
    lats, lons, pops, owner = [], [], [], []
    dlat = cell_km / KM_PER_DEG_LAT
    for index, t in enumerate(townships):
        if t.population <= 0:
            continue
        cos_lat = max(0.1, math.cos(math.radians(t.lat)))
        dlon = cell_km / (KM_PER_DEG_LAT * cos_lat)
        sigma = max(cell_km / 2, t.spacing_km * sigma_share)
        k = max(1, int(math.ceil(2 * sigma / cell_km)))
        i0 = round(t.lat / dlat)
        j0 = round(t.lon / dlon)
        ii, jj = np.meshgrid(np.arange(i0 - k, i0 + k + 1), np.arange(j0 - k, j0 + k + 1), indexing="ij")
        clat = ii.ravel() * dlat
        clon = jj.ravel() * dlon
        dy = (clat - t.lat) * KM_PER_DEG_LAT
        dx = (clon - t.lon) * KM_PER_DEG_LAT * cos_lat
        d2 = dx * dx + dy * dy
        keep = d2 <= (2 * sigma) ** 2
        if not keep.any():
            keep = d2 == d2.min()
        w = np.exp(-d2[keep] / (2 * sigma * sigma))
        w = w / w.sum()
        lats.append(clat[keep])
        lons.append(clon[keep])
        pops.append(w * t.population)
        owner.append(np.full(int(keep.sum()), index))
    if not lats:
        empty = np.zeros(0)
        return Grid(empty, empty, empty, np.zeros(0, dtype=int), cell_km)
    return Grid(
        np.concatenate(lats), np.concatenate(lons), np.concatenate(pops), np.concatenate(owner), cell_km
    )
