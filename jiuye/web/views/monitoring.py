"""Indicator dashboards (issue 8, part 2): the overview of every indicator for one area and month, a page per
indicator with a map of the sub-areas, a ranking, the trend against the parent area, the numerator and
denominator table and the breakdown by group, drill-down province → prefecture → county → township, the map
shapes as GeoJSON, and CSV/XLSX exports of what the pages show.

For caseworkers, analysts, leaders and administrators (national roles included): everyone else gets 403. The area is the
user's scope or a division inside it (`?division=`, 404 outside), and values are read from
`IndicatorValue.objects.visible_to(user)`. The one read outside that queryset is the parent area's own series
on the trend chart (an aggregate the engine publishes, the comparison the issue asks for); suppressed cells of
it are hidden like any other.

A suppressed cell never reaches a page, a chart or an export with its value, numerator or denominator: it is
shown as "—" with the reason on hover, and exported with those columns empty and the flag set.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from jiuye.accounts.enums import Role
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.monitoring import geo
from jiuye.monitoring.enums import Frequency, Unit
from jiuye.monitoring.models import Indicator, IndicatorValue
from jiuye.taxonomy.models import Industry, KeyGroup, Occupation

from .analyst import _breadcrumbs, _scope_division

# Caseworkers read their own area's figures too (the API has always served them): the indicators are
# aggregates with small cells suppressed, and a district's staff plan their work on them.
MONITORING_ROLES = (Role.CASEWORKER, Role.ANALYST, Role.LEADER, Role.ADMIN)
SPARK_MONTHS = 12
EXPORT_FORMATS = ("csv", "xlsx")

SUPPRESSION_REASONS = {
    "small_cell": gettext_lazy("too few observations to publish"),
    "few_observations": gettext_lazy("too few observations to publish"),
    "few_employers": gettext_lazy("fewer than 3 employers"),
    "dominant_employer": gettext_lazy("one employer dominates the cell"),
    "high_rse": gettext_lazy("relative standard error above the threshold"),
    "unreliable": gettext_lazy("estimate not reliable enough to publish"),
    "disclosure": gettext_lazy("would disclose a small group"),
}

# Themes of the overview, in order; an indicator goes to the first theme whose words its code contains.
THEMES: list[tuple[str, Any, tuple[str, ...]]] = [
    ("unemployment", gettext_lazy("Unemployment"), ("unemploy", "layoff", "benefit")),
    (
        "key_groups",
        gettext_lazy("Key groups"),
        ("graduate", "key_group", "difficult", "laid_off", "reemploy"),
    ),
    ("employment", gettext_lazy("Employment"), ("employ", "new_urban_jobs", "jobs", "insurance", "coverage")),
    (
        "demand",
        gettext_lazy("Vacancies, pay and hiring"),
        ("vacanc", "opening", "applicant", "ratio", "posting", "pay", "wage", "fill", "hire"),
    ),
]
OTHER_THEME = ("other", gettext_lazy("Other indicators"))


# The engine's indicator set (jiuye.analytics.indicators), placed by hand; other codes go by their words.
THEME_OF_CODE = {
    "registered_unemployed": "unemployment",
    "registered_unemployment_rate": "unemployment",
    "new_urban_jobs": "employment",
    "reemployed_unemployed": "employment",
    "social_insurance_coverage": "employment",
    "difficulty_employed": "key_groups",
    "graduate_employment_rate_6m": "key_groups",
    "graduate_employment_rate_12m": "key_groups",
    "key_group_employment_rate": "key_groups",
    "vacancies": "demand",
    "openings_applicants_ratio": "demand",
    "median_posted_pay": "demand",
    "time_to_fill": "demand",
}


def theme_of(code: str) -> tuple[str, Any]:
    labels = {key: label for key, label, _words in THEMES}
    if code in THEME_OF_CODE:
        return THEME_OF_CODE[code], labels[THEME_OF_CODE[code]]
    for key, label, words in THEMES:
        if any(word in code for word in words):
            return key, label
    return OTHER_THEME


class BadParameter(Exception):
    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")


# --- access and parameters ----------------------------------------------------------------------------


def can_view(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_superuser or (user.is_staff_role and user.role in MONITORING_ROLES))
    )


def _require(user) -> None:
    if not can_view(user):
        raise PermissionDenied


def month_start(value: dt.date) -> dt.date:
    return value.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def _month_param(request: HttpRequest, available: list[dt.date]) -> dt.date | None:
    raw = request.GET.get("month", "").strip()
    if not raw:
        return available[-1] if available else None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", raw)
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise BadParameter(
            "month", _("Expected a month as YYYY-MM (e.g. 2024-06), got “%(value)s”.") % {"value": raw[:20]}
        )
    return dt.date(int(match.group(1)), int(match.group(2)), 1)


def _group_param(request: HttpRequest) -> str:
    raw = request.GET.get("group", "").strip()
    if len(raw) > 64:
        raise BadParameter("group", _("A group code has at most 64 characters."))
    return raw


def _bad_request(request: HttpRequest, error: BadParameter) -> HttpResponse:
    return render(
        request,
        "web/monitoring/bad_request.html",
        {"parameter": error.parameter, "message": error.message},
        status=400,
    )


# --- formatting -------------------------------------------------------------------------------------------


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == Unit.RATE:
        return f"{value * 100:.1f}%"
    if unit == Unit.RATIO:
        return f"{value:.2f}"
    if unit == Unit.DAYS:
        return f"{value:.1f}"
    return intcomma(round(value))


def format_count(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return intcomma(int(value))
    return intcomma(round(value, 1))


# The engine's reasons carry their threshold (jiuye.analytics.indicators.suppression_reason).
THRESHOLD_REASONS = {
    "count_below": gettext_lazy("fewer than %(n)s persons, which could point at individuals"),
    "denominator_below": gettext_lazy("fewer than %(n)s in the denominator, too few to be reliable"),
    "sample_below": gettext_lazy("fewer than %(n)s observations, too few to be reliable"),
}


def reason_text(code: str) -> str:
    label = SUPPRESSION_REASONS.get(code)
    if label:
        return str(label)
    match = re.fullmatch(r"([a-z_]+)_(\d+)", code or "")
    if match and match.group(1) in THRESHOLD_REASONS:
        return str(THRESHOLD_REASONS[match.group(1)]) % {"n": match.group(2)}
    return code or _("not published")


@dataclass
class Cell:
    """One value as shown: a suppressed cell keeps nothing but its reason."""

    present: bool
    suppressed: bool = False
    reason: str = ""
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    text: str = "—"
    numerator_text: str = "—"
    denominator_text: str = "—"

    @classmethod
    def of(cls, row: IndicatorValue | None, unit: str) -> Cell:
        if row is None:
            return cls(present=False)
        if row.suppressed:
            return cls(present=True, suppressed=True, reason=reason_text(row.suppression_reason))
        return cls(
            present=True,
            value=row.value,
            numerator=row.numerator,
            denominator=row.denominator,
            text=format_value(row.value, unit),
            numerator_text=format_count(row.numerator),
            denominator_text=format_count(row.denominator),
        )

    @property
    def shown(self) -> bool:
        return self.present and not self.suppressed and self.value is not None


@dataclass
class Change:
    text: str
    direction: str  # up / down / flat
    tone: str  # good / bad / neutral
    label: str


def change(current: Cell, previous: Cell, indicator: Indicator, label: str) -> Change | None:
    if not (current.shown and previous.shown):
        return None
    diff = current.value - previous.value
    direction = "flat" if abs(diff) < 1e-12 else ("up" if diff > 0 else "down")
    if direction == "flat" or indicator.higher_is_better is None:
        tone = "neutral"
    else:
        tone = "good" if (direction == "up") == bool(indicator.higher_is_better) else "bad"
    if indicator.unit == Unit.RATE:
        text = _("%(diff)s pp") % {"diff": f"{diff * 100:+.1f}"}
    else:
        absolute = format_value(abs(diff), indicator.unit)
        sign = "+" if diff > 0 else ("-" if diff < 0 else "±")
        text = f"{sign}{absolute}"
        if previous.value:
            text += f" ({diff / abs(previous.value) * 100:+.1f}%)"
    return Change(text=text, direction=direction, tone=tone, label=label)


def previous_step(indicator: Indicator) -> tuple[int, str]:
    if indicator.frequency == Frequency.QUARTERLY:
        return 3, _("on the previous quarter")
    if indicator.frequency == Frequency.ANNUAL:
        return 12, _("on the previous year")
    return 1, _("on the previous month")


def group_labels(groups: list[str]) -> dict[str, str]:
    """'occupation:2-02' → the occupation's name, 'key_group:graduate' → the key group's, else the code."""
    by_kind: dict[str, set[str]] = defaultdict(set)
    for group in groups:
        kind, _sep, code = group.partition(":")
        by_kind[kind].add(code)
    names: dict[str, str] = {}
    for kind, model in (("occupation", Occupation), ("key_group", KeyGroup), ("industry", Industry)):
        if by_kind.get(kind):
            for obj in model.objects.filter(code__in=by_kind[kind]):
                names[f"{kind}:{obj.code}"] = f"{obj.code} {obj.name}" if kind == "occupation" else obj.name
    return {group: names.get(group, group) for group in groups}


# --- shared pieces ----------------------------------------------------------------------------------------


def _values(request: HttpRequest):
    return IndicatorValue.objects.visible_to(request.user)


def _area_query(division: Division | None, month: dt.date | None, group: str = "") -> str:
    params = {}
    if division is not None:
        params["division"] = division.code
    if month is not None:
        params["month"] = f"{month:%Y-%m}"
    if group:
        params["group"] = group
    return "?" + urlencode(params, safe=":") if params else ""


def _scope(request: HttpRequest) -> tuple[Division | None, Division | None, bool]:
    """(page division, own scope, no_scope) — staff attached to no division and not national see nothing."""
    division, own = _scope_division(request)
    no_scope = own is None and not request.user.sees_everything
    return division, own, no_scope


# --- overview ---------------------------------------------------------------------------------------------


@never_cache
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    _require(request.user)
    try:
        data = _overview_data(request)
    except BadParameter as error:
        return _bad_request(request, error)
    return render(request, "web/monitoring/overview.html", data)


def _overview_data(request: HttpRequest) -> dict[str, Any]:
    division, own, no_scope = _scope(request)
    base = {"division": division, "own_scope": own, "no_scope": no_scope}
    if no_scope:
        return base
    indicators = list(Indicator.objects.active())
    base["breadcrumbs"] = _breadcrumbs(division, own)
    if division is None:
        # No national rows: choose a province (the engine writes values by division).
        provinces = list(Division.objects.children_of(None).order_by("code"))
        have = set(
            _values(request).ungrouped().filter(division__parent=None).values_list("division_id", flat=True)
        )
        base["areas"] = [p for p in provinces if p.pk in have] or provinces
        base["indicators"] = indicators
        return base
    values = _values(request).ungrouped().filter(division=division)
    months = sorted(set(values.values_list("month", flat=True)))
    month = _month_param(request, months)
    rows: dict[tuple[int, dt.date], IndicatorValue] = {}
    if month is not None:
        window = [add_months(month, -12), add_months(month, -SPARK_MONTHS + 1)]
        for row in values.filter(month__gte=min(window), month__lte=month):
            rows[(row.indicator_id, row.month)] = row
    themes: dict[str, dict[str, Any]] = {}
    spark: dict[str, list[float | None]] = {}
    for indicator in indicators:
        key, label = theme_of(indicator.code)
        theme = themes.setdefault(key, {"key": key, "label": label, "cards": []})
        current = Cell.of(rows.get((indicator.id, month)), indicator.unit) if month else Cell(present=False)
        step, step_label = previous_step(indicator)
        changes = []
        if month is not None:
            previous = Cell.of(rows.get((indicator.id, add_months(month, -step))), indicator.unit)
            changes.append(change(current, previous, indicator, step_label))
            if step != 12:
                year_before = Cell.of(rows.get((indicator.id, add_months(month, -12))), indicator.unit)
                changes.append(change(current, year_before, indicator, _("on a year before")))
        spark_months = [add_months(month, -i) for i in range(SPARK_MONTHS - 1, -1, -1)] if month else []
        spark[indicator.code] = [
            _chart_value(Cell.of(rows.get((indicator.id, m)), indicator.unit), indicator.unit)
            for m in spark_months
        ]
        theme["cards"].append(
            {
                "indicator": indicator,
                "cell": current,
                "changes": [c for c in changes if c is not None],
                "url": reverse("web:monitoring_indicator", args=[indicator.code])
                + _area_query(division if division != own else None, month),
            }
        )
    order = ["unemployment", "employment", "key_groups", "demand", OTHER_THEME[0]]
    base.update(
        indicators=indicators,
        month=month,
        months=list(reversed(months)),
        themes=[themes[k] for k in order if k in themes],
        spark={"months": [f"{m:%Y-%m}" for m in spark_months] if month else [], "values": spark},
        children=list(Division.objects.children_of(division).order_by("code")),
        export_query=_area_query(division if division != own else None, month),
        area_query=_area_query(division if division != own else None, None),
    )
    return base


def _chart_value(cell: Cell, unit: str) -> float | None:
    """The number a chart plots (rates in percent), None for missing or suppressed cells."""
    if not cell.shown:
        return None
    return round(cell.value * 100, 4) if unit == Unit.RATE else cell.value


# --- indicator page ---------------------------------------------------------------------------------------


@never_cache
@login_required
def indicator_page(request: HttpRequest, code: str) -> HttpResponse:
    _require(request.user)
    indicator = get_object_or_404(Indicator.objects.active(), code=code)
    try:
        data = _indicator_data(request, indicator)
    except BadParameter as error:
        return _bad_request(request, error)
    return render(request, "web/monitoring/indicator.html", data)


def _indicator_data(request: HttpRequest, indicator: Indicator) -> dict[str, Any]:
    division, own, no_scope = _scope(request)
    base: dict[str, Any] = {
        "indicator": indicator,
        "division": division,
        "own_scope": own,
        "no_scope": no_scope,
    }
    if no_scope:
        return base
    group = _group_param(request)
    values = _values(request).of(indicator)
    children = list(
        Division.objects.children_of(division).annotate(n_children=Count("children")).order_by("code")
    )
    here = (
        values.filter(Q(division__in=children) | Q(division=division))
        if division
        else values.filter(division__in=children)
    )
    months = sorted(set(here.values_list("month", flat=True)))
    month = _month_param(request, months)
    unit = indicator.unit

    # Children at the month: map, ranking, table.
    child_rows = (
        {row.division_id: row for row in values.filter(division__in=children, month=month, group=group)}
        if month
        else {}
    )
    keep = division if division != own else None
    rows = []
    for child in children:
        cell = Cell.of(child_rows.get(child.pk), unit)
        rows.append(
            {
                "division": child,
                "cell": cell,
                "url": reverse("web:monitoring_indicator", args=[indicator.code])
                + _area_query(child, month, group),
                "drill": child.n_children > 0,
            }
        )
    own_row = (
        values.filter(division=division, month=month, group=group).first() if division and month else None
    )
    own_cell = Cell.of(own_row, unit)

    # Trend of this area against its parent.
    trend_months: list[dt.date] = []
    own_series: dict[dt.date, Cell] = {}
    parent_series: dict[dt.date, Cell] = {}
    parent = division.parent if division is not None else None
    if division is not None:
        # The full series (the page is also the indicator's reference page).
        for row in values.filter(division=division, group=group):
            own_series[row.month] = Cell.of(row, unit)
        if parent is not None:
            # The parent's published aggregate, read outside the user's scope on purpose (see the module doc).
            for row in IndicatorValue.objects.of(indicator).filter(division=parent, group=group):
                parent_series[row.month] = Cell.of(row, unit)
        trend_months = sorted(set(own_series) | set(parent_series))
    trend = {
        "months": [f"{m:%Y-%m}" for m in trend_months],
        "series": [
            {
                "name": division.name if division else "",
                "data": [_chart_value(own_series.get(m, Cell(False)), unit) for m in trend_months],
            },
        ]
        + (
            [
                {
                    "name": parent.name,
                    "data": [_chart_value(parent_series.get(m, Cell(False)), unit) for m in trend_months],
                }
            ]
            if parent is not None and parent_series
            else []
        ),
    }
    trend_rows = [
        {"month": m, "own": own_series.get(m, Cell(False)), "parent": parent_series.get(m, Cell(False))}
        for m in reversed(trend_months)
    ]

    # Breakdown by group for this area at the month.
    groups_here = []
    if division is not None and month is not None:
        grouped = list(values.filter(division=division, month=month).exclude(group="").order_by("group"))
        labels = group_labels([row.group for row in grouped])
        groups_here = [
            {
                "group": row.group,
                "label": labels[row.group],
                "cell": Cell.of(row, unit),
                "url": reverse("web:monitoring_indicator", args=[indicator.code])
                + _area_query(keep, month, row.group),
            }
            for row in grouped
        ]
    group_label = group_labels([group])[group] if group else ""

    shapes = geo.child_shapes(division, children)
    map_note = _map_note(children, shapes)
    geo_code = division.code if division else "cn"
    chart = {
        "unit": unit,
        "percent": unit == Unit.RATE,
        "higherIsBetter": indicator.higher_is_better,
        "geoUrl": reverse("web:monitoring_geo", args=[geo_code]) if children else "",
        "areas": [
            {
                "code": r["division"].code,
                "name": r["division"].name,
                "value": _chart_value(r["cell"], unit),
                "text": r["cell"].text if r["cell"].shown else "—",
                "note": (_("suppressed: %(reason)s") % {"reason": r["cell"].reason})
                if r["cell"].suppressed
                else "",
                "url": r["url"],
            }
            for r in rows
        ],
        "trend": trend,
        "labels": {"noData": _("no data"), "suppressed": _("suppressed")},
    }
    base.update(
        breadcrumbs=_breadcrumbs(division, own),
        month=month,
        months=list(reversed(months)),
        group=group,
        group_label=group_label,
        rows=rows,
        ranked=sorted(
            (r for r in rows if r["cell"].shown),
            key=lambda r: r["cell"].value,
            reverse=indicator.higher_is_better is not False,
        ),
        unranked=[r for r in rows if not r["cell"].shown],
        own_cell=own_cell,
        parent=parent,
        trend_rows=trend_rows,
        groups_here=groups_here,
        chart=chart,
        map_kind=shapes.kind,
        map_note=map_note,
        map_error=shapes.error,
        export_query=_area_query(keep, month, group),
        keep_division=keep,
        overview_url=reverse("web:monitoring_overview") + _area_query(keep, month),
    )
    return base


def _map_note(children: list[Division], shapes: geo.ChildShapes) -> str:
    if not children:
        return ""
    levels = {c.level for c in children}
    if shapes.kind == "none":
        return _(
            "These areas have no shapes or centre points in the reference data: the ranking chart shows them."
        )
    notes = []
    if shapes.points:
        if DivisionLevel.TOWNSHIP in levels:
            notes.append(_("Townships have no shapes: those with a centre point are drawn as dots."))
        else:
            notes.append(
                _("Counties have centre points only, no shapes: they are drawn as dots on their coordinates.")
            )
    if shapes.missing:
        notes.append(
            _(
                "%(n)s of %(total)s areas have no shape or centre point and appear only in the ranking and the table."
            )
            % {"n": len(shapes.missing), "total": len(children)}
        )
    return " ".join(notes)


# --- definitions ------------------------------------------------------------------------------------------


@never_cache
@login_required
def definitions(request: HttpRequest) -> HttpResponse:
    """All indicator definitions on one page (each card on the overview links to its own)."""
    _require(request.user)
    indicators = list(Indicator.objects.active())
    return render(
        request,
        "web/monitoring/definitions.html",
        {"indicators": [(i, theme_of(i.code)[1]) for i in indicators]},
    )


# --- geo --------------------------------------------------------------------------------------------------


@login_required
def geo_json(request: HttpRequest, code: str) -> JsonResponse:
    """The children of a division (`cn` = the provinces) as GeoJSON for the map; 404 outside the scope."""
    _require(request.user)
    user = request.user
    if code == "cn":
        if not user.sees_everything:
            raise Http404("National map for national roles only")
        division = None
    else:
        own = None if user.sees_everything else user.division
        if own is None and not user.sees_everything:
            raise Http404("No scope")
        allowed = Division.objects.all() if own is None else Division.objects.within(own)
        division = get_object_or_404(allowed, code=code)
    response = JsonResponse(
        geo.child_shapes(division).as_geojson(), json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- exports ----------------------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "indicator_code",
    "indicator",
    "unit",
    "division_code",
    "division",
    "month",
    "group",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "suppression_reason",
]


def _export_rows(rows: list[IndicatorValue], names: dict[int, Division]) -> list[list[Any]]:
    out = []
    labels = group_labels(sorted({r.group for r in rows if r.group}))
    for row in rows:
        division = names[row.division_id]
        hidden = row.suppressed
        out.append(
            [
                row.indicator.code,
                row.indicator.name,
                row.indicator.unit,
                division.code,
                division.name,
                f"{row.month:%Y-%m}",
                labels.get(row.group, row.group) if row.group else "",
                None if hidden else row.value,
                None if hidden else row.numerator,
                None if hidden else row.denominator,
                1 if hidden else 0,
                row.suppression_reason if hidden else "",
            ]
        )
    return out


@never_cache
@login_required
def indicator_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """The indicator page as a table: this area and its sub-areas, every month up to the selected one (the
    selected group), then the breakdown by group for this area at the month."""
    _require(request.user)
    if fmt not in EXPORT_FORMATS:
        raise Http404("Unknown export format")
    indicator = get_object_or_404(Indicator.objects.active(), code=code)
    try:
        data = _indicator_data(request, indicator)
    except BadParameter as error:
        return _bad_request(request, error)
    rows: list[IndicatorValue] = []
    if not data["no_scope"]:
        division, group, month = data["division"], data["group"], data["month"]
        children = [r["division"] for r in data["rows"]]
        values = _values(request).of(indicator).select_related("indicator")
        areas = ([division] if division else []) + children
        if month is not None:
            rows = list(
                values.filter(division__in=areas, group=group, month__lte=month).order_by(
                    "month", "division__code"
                )
            )
            if division is not None:
                rows += list(
                    values.filter(division=division, month=month).exclude(group="").order_by("group")
                )
    filename = f"indicator-{indicator.code}"
    if data.get("division") is not None:
        filename += f"-{data['division'].code}"
    if data.get("month"):
        filename += f"-{data['month']:%Y-%m}"
    return _export(
        request, rows, fmt, filename, {"indicator": indicator.code, "group": data.get("group", "")}, data
    )


@never_cache
@login_required
def overview_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The overview as a table: every indicator for this area over the sparkline months (ungrouped)."""
    _require(request.user)
    if fmt not in EXPORT_FORMATS:
        raise Http404("Unknown export format")
    try:
        data = _overview_data(request)
    except BadParameter as error:
        return _bad_request(request, error)
    rows: list[IndicatorValue] = []
    division, month = data.get("division"), data.get("month")
    if not data["no_scope"] and division is not None and month is not None:
        rows = list(
            _values(request)
            .ungrouped()
            .filter(division=division, indicator__is_active=True)
            .filter(month__gte=add_months(month, -12), month__lte=month)
            .select_related("indicator")
            .order_by("indicator__sort_order", "indicator__code", "month")
        )
    filename = "indicators"
    if division is not None:
        filename += f"-{division.code}"
    if month:
        filename += f"-{month:%Y-%m}"
    return _export(request, rows, fmt, filename, {"indicator": "*"}, data)


def _safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _export(
    request: HttpRequest, rows: list[IndicatorValue], fmt: str, filename: str, what: dict, data: dict
) -> HttpResponse:
    names = {d.pk: d for d in Division.objects.filter(pk__in={r.division_id for r in rows})}
    table = _export_rows(rows, names)
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response.write("\ufeff")  # Excel reads UTF-8 with the mark
        writer = csv.writer(response)
        writer.writerow(EXPORT_COLUMNS)
        for line in table:
            writer.writerow(["" if v is None else _safe(v) for v in line])
    else:
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "indicators"
        sheet.append(EXPORT_COLUMNS)
        for line in table:
            sheet.append([_safe(v) for v in line])
        sheet.freeze_panes = "A2"
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    division = data.get("division")
    month = data.get("month")
    record_event(
        None,
        actor=request.user,
        kind=EventKind.EXPORTED,
        request=request,
        division_path=division.path if division is not None else "",
        data={
            "export": "indicators",
            "format": fmt,
            "month": f"{month:%Y-%m}" if month else "",
            "rows": len(table),
            "suppressed_rows": sum(1 for line in table if line[10]),
            **what,
        },
    )
    return response
