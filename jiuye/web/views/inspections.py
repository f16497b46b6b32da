"""Labour inspection pages (issue 7, parts 3–6): employer risk, layoff alerts, campaigns with stratified samples,
inspection records, wage-arrears cases, workers' complaints and the complaint queue, the disability quota table.

Staff pages are for inspectors and administrators; every list starts from `visible_to(user)`, so an inspector
sees only the employers of their district. Citizens file complaints (optionally anonymous) and follow their own.
Every write goes through `jiuye.supervision.inspections.services` (or `layoffs.record_layoff_check`).
"""

from __future__ import annotations

import csv
import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.accounts.enums import Role
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.registry.models import Employer, EmploymentSpell
from jiuye.supervision.inspections import layoffs, quota, services
from jiuye.supervision.inspections.models import (
    Allocation,
    ArrearsStatus,
    Campaign,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    EmployerRisk,
    Inspection,
    InspectionOrigin,
    InspectionStatus,
    LayoffAlert,
    RiskBand,
    WageArrearsCase,
)
from jiuye.supervision.inspections.risk import describe

from ..display import paginate

SORTS = {
    "score": ("-score", "employer__name"),
    "name": ("employer__name",),
    "area": ("employer__division__code", "-score"),
}


def inspector_required(view):
    """Inspectors and administrators (staff second factor enforced by the site middleware)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not (user.is_superuser or user.role in (Role.INSPECTOR, Role.ADMIN)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _date(value: str, field: str, required: bool = False) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise services.InspectionError(field, _("a date is required (YYYY-MM-DD)"))
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise services.InspectionError(
            field, _("a date as YYYY-MM-DD, got “%(v)s”") % {"v": value[:20]}
        ) from None


def _int(value: str, field: str, default: int | None = None) -> int:
    value = (value or "").strip()
    if not value and default is not None:
        return default
    try:
        return int(value)
    except ValueError:
        raise services.InspectionError(field, _("a whole number, got “%(v)s”") % {"v": value[:20]}) from None


def _error(request, exc: services.InspectionError) -> None:
    messages.error(request, _("%(field)s: %(message)s") % {"field": exc.field, "message": exc.message})


# --------------------------------------------------------------------------------------------------- risk


@inspector_required
def risk_list(request: HttpRequest) -> HttpResponse:
    risks = (
        EmployerRisk.objects.visible_to(request.user)
        .latest()
        .select_related("employer", "employer__division")
    )
    band = request.GET.get("band", "")
    if band in RiskBand.values:
        risks = risks.filter(band=band)
    sort = request.GET.get("sort", "score")
    risks = risks.order_by(*SORTS.get(sort, SORTS["score"]))
    page = paginate(request, risks)
    rows = [{"risk": r, "reasons": [describe(x) for x in r.reasons]} for r in page.object_list]
    return render(
        request,
        "web/inspections/risk_list.html",
        {
            "page": page,
            "rows": rows,
            "band": band,
            "sort": sort,
            "bands": RiskBand.choices,
        },
    )


@inspector_required
def employer_risk(request: HttpRequest, pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer.objects.visible_to(request.user).select_related("division"), pk=pk)
    risks = list(
        EmployerRisk.objects.visible_to(request.user).filter(employer=employer).order_by("-as_of")[:12]
    )
    current = risks[0] if risks else None
    record_event(
        employer,
        actor=request.user,
        kind=EventKind.RECORD_VIEWED,
        request=request,
        data={"page": "employer_risk"},
    )
    return render(
        request,
        "web/inspections/employer_risk.html",
        {
            "employer": employer,
            "current": current,
            "reasons": [{"text": describe(r), **r} for r in (current.reasons if current else [])],
            "public_codes": {r["code"] for r in (current.public_reasons if current else [])},
            "history": risks,
            "alerts": LayoffAlert.objects.visible_to(request.user).filter(employer=employer),
            "inspections": Inspection.objects.visible_to(request.user).filter(employer=employer),
            "cases": WageArrearsCase.objects.visible_to(request.user).filter(employer=employer),
            "complaint_count": Complaint.objects.visible_to(request.user).filter(employer=employer).count(),
            "origins": InspectionOrigin.choices,
        },
    )


# ------------------------------------------------------------------------------------------------ layoffs


@inspector_required
def layoff_list(request: HttpRequest) -> HttpResponse:
    alerts = LayoffAlert.objects.visible_to(request.user).select_related("employer", "employer__division")
    if request.GET.get("show") == "unchecked":
        alerts = alerts.unchecked()
    return render(
        request,
        "web/inspections/layoff_list.html",
        {
            "page": paginate(request, alerts),
            "show": request.GET.get("show", ""),
        },
    )


@inspector_required
@require_POST
def layoff_check(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_object_or_404(
        LayoffAlert.objects.visible_to(request.user).select_related("employer__division"), pk=pk
    )
    answer = request.POST.get("reported", "")
    try:
        if answer not in ("yes", "no"):
            raise services.InspectionError("reported", _("yes or no"))
        reported_on = _date(request.POST.get("reported_on", ""), "reported_on", required=answer == "yes")
        layoffs.record_layoff_check(
            alert,
            reported=answer == "yes",
            reported_on=reported_on,
            note=request.POST.get("note", "")[:2000],
            actor=request.user,
            request=request,
        )
    except services.InspectionError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Procedure check recorded."))
    return redirect("web:inspections_layoffs")


# ---------------------------------------------------------------------------------------------- campaigns


@inspector_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        try:
            code = request.POST.get("division", "").strip()
            division = Division.objects.filter(code=code).first()
            if division is None:
                raise services.InspectionError(
                    "division", _("unknown division code “%(c)s”") % {"c": code[:20]}
                )
            campaign = services.create_campaign(
                actor=user,
                name=request.POST.get("name", ""),
                division=division,
                period_start=_date(request.POST.get("period_start", ""), "period_start", required=True),
                period_end=_date(request.POST.get("period_end", ""), "period_end", required=True),
                sample_size=_int(request.POST.get("sample_size", ""), "sample_size"),
                allocation=request.POST.get("allocation", ""),
                seed=_int(request.POST.get("seed", ""), "seed", default=20260101),
                by_division=request.POST.get("by_division") == "on",
                request=request,
            )
        except services.InspectionError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Campaign created; draw the sample when ready."))
            return redirect("web:inspections_campaign", campaign.pk)
    today = timezone.localdate()
    return render(
        request,
        "web/inspections/campaign_list.html",
        {
            "campaigns": Campaign.objects.visible_to(user).select_related("division"),
            "allocations": Allocation.choices,
            "default_division": user.division.code if user.division else "",
            "today": today,
            "form": request.POST if request.method == "POST" else {},
        },
    )


@inspector_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user).select_related("division"), pk=pk)
    inspections = (
        Inspection.objects.visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("employer", "inspector")
    )
    return render(
        request,
        "web/inspections/campaign_detail.html",
        {
            "campaign": campaign,
            "design": campaign.design,
            "inspections": inspections,
        },
    )


@inspector_required
@require_POST
def campaign_draw(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    chosen = services.draw_sample(campaign, actor=request.user, request=request)
    messages.success(request, _("%(n)s employer(s) drawn.") % {"n": len(chosen)})
    return redirect("web:inspections_campaign", campaign.pk)


# -------------------------------------------------------------------------------------------- inspections


@inspector_required
def inspection_list(request: HttpRequest) -> HttpResponse:
    items = Inspection.objects.visible_to(request.user).select_related("employer", "campaign", "inspector")
    status = request.GET.get("status", "")
    if status in InspectionStatus.values:
        items = items.filter(status=status)
    return render(
        request,
        "web/inspections/inspection_list.html",
        {
            "page": paginate(request, items),
            "status": status,
            "statuses": InspectionStatus.choices,
        },
    )


@inspector_required
@require_POST
def inspection_open(request: HttpRequest, employer_pk: int) -> HttpResponse:
    employer = get_object_or_404(
        Employer.objects.visible_to(request.user).select_related("division"), pk=employer_pk
    )
    try:
        inspection = services.open_inspection(
            actor=request.user,
            employer=employer,
            origin=request.POST.get("origin", InspectionOrigin.RISK),
            request=request,
        )
    except services.InspectionError as exc:
        _error(request, exc)
        return redirect("web:inspections_employer", employer.pk)
    return redirect("web:inspections_inspection", inspection.pk)


@inspector_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related(
            "employer", "employer__division", "campaign"
        ),
        pk=pk,
    )
    if request.method == "POST":
        try:
            services.record_inspection(
                inspection,
                actor=request.user,
                visited_on=_date(request.POST.get("visited_on", ""), "visited_on"),
                findings=request.POST.get("findings", "")[:10000],
                remedies=request.POST.get("remedies", "")[:10000],
                sanctions=request.POST.get("sanctions", "")[:10000],
                status=request.POST.get("status", ""),
                request=request,
            )
        except services.InspectionError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Inspection saved."))
            return redirect("web:inspections_inspection", inspection.pk)
    complaints = Complaint.objects.visible_to(request.user).filter(inspection=inspection)
    return render(
        request,
        "web/inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "statuses": InspectionStatus.choices,
            "complaints": complaints,
            "cases": WageArrearsCase.objects.visible_to(request.user).filter(inspection=inspection),
        },
    )


# ------------------------------------------------------------------------------------- wage-arrears cases


@inspector_required
def arrears_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        try:
            employer = (
                Employer.objects.visible_to(user)
                .filter(credit_code=request.POST.get("credit_code", "").strip().upper())
                .select_related("division")
                .first()
            )
            if employer is None:
                raise services.InspectionError(
                    "credit_code", _("no employer with this credit code in your area")
                )
            inspection = None
            if request.POST.get("inspection"):
                inspection = get_object_or_404(
                    Inspection.objects.visible_to(user), pk=_int(request.POST["inspection"], "inspection")
                )
            services.open_arrears_case(
                actor=user,
                employer=employer,
                workers_affected=_int(request.POST.get("workers_affected", ""), "workers_affected"),
                amount_owed=request.POST.get("amount_owed", ""),
                pay_by=_date(request.POST.get("pay_by", ""), "pay_by"),
                inspection=inspection,
                note=request.POST.get("note", "")[:2000],
                request=request,
            )
        except services.InspectionError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Wage-arrears case opened."))
            return redirect("web:inspections_arrears")
    cases = WageArrearsCase.objects.visible_to(user).select_related("employer")
    if request.GET.get("show") != "all":
        cases = cases.still_open()
    return render(
        request,
        "web/inspections/arrears_list.html",
        {
            "page": paginate(request, cases),
            "statuses": ArrearsStatus.choices,
            "show": request.GET.get("show", ""),
            "form": request.POST if request.method == "POST" else {},
        },
    )


@inspector_required
@require_POST
def arrears_update(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(
        WageArrearsCase.objects.visible_to(request.user).select_related("employer__division"), pk=pk
    )
    try:
        services.update_arrears_case(
            case,
            actor=request.user,
            status=request.POST.get("status") or None,
            amount_paid=request.POST.get("amount_paid"),
            pay_by=_date(request.POST.get("pay_by", ""), "pay_by"),
            request=request,
        )
    except services.InspectionError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Case updated."))
    return redirect("web:inspections_arrears")


# --------------------------------------------------------------------------------------------- complaints


@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    """A worker's complaint: against an employer they worked for (from their record) or by credit code."""
    user = request.user
    if not user.is_citizen:
        raise PermissionDenied
    own = Employer.objects.filter(
        pk__in=EmploymentSpell.objects.visible_to(user).filter(employer__isnull=False).values("employer_id")
    ).order_by("name")
    if request.method == "POST":
        try:
            employer = None
            chosen = request.POST.get("employer", "")
            if chosen:
                employer = own.filter(pk=_int(chosen, "employer")).select_related("division").first()
            code = request.POST.get("credit_code", "").strip().upper()
            if employer is None and code:
                employer = Employer.objects.filter(credit_code=code).select_related("division").first()
                if employer is None:
                    raise services.InspectionError("credit_code", _("no employer with this credit code"))
            if employer is None:
                raise services.InspectionError("employer", _("choose your employer or give its credit code"))
            services.file_complaint(
                complainant=user,
                employer=employer,
                category=request.POST.get("category", ""),
                text=request.POST.get("text", ""),
                anonymous=request.POST.get("anonymous") == "on",
                workers_affected=_int(
                    request.POST.get("workers_affected", ""), "workers_affected", default=1
                ),
                request=request,
            )
        except services.InspectionError as exc:
            _error(request, exc)
        else:
            messages.success(
                request,
                _("Your complaint was received. An inspector of the employer's district will take it up."),
            )
            return redirect("web:inspections_my_complaints")
    return render(
        request,
        "web/inspections/complaint_form.html",
        {
            "own_employers": own,
            "categories": ComplaintCategory.choices,
            "form": request.POST if request.method == "POST" else {},
        },
    )


@login_required
def my_complaints(request: HttpRequest) -> HttpResponse:
    if not request.user.is_citizen:
        raise PermissionDenied
    return render(
        request,
        "web/inspections/my_complaints.html",
        {
            "complaints": Complaint.objects.visible_to(request.user).select_related("employer"),
        },
    )


@inspector_required
def complaint_queue(request: HttpRequest) -> HttpResponse:
    complaints = Complaint.objects.visible_to(request.user).select_related(
        "employer", "complainant", "complainant__person"
    )
    show = request.GET.get("show", "open")
    if show != "all":
        complaints = complaints.exclude(status=ComplaintStatus.CLOSED)
    if request.GET.get("format") == "csv":
        return _complaints_csv(request, complaints)
    return render(
        request, "web/inspections/complaint_queue.html", {"page": paginate(request, complaints), "show": show}
    )


def _complaints_csv(request: HttpRequest, complaints) -> HttpResponse:
    """Export without the complainant of anonymous complaints (named ones: masked name only)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="complaints.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Received"),
            _("Employer"),
            _("Credit code"),
            _("Category"),
            _("Workers affected"),
            _("Status"),
            _("Complainant"),
        ]
    )
    n = 0
    for c in complaints:
        writer.writerow(
            [
                c.created_at.date().isoformat(),
                c.employer.name,
                c.employer.credit_code,
                c.get_category_display(),
                c.workers_affected,
                c.get_status_display(),
                c.complainant_label(),
            ]
        )
        n += 1
    record_event(
        None,
        actor=request.user,
        kind=EventKind.EXPORTED,
        request=request,
        division_path=request.user.scope_path,
        data={"export": "complaints", "rows": n},
    )
    return response


@inspector_required
@require_POST
def complaint_act(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(
        Complaint.objects.visible_to(request.user).select_related("employer__division"), pk=pk
    )
    action = request.POST.get("action", "")
    if action == "take_up":
        inspection = services.take_up_complaint(complaint, actor=request.user, request=request)
        return redirect("web:inspections_inspection", inspection.pk)
    if action == "close":
        services.close_complaint(complaint, actor=request.user, request=request)
        messages.success(request, _("Complaint closed."))
    else:
        messages.error(request, _("action: take_up or close"))
    return redirect("web:inspections_complaints")


# ------------------------------------------------------------------------------------------------- quota


@inspector_required
def quota_view(request: HttpRequest) -> HttpResponse:
    on = timezone.localdate()
    rows = quota.quota_table(Employer.objects.visible_to(request.user), on)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="disability-quota.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Employer"),
                _("Credit code"),
                _("Employees"),
                _("Employees with disabilities"),
                _("Counted"),
                _("Required"),
                _("Share (%)"),
                _("Average annual wage"),
                _("Wage used"),
                _("Exempt"),
                _("Rate applied"),
                _("Levy (yuan)"),
                _("Over quota"),
            ]
        )
        for r in rows:
            writer.writerow(
                [
                    r["employer"].name,
                    r["employer"].credit_code,
                    r["employees"],
                    r["disabled"],
                    r["counted"],
                    r["required"],
                    r["share"],
                    r["average_wage"],
                    r["wage_used"],
                    "yes" if r["exempt"] else "no",
                    r["rate_applied"],
                    r["levy"],
                    r["over_quota"],
                ]
            )
        record_event(
            None,
            actor=request.user,
            kind=EventKind.EXPORTED,
            request=request,
            division_path=request.user.scope_path,
            data={"export": "disability_quota", "rows": len(rows)},
        )
        return response
    page = paginate(request, rows)
    to_verify = sorted({v for r in rows for v in r["to_verify"]})
    return render(
        request,
        "web/inspections/quota.html",
        {
            "page": page,
            "on": on,
            "to_verify": to_verify,
            "totals": {
                "employers": len(rows),
                "levy": sum(r["levy"] for r in rows),
                "below": sum(1 for r in rows if r["shortfall"] > 0),
            },
        },
    )
