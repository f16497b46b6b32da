"""Job-vacancy survey pages (issue 8, part 3).

- Staff (caseworkers, analysts, leaders, administrators): the rounds of their area, the recorded design, response
  rates by stratum and the employers that have not answered (only those of their area), reminders; analysts and
  administrators open, close and estimate rounds; the results with standard errors and suppressed cells, a chart
  and a CSV export.
- Employer users: their own questionnaires (another employer's is a 404); staff may fill one on the employer's
  behalf, which is recorded.

Every page starts from `visible_to(user)`; every write goes through `jiuye.monitoring.survey.services`.
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.jobs.occupation import search_occupations
from jiuye.monitoring.survey import permissions, services
from jiuye.monitoring.survey.enums import (
    Allocation,
    CalibrationMethod,
    Dimension,
    HardToFillReason,
    Measure,
    ResponseStatus,
    RoundStatus,
    SuppressionReason,
    VarianceMethod,
)
from jiuye.monitoring.survey.models import SurveyResponse, SurveyRound
from jiuye.registry.enums import SizeClass
from jiuye.taxonomy.models import Industry, Occupation

from ..display import is_htmx, paginate

REASON_LABELS = dict(HardToFillReason.choices)
NUMBER_LABELS = (
    ("vacancies", Measure.VACANCIES.label),
    ("hard_to_fill", Measure.HARD_TO_FILL.label),
    ("planned_hires", Measure.PLANNED_HIRES.label),
    ("planned_layoffs", Measure.PLANNED_LAYOFFS.label),
)
SIZE_ORDER = {size: k for k, size in enumerate(SizeClass.values)}
EXTRA_ROWS = 3
MIN_ROWS = 4
MAX_ROWS = 60
TOTAL_MEASURES = ("vacancies", "hard_to_fill", "planned_hires", "planned_layoffs", "employees")
RATE_MEASURES = ("vacancy_rate", "hard_to_fill_share", "reason_share")


def staff_required(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.can_view(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _field_error(request, exc: services.SurveyError) -> None:
    messages.error(request, _("%(field)s: %(message)s") % {"field": exc.field, "message": exc.message})


def _date(value: str, field: str) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise services.SurveyError(
            field, _("a date as YYYY-MM-DD, got “%(v)s”") % {"v": value[:20]}
        ) from None


# ------------------------------------------------------------------------------------------------ rounds


@staff_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    rounds = (
        SurveyRound.objects.visible_to(user)
        .select_related("division")
        .annotate(
            sampled=Count("responses", distinct=True),
            submitted=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
        )
    )
    return render(
        request,
        "web/survey/round_list.html",
        {
            "rounds": rounds,
            "can_create": user.is_superuser or user.role in permissions.MANAGE_ROLES,
            "allocations": Allocation.choices,
            "sizes": [(SizeClass.MEDIUM, SizeClass.MEDIUM.label), (SizeClass.LARGE, SizeClass.LARGE.label)],
            "default_division": user.division.code if user.division_id else "",
            "form": request.POST if request.method == "POST" else {},
        },
    )


@require_POST
@staff_required
def round_create(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        code = post.get("division", "").strip()
        division = Division.objects.filter(code=code).first()
        if division is None:
            raise services.SurveyError("division", _("unknown division code “%(c)s”") % {"c": code[:20]})
        if not permissions.can_manage(request.user, division):
            raise services.SurveyError(
                "division", _("outside your area, or your role cannot open survey rounds")
            )
        survey_round = services.create_round(
            actor=request.user,
            code=post.get("code", ""),
            division=division,
            sample_size=post.get("sample_size", ""),
            seed=post.get("seed", "") or 20260101,
            allocation=post.get("allocation", ""),
            min_per_stratum=post.get("min_per_stratum", "") or 2,
            take_all=post.getlist("take_all") or ["large"],
            reference_date=_date(post.get("reference_date", ""), "reference_date"),
            closes_on=_date(post.get("closes_on", ""), "closes_on"),
            request=request,
        )
    except services.SurveyError as exc:
        _field_error(request, exc)
        return redirect("web:survey_rounds")
    messages.success(
        request,
        _("Round %(code)s opened: %(n)s employers sampled from a frame of %(N)s.")
        % {
            "code": survey_round.code,
            "n": survey_round.design["sampled"],
            "N": survey_round.design["frame_size"],
        },
    )
    return redirect("web:survey_round", survey_round.pk)


def _round(request: HttpRequest, pk: int) -> SurveyRound:
    return get_object_or_404(SurveyRound.objects.visible_to(request.user).select_related("division"), pk=pk)


def _labels() -> dict[str, dict[str, str]]:
    return {
        "size_class": {k: str(v) for k, v in SizeClass.choices},
        "industry": {i.code: i.name for i in Industry.objects.all()} | {"?": _("Industry not recorded")},
        "occupation": {o.code: o.name for o in Occupation.objects.filter(level=1)},
        "all": {"all": _("All employers")},
        "reason": {k: str(v) for k, v in HardToFillReason.choices},
    }


def _division_labels(codes) -> dict[str, str]:
    return {d.code: d.name for d in Division.objects.filter(code__in=list(codes))}


@staff_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    survey_round = _round(request, pk)
    rows = services.tracking(survey_round, user)
    labels = _labels()
    counties = _division_labels({r["county"] for r in rows})
    for r in rows:
        r["size_label"] = labels["size_class"].get(r["size_class"], r["size_class"])
        r["industry_label"] = labels["industry"].get(r["industry"], r["industry"])
        r["county_label"] = counties.get(r["county"], r["county"])
    by_size = services.tracking_by_size(rows)
    for r in by_size:
        r["size_label"] = labels["size_class"].get(r["size_class"], r["size_class"])
    mine = survey_round.responses.visible_to(user)
    counts = services.response_counts(mine)
    status = request.GET.get("status", "outstanding")
    listing = mine.select_related("employer", "division").annotate(waves=Count("reminders"))
    listing = (
        listing.outstanding() if status == "outstanding" else listing.filter(status=ResponseStatus.SUBMITTED)
    )
    page = paginate(request, listing.order_by("division__code", "employer__name"))
    last_wave = max(survey_round.reminders.values_list("wave", flat=True), default=0)
    return render(
        request,
        "web/survey/round_detail.html",
        {
            "round": survey_round,
            "design": survey_round.design,
            "rows": rows,
            "by_size": by_size,
            "counts": counts,
            "page": page,
            "status": status,
            "next_wave": last_wave + 1,
            "can_follow_up": permissions.can_follow_up(user),
            "can_manage": permissions.can_manage(user, survey_round.division),
            "calibrations": CalibrationMethod.choices,
            "variances": VarianceMethod.choices,
        },
    )


@require_POST
@staff_required
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    try:
        wave = services._int(request.POST.get("wave", ""), "wave", 1, 20)
        counts = services.send_reminders(survey_round, wave=wave, actor=request.user)
    except services.SurveyError as exc:
        _field_error(request, exc)
    else:
        messages.success(
            request,
            _(
                "Reminder wave %(wave)s: %(sent)s employer(s) reminded, %(already)s already reminded in this wave, "
                "%(unreachable)s without a platform account (contact them by telephone)."
            )
            % {"wave": wave, **counts},
        )
    return redirect("web:survey_round", survey_round.pk)


@require_POST
@staff_required
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    try:
        services.close_round(survey_round, actor=request.user, request=request)
        services.estimate_round(survey_round, actor=request.user, request=request)
    except services.SurveyError as exc:
        _field_error(request, exc)
        return redirect("web:survey_round", survey_round.pk)
    messages.success(request, _("Round closed and estimated."))
    return redirect("web:survey_results", survey_round.pk)


@require_POST
@staff_required
def round_estimate(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    try:
        services.estimate_round(
            survey_round,
            actor=request.user,
            calibration=request.POST.get("calibration", "raking"),
            variance=request.POST.get("variance", "jackknife"),
            cv_max=request.POST.get("cv_max", "") or 0.3,
            min_respondents=request.POST.get("min_respondents", "") or 3,
            request=request,
        )
    except services.SurveyError as exc:
        _field_error(request, exc)
        return redirect("web:survey_round", survey_round.pk)
    messages.success(request, _("Estimates recomputed."))
    return redirect("web:survey_results", survey_round.pk)


# ----------------------------------------------------------------------------------------------- results


def _format(measure: str, value: float | None) -> str:
    if value is None:
        return "—"
    if measure in RATE_MEASURES:
        return f"{100 * value:.2f}%"
    # Small figures (often standard errors) keep a decimal so they do not read as zero.
    return f"{value:,.1f}" if 0 < abs(value) < 10 else f"{value:,.0f}"


def _tables(survey_round: SurveyRound, user) -> list[dict]:
    labels = _labels()
    estimates = list(services.estimates_for(survey_round, user))
    labels["division"] = _division_labels({e.group for e in estimates if e.dimension == "division"})
    measure_labels = dict(Measure.choices)
    reason_labels = dict(SuppressionReason.choices)
    tables = []
    for dim, dim_label in Dimension.choices:
        cells = [e for e in estimates if e.dimension == dim]
        if not cells:
            continue
        measures = [m for m in Measure.values if any(c.measure == m for c in cells)]
        groups: dict[str, dict] = {}
        for c in cells:
            row = groups.setdefault(
                c.group, {"group": c.group, "label": labels.get(dim, {}).get(c.group, c.group), "cells": {}}
            )
            row["cells"][c.measure] = {
                "shown": _format(c.measure, None if c.suppressed else c.value),
                "se": "" if c.suppressed or c.se is None else _format(c.measure, c.se),
                "cv": "" if c.suppressed or c.cv is None else f"{100 * c.cv:.1f}%",
                "n": c.respondents,
                "suppressed": c.suppressed,
                "reason": reason_labels.get(c.reason, ""),
            }
        rows = []
        order = (lambda g: (SIZE_ORDER.get(g, 9), g)) if dim == "size_class" else None
        for g in sorted(groups, key=order):
            row = groups[g]
            row["values"] = [row["cells"].get(m) for m in measures]
            rows.append(row)
        tables.append(
            {
                "dimension": dim,
                "label": dim_label,
                "measures": [(m, measure_labels[m]) for m in measures],
                "rows": rows,
            }
        )
    return tables


@staff_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    tables = _tables(survey_round, request.user) if survey_round.status == RoundStatus.ESTIMATED else []
    chart = None
    industry = [t for t in tables if t["dimension"] == "industry"]
    if industry:
        cells = {
            e.group: e for e in survey_round.estimates.filter(dimension="industry", measure=Measure.VACANCIES)
        }
        rows = industry[0]["rows"]
        chart = {
            "categories": [r["label"] for r in rows],
            "series": [
                {
                    "name": str(Measure.VACANCIES.label),
                    "data": [
                        None
                        if r["group"] not in cells or cells[r["group"]].suppressed
                        else round(cells[r["group"]].value or 0)
                        for r in rows
                    ],
                }
            ],
        }
    return render(
        request,
        "web/survey/results.html",
        {
            "round": survey_round,
            "tables": tables,
            "chart": chart,
            "estimation": survey_round.estimation,
            "can_manage": permissions.can_manage(request.user, survey_round.division),
            "calibrations": CalibrationMethod.choices,
            "variances": VarianceMethod.choices,
        },
    )


@staff_required
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = _round(request, pk)
    if survey_round.status != RoundStatus.ESTIMATED:
        messages.error(request, _("This round has no estimates yet."))
        return redirect("web:survey_round", survey_round.pk)
    labels = _labels()
    estimates = list(services.estimates_for(survey_round, request.user))
    labels["division"] = _division_labels({e.group for e in estimates if e.dimension == "division"})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="vacancy-survey-{survey_round.code}-{survey_round.division.code}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            "round",
            "area",
            "dimension",
            "group",
            "group_label",
            "measure",
            "estimate",
            "se",
            "cv",
            "respondents",
            "suppressed",
            "reason",
        ]
    )
    for e in estimates:
        shown = not e.suppressed
        writer.writerow(
            [
                survey_round.code,
                survey_round.division.code,
                e.dimension,
                e.group,
                labels.get(e.dimension, {}).get(e.group, e.group),
                e.measure,
                f"{e.value:.6g}" if shown and e.value is not None else "",
                f"{e.se:.6g}" if shown and e.se is not None else "",
                f"{e.cv:.4f}" if shown and e.cv is not None else "",
                e.respondents,
                int(e.suppressed),
                e.reason,
            ]
        )
    record_event(
        survey_round,
        actor=request.user,
        kind=EventKind.EXPORTED,
        request=request,
        data={"rows": len(estimates)},
    )
    return response


# ---------------------------------------------------------------------------------------- questionnaire


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_employer_user:
        raise PermissionDenied
    responses = SurveyResponse.objects.visible_to(user).select_related("round", "round__division")
    return render(request, "web/survey/my_surveys.html", {"responses": responses})


def _posted_lines(post, rows: int) -> list[dict]:
    lines = []
    for i in range(rows):
        p = f"lines-{i}-"
        lines.append(
            {
                "occupation": post.get(p + "occupation", "").strip()[:20],
                "vacancies": post.get(p + "vacancies", "").strip()[:12],
                "hard_to_fill": post.get(p + "hard_to_fill", "").strip()[:12],
                "reasons": post.getlist(p + "reasons")[:10],
                "planned_hires": post.get(p + "planned_hires", "").strip()[:12],
                "planned_layoffs": post.get(p + "planned_layoffs", "").strip()[:12],
            }
        )
    return lines


def _saved_lines(response: SurveyResponse) -> list[dict]:
    return [
        {
            "occupation": x.occupation.code,
            "vacancies": x.vacancies,
            "hard_to_fill": x.hard_to_fill,
            "reasons": x.reasons,
            "planned_hires": x.planned_hires,
            "planned_layoffs": x.planned_layoffs,
        }
        for x in response.lines.select_related("occupation")
    ]


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    if not (user.is_employer_user or permissions.can_view(user)):
        raise PermissionDenied
    response = get_object_or_404(
        SurveyResponse.objects.visible_to(user).select_related("round", "employer", "entry", "division"),
        pk=pk,
    )
    editable = response.round.is_open and permissions.can_answer(user, response)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        post = request.POST
        try:
            rows = min(MAX_ROWS, max(MIN_ROWS, int(post.get("rows", MIN_ROWS))))
        except ValueError:
            rows = MIN_ROWS
        lines = _posted_lines(post, rows)
        employees = post.get("employees", "").strip()[:12]
        if "add_rows" in post:
            rows = min(MAX_ROWS, rows + EXTRA_ROWS)
            lines += [{} for _ in range(EXTRA_ROWS)]
        else:
            try:
                services.save_answers(
                    response,
                    actor=user,
                    lines=lines,
                    submit="submit" in post,
                    employees=employees,
                    confirm_large=post.get("confirm_large") == "on",
                    comment=post.get("comment", ""),
                    request=request,
                )
            except services.AnswerError as exc:
                errors = exc.errors
                status = 400
            else:
                if "submit" in post:
                    messages.success(request, _("Thank you: your answers are submitted."))
                else:
                    messages.success(
                        request,
                        _("Draft saved. Submit it before %(due)s.") % {"due": response.round.closes_on},
                    )
                return redirect("web:survey_answer", response.pk)
        confirm_large = post.get("confirm_large") == "on"
        comment = post.get("comment", "")[:300]
    else:
        lines = _saved_lines(response)
        employees = response.employees if response.employees is not None else ""
        confirm_large = response.confirmed_large
        comment = response.comment
        rows = max(MIN_ROWS, len(lines) + (EXTRA_ROWS if editable else 0))
        lines += [{} for _ in range(rows - len(lines))]
    if not editable:
        lines = [x for x in lines if x.get("occupation")]
    names = {
        o.code: o.name
        for o in Occupation.objects.filter(
            code__in=[x.get("occupation") for x in lines if x.get("occupation")]
        )
    }
    forms = [
        {
            "index": i,
            "values": x,
            "name": names.get(x.get("occupation") or "", ""),
            "reason_labels": [str(REASON_LABELS.get(r, r)) for r in x.get("reasons") or []],
            "numbers": [
                (key, label, x.get(key), errors.get(f"lines-{i}-{key}", [])) for key, label in NUMBER_LABELS
            ],
            "errors": {
                f: errors.get(f"lines-{i}-{f}", [])
                for f in (
                    "occupation",
                    "vacancies",
                    "hard_to_fill",
                    "reasons",
                    "planned_hires",
                    "planned_layoffs",
                )
            },
        }
        for i, x in enumerate(lines)
    ]
    return render(
        request,
        "web/survey/answer.html",
        {
            "response": response,
            "round": response.round,
            "forms": forms,
            "rows": len(lines),
            "employees": employees,
            "confirm_large": confirm_large,
            "comment": comment,
            "errors": errors,
            "general_errors": errors.get("__all__", []),
            "editable": editable,
            "on_behalf": editable and not user.is_employer_user,
            "reasons": HardToFillReason.choices,
            "totals": response.totals(),
        },
        status=status,
    )


@login_required
def occupation_options(request: HttpRequest) -> HttpResponse:
    """Detailed occupations matching a code or name: a datalist for the code boxes and a list to read."""
    if not (request.user.is_employer_user or permissions.can_view(request.user)):
        raise PermissionDenied
    query = request.GET.get("q", "")[:50]
    results = list(search_occupations(query, limit=20))
    template = "web/survey/_occupation_options.html"
    if not is_htmx(request):
        template = "web/survey/occupation_search.html"
    return render(request, template, {"results": results, "q": query})
