"""Travel time to the nearest station: the modes, their speeds, and the straight-line × detour estimate.

Every result says how it was obtained (`method`, `mode`, speed, detour factor or road file), so a figure can
always be shown with its method. Pure: plain numbers and numpy arrays in and out.

Speeds (assumptions, with where they come from):

- walking 4.8 km/h (1.33 m/s): the middle of the 1.2–1.5 m/s free walking speeds used in pedestrian design
  (e.g. the Highway Capacity Manual's 1.2 m/s for crossings, ~1.4 m/s for unimpeded adults). At this speed a
  15-minute walk is 1.2 km of path, which after the detour factor is the 0.8–1.0 km straight-line radius that
  China's residential planning standard GB 50180-2018 gives for the 15-minute life circle.
- cycling 15 km/h: the usual planning figure for everyday urban cycling (bicycle traffic in Chinese cities
  is typically observed at 10–20 km/h, stops included).
- public transport 15 km/h door to door: a bus averaging ~20 km/h in service, plus walking to and waiting at
  the stop; expressed as one effective speed and a fixed 5-minute access/wait time that is added first.

Detour factor 1.3: road distance is longer than the straight line by a circuity factor; published network
studies find 1.2–1.4 for most regions (Ballou, Rahardja & Sakai 2002; Boscoe, Henry & Zdeb 2012 report ~1.4
in the US). 1.3 is used and stated; with a road network the real path length is used instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

EARTH_RADIUS_M = 6_371_008.8
DETOUR_FACTOR = 1.3
STRAIGHT_LINE = "straight_line"
ROAD_NETWORK = "road_network"


@dataclass(frozen=True)
class Mode:
    code: str
    speed_kmh: float
    fixed_minutes: float = 0.0  # access and waiting time added to every trip (public transport)

    @property
    def metres_per_minute(self) -> float:
        return self.speed_kmh * 1000 / 60

    def minutes(self, metres: np.ndarray | float) -> np.ndarray | float:
        return self.fixed_minutes + np.asarray(metres, dtype=float) / self.metres_per_minute


WALKING = Mode("walking", 4.8)
CYCLING = Mode("cycling", 15.0)
TRANSIT = Mode("transit", 15.0, fixed_minutes=5.0)
MODES: dict[str, Mode] = {m.code: m for m in (WALKING, CYCLING, TRANSIT)}


def mode(code: str) -> Mode:
    try:
        return MODES[code]
    except KeyError:
        raise ValueError(f"unknown travel mode {code!r} (known: {', '.join(MODES)})") from None


@dataclass
class TravelResult:
    """Minutes from each demand point to its nearest station, and how they were computed."""

    minutes: np.ndarray
    nearest: np.ndarray  # index of the nearest station per point (-1 when none is reachable)
    mode: str
    method: str  # STRAIGHT_LINE or ROAD_NETWORK
    detour_factor: float | None = None
    road_file: str | None = None
    notes: dict = field(default_factory=dict)

    def describe(self) -> dict:
        m = MODES[self.mode]
        out = {
            "method": self.method,
            "mode": self.mode,
            "speed_kmh": m.speed_kmh,
            "fixed_minutes": m.fixed_minutes,
        }
        if self.detour_factor is not None:
            out["detour_factor"] = self.detour_factor
        if self.road_file is not None:
            out["road_file"] = self.road_file
        out.update(self.notes)
        return out


def to_xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Points on the unit sphere (for nearest-neighbour search by chord length)."""
    la = np.radians(np.asarray(lat, dtype=float))
    lo = np.radians(np.asarray(lon, dtype=float))
    return np.column_stack((np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)))


def chord_to_metres(chord: np.ndarray) -> np.ndarray:
    return 2 * EARTH_RADIUS_M * np.arcsin(np.clip(np.asarray(chord) / 2, 0, 1))


def metres_to_chord(metres: float) -> float:
    return 2 * np.sin(min(metres / EARTH_RADIUS_M, np.pi) / 2)


def haversine_m(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Great-circle distance in metres; arrays broadcast (use [:, None] and [None, :] for a matrix)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def straight_line_nearest(
    demand_lat, demand_lon, station_lat, station_lon, mode_code: str, detour: float = DETOUR_FACTOR
) -> TravelResult:
    """Minutes to the nearest station along the straight line × `detour`, at the mode's speed."""
    m = mode(mode_code)
    demand_lat = np.asarray(demand_lat, dtype=float)
    n = len(demand_lat)
    if len(station_lat) == 0:
        return TravelResult(np.full(n, np.inf), np.full(n, -1), m.code, STRAIGHT_LINE, detour_factor=detour)
    tree = cKDTree(to_xyz(station_lat, station_lon))
    chord, index = tree.query(to_xyz(demand_lat, demand_lon))
    metres = chord_to_metres(chord) * detour
    return TravelResult(
        np.asarray(m.minutes(metres)), np.asarray(index), m.code, STRAIGHT_LINE, detour_factor=detour
    )


def straight_line_matrix(
    demand_lat, demand_lon, site_lat, site_lon, mode_code: str, detour: float = DETOUR_FACTOR
) -> np.ndarray:
    """Minutes from every demand point (rows) to every site (columns), straight line × detour."""
    m = mode(mode_code)
    metres = haversine_m(
        np.asarray(demand_lat, dtype=float)[:, None],
        np.asarray(demand_lon, dtype=float)[:, None],
        np.asarray(site_lat, dtype=float)[None, :],
        np.asarray(site_lon, dtype=float)[None, :],
    )
    return np.asarray(m.minutes(metres * detour))


def reach_metres(mode_code: str, minutes: float, detour: float = DETOUR_FACTOR) -> float:
    """The straight-line distance a trip of `minutes` covers (0 when the fixed time alone exceeds it)."""
    m = mode(mode_code)
    return max(0.0, (minutes - m.fixed_minutes) * m.metres_per_minute / detour)
