"""Releases: majors red-yellow warning and the wage-price release (issue 8, parts 5-6).

* Majors (analysts, leaders, administrators; scoped by division): flagged majors by rule, a page per major with its
  trend and why it is flagged. Every query starts from `visible_to(user)`.
* Wage prices: the public annual publication page (published releases only, no sign-in), the table by occupation with
  filters, a range chart and CSV / XLSX downloads; staff in scope review drafts and publish or withdraw them through
  `jiuye.monitoring.releases.services` (audited).
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.monitoring.releases import services
from jiuye.monitoring.releases.enums import FindingStatus, WageSource, WarningLevel
from jiuye.monitoring.releases.models import MajorOutcome, MajorWarning, WageRelease
from jiuye.monitoring.releases.permissions import can_publish, can_view_releases

from ..display import paginate

TABLES = (
    ("occupation", gettext_lazy("By occupation (细类), whole region")),
    ("occupation_county", gettext_lazy("By occupation and county")),
    ("middle_group", gettext_lazy("By occupation middle group (中类)")),
    ("major_group", gettext_lazy("By occupation major group (大类)")),
    ("all", gettext_lazy("All occupations")),
    ("county", gettext_lazy("All occupations by county")),
    ("occupation_experience", gettext_lazy("By occupation and experience")),
    ("occupation_education", gettext_lazy("By occupation and education")),
)
TABLE_NAMES = dict(TABLES)
YEAR = re.compile(r"[0-9]{4}")
MEASURE_LABELS = {
    "employment_rate_at_graduation": gettext_lazy("Destination secured at graduation"),
    "employment_rate_6m": gettext_lazy("Working or studying at 6 months"),
    "employment_rate_12m": gettext_lazy("Working or studying at 12 months"),
    "median_pay": gettext_lazy("Median monthly pay"),
    "match_share": gettext_lazy("Share in jobs matching the major"),
    "unemployed": gettext_lazy("Graduates not working or studying"),
}


def analyst_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not can_view_releases(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _rule_title(w: MajorWarning) -> str:
    return w.rule_title_en if (get_language() or "").startswith("en") else w.rule_title_zh


def _pct(x):
    return None if x is None else round(100 * x, 1)


def _fmt(measure: str, v) -> str:
    """A measure's value as people read it: rates in percent, pay in whole yuan, counts as counts."""
    if v is None:
        return "—"
    if measure == "median_pay":
        return f"{v:,.0f}"
    if measure == "unemployed":
        return f"{v:,.0f}"
    return f"{100 * v:.1f}%"


def explain(w: MajorWarning) -> str:
    """Why a finding is what it is, in words, with its numbers."""
    e = w.evidence or {}
    if w.status == FindingStatus.SMALL_CELL:
        return _("Not rated: %(n)s graduates, fewer than the minimum of %(min)s.") % {
            "n": e.get("cell_size", e.get("graduates")),
            "min": e.get("min_graduates"),
        }
    if w.status == FindingStatus.NOT_COMPUTABLE:
        return _("Not computable: the rule needs cohorts %(cohorts)s; missing or too small: %(missing)s.") % {
            "cohorts": ", ".join(str(c) for c in e.get("cohorts", [])),
            "missing": ", ".join(str(c) for c in e.get("missing_cohorts", [])),
        }
    if w.status == FindingStatus.NO_VALUE:
        return _("No value for the measure this rule uses.")
    measure = str(MEASURE_LABELS.get(e.get("measure", ""), e.get("measure", "")))
    if "score" in e:
        parts = "; ".join(
            f"{MEASURE_LABELS.get(m, m)} {_fmt(m, p['value'])} "
            f"({_('percentile rank')} {p['percentile_rank']})"
            for m, p in e.get("parts", {}).items()
        )
        if not e.get("eligible", True):
            return _(
                "Composite score %(s)s; not ranked: few graduates without work (percentile rank %(u)s < %(m)s)."
            ) % {
                "s": e.get("score"),
                "u": e.get("unemployed_percentile_rank"),
                "m": e.get("min_unemployed_rank"),
            }
        return _(
            "Composite score %(s)s (weights %(w)s), rank %(r)s of %(n)s; red up to rank %(rc)s, yellow up to %(yc)s. %(parts)s"
        ) % {
            "s": e.get("score"),
            "w": ", ".join(f"{MEASURE_LABELS.get(m, m)} {v}" for m, v in e.get("weights", {}).items()),
            "r": e.get("rank"),
            "n": e.get("of"),
            "rc": e.get("red_cut_rank"),
            "yc": e.get("yellow_cut_rank"),
            "parts": parts,
        }
    if "rank" in e:
        return _(
            "%(m)s %(v)s: rank %(r)s of %(n)s (percentile rank %(p)s); the bottom %(share)s%% is rank %(cut)s or lower."
        ) % {
            "m": measure,
            "v": _fmt(e.get("measure", ""), e.get("value")),
            "r": e.get("rank"),
            "n": e.get("of"),
            "p": e.get("percentile_rank"),
            "share": round(100 * (e.get("share") or 0)),
            "cut": e.get("cut_rank"),
        }
    values = ", ".join(f"{y}: {_pct(v)}%" for y, v in (e.get("values") or {}).items() if v is not None)
    return _("%(m)s by cohort %(values)s; threshold %(t)s%% in each of %(y)s cohort(s).") % {
        "m": measure,
        "values": values,
        "t": _pct(e.get("threshold")),
        "y": e.get("years_required"),
    }


@analyst_required
def majors_list(request: HttpRequest) -> HttpResponse:
    base = MajorWarning.objects.visible_to(request.user).select_related("outcome", "division")
    cohorts = sorted(set(base.values_list("outcome__cohort", flat=True)), reverse=True)
    cohort = request.GET.get("cohort") or (str(cohorts[0]) if cohorts else "")
    # ASCII digits only: "²" passes str.isdigit() but not int(), and 5,000 digits are too many for int().
    if cohort and not YEAR.fullmatch(cohort):
        messages.error(request, _("cohort: a year, got “%(v)s”") % {"v": cohort[:10]})
        cohort = str(cohorts[0]) if cohorts else ""
    qs = base.filter(outcome__cohort=int(cohort)) if cohort else base.none()
    level = request.GET.get("level", "")
    if level not in ("", WarningLevel.RED, WarningLevel.YELLOW):
        level = ""
    institution = request.GET.get("scope", "all")
    if institution == "all":
        qs = qs.filter(outcome__institution="")
    elif institution == "institutions":
        qs = qs.exclude(outcome__institution="")
    # The counts of every rule in one query and the flagged findings of every rule in another (this was six
    # queries a rule).
    counts = (
        qs.values("rule_code", "rule_title_en", "rule_title_zh")
        .annotate(
            red=Count("pk", filter=Q(level=WarningLevel.RED)),
            yellow=Count("pk", filter=Q(level=WarningLevel.YELLOW)),
            small=Count("pk", filter=Q(status=FindingStatus.SMALL_CELL)),
            not_computable=Count("pk", filter=Q(status=FindingStatus.NOT_COMPUTABLE)),
            rated=Count("pk", filter=Q(status__in=[FindingStatus.FLAGGED, FindingStatus.NOT_FLAGGED])),
        )
        .order_by("rule_code")
    )
    flagged = qs.flagged()
    if level:
        flagged = flagged.filter(level=level)
    items_by_rule: dict[str, list[MajorWarning]] = defaultdict(list)
    for w in flagged.order_by("level", "outcome__major_name", "division__code"):
        w.why = explain(w)
        items_by_rule[w.rule_code].append(w)
    english = (get_language() or "").startswith("en")
    rules = [
        {
            "code": row["rule_code"],
            "title": row["rule_title_en"] if english else row["rule_title_zh"],
            "items": items_by_rule.get(row["rule_code"], []),
            **{key: row[key] for key in ("red", "yellow", "small", "not_computable", "rated")},
        }
        for row in counts
    ]
    outcomes = MajorOutcome.objects.visible_to(request.user)
    if cohort:
        outcomes = outcomes.filter(cohort=int(cohort))
    return render(
        request,
        "web/releases/majors_list.html",
        {
            "current": "releases_majors",
            "rules": rules,
            "cohorts": cohorts,
            "cohort": cohort,
            "level": level,
            "scope": institution,
            "outcome_count": outcomes.count(),
        },
    )


@analyst_required
def major_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outcome = get_object_or_404(
        MajorOutcome.objects.visible_to(request.user).select_related("division"), pk=pk
    )
    trend = list(
        MajorOutcome.objects.visible_to(request.user)
        .filter(division=outcome.division, major_key=outcome.major_key, institution=outcome.institution)
        .order_by("cohort")
    )
    warnings = list(outcome.warnings.all().order_by("rule_code"))
    for w in warnings:
        w.why = explain(w)
        w.title = _rule_title(w)
    # Small-cell suppression on the trend too: a cohort with fewer graduates than the rules' minimum shows its size
    # only (its rates and pay would point at a handful of persons), and a median of fewer pay records is not shown.
    minimum = (
        next((w.evidence["min_graduates"] for w in warnings if (w.evidence or {}).get("min_graduates")), None)
        or services.load_major_rules()[0].min_graduates
    )
    for o in trend:
        o.small = o.graduates < minimum
        if o.small:
            o.employed_at_graduation = o.employed_6m = o.employed_12m = o.matching = o.matching_base = None
        if o.small or o.pay_n < minimum:
            o.median_pay = None
    chart = {
        "cohorts": [str(o.cohort) for o in trend],
        "series": [
            {
                "name": str(MEASURE_LABELS["employment_rate_at_graduation"]),
                "data": [_pct(o.rate_at_graduation) for o in trend],
            },
            {"name": str(MEASURE_LABELS["employment_rate_6m"]), "data": [_pct(o.rate_6m) for o in trend]},
            {"name": str(MEASURE_LABELS["employment_rate_12m"]), "data": [_pct(o.rate_12m) for o in trend]},
            {"name": str(MEASURE_LABELS["match_share"]), "data": [_pct(o.match_share) for o in trend]},
        ],
        "pay_name": str(MEASURE_LABELS["median_pay"]),
        "pay": [None if o.median_pay is None else round(o.median_pay) for o in trend],
    }
    other_levels = (
        MajorOutcome.objects.visible_to(request.user)
        .filter(major_key=outcome.major_key, cohort=outcome.cohort)
        .exclude(pk=outcome.pk)
        .select_related("division")
        .order_by("division__code", "institution")
    )
    return render(
        request,
        "web/releases/major_detail.html",
        {
            "current": "releases_majors",
            "outcome": outcome,
            "trend": trend,
            "warnings": warnings,
            "chart": chart,
            "other_levels": other_levels,
            "min_graduates": minimum,
        },
    )


# --- wage prices ----------------------------------------------------------------------------------------------


def _release_or_404(request, pk) -> WageRelease:
    return get_object_or_404(WageRelease.objects.readable_by(request.user).select_related("division"), pk=pk)


def wage_release_list(request: HttpRequest) -> HttpResponse:
    releases = (
        WageRelease.objects.readable_by(request.user)
        .select_related("division")
        .order_by("-year", "division__code")
    )
    return render(request, "web/releases/wage_list.html", {"current": "releases_wages", "releases": releases})


def _filtered_cells(request, release: WageRelease):
    cells = release.cells.select_related("division")
    table = request.GET.get("table") or "occupation"
    if table not in TABLE_NAMES:
        table = "occupation"
    cells = cells.filter(table=table)
    source = request.GET.get("source") or ""
    if source in WageSource.values:
        cells = cells.filter(source=source)
    else:
        source = ""
    q = (request.GET.get("q") or "").strip()[:40]
    if q:
        cells = cells.filter(Q(occupation_code__startswith=q) | Q(occupation_name__icontains=q))
    division = (request.GET.get("division") or "").strip()[:12]
    if division:
        cells = cells.filter(division__code=division)
    shown = request.GET.get("shown") == "1"
    if shown:
        cells = cells.filter(suppressed=False)
    return cells, {"table": table, "source": source, "q": q, "division": division, "shown": shown}


def wage_release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release_or_404(request, pk)
    cells, filters = _filtered_cells(request, release)
    cells = cells.order_by("suppressed", "-n", "occupation_code", "division__code")
    page = paginate(request, cells, per_page=50)
    chart_cells = [c for c in page.object_list if not c.suppressed][:20]
    chart = {
        "labels": [
            f"{c.occupation_code or _('All')} {c.occupation_name[:10]} {c.division.name}".strip()
            for c in chart_cells
        ],
        "boxes": [
            [round(c.p10), round(c.p25), round(c.p50), round(c.p75), round(c.p90)] for c in chart_cells
        ],
    }
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/releases/wage_detail.html",
        {
            "current": "releases_wages",
            "release": release,
            "page": page,
            "filters": filters,
            "tables": TABLES,
            "sources": WageSource.choices,
            "chart": chart,
            "query": query.urlencode(),
            "divisions": release.cells.values_list("division__code", "division__name_zh")
            .distinct()
            .order_by("division__code"),
            "may_publish": can_publish(request.user, release)
            and WageRelease.objects.visible_to(request.user).filter(pk=release.pk).exists(),
        },
    )


HEADERS = (
    "table",
    "source",
    "occupation_code",
    "occupation",
    "division_code",
    "division",
    "experience",
    "education",
    "n",
    "employers",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "rse_p10",
    "rse_p25",
    "rse_p50",
    "rse_p75",
    "rse_p90",
    "bootstrap",
    "suppressed",
    "reasons",
)


def _rows(release: WageRelease, cells):
    yield HEADERS
    for c in cells.order_by(
        "table", "source", "occupation_code", "division__code", "experience", "education"
    ):
        hidden = c.suppressed

        def fig(v, hidden=hidden):
            return "" if hidden or v is None else round(v)

        def rse(v, hidden=hidden):
            return "" if hidden or v is None else round(v, 4)

        yield (
            c.table,
            c.source,
            c.occupation_code,
            c.occupation_name,
            c.division.code,
            c.division.name_zh,
            c.experience,
            c.education,
            c.n,
            c.n_employers,
            fig(c.p10),
            fig(c.p25),
            fig(c.p50),
            fig(c.p75),
            fig(c.p90),
            rse(c.rse_p10),
            rse(c.rse_p25),
            rse(c.rse_p50),
            rse(c.rse_p75),
            rse(c.rse_p90),
            c.bootstrap,
            int(c.suppressed),
            ";".join(c.reasons),
        )


def wage_release_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    release = _release_or_404(request, pk)
    if fmt not in ("csv", "xlsx"):  # before the audit event: no download, no "exported" record
        raise Http404
    cells, filters = (
        _filtered_cells(request, release)
        if request.GET.get("table")
        else (release.cells.select_related("division"), {})
    )
    name = f"wage-release-{release.division.code}-{release.year}{'' if release.is_published else '-draft'}"
    if request.user.is_authenticated:
        record_event(
            release,
            actor=request.user,
            kind=EventKind.EXPORTED,
            request=request,
            data={"format": fmt, **{k: v for k, v in filters.items() if v}},
        )
    if fmt == "csv":
        buf = io.StringIO()
        buf.write("\ufeff")  # so spreadsheet programs read the Chinese names as UTF-8
        writer = csv.writer(buf)
        for row in _rows(release, cells):
            writer.writerow(row)
        resp = HttpResponse(buf.getvalue(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("cells")
        for row in _rows(release, cells):
            ws.append(list(row))
        notes = wb.create_sheet("method")
        notes.append(["year", release.year])
        notes.append(["region", release.division.code])
        notes.append(["status", release.status])
        notes.append(["method", release.method_notes])
        out = io.BytesIO()
        wb.save(out)
        resp = HttpResponse(
            out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        raise Http404
    resp["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return resp


def _staff_release(request, pk) -> WageRelease:
    if not can_publish(request.user):
        raise PermissionDenied
    return get_object_or_404(WageRelease.objects.visible_to(request.user), pk=pk)


@login_required
@require_POST
def wage_release_publish(request: HttpRequest, pk: int) -> HttpResponse:
    release = _staff_release(request, pk)
    try:
        services.publish_wage_release(release, by=request.user, request=request)
        messages.success(request, _("The %(y)s release is published.") % {"y": release.year})
    except services.ReleaseError as exc:
        messages.error(request, exc.message)
    return redirect("web:wage_release_detail", pk=release.pk)


@login_required
@require_POST
def wage_release_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    release = _staff_release(request, pk)
    try:
        services.withdraw_wage_release(release, by=request.user, request=request)
        messages.success(request, _("The %(y)s release is back in draft.") % {"y": release.year})
    except services.ReleaseError as exc:
        messages.error(request, exc.message)
    return redirect("web:wage_release_detail", pk=release.pk)
