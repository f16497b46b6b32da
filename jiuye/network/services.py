"""Stations (create, update, deactivate — validated and audited), nearest-station search, 15-minute coverage of a
division and siting scenarios. The only code in the network app that writes.

Coordinates are checked against the station's division with the shapes in the reference data
(`jiuye.geography.shapes`): the point must lie in the province polygon and, below province level, in the
prefecture polygon; for a county or township division it must also lie within `county_limit_km` of the county
centre (counties have centre points only). Which checks applied is stored on the station (`location_check`).
"""

from __future__ import annotations

import csv
import functools
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography import shapes
from jiuye.geography.models import Division, ServiceOffice
from jiuye.network.coverage import siting as siting_engine
from jiuye.network.coverage import travel
from jiuye.network.coverage.demand import ESTIMATE_NOTE, TownshipPoint, geometry_area_km2, population_grid
from jiuye.network.coverage.reference import ReferenceDataError, area_demand
from jiuye.network.coverage.shares import coverage_shares, covered_by_owner

from .enums import DAY_LABELS, DAYS, ServiceCode, SitingModel, StationKind, TravelMethod
from .models import SitingScenario, Station

MIN_COUNTY_LIMIT_KM = 30.0
PMEDIAN_MAX_CELLS = 200_000  # grid cells × candidate sites beyond which p-median runs on townships
EDITABLE = (
    "name",
    "kind",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "services",
    "phone",
    "staff_count",
)


class StationError(Exception):
    """Bad station input; `errors` maps each field to its messages (in the active language)."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))


def refdata() -> Path:
    return Path(settings.JIUYE_REFDATA)


# ------------------------------------------------------------------------------------------- validation

_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def check_opening_hours(hours) -> list[str]:
    """Messages for malformed or missing hours, each naming the day; [] when fine.

    Expected: {"mon": [["08:30", "12:00"], ["14:00", "17:30"]], ..., "sun": []} with every day present
    (an empty list = closed), periods as HH:MM, start before end, in order and not overlapping, and at least
    one open day.
    """
    if not isinstance(hours, dict) or not hours:
        return [_("Opening hours are missing: give the hours for each day (an empty day means closed).")]
    errors = []
    unknown = sorted(set(hours) - set(DAYS))
    if unknown:
        errors.append(_("Unknown day(s): %(days)s.") % {"days": ", ".join(map(str, unknown))})
    open_days = 0
    for day in DAYS:
        label = str(DAY_LABELS[day])
        if day not in hours:
            errors.append(_("%(day)s: hours missing (leave the day empty if closed).") % {"day": label})
            continue
        periods = hours[day]
        if not isinstance(periods, list):
            errors.append(_("%(day)s: hours must be a list of periods.") % {"day": label})
            continue
        last_end = None
        for period in periods:
            if not (
                isinstance(period, (list, tuple))
                and len(period) == 2
                and all(isinstance(p, str) for p in period)
            ):
                errors.append(_("%(day)s: each period needs a start and an end time.") % {"day": label})
                break
            start, end = period
            if not (_TIME.match(start) and _TIME.match(end)):
                errors.append(
                    _("%(day)s: “%(start)s–%(end)s” is not HH:MM–HH:MM.")
                    % {"day": label, "start": start, "end": end}
                )
                break
            if start >= end:
                errors.append(
                    _("%(day)s: %(start)s–%(end)s ends before it starts.")
                    % {"day": label, "start": start, "end": end}
                )
                break
            if last_end is not None and start < last_end:
                errors.append(_("%(day)s: periods overlap or are out of order.") % {"day": label})
                break
            last_end = end
        else:
            open_days += bool(periods)
    if not errors and open_days == 0:
        errors.append(_("Opening hours are missing: the station is closed every day."))
    return errors


def parse_day_hours(text: str) -> list[list[str]]:
    """'08:30-12:00, 14:00-17:30' → [["08:30", "12:00"], ["14:00", "17:30"]]; '' → [] (closed).

    Malformed parts are kept as they are, so `check_opening_hours` names the day and the bad period.
    """
    out = []
    for part in re.split(r"[,，;；]\s*", (text or "").strip()):
        if not part:
            continue
        bits = re.split(r"\s*[-–—~～至]\s*", part.strip(), maxsplit=1)
        out.append([b.strip() for b in bits] if len(bits) == 2 else [part.strip(), ""])
    return out


def format_day_hours(periods) -> str:
    return ", ".join(f"{a}-{b}" for a, b in periods or [])


@functools.lru_cache(maxsize=4)
def _counties_per_prefecture(root: str) -> dict[str, int]:
    """Number of county-level units per prefecture in the NBS code list (areas.csv)."""
    path = Path(root) / "china-admin-divisions" / "areas.csv"
    counts: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            counts[row["cityCode"]] = counts.get(row["cityCode"], 0) + 1
    return counts


def _county_limit_km(root: Path, prefecture: Division | None) -> float:
    """Twice the radius of a county's equal share of its prefecture's polygon (county count from the NBS
    list), at least 30 km."""
    if prefecture is None:
        return MIN_COUNTY_LIMIT_KM
    geometry = shapes.prefecture_shapes(root).get(prefecture.code.ljust(6, "0"))
    try:
        counties = _counties_per_prefecture(str(root)).get(prefecture.code, 0)
    except OSError:
        counties = 0
    if geometry is None or counties == 0:
        return MIN_COUNTY_LIMIT_KM
    lat = shapes.centroid(geometry)[1]
    area = geometry_area_km2(shapes.area(geometry), lat)
    return max(MIN_COUNTY_LIMIT_KM, 2 * math.sqrt(area / counties / math.pi))


def check_location(division: Division, latitude, longitude) -> tuple[list[str], dict]:
    """(errors, check record). The record names each check applied and its outcome."""
    try:
        lat, lon = float(latitude), float(longitude)
    except (TypeError, ValueError):
        return [_("Give the latitude and longitude as numbers.")], {}
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return [_("Latitude must be within ±90 and longitude within ±180.")], {}
    root = refdata()
    codes = division.ancestor_codes
    applied: list[dict] = []
    errors: list[str] = []
    try:
        province = shapes.province_shapes(root).get(codes[0].ljust(6, "0"))
        prefectures = shapes.prefecture_shapes(root) if len(codes) >= 2 else {}
    except shapes.SourceError as exc:
        return [_("The division boundaries cannot be read (%(error)s).") % {"error": exc}], {}
    by_code = {d.code: d for d in Division.objects.filter(code__in=codes)}
    if province is None:
        applied.append({"check": "province_polygon", "code": codes[0], "result": "no_shape"})
    else:
        ok = shapes.contains(province, lon, lat)
        applied.append(
            {"check": "province_polygon", "code": codes[0], "result": "inside" if ok else "outside"}
        )
        if not ok:
            errors.append(
                _("The point (%(lat).5f, %(lon).5f) lies outside %(name)s.")
                % {"lat": lat, "lon": lon, "name": by_code[codes[0]].name}
            )
    if len(codes) >= 2 and not errors:
        geometry = prefectures.get(codes[1].ljust(6, "0"))
        if geometry is None:
            applied.append({"check": "prefecture_polygon", "code": codes[1], "result": "no_shape"})
        else:
            ok = shapes.contains(geometry, lon, lat)
            applied.append(
                {"check": "prefecture_polygon", "code": codes[1], "result": "inside" if ok else "outside"}
            )
            if not ok:
                errors.append(
                    _("The point (%(lat).5f, %(lon).5f) lies outside %(name)s.")
                    % {"lat": lat, "lon": lon, "name": by_code[codes[1]].name}
                )
    if len(codes) >= 3 and not errors:
        county = by_code.get(codes[2])
        limit = _county_limit_km(root, by_code.get(codes[1]))
        if county is None or county.latitude is None or county.longitude is None:
            applied.append({"check": "county_distance", "code": codes[2], "result": "no_centre"})
        else:
            km = float(travel.haversine_m(lat, lon, county.latitude, county.longitude)) / 1000
            ok = km <= limit
            applied.append(
                {
                    "check": "county_distance",
                    "code": codes[2],
                    "km": round(km, 1),
                    "limit_km": round(limit, 1),
                    "result": "within" if ok else "too_far",
                }
            )
            if not ok:
                errors.append(
                    _(
                        "The point is %(km).1f km from the centre of %(name)s; a station there must be within %(limit).0f km."
                    )
                    % {"km": km, "name": county.name, "limit": limit}
                )
    return errors, {"checks": applied}


def describe_location_check(record: dict) -> str:
    """'province polygon: inside; prefecture polygon: inside; 12.3 km from the county centre (limit 35 km)'."""
    parts = []
    for c in (record or {}).get("checks", []):
        if c["check"] == "province_polygon":
            parts.append(_("province boundary: %(r)s") % {"r": c["result"]})
        elif c["check"] == "prefecture_polygon":
            parts.append(_("prefecture boundary: %(r)s") % {"r": c["result"]})
        elif c["check"] == "county_distance" and "km" in c:
            parts.append(
                _("%(km)s km from the county centre (limit %(limit)s km)")
                % {"km": c["km"], "limit": c["limit_km"]}
            )
        else:
            parts.append(_("%(check)s: %(r)s") % {"check": c["check"], "r": c["result"]})
    return "; ".join(parts)


def _validate(data: dict, division: Division) -> tuple[dict[str, list[str]], dict]:
    errors: dict[str, list[str]] = {}
    if not str(data.get("name") or "").strip():
        errors["name"] = [_("A name is required.")]
    if data.get("kind") not in StationKind.values:
        errors["kind"] = [_("Choose a kind of station.")]
    if not str(data.get("address") or "").strip():
        errors["address"] = [_("An address is required.")]
    services = data.get("services") or []
    bad = [s for s in services if s not in ServiceCode.values]
    if not isinstance(services, list) or bad:
        errors["services"] = [_("Unknown service code(s): %(codes)s.") % {"codes": ", ".join(map(str, bad))}]
    hours_errors = check_opening_hours(data.get("opening_hours"))
    if hours_errors:
        errors["opening_hours"] = hours_errors
    location_errors, record = check_location(division, data.get("latitude"), data.get("longitude"))
    if location_errors:
        key = "latitude" if not record else "__location__"
        errors.setdefault(key, []).extend(location_errors)
    return errors, record


def _location_errors_to_fields(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    if "__location__" in errors:
        messages = errors.pop("__location__")
        errors.setdefault("latitude", []).extend(messages)
        errors.setdefault("longitude", []).extend(messages)
    return errors


@transaction.atomic
def create_station(*, by, division: Division, office: ServiceOffice | None = None, **data) -> Station:
    errors, record = _validate(data, division)
    if errors:
        raise StationError(_location_errors_to_fields(errors))
    station = Station.objects.create(
        division=division,
        office=office,
        location_check=record,
        **{k: data[k] for k in EDITABLE if k in data},
    )
    record_event(station, actor=by, kind=EventKind.RECORD_CREATED, data={"station": station.name, **record})
    return station


@transaction.atomic
def update_station(station: Station, *, by, division: Division | None = None, **data) -> Station:
    division = division or station.division
    merged = {k: getattr(station, k) for k in EDITABLE} | data
    errors, record = _validate(merged, division)
    if errors:
        raise StationError(_location_errors_to_fields(errors))
    changed = sorted(k for k in EDITABLE if merged[k] != getattr(station, k))
    if division.pk != station.division_id:
        changed.append("division")
    for k in EDITABLE:
        setattr(station, k, merged[k])
    station.division = division
    if "office" in data:
        station.office = data["office"]
    station.location_check = record
    station.save()
    record_event(station, actor=by, kind=EventKind.RECORD_UPDATED, data={"changed": changed, **record})
    return station


@transaction.atomic
def deactivate_station(station: Station, *, by, reason: str = "") -> Station:
    if not station.is_active:
        return station
    station.is_active = False
    station.save(update_fields=["is_active", "updated_at"])
    record_event(
        station, actor=by, kind=EventKind.RECORD_UPDATED, data={"deactivated": True, "reason": reason[:200]}
    )
    return station


# ---------------------------------------------------------------------------------------------- nearest


@dataclass
class Nearby:
    station: Station
    metres: float
    minutes: dict[str, float]  # by mode, straight line × detour

    @property
    def km(self) -> float:
        return self.metres / 1000


def nearest_stations(
    lat: float, lon: float, *, kind: str = "", service: str = "", limit: int = 10
) -> list[Nearby]:
    """Active stations nearest to the point, with straight-line distance and estimated minutes by mode."""
    qs = Station.objects.active()
    if kind:
        qs = qs.of_kind(kind)
    rows = list(qs.only("id", "latitude", "longitude", "services"))
    if service:
        rows = [s for s in rows if service in (s.services or [])]
    if not rows:
        return []
    metres = travel.haversine_m(
        lat, lon, np.array([s.latitude for s in rows]), np.array([s.longitude for s in rows])
    )
    order = np.argsort(metres, kind="stable")[:limit]
    full = Station.objects.select_related("division").in_bulk([rows[i].pk for i in order])
    out = []
    for i in order:
        d = float(metres[i])
        out.append(
            Nearby(
                full[rows[i].pk],
                d,
                {code: float(m.minutes(d * travel.DETOUR_FACTOR)) for code, m in travel.MODES.items()},
            )
        )
    return out


def method_statement() -> dict:
    """The stated method for nearest-station minutes (pages and API show it)."""
    return {
        "method": travel.STRAIGHT_LINE,
        "detour_factor": travel.DETOUR_FACTOR,
        "speeds_kmh": {code: m.speed_kmh for code, m in travel.MODES.items()},
        "fixed_minutes": {code: m.fixed_minutes for code, m in travel.MODES.items() if m.fixed_minutes},
    }


# --------------------------------------------------------------------------------------------- coverage


def _area_code(division: Division) -> str:
    return division.code[:4] if division.level >= 2 else division.code[:2]


def division_townships(division: Division) -> list[TownshipPoint]:
    """Townships of the division with their ESTIMATED points and populations (reference data)."""
    area = area_demand(str(refdata()), _area_code(division))
    return [t for t in area.townships if t.code.startswith(division.code)]


def township_counts(division: Division) -> dict[str, dict[str, int]]:
    """Registered unemployed and key-group members per township code (counts only, no personal data)."""
    from django.utils import timezone

    from jiuye.registry.models import PersonKeyGroup, UnemploymentRegistration

    prefix = division.path
    within = models.Q(person__division__path=prefix) | models.Q(
        person__division__path__startswith=prefix + "/"
    )
    out: dict[str, dict[str, int]] = {}
    open_regs = UnemploymentRegistration.objects.filter(within, ended_on__isnull=True)
    today = timezone.localdate()
    for code, n in (
        open_regs.values("person__division__code")
        .annotate(n=models.Count("person", distinct=True))
        .values_list("person__division__code", "n")
    ):
        out.setdefault(code, {})["unemployed"] = n
    for code, n in (
        PersonKeyGroup.objects.filter(within)
        .filter(models.Q(until__isnull=True) | models.Q(until__gte=today))
        .values("person__division__code")
        .annotate(n=models.Count("person", distinct=True))
        .values_list("person__division__code", "n")
    ):
        out.setdefault(code, {})["key_group"] = n
    return out


def _stations_in(division: Division) -> list[Station]:
    return list(
        Station.objects.active().filter(
            models.Q(division__path=division.path) | models.Q(division__path__startswith=division.path + "/")
        )
    )


def load_road_network(path: str | None, mode: str):
    """The road network for `mode` from `path` (settings.JIUYE_ROAD_NETWORK when None); None when none is set.

    An unreadable file raises `RoadNetworkError` — never a silent straight-line fallback.
    """
    from jiuye.network.coverage.roads import load_road_network as load

    path = path or getattr(settings, "JIUYE_ROAD_NETWORK", None)
    if not path:
        return None
    return load(path, mode)


def division_coverage(
    division: Division, *, mode: str = "walking", minutes: float = 15.0, road_file: str | None = None
) -> dict:
    """Shares of estimated population, registered unemployed and key-group members within `minutes`, by
    county and township of `division`, with the gap list (uncovered townships) and the method used."""
    towns = division_townships(division)
    stations = _stations_in(division)
    s_lat = np.array([s.latitude for s in stations])
    s_lon = np.array([s.longitude for s in stations])
    network = load_road_network(road_file, mode)
    grid = population_grid(towns)
    t_lat = np.array([t.lat for t in towns])
    t_lon = np.array([t.lon for t in towns])
    if network is None:
        grid_res = travel.straight_line_nearest(grid.lat, grid.lon, s_lat, s_lon, mode)
        town_res = travel.straight_line_nearest(t_lat, t_lon, s_lat, s_lon, mode)
    else:
        from jiuye.network.coverage.roads import network_nearest

        grid_res = network_nearest(network, grid.lat, grid.lon, s_lat, s_lon, mode)
        town_res = network_nearest(network, t_lat, t_lon, s_lat, s_lon, mode)
    covered, total = covered_by_owner(grid.township, grid.population, grid_res.minutes, len(towns), minutes)
    counts = township_counts(division)
    share_of_town = np.where(total > 0, covered / np.maximum(total, 1e-9), 0.0)
    # Registered unemployed and key-group members are counted where they live (township); each township's
    # count is taken as covered in the share its estimated population is covered.
    unemployed = np.array([counts.get(t.code, {}).get("unemployed", 0) for t in towns], dtype=float)
    key_group = np.array([counts.get(t.code, {}).get("key_group", 0) for t in towns], dtype=float)
    by_county = {}
    # A prefecture by county; a county (or a township) by township.
    digits = 6 if division.level <= 2 else 9
    for code in sorted({t.code[:digits] for t in towns}):
        idx = [i for i, t in enumerate(towns) if t.code.startswith(code)]
        by_county[code] = _shares_row(idx, covered, total, unemployed, key_group, share_of_town)
    overall = _shares_row(list(range(len(towns))), covered, total, unemployed, key_group, share_of_town)
    names = dict(Division.objects.filter(code__in=list(by_county)).values_list("code", "name_zh"))
    township_rows = [
        {
            "code": t.code,
            "name": t.name,
            "kind": t.kind,
            "lat": round(t.lat, 5),
            "lon": round(t.lon, 5),
            "population": round(t.population),
            "covered_share": round(float(share_of_town[i]), 4),
            "centre_minutes": None
            if not np.isfinite(town_res.minutes[i])
            else round(float(town_res.minutes[i]), 1),
            "unemployed": int(unemployed[i]),
            "key_group": int(key_group[i]),
        }
        for i, t in enumerate(towns)
    ]
    # Shares check: the engine's division aggregation over townships (points) for the stated threshold.
    point_shares = coverage_shares(
        [t.code for t in towns], {"population": total}, town_res.minutes, threshold=minutes
    )
    return {
        "division": division.code,
        "mode": mode,
        "minutes": minutes,
        "method": grid_res.describe(),
        "estimate_note": ESTIMATE_NOTE,
        "stations": [
            {"id": s.pk, "name": s.name, "kind": s.kind, "lat": s.latitude, "lon": s.longitude}
            for s in stations
        ],
        "overall": overall,
        "by_division": [{"code": c, "name": names.get(c, c), **row} for c, row in by_county.items()],
        "townships": township_rows,
        "gaps": sorted(
            (r for r in township_rows if r["covered_share"] < 0.5),
            key=lambda r: (-r["population"], r["code"]),
        ),
        "grid_cells": int(len(grid.lat)),
        "township_centres_covered": point_shares[""].units_covered if "" in point_shares else 0,
    }


def _shares_row(idx, covered, total, unemployed, key_group, share_of_town) -> dict:
    pop = float(total[idx].sum()) if idx else 0.0
    cov = float(covered[idx].sum()) if idx else 0.0
    un = float(unemployed[idx].sum()) if idx else 0.0
    kg = float(key_group[idx].sum()) if idx else 0.0
    un_cov = float((unemployed[idx] * share_of_town[idx]).sum()) if idx else 0.0
    kg_cov = float((key_group[idx] * share_of_town[idx]).sum()) if idx else 0.0
    return {
        "townships": len(idx),
        "population": round(pop),
        "population_share": cov / pop if pop else None,
        "unemployed": int(un),
        "unemployed_share": un_cov / un if un else None,
        "key_group": int(kg),
        "key_group_share": kg_cov / kg if kg else None,
    }


# ----------------------------------------------------------------------------------------------- siting


def candidate_sites(division: Division, towns: list[TownshipPoint], stations: list[Station]) -> list[dict]:
    """Township centres without a station, and service offices (public buildings) with coordinates."""
    with_station = {s.division.code for s in stations if s.division.level == 4}
    out = [
        {"source": "township", "code": t.code, "name": t.name, "kind": t.kind, "lat": t.lat, "lon": t.lon}
        for t in towns
        if t.code not in with_station
    ]
    station_offices = {s.office_id for s in stations if s.office_id}
    offices = ServiceOffice.objects.filter(
        models.Q(division__path=division.path) | models.Q(division__path__startswith=division.path + "/"),
        latitude__isnull=False,
        longitude__isnull=False,
    ).exclude(pk__in=station_offices)
    out += [
        {
            "source": "office",
            "code": o.division.code,
            "name": o.name,
            "kind": o.kind,
            "lat": o.latitude,
            "lon": o.longitude,
        }
        for o in offices.select_related("division")
    ]
    return out


def run_siting(
    division: Division,
    *,
    model: str,
    budget: int,
    mode: str = "walking",
    minutes: float = 15.0,
    road_file=None,
) -> dict:
    """Solve one siting model for the division; returns inputs and results (not saved)."""
    if model not in SitingModel.values:
        raise ValueError(f"unknown siting model {model!r}")
    towns = division_townships(division)
    stations = _stations_in(division)
    candidates = candidate_sites(division, towns, stations)
    grid = population_grid(towns)
    s_lat = np.array([s.latitude for s in stations])
    s_lon = np.array([s.longitude for s in stations])
    c_lat = np.array([c["lat"] for c in candidates])
    c_lon = np.array([c["lon"] for c in candidates])
    network = load_road_network(road_file, mode)
    if network is None:
        existing = travel.straight_line_nearest(grid.lat, grid.lon, s_lat, s_lon, mode)
        cost = travel.straight_line_matrix(grid.lat, grid.lon, c_lat, c_lon, mode)
        method = existing.describe()
    else:
        from jiuye.network.coverage.roads import network_matrix, network_nearest

        existing = network_nearest(network, grid.lat, grid.lon, s_lat, s_lon, mode)
        cost = network_matrix(network, grid.lat, grid.lon, c_lat, c_lon, mode, limit_minutes=minutes * 4)
        method = existing.describe()
    if model == SitingModel.PMEDIAN and len(grid.lat) * max(1, len(candidates)) > PMEDIAN_MAX_CELLS:
        # p-median has a variable per (row, site): past this size, cells are aggregated back to townships.
        result = siting_engine.pmedian(
            *_by_township(grid, existing.minutes, cost, len(towns)), threshold=minutes, budget=budget
        )
        result.notes["demand"] = "townships"
    else:
        result = siting_engine.run(model, grid.population, cost, existing.minutes, minutes, budget)
    # Coverage before/after and marginal gains always on the grid, so scenarios of every model compare.
    already = existing.minutes <= minutes
    order, gains = siting_engine.greedy_order(
        (cost <= minutes) & ~already[:, None], grid.population, list(result.sites)
    )
    result.sites, result.marginal_gains = order, gains
    result.covered_before = float(grid.population[already].sum())
    result.covered_after = result.covered_before + float(sum(gains))
    result.total = float(grid.population.sum())
    sites = [
        {
            **candidates[j],
            "gain": round(g, 1),
            "lat": round(candidates[j]["lat"], 6),
            "lon": round(candidates[j]["lon"], 6),
        }
        for j, g in zip(result.sites, result.marginal_gains, strict=True)
    ]
    return {
        "inputs": {
            "division": division.code,
            "stations": len(stations),
            "candidates": len(candidates),
            "candidate_sources": {
                "township": sum(c["source"] == "township" for c in candidates),
                "office": sum(c["source"] == "office" for c in candidates),
            },
            "demand": "population grid (1 km) from estimated township points",
            "grid_cells": int(len(grid.lat)),
            "estimate_note": ESTIMATE_NOTE,
            "method": method,
        },
        "results": {**result.as_dict(), "sites": sites},
        "travel_method": method["method"],
    }


def _by_township(grid, existing_minutes, cost, n):
    """Population-weighted mean minutes per township (for p-median)."""
    w = np.bincount(grid.township, weights=grid.population, minlength=n)
    safe = np.maximum(w, 1e-9)
    ex = np.where(np.isfinite(existing_minutes), existing_minutes, siting_engine.UNREACHABLE_MINUTES)
    ex_t = np.bincount(grid.township, weights=grid.population * ex, minlength=n) / safe
    finite = np.where(np.isfinite(cost), cost, siting_engine.UNREACHABLE_MINUTES)
    cost_t = np.zeros((n, cost.shape[1]))
    for j in range(cost.shape[1]):
        cost_t[:, j] = np.bincount(grid.township, weights=grid.population * finite[:, j], minlength=n) / safe
    keep = w > 0
    return w[keep], cost_t[keep], ex_t[keep]


@transaction.atomic
def save_scenario(
    division: Division, *, by, name: str, model: str, budget: int, mode: str, minutes: float, run: dict
) -> SitingScenario:
    scenario = SitingScenario.objects.create(
        division=division,
        name=name[:128] or f"{model} +{budget} {mode} {minutes:g}",
        method=model,
        mode=mode,
        minutes=minutes,
        budget=budget,
        travel_method=run.get("travel_method", TravelMethod.STRAIGHT_LINE),
        inputs=run["inputs"],
        results=run["results"],
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_event(scenario, actor=by, kind=EventKind.RECORD_CREATED, data={"siting": model, "budget": budget})
    return scenario


__all__ = [
    "ReferenceDataError",
    "StationError",
    "check_location",
    "check_opening_hours",
    "create_station",
    "deactivate_station",
    "division_coverage",
    "nearest_stations",
    "run_siting",
    "save_scenario",
    "update_station",
]
