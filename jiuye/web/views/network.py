"""Service network: stations, find the nearest, 15-minute coverage, siting (issue 9, parts 1-3).

- Public (no sign-in): "find the nearest station" by the browser's location, a chosen township (its ESTIMATED
  centre) or typed coordinates; station pages with address, hours and services (never staff details).
- Staff (caseworkers and administrators): station list, create, edit, deactivate — every write through
  `jiuye.network.services`, which validates and audits.
- Staff (all staff roles): coverage of a division (shares by division, gap map) and siting scenarios (run,
  save, compare). Every list and every division starts from the user's scope; another district is a 404.
"""

from __future__ import annotations

import math
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.accounts.enums import Role
from jiuye.geography import shapes
from jiuye.geography.models import Division
from jiuye.network import services
from jiuye.network.coverage.demand import ESTIMATE_NOTE
from jiuye.network.coverage.reference import ReferenceDataError
from jiuye.network.coverage.roads import RoadNetworkError
from jiuye.network.enums import DAY_LABELS, DAYS, ServiceCode, SitingModel, StationKind, TravelMode
from jiuye.network.forms import SitingForm, StationForm, scoped_divisions
from jiuye.network.models import SitingScenario, Station

from ..display import paginate

STATION_ROLES = (Role.CASEWORKER, Role.ADMIN)
MAX_NEAREST = 20


def station_staff_required(view):
    """Caseworkers and administrators (the staff second factor is enforced by the site middleware)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.role in STATION_ROLES):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def analysis_staff_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.is_staff_role):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _hours_rows(station: Station) -> list[tuple[str, str]]:
    hours = station.opening_hours or {}
    return [(str(DAY_LABELS[d]), services.format_day_hours(hours.get(d)) or _("closed")) for d in DAYS]


def _service_labels(codes) -> list[str]:
    labels = dict(ServiceCode.choices)
    return [str(labels.get(c, c)) for c in codes or []]


# ------------------------------------------------------------------------------------------------ public


def _parse_point(request) -> tuple[float | None, float | None, str, str]:
    """(lat, lon, how, error) from ?lat=&lon=, ?near=lat,lon or ?township=<code>."""
    near = request.GET.get("near", "").strip()
    lat_raw, lon_raw = request.GET.get("lat", "").strip(), request.GET.get("lon", "").strip()
    if near and not (lat_raw or lon_raw):
        parts = near.replace("，", ",").split(",")
        if len(parts) == 2:
            lat_raw, lon_raw = parts[0].strip(), parts[1].strip()
        else:
            return None, None, "", _("Give the point as latitude,longitude, e.g. 27.83,112.92.")
    if lat_raw or lon_raw:
        try:
            lat, lon = float(lat_raw), float(lon_raw)
        except ValueError:
            return None, None, "", _("Latitude and longitude must be numbers.")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None, None, "", _("Latitude must be within ±90 and longitude within ±180.")
        return lat, lon, "point", ""
    code = request.GET.get("township", "").strip()
    if code:
        division = Division.objects.filter(code=code, level=4).first()
        if division is None:
            return None, None, "", _("No township with code %(code)s.") % {"code": code}
        try:
            point = next((t for t in services.division_townships(division) if t.code == code), None)
        except ReferenceDataError:
            point = None
        if point is None:
            return None, None, "", _("No estimated centre for township %(code)s.") % {"code": code}
        return point.lat, point.lon, "township", ""
    return None, None, "", ""


def _townships_with_stations() -> list[Division]:
    """Townships of the counties that have active stations (for the "choose a township" list)."""
    counties = {
        code[:6]
        for code in Station.objects.active().values_list("division__code", flat=True)
        if len(code) >= 6
    }
    if not counties:
        return []
    townships = Division.objects.filter(level=4, parent__code__in=counties).order_by("code")
    return list(townships[:600])


def station_finder(request: HttpRequest) -> HttpResponse:
    lat, lon, how, error = _parse_point(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in StationKind.values else ""
    service = request.GET.get("service", "")
    service = service if service in ServiceCode.values else ""
    results = []
    if lat is not None:
        results = services.nearest_stations(lat, lon, kind=kind, service=service, limit=10)
    rows = [
        {
            "station": n.station,
            "km": n.km,
            "minutes": n.minutes,
            "services": _service_labels(n.station.services),
            "hours": _hours_rows(n.station),
        }
        for n in results
    ]
    return render(
        request,
        "web/network/finder.html",
        {
            "lat": lat,
            "lon": lon,
            "how": how,
            "error": error,
            "kind": kind,
            "service": service,
            "kinds": StationKind.choices,
            "service_choices": ServiceCode.choices,
            "townships": _townships_with_stations(),
            "township": request.GET.get("township", ""),
            "rows": rows,
            "method": services.method_statement(),
            "estimate_note": ESTIMATE_NOTE,
        },
    )


def station_public(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_object_or_404(Station.objects.active().select_related("division"), pk=pk)
    return render(
        request,
        "web/network/station_public.html",
        {"station": station, "hours": _hours_rows(station), "services": _service_labels(station.services)},
    )


# ----------------------------------------------------------------------------------------- staff: stations


@station_staff_required
def station_list(request: HttpRequest) -> HttpResponse:
    stations = Station.objects.visible_to(request.user).select_related("division", "office")
    kind = request.GET.get("kind", "")
    if kind in StationKind.values:
        stations = stations.of_kind(kind)
    if request.GET.get("inactive") != "1":
        stations = stations.active()
    page = paginate(request, stations)
    return render(
        request,
        "web/network/station_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": StationKind.choices,
            "inactive": request.GET.get("inactive") == "1",
        },
    )


@station_staff_required
def station_create(request: HttpRequest) -> HttpResponse:
    form = StationForm(request.POST or None, user=request.user, initial={"staff_count": 0})
    if request.method == "POST" and form.is_valid():
        try:
            station = services.create_station(
                by=request.user,
                division=form.cleaned_data["division"],
                office=form.cleaned_data.get("office"),
                **form.station_data(),
            )
        except services.StationError as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(
                request,
                _("Station saved. Location check: %(check)s.")
                % {"check": services.describe_location_check(station.location_check)},
            )
            return redirect("web:network_station_edit", pk=station.pk)
    return render(request, "web/network/station_form.html", {"form": form, "station": None, "days": DAYS})


@station_staff_required
def station_edit(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_object_or_404(Station.objects.visible_to(request.user).select_related("division"), pk=pk)
    form = StationForm(request.POST or None, user=request.user, initial=StationForm.initial_for(station))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_station(
                station,
                by=request.user,
                division=form.cleaned_data["division"],
                office=form.cleaned_data.get("office"),
                **form.station_data(),
            )
        except services.StationError as exc:
            form.add_service_errors(exc.errors)
        else:
            messages.success(
                request,
                _("Station saved. Location check: %(check)s.")
                % {"check": services.describe_location_check(station.location_check)},
            )
            return redirect("web:network_station_edit", pk=station.pk)
    return render(
        request,
        "web/network/station_form.html",
        {
            "form": form,
            "station": station,
            "days": DAYS,
            "location_check": services.describe_location_check(station.location_check),
        },
    )


@station_staff_required
@require_POST
def station_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    station = get_object_or_404(Station.objects.visible_to(request.user), pk=pk)
    services.deactivate_station(station, by=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, _("Station %(name)s deactivated.") % {"name": station.name})
    return redirect("web:network_stations")


# ----------------------------------------------------------------------------------- staff: coverage, siting


def _scoped_division(request, code: str, levels=(1, 2, 3, 4)) -> Division:
    division = scoped_divisions(request.user).filter(code=code, level__in=levels).first()
    if division is None:
        raise Http404
    return division


def _default_division(user) -> Division | None:
    """The user's own division, or (for province and national users) the first prefecture in their scope."""
    division = getattr(user, "division", None)
    if division is not None and division.level >= 2:
        return division
    return scoped_divisions(user).filter(level=2).order_by("code").first()


def _outline(division: Division) -> dict | None:
    """The prefecture polygon (GeoJSON) containing the division, for the map's outline."""
    try:
        geoms = (
            shapes.prefecture_shapes(services.refdata())
            if division.level >= 2
            else shapes.province_shapes(services.refdata())
        )
    except shapes.SourceError:
        return None
    key = division.code[:4].ljust(6, "0") if division.level >= 2 else division.code[:2].ljust(6, "0")
    return geoms.get(key)


@analysis_staff_required
def coverage(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("division", "")
    division = _scoped_division(request, code) if code else _default_division(request.user)
    if division is None or division.level < 2:
        raise Http404
    if not code:
        division = _scoped_division(request, division.code)
    error = ""
    report = None
    mode = request.GET.get("mode", "") or TravelMode.WALKING
    if mode not in TravelMode.values:
        messages.error(
            request,
            _("Travel mode “%(mode)s” is unknown; walking is shown.") % {"mode": mode[:20]},
        )
        mode = TravelMode.WALKING
    raw = request.GET.get("minutes", "").strip()
    try:
        minutes = float(raw) if raw else 15.0
    except ValueError:
        minutes = math.nan
    if not (math.isfinite(minutes) and 1.0 <= minutes <= 120.0):
        # NaN and out-of-range values would compare false everywhere and show nothing covered.
        messages.error(
            request,
            _("Minutes: “%(value)s” is not a number from 1 to 120; 15 minutes are shown.")
            % {"value": raw[:20]},
        )
        minutes = 15.0
    try:
        report = services.division_coverage(division, mode=mode, minutes=minutes)
    except RoadNetworkError as exc:
        error = _(
            "The road network cannot be read: %(reason)s. No coverage is shown (no straight-line fallback)."
        ) % {"reason": exc}
    except ReferenceDataError as exc:
        error = _("Reference data missing: %(error)s") % {"error": exc}
    chart = None
    if report:
        towns = report["townships"]
        chart = {
            "outline": _outline(division),
            "layers": [
                {
                    "name": _("Townships mostly covered (estimate)"),
                    "color": "#2e8b57",
                    "symbolSize": 14,
                    "points": [
                        [t["lon"], t["lat"], t["name"], t["covered_share"]]
                        for t in towns
                        if t["covered_share"] >= 0.5
                    ],
                },
                {
                    "name": _("Gaps: townships mostly uncovered (estimate)"),
                    "color": "#c0392b",
                    "symbolSize": 14,
                    "points": [
                        [t["lon"], t["lat"], t["name"], t["covered_share"]]
                        for t in towns
                        if t["covered_share"] < 0.5
                    ],
                },
                {
                    "name": _("Stations"),
                    "color": "#1f5fa8",
                    "symbol": "diamond",
                    "symbolSize": 7,
                    "z": 3,
                    "points": [[s["lon"], s["lat"], s["name"], None] for s in report["stations"]],
                },
            ],
        }
    return render(
        request,
        "web/network/coverage.html",
        {
            "division": division,
            "mode": mode,
            "minutes": minutes,
            "modes": TravelMode.choices,
            "report": report,
            "error": error,
            "chart_data": chart,
        },
    )


@analysis_staff_required
def siting(request: HttpRequest) -> HttpResponse:
    default = _default_division(request.user)
    form = SitingForm(
        request.POST or None,
        user=request.user,
        initial={"division": default.code if default else ""},
    )
    run = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            run = services.run_siting(
                d["division"], model=d["model"], budget=d["budget"], mode=d["mode"], minutes=d["minutes"]
            )
        except RoadNetworkError as exc:
            form.add_error(None, _("The road network cannot be read: %(reason)s") % {"reason": exc})
        except ReferenceDataError as exc:
            form.add_error(None, _("Reference data missing: %(error)s") % {"error": exc})
        else:
            scenario = services.save_scenario(
                d["division"],
                by=request.user,
                name=d.get("name") or "",
                model=d["model"],
                budget=d["budget"],
                mode=d["mode"],
                minutes=d["minutes"],
                run=run,
            )
            messages.success(request, _("Scenario “%(name)s” saved.") % {"name": scenario.name})
            return redirect("web:network_scenario", pk=scenario.pk)
    scenarios = SitingScenario.objects.visible_to(request.user).select_related("division")[:50]
    return render(request, "web/network/siting.html", {"form": form, "scenarios": scenarios})


def _scenario_chart(scenario: SitingScenario) -> dict:
    division = scenario.division
    stations = services._stations_in(division)
    return {
        "outline": _outline(division),
        "layers": [
            {
                "name": _("Existing stations"),
                "color": "#1f5fa8",
                "symbol": "diamond",
                "symbolSize": 8,
                "points": [[s.longitude, s.latitude, s.name, None] for s in stations],
            },
            {
                "name": _("Proposed sites"),
                "color": "#d4a017",
                "symbol": "pin",
                "symbolSize": 22,
                "z": 3,
                "points": [
                    [x["lon"], x["lat"], x["name"], x.get("gain")] for x in scenario.results.get("sites", [])
                ],
            },
        ],
    }


@analysis_staff_required
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(
        SitingScenario.objects.visible_to(request.user).select_related("division"), pk=pk
    )
    proposed = len(scenario.results.get("sites") or [])
    return render(
        request,
        "web/network/scenario.html",
        {
            "scenario": scenario,
            "proposed": proposed,
            "over_budget": proposed > scenario.budget,
            "r": scenario.results,
            "inputs": scenario.inputs,
            "chart_data": _scenario_chart(scenario),
        },
    )


@analysis_staff_required
def scenario_compare(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.GET.getlist("id") if i.isascii() and i.isdigit() and len(i) <= 18][:6]
    scenarios = list(
        SitingScenario.objects.visible_to(request.user).filter(pk__in=ids).select_related("division")
    )
    rows = []
    for s in scenarios:
        r = s.results
        # Set covering proposes as many sites as it takes, which may be more than the budget: say so.
        proposed = len(r.get("sites") or [])
        rows.append({"scenario": s, "r": r, "proposed": proposed, "over_budget": proposed > s.budget})
    return render(request, "web/network/compare.html", {"rows": rows, "models": dict(SitingModel.choices)})
