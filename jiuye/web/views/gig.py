"""Casual labour and gig work (issue 9, part 4).

Workers: casual-labour stations nearest first, check in (at a station or online "available today"), day jobs
matched to them with the reasons, ask for a job or confirm an offer, their engagements, and their portable work
history with CSV/JSON export and a printable page. Employers: post day and short jobs, see the workers available
with the reasons, offer, and move each engagement to completion and pay. Station staff: check workers in,
act for either side, read a worker's history (audited). Every page starts from `visible_to(user)` (open jobs
are public); every write goes through `jiuye.network.gig.services`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.network.enums import StationKind
from jiuye.network.gig import services
from jiuye.network.gig.enums import (
    CancelReason,
    CheckInMode,
    DisputeReason,
    EngagementStatus,
    InsuranceProvider,
    JobStatus,
    NoShowReason,
    PayUnit,
)
from jiuye.network.gig.matching import haversine_km
from jiuye.network.gig.models import CheckIn, Engagement, GigJob
from jiuye.network.models import Station
from jiuye.registry.identifiers import IdentifierError, parse_resident_id
from jiuye.registry.models import Employer, Person

E = EngagementStatus


def _errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    for field, msgs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


def _float(raw) -> float | None:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def _pk(raw) -> int | None:
    """A posted record id, or None when it is not one (garbage, negative, beyond the database's integers)."""
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else None


def _worker_person(user) -> Person | None:
    if getattr(user, "is_citizen", False) and user.person_id:
        return Person.objects.visible_to(user).select_related("division").first()
    return None


def _origin(request: HttpRequest) -> tuple[float | None, float | None, str]:
    """Where distances are measured from: ?lat=&lon= if given, else the worker's home (seeker profile), else
    the centre of their residence division."""
    lat, lon = _float(request.GET.get("lat")), _float(request.GET.get("lon"))
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        return lat, lon, "given"
    person = _worker_person(request.user)
    if person is not None:
        profile = getattr(person, "seeker_profile", None) if hasattr(person, "seeker_profile") else None
        if profile is not None and profile.latitude is not None and profile.longitude is not None:
            return profile.latitude, profile.longitude, "home"
        division = person.division
        while division is not None:  # the nearest enclosing division with a known centre
            if division.latitude is not None and division.longitude is not None:
                return division.latitude, division.longitude, "division"
            division = division.parent
    return None, None, ""


def stations_by_distance(lat: float | None, lon: float | None, limit: int = 50) -> list[dict]:
    stations = list(Station.objects.active().of_kind(StationKind.CASUAL_LABOUR).select_related("division"))
    rows = []
    for s in stations:
        km = round(haversine_km(lat, lon, s.latitude, s.longitude), 1) if lat is not None else None
        rows.append({"station": s, "km": km})
    rows.sort(key=lambda r: (r["km"] if r["km"] is not None else 1e9, r["station"].name))
    return rows[:limit]


# --- stations and check-in -----------------------------------------------------------------------------


def station_list(request: HttpRequest) -> HttpResponse:
    """Casual-labour stations, nearest first (public)."""
    lat, lon, origin = _origin(request)
    return render(
        request,
        "web/gig/stations.html",
        {
            "rows": stations_by_distance(lat, lon),
            "origin": origin,
            "lat": lat,
            "lon": lon,
            "worker": _worker_person(request.user),
        },
    )


class StaffCheckInForm(forms.Form):
    resident_id = forms.CharField(label=gettext_lazy("Worker's resident ID number"), max_length=18)
    station = forms.ModelChoiceField(label=gettext_lazy("Station"), queryset=Station.objects.none())
    mode = forms.ChoiceField(
        label=gettext_lazy("How"),
        choices=[(CheckInMode.STAFF, CheckInMode.STAFF.label), (CheckInMode.KIOSK, CheckInMode.KIOSK.label)],
    )
    skills = forms.CharField(
        label=gettext_lazy("Skills"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Separated by commas, for example 搬运, 叉车证"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["station"].queryset = (
            Station.objects.visible_to(user).active().of_kind(StationKind.CASUAL_LABOUR)
        )

    def clean_resident_id(self):
        raw = self.cleaned_data["resident_id"].strip().upper()
        try:
            parsed = parse_resident_id(raw)
        except IdentifierError as exc:
            raise forms.ValidationError(str(exc)) from None
        person = Person.objects.by_resident_id(parsed.number).first()
        if person is None:
            raise forms.ValidationError(_("No person with this resident ID is in the library."))
        return person


@login_required
@require_POST
def checkin(request: HttpRequest) -> HttpResponse:
    """A worker checks themself in (at a station, or online); staff record a worker at their station."""
    user = request.user
    if user.is_citizen:
        person = _worker_person(user)
        if person is None:
            messages.error(request, _("Only workers with a personal record can check in."))
            return redirect("web:gig_home")
        mode = request.POST.get("mode", CheckInMode.ONLINE)
        station = None
        if mode != CheckInMode.ONLINE:
            station_pk = _pk(request.POST.get("station"))
            station = Station.objects.filter(pk=station_pk).first() if station_pk is not None else None
        try:
            services.check_in(
                person,
                by=user,
                mode=mode,
                station=station,
                latitude=_float(request.POST.get("lat")),
                longitude=_float(request.POST.get("lon")),
                skills=request.POST.get("skills", ""),
            )
        except services.GigError as exc:
            for msgs in exc.message_dict.values():
                for m in msgs:
                    messages.error(request, m)
        else:
            messages.success(
                request, _("You are checked in for today. Day jobs matched to you are listed below.")
            )
        return redirect("web:gig_home")
    if not (user.works_on_cases or user.is_superuser):
        raise PermissionDenied
    form = StaffCheckInForm(request.POST, user=user)
    if form.is_valid():
        try:
            services.check_in(
                form.cleaned_data["resident_id"],
                by=user,
                mode=form.cleaned_data["mode"],
                station=form.cleaned_data["station"],
                skills=form.cleaned_data["skills"],
            )
        except services.GigError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The worker is checked in."))
            return redirect("web:gig_home")
    return _home(request, staff_form=form)


@login_required
@require_POST
def checkin_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_object_or_404(CheckIn.objects.visible_to(request.user), pk=pk)
    try:
        services.withdraw_checkin(c, by=request.user)
    except services.GigError as exc:
        messages.error(request, "; ".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("web:gig_home")


# --- home ----------------------------------------------------------------------------------------------


def _home(request: HttpRequest, staff_form=None) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    ctx: dict = {"today": today}
    if user.is_citizen:
        person = _worker_person(user)
        ctx["worker"] = person
        if person is not None:
            c = (
                CheckIn.objects.visible_to(user)
                .filter(day=today, withdrawn=False)
                .select_related("station")
                .first()
            )
            ctx["checkin"] = c
            if c is not None:
                ctx["matches"] = [
                    {"job": job, "m": m, "reasons": services.reasons_text(m.reasons)}
                    for job, m in services.matches_for_checkin(c)
                ]
            lat, lon, _o = _origin(request)
            ctx["stations"] = stations_by_distance(lat, lon, limit=5)
            ctx["engagements"] = (
                Engagement.objects.visible_to(user).select_related("job__employer").order_by("-id")[:50]
            )
    elif user.is_employer_user:
        ctx["jobs"] = GigJob.objects.visible_to(user).order_by("-start_date", "-id")[:100]
    else:
        ctx["jobs"] = (
            GigJob.objects.visible_to(user).select_related("employer").order_by("-start_date", "-id")[:50]
        )
        ctx["checkins"] = (
            CheckIn.objects.visible_to(user).filter(day=today).select_related("person", "station")[:100]
        )
        if user.works_on_cases or user.is_superuser:
            ctx["staff_form"] = staff_form or StaffCheckInForm(user=user)
    return render(request, "web/gig/home.html", ctx)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return _home(request)


# --- jobs ----------------------------------------------------------------------------------------------


def job_list(request: HttpRequest) -> HttpResponse:
    """Open day and short jobs (public), by day."""
    raw = request.GET.get("day", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
        messages.error(
            request, _("“%(day)s” is not a date (YYYY-MM-DD); today's jobs are shown.") % {"day": raw[:20]}
        )
    jobs = GigJob.objects.open_on(day).select_related("employer", "division", "station")
    return render(request, "web/gig/job_list.html", {"jobs": jobs[:200], "day": day})


def _job_for(request: HttpRequest, pk: int) -> GigJob:
    """Open jobs are public; others only to those who see them through visible_to."""
    job = GigJob.objects.filter(pk=pk).select_related("employer", "division", "station").first()
    if job is None:
        raise Http404
    if job.status in (JobStatus.OPEN, JobStatus.FILLED):
        return job
    return get_object_or_404(GigJob.objects.visible_to(request.user).select_related("employer"), pk=pk)


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    user = request.user
    manages = services.can_manage_job(user, job)
    ctx = {"job": job, "manages": manages, "places_left": job.places_left()}
    if manages:
        ctx["candidates"] = [
            {"checkin": c, "m": m, "reasons": services.reasons_text(m.reasons)}
            for c, m in services.candidates_for_job(job)
        ]
        ctx["engagements"] = job.engagements.select_related("worker").order_by("id")
    person = _worker_person(user)
    if person is not None:
        ctx["mine"] = Engagement.objects.visible_to(user).filter(job=job).first()
    return render(request, "web/gig/job_detail.html", ctx)


class GigJobForm(forms.ModelForm):
    employer_ref = forms.CharField(
        label=gettext_lazy("Employer (credit code or name)"), max_length=200, required=False
    )
    division_code = forms.CharField(
        label=gettext_lazy("Division code of the workplace (county or township)"), max_length=12
    )
    skills_text = forms.CharField(
        label=gettext_lazy("Skills asked"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Separated by commas, for example 搬运, 叉车证. Leave empty if none."),
    )

    class Meta:
        model = GigJob
        fields = [
            "title",
            "tasks",
            "address",
            "latitude",
            "longitude",
            "station",
            "start_date",
            "end_date",
            "start_time",
            "end_time",
            "pay_unit",
            "pay_rate",
            "piece_unit",
            "workers_needed",
            "insurance_provided",
            "insurance_provider",
        ]
        widgets = {
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}),
            "end_time": forms.TimeInput(attrs={"type": "time"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["station"].queryset = Station.objects.active().of_kind(StationKind.CASUAL_LABOUR)
        self.fields["station"].required = False
        if user.is_employer_user:
            del self.fields["employer_ref"]

    def clean_employer_ref(self):
        ref = (self.cleaned_data.get("employer_ref") or "").strip()
        employers = Employer.objects.visible_to(self.user)
        found = employers.filter(credit_code=ref.upper()).first() or employers.filter(name=ref).first()
        if found is None:
            raise forms.ValidationError(_("No employer in your area has this credit code or name."))
        return found

    def clean_division_code(self):
        division = Division.objects.filter(code=self.cleaned_data["division_code"].strip()).first()
        if division is None:
            raise forms.ValidationError(_("No area has this code."))
        user = self.user
        if not user.is_employer_user and not getattr(user, "sees_everything", False):
            # Station staff post for employers in their area, at places in their area (else the job would
            # land outside what they can see and manage).
            scope = getattr(user, "scope_path", "")
            if not scope or not (division.path == scope or division.path.startswith(scope + "/")):
                raise forms.ValidationError(_("This place is outside your area."))
        return division


@login_required
def job_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not ((user.is_employer_user and user.employer_id) or user.works_on_cases or user.is_superuser):
        raise PermissionDenied(_("Employers and station staff post day jobs."))
    form = GigJobForm(
        request.POST or None,
        user=user,
        initial={"pay_unit": PayUnit.DAY, "workers_needed": 1, "insurance_provider": InsuranceProvider.NONE},
    )
    if request.method == "POST" and form.is_valid():
        job = form.save(commit=False)
        job.employer = user.employer if user.is_employer_user else form.cleaned_data["employer_ref"]
        job.division = form.cleaned_data["division_code"]
        job.skills = form.cleaned_data.get("skills_text", "")
        try:
            services.post_job(job, by=user)
        except services.GigError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The job is posted. Workers who check in nearby will see it."))
            return redirect("web:gig_job", pk=job.pk)
    return render(request, "web/gig/job_form.html", {"form": form})


@login_required
@require_POST
def job_close(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(GigJob.objects.visible_to(request.user), pk=pk)
    try:
        services.close_job(job, by=request.user, cancel=request.POST.get("cancel") == "1")
    except services.GigError as exc:
        messages.error(request, "; ".join(m for ms in exc.message_dict.values() for m in ms))
    return redirect("web:gig_job", pk=pk)


@login_required
@require_POST
def job_offer(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(GigJob.objects.visible_to(request.user), pk=pk)
    checkin_pk = _pk(request.POST.get("checkin"))
    checkin_obj = CheckIn.objects.filter(pk=checkin_pk).first() if checkin_pk is not None else None
    if checkin_obj is None:
        messages.error(request, _("Choose a worker from the list."))
        return redirect("web:gig_job", pk=pk)
    try:
        services.offer(job, checkin_obj, by=request.user)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Offer sent; the worker confirms it on the platform."))
    return redirect("web:gig_job", pk=pk)


@login_required
@require_POST
def job_request(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_for(request, pk)
    try:
        eng = services.request_job(job, by=request.user)
    except services.TransitionError as exc:
        messages.error(request, str(exc))
        return redirect("web:gig_job", pk=pk)
    messages.success(request, _("Asked; the employer will accept or decline."))
    return redirect("web:gig_engagement", pk=eng.pk)


# --- engagements ---------------------------------------------------------------------------------------


def _actions(eng: Engagement, side: str | None) -> list[str]:
    if side is None:
        return []
    out = []
    for to, sides in services.TRANSITIONS[eng.status].items():
        if side in sides:
            out.append(to)
    if (
        side == services.WORKER
        and eng.status in (E.COMPLETED, E.PAY_CONFIRMED)
        and eng.arrears_case_id is None
    ):
        out.append("dispute")
    return out


@login_required
def engagement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    eng = get_object_or_404(
        Engagement.objects.visible_to(request.user).select_related(
            "job__employer", "job__division", "worker"
        ),
        pk=pk,
    )
    side = services.side_of(request.user, eng)
    can_rate = (
        side in (services.WORKER, services.EMPLOYER)
        and eng.status in (E.COMPLETED, E.PAY_CONFIRMED, E.PAID)
        and (
            (side == services.WORKER and eng.rating_of_employer is None)
            or (side == services.EMPLOYER and eng.rating_of_worker is None)
        )
    )
    return render(
        request,
        "web/gig/engagement.html",
        {
            "eng": eng,
            "side": side,
            "actions": _actions(eng, side),
            "reasons": services.reasons_text(eng.match_reasons),
            "cancel_reasons": CancelReason.choices,
            "no_show_reasons": NoShowReason.choices,
            "dispute_reasons": DisputeReason.choices,
            "can_rate": can_rate,
            "events": [
                {
                    "at": ev.created_at,
                    "from": E(ev.from_status).label if ev.from_status else "",
                    "to": E(ev.to_status).label,
                    "reason": ev.reason,
                }
                for ev in eng.events.all()
            ],
            "worker_name": eng.worker.masked_name,
        },
    )


@login_required
@require_POST
def engagement_act(request: HttpRequest, pk: int) -> HttpResponse:
    eng = get_object_or_404(
        Engagement.objects.visible_to(request.user).select_related("job__employer"), pk=pk
    )
    by, p = request.user, request.POST
    action = p.get("action", "")
    try:
        if action == E.SCHEDULED:
            services.confirm(eng, by=by)
        elif action == E.DECLINED:
            services.decline(eng, by=by)
        elif action == E.CHECKED_IN:
            services.arrive(eng, by=by)
        elif action == E.COMPLETED:
            services.complete(
                eng, by=by, days_worked=p.get("days_worked") or None, pieces=p.get("pieces") or None
            )
        elif action == E.PAY_CONFIRMED:
            services.confirm_pay(eng, by=by, amount=p.get("amount") or None)
        elif action == E.PAID:
            services.confirm_received(eng, by=by)
        elif action == E.CANCELLED:
            services.cancel(eng, by=by, reason=p.get("reason", ""), note=p.get("note", ""))
        elif action == E.NO_SHOW:
            services.no_show(eng, by=by, reason=p.get("reason", ""), note=p.get("note", ""))
        elif action == "dispute":
            services.dispute_pay(eng, by=by, reason=p.get("reason", ""))
            messages.info(request, _("Your dispute is recorded and a wage-arrears case was opened."))
        elif action == "rate":
            services.rate(eng, by=by, stars=p.get("stars"), comment=p.get("comment", ""))
        else:
            messages.error(request, _("Unknown action."))
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    except services.GigError as exc:
        for field, msgs in exc.message_dict.items():
            for m in msgs:
                messages.error(request, f"{field}: {m}")
    return redirect("web:gig_engagement", pk=pk)


# --- portable work history -----------------------------------------------------------------------------

FORMATS = ("html", "csv", "json", "print")


def _history_response(request: HttpRequest, person: Person, fmt: str, *, staff: bool) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    data = services.history(person)
    if staff:
        record_event(
            person,
            actor=request.user,
            kind=EventKind.EXPORTED if fmt in ("csv", "json") else EventKind.RECORD_VIEWED,
            request=request,
            data={"what": "gig_work_history", "format": fmt},
        )
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        resp = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        resp["Content-Disposition"] = f'attachment; filename="work-history-{stamp}.json"'
        return resp
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=services.HISTORY_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for row in data["engagements"]:
            writer.writerow(row)
        # A BOM so spreadsheet programs open the Chinese text as UTF-8.
        resp = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="work-history-{stamp}.csv"'
        return resp
    base = (
        reverse("web:gig_worker_history", kwargs={"person_pk": person.pk})
        if staff
        else reverse("web:gig_history")
    )
    template = "web/gig/history_print.html" if fmt == "print" else "web/gig/history.html"
    return render(request, template, {"data": data, "person": person, "staff": staff, "base": base})


@login_required
def my_history(request: HttpRequest) -> HttpResponse:
    person = _worker_person(request.user)
    if person is None:
        raise Http404
    return _history_response(request, person, request.GET.get("format", "html"), staff=False)


@login_required
def worker_history(request: HttpRequest, person_pk: int) -> HttpResponse:
    """A caseworker reads (and exports) the history of a person in scope; a citizen only their own."""
    user = request.user
    if not (user.works_on_cases or user.is_superuser or user.is_citizen):
        raise Http404
    person = get_object_or_404(Person.objects.visible_to(user), pk=person_pk)
    return _history_response(request, person, request.GET.get("format", "html"), staff=not user.is_citizen)
