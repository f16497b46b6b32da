"""Key-group assistance pages (issue 6): the caseworker's queue, case files, zero-employment households,
public-welfare positions, and the leaders' dashboard.

Every view starts from `visible_to(request.user)`: a case, position or placement outside the user's
scope is a 404. Reading a case file is audited like reading a person's record. Writes go through
`jiuye.cases.services` (and `jiuye.jobs.services.refer` through `refer_to_job`); a form that does not
validate comes back with its field errors and status 400, and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiuye.cases import services
from jiuye.cases.models import (
    ActionKind,
    ActionPlanItem,
    ActionStatus,
    Case,
    CaseSource,
    CaseStatus,
    ClosedReason,
    ContactKind,
    DataConflict,
    ExitReason,
    Placement,
    PublicWelfarePosition,
)
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.jobs.models import JobPosting
from jiuye.registry.models import HouseholdMembership, Person
from jiuye.taxonomy.models import KeyGroup

from .. import case_helpers as ch
from .. import policy_helpers as ph
from ..display import paginate
from .analyst import _breadcrumbs, _scope_division

logger = logging.getLogger(__name__)

DASHBOARD_ROLES = ("analyst", "leader", "admin", "caseworker")


# --- access -------------------------------------------------------------------------------------


def _require_caseworker(user) -> None:
    if not (getattr(user, "works_on_cases", False) or user.is_superuser):
        raise PermissionDenied


def _require_dashboard(user) -> None:
    if not (user.is_superuser or (user.is_staff_role and user.role in DASHBOARD_ROLES)):
        raise PermissionDenied


def _case(request: HttpRequest, pk: int) -> Case:
    return get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "person", "household", "division", "assigned_to"
        ),
        pk=pk,
    )


def _group_names() -> dict[str, str]:
    return {g.code: g.name for g in KeyGroup.objects.all()}


# --- forms --------------------------------------------------------------------------------------


class _Ids:
    """Several forms share one page: each gets its own id prefix so ids (and labels) stay unique."""

    id_prefix = "f"

    def __init__(self, *args, **kw):
        kw.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kw)


class ContactForm(_Ids, forms.Form):
    id_prefix = "contact"

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ContactKind.choices)
    at = forms.DateTimeField(
        label=gettext_lazy("When"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=gettext_lazy("Leave empty for now."),
    )
    reached = forms.BooleanField(label=gettext_lazy("Reached the person"), required=False, initial=True)
    note = forms.CharField(
        label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at is not None and at > timezone.now() + dt.timedelta(minutes=5):
            raise ValidationError(_("A contact cannot be in the future."))
        return at


class AssessmentForm(_Ids, forms.Form):
    id_prefix = "assess"

    able_to_work = forms.BooleanField(label=gettext_lazy("Able to work"), required=False, initial=True)
    willing_to_work = forms.BooleanField(label=gettext_lazy("Willing to work"), required=False, initial=True)
    barriers = forms.MultipleChoiceField(
        label=gettext_lazy("Barriers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[
            ("care", gettext_lazy("Care duties")),
            ("transport", gettext_lazy("Transport")),
            ("health", gettext_lazy("Health")),
            ("skills", gettext_lazy("Skills")),
        ],
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class ActionForm(_Ids, forms.Form):
    id_prefix = "action"

    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ActionKind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    due_on = forms.DateField(
        label=gettext_lazy("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    partner = forms.CharField(label=gettext_lazy("Partner service"), max_length=200, required=False)
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ResolveForm(_Ids, forms.Form):
    id_prefix = "resolve"

    resolution = forms.CharField(
        label=gettext_lazy("How it was resolved"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class CloseForm(_Ids, forms.Form):
    id_prefix = "close"

    reason = forms.ChoiceField(
        label=gettext_lazy("Reason"),
        choices=[(c.value, c.label) for c in (ClosedReason.DECLINED, ClosedReason.MOVED, ClosedReason.OTHER)],
    )


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ActionStatus.choices)


class MemberChoiceMixin:
    """The person the step is for: the case's person, or a current member of the case's household."""

    def _members(self, case: Case) -> list[Person]:
        if case.person_id:
            return [case.person]
        today = timezone.localdate()
        return [
            m.person
            for m in HouseholdMembership.objects.filter(household_id=case.household_id)
            .filter(Q(until__isnull=True) | Q(until__gte=today))
            .select_related("person")
            .order_by("person_id")
        ]


class ReferForm(_Ids, MemberChoiceMixin, forms.Form):
    id_prefix = "refer"

    member = forms.TypedChoiceField(label=gettext_lazy("For member"), coerce=int)
    posting = forms.IntegerField(label=gettext_lazy("Job posting number"), min_value=1)

    def __init__(self, *args, case: Case, user, **kw):
        super().__init__(*args, **kw)
        self.case, self.user = case, user
        self.fields["member"].choices = [(p.pk, p.masked_name) for p in self._members(case)]

    def clean_posting(self):
        pk = self.cleaned_data["posting"]
        posting = JobPosting.objects.visible_to(self.user).filter(pk=pk).first()
        if posting is None:
            raise ValidationError(_("No job posting with this number that you can refer to."))
        return posting

    def clean_member(self):
        pk = self.cleaned_data["member"]
        person = Person.objects.visible_to(self.user).filter(pk=pk).first()
        if person is None:
            raise ValidationError(_("This member is outside your area."))
        return person


class PlaceForm(_Ids, MemberChoiceMixin, forms.Form):
    id_prefix = "place"

    member = forms.TypedChoiceField(label=gettext_lazy("For member"), coerce=int)
    position = forms.ModelChoiceField(
        label=gettext_lazy("Public-welfare position"), queryset=PublicWelfarePosition.objects.none()
    )
    start_date = forms.DateField(label=gettext_lazy("Start"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, case: Case, user, **kw):
        super().__init__(*args, **kw)
        self.case, self.user = case, user
        self.fields["member"].choices = [(p.pk, p.masked_name) for p in self._members(case)]
        self.fields["position"].queryset = PublicWelfarePosition.objects.visible_to(user).active()

    def clean_member(self):
        pk = self.cleaned_data["member"]
        person = Person.objects.visible_to(self.user).filter(pk=pk).first()
        if person is None:
            raise ValidationError(_("This member is outside your area."))
        return person


class EndPlacementForm(_Ids, forms.Form):
    id_prefix = "end"

    ended_on = forms.DateField(label=gettext_lazy("Ended on"), widget=forms.DateInput(attrs={"type": "date"}))
    exit_reason = forms.ChoiceField(label=gettext_lazy("Exit reason"), choices=ExitReason.choices)

    def __init__(self, *args, placement: Placement, **kw):
        super().__init__(*args, **kw)
        self.placement = placement

    def clean_ended_on(self):
        ended = self.cleaned_data["ended_on"]
        if ended < self.placement.start_date:
            raise ValidationError(_("The end cannot be before the start of the placement."))
        return ended


class PositionForm(_Ids, forms.Form):
    id_prefix = "position"

    division = forms.ModelChoiceField(label=gettext_lazy("Area"), queryset=Division.objects.none())
    unit = forms.CharField(label=gettext_lazy("Unit"), max_length=200)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    slots = forms.IntegerField(label=gettext_lazy("Slots"), min_value=1, max_value=1000)
    term_limit_months = forms.IntegerField(
        label=gettext_lazy("Term limit (months)"), min_value=1, max_value=120, initial=36
    )

    def __init__(self, *args, user, **kw):
        super().__init__(*args, **kw)
        own = None if user.sees_everything else user.division
        self.fields["division"].queryset = (
            Division.objects.all() if own is None else Division.objects.within(own)
        ).order_by("code")
        if own is not None:
            self.fields["division"].initial = own.pk


# --- queue --------------------------------------------------------------------------------------


@never_cache
@login_required
def case_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_caseworker(user)
    group = request.GET.get("group", "").strip()
    subject = request.GET.get("subject", "").strip()
    queue = services.caseworker_queue(user)
    if group:
        queue = queue.in_group(group)
    if subject == "household":
        queue = queue.for_households()
    elif subject == "person":
        queue = queue.for_persons()
    today = timezone.localdate()
    page = paginate(request, queue)
    names = _group_names()
    rows = [
        {
            "case": c,
            "groups": [names.get(code, code) for code in c.groups],
            "overdue": c.first_contact_at is None
            and c.status in (CaseStatus.NEW, CaseStatus.REOPENED)
            and c.first_contact_due < today,
            "escalated": c.escalated_at is not None and c.first_contact_at is None,
        }
        for c in page.object_list
    ]
    visible = Case.objects.visible_to(user).open()
    context = {
        "page": page,
        "rows": rows,
        "group": group,
        "subject": subject,
        "groups": sorted(names.items(), key=lambda kv: kv[0]),
        "today": today,
        "overdue_count": visible.overdue(today).count(),
        "open_count": visible.count(),
        "filter_query": "&".join(f"{k}={v}" for k, v in (("group", group), ("subject", subject)) if v),
    }
    return render(request, "web/cases/queue.html", context)


# --- case file ----------------------------------------------------------------------------------


def _criteria_rows(case: Case, names: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for code in case.groups:
        met = (case.criteria or {}).get(code)
        if isinstance(met, dict):
            facts = [f"{k}: {v}" for k, v in met.items()]
        elif isinstance(met, list):
            facts = [str(x) for x in met]
        else:
            facts = [str(met)] if met not in (None, "") else []
        rows.append({"code": code, "name": names.get(code, code), "facts": facts})
    return rows


def _fact_text(value: Any) -> str:
    """Codes, dates and counts of a data source, flattened for reading (no personal data is stored there)."""
    if isinstance(value, dict):
        return ", ".join(f"{k} {_fact_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_fact_text(v) for v in value)
    return str(value)


def _conflict_views(conflicts) -> list[dict[str, Any]]:
    return [
        {
            "conflict": c,
            "sources": [
                {
                    "source": s.get("source", ""),
                    "record": f"{s.get('model', '')} {s.get('id', '')}".strip(),
                    "facts": [f"{k}: {_fact_text(v)}" for k, v in (s.get("facts") or {}).items()],
                }
                for s in (c.sources or [])
                if isinstance(s, dict)
            ],
        }
        for c in conflicts
    ]


def _reason_text(reason: Any) -> str:
    if isinstance(reason, dict):
        text = reason.get("text") or reason.get("label") or reason.get("code") or ""
        weight = reason.get("weight", reason.get("points"))
        return f"{text} ({weight:+.2f})" if isinstance(weight, (int, float)) else str(text)
    return str(reason)


def _policy_rows(person: Person) -> list[dict[str, Any]]:
    from jiuye.policies.services import evaluate_person

    try:
        decisions = evaluate_person(person)
    except Exception:  # noqa: BLE001 — a catalogue problem must not take the case file down
        logger.exception("policy evaluation failed on a case file (person %s)", person.pk)
        return []
    cat = ph.catalogue()
    rows = []
    for d in decisions:
        if d.status == "not_eligible" or d.policy not in cat.policies:
            continue
        rows.append(
            {
                "policy": d.policy,
                "title": ph.text(cat[d.policy].meta.title),
                "status": d.status,
                "benefits": d.benefits,
            }
        )
    rows.sort(key=lambda r: (r["status"] != "eligible", r["policy"]))
    return rows


def _recommendations(person: Person) -> list:
    from jiuye.matching.recommendations import recommend_jobs

    try:
        return recommend_jobs(person, top=5)
    except Exception:  # noqa: BLE001 — no index or no postings: the page still opens
        logger.exception("job recommendations failed on a case file (person %s)", person.pk)
        return []


def _case_context(request: HttpRequest, case: Case, **forms_: Any) -> dict[str, Any]:
    user = request.user
    names = _group_names()
    today = timezone.localdate()
    members: list[dict[str, Any]] = []
    if case.household_id:
        for m in (
            HouseholdMembership.objects.filter(household_id=case.household_id)
            .filter(Q(until__isnull=True) | Q(until__gte=today))
            .select_related("person")
            .order_by("person_id")
        ):
            members.append(
                {
                    "membership": m,
                    "person": m.person,
                    "linked": Person.objects.visible_to(user).filter(pk=m.person_id).exists(),
                }
            )
    # Jobs and policies are shown for one person: the case's person, or the household member chosen
    # with ?member= (the first member by default).
    focus = case.person if case.person_id else (members[0]["person"] if members else None)
    chosen = request.GET.get("member", "")
    if members and chosen.isdigit():
        focus = next((m["person"] for m in members if m["person"].pk == int(chosen)), focus)
    conflicts = (
        DataConflict.objects.visible_to(user)
        .filter(Q(case=case) | (Q(person=case.person) if case.person_id else Q(household=case.household)))
        .distinct()
    )
    context = {
        "case": case,
        "members": members,
        "groups": _criteria_rows(case, names),
        "risk_reasons": [_reason_text(r) for r in case.risk_reasons or []],
        "assessment": case.assessments.select_related("by").first(),
        "actions": case.actions.select_related(
            "person", "job_application", "policy_application", "placement"
        ),
        "contacts": case.contacts.select_related("by"),
        "placements": case.placements.select_related("position", "person"),
        "conflicts": _conflict_views(conflicts),
        "recommendations": _recommendations(focus) if (focus is not None and case.is_open) else [],
        "policies": _policy_rows(focus) if focus is not None else [],
        "focus": focus,
        "days_open": (today - case.opened_on).days,
        "overdue": case.first_contact_at is None and case.first_contact_due < today and case.is_open,
        "today": today,
        "contact_form": forms_.get("contact_form") or ContactForm(),
        "assessment_form": forms_.get("assessment_form") or AssessmentForm(),
        "action_form": forms_.get("action_form") or ActionForm(),
        "refer_form": forms_.get("refer_form") or ReferForm(case=case, user=user),
        "place_form": forms_.get("place_form")
        or PlaceForm(case=case, user=user, initial={"start_date": today}),
        "close_form": forms_.get("close_form") or CloseForm(),
        "resolve_form": forms_.get("resolve_form"),
        "resolve_failed": forms_.get("resolve_failed"),
        "action_statuses": ActionStatus.choices,
    }
    return context


@never_cache
@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_caseworker(request.user)
    case = _case(request, pk)
    record_event(
        case.subject,
        actor=request.user,
        kind=EventKind.RECORD_VIEWED,
        request=request,
        data={"page": "case_detail", "case": case.pk},
    )
    return render(request, "web/cases/detail.html", _case_context(request, case))


def _invalid(request: HttpRequest, case: Case, **bound: Any) -> HttpResponse:
    return render(request, "web/cases/detail.html", _case_context(request, case, **bound), status=400)


def _done(request: HttpRequest, case: Case, text: str, anchor: str = "") -> HttpResponse:
    messages.success(request, text)
    return redirect(reverse("web:case_detail", args=[case.pk]) + (f"#{anchor}" if anchor else ""))


# The service's field names, as the forms call them.
FIELD_ALIASES = {"person": "member", "start": "start_date", "on": "ended_on", "reason": "exit_reason"}


def _attach_error(form: forms.Form, exc: Exception) -> None:
    """Put a refused service call's message on the form field it names (else on the form)."""
    field = getattr(exc, "field", None)
    if field not in form.fields:
        field = FIELD_ALIASES.get(field, field)
    for m in getattr(exc, "messages", None) or [str(exc)]:
        form.add_error(field if field in form.fields else None, m)


def _service_error(request: HttpRequest, case: Case, exc: Exception, form_name: str, form) -> HttpResponse:
    _attach_error(form, exc)
    return _invalid(request, case, **{form_name: form})


def _case_form_post(
    request: HttpRequest,
    pk: int,
    make_form: Callable[[Case], forms.Form],
    form_name: str,
    act: Callable[[Case, dict], object],
    done_text: str,
    anchor: str = "",
) -> HttpResponse:
    """What every form on the case page shares: caseworkers only, the case from `visible_to`, field errors or
    the service's refusal shown on the case page (400), else a message and back to the page's section."""
    _require_caseworker(request.user)
    case = _case(request, pk)
    form = make_form(case)
    if not form.is_valid():
        return _invalid(request, case, **{form_name: form})
    try:
        act(case, form.cleaned_data)
    except (ValidationError, ValueError) as exc:
        return _service_error(request, case, exc, form_name, form)
    return _done(request, case, done_text, anchor)


@never_cache
@require_POST
@login_required
def case_contact(request: HttpRequest, pk: int) -> HttpResponse:
    def act(case: Case, d: dict) -> None:
        services.record_contact(
            case,
            kind=d["kind"],
            by=request.user,
            at=d["at"] or timezone.now(),
            reached=d["reached"],
            note=d["note"],
        )

    return _case_form_post(
        request,
        pk,
        lambda case: ContactForm(request.POST),
        "contact_form",
        act,
        _("Contact recorded."),
        "contacts",
    )


@never_cache
@require_POST
@login_required
def case_assess(request: HttpRequest, pk: int) -> HttpResponse:
    def act(case: Case, d: dict) -> None:
        services.record_assessment(
            case,
            by=request.user,
            able_to_work=d["able_to_work"],
            willing_to_work=d["willing_to_work"],
            barriers=d["barriers"],
            summary=d["summary"],
        )

    return _case_form_post(
        request,
        pk,
        lambda case: AssessmentForm(request.POST),
        "assessment_form",
        act,
        _("Assessment saved."),
        "assessment",
    )


@never_cache
@require_POST
@login_required
def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    def act(case: Case, d: dict) -> None:
        services.add_action(
            case,
            kind=d["kind"],
            by=request.user,
            title=d["title"],
            due_on=d["due_on"],
            partner=d["partner"],
            note=d["note"],
        )

    return _case_form_post(
        request,
        pk,
        lambda case: ActionForm(request.POST),
        "action_form",
        act,
        _("Step added to the action plan."),
        "plan",
    )


@never_cache
@require_POST
@login_required
def case_refer(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form_post(
        request,
        pk,
        lambda case: ReferForm(request.POST, case=case, user=request.user),
        "refer_form",
        lambda case, d: services.refer_to_job(case, d["posting"], by=request.user, person=d["member"]),
        _("Referred to the job posting."),
        "plan",
    )


@never_cache
@require_POST
@login_required
def case_place(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form_post(
        request,
        pk,
        lambda case: PlaceForm(request.POST, case=case, user=request.user),
        "place_form",
        lambda case, d: services.place_in_position(
            case, d["position"], person=d["member"], start=d["start_date"], by=request.user
        ),
        _("Placed in the public-welfare position."),
        "placements",
    )


@never_cache
@require_POST
@login_required
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_form_post(
        request,
        pk,
        lambda case: CloseForm(request.POST),
        "close_form",
        lambda case, d: services.close_case(case, reason=d["reason"], by=request.user),
        _("Case closed."),
    )


@never_cache
@require_POST
@login_required
def action_status(request: HttpRequest, pk: int) -> HttpResponse:
    _require_caseworker(request.user)
    item = get_object_or_404(ActionPlanItem.objects.visible_to(request.user).select_related("case"), pk=pk)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.set_action_status(item, status=form.cleaned_data["status"], by=request.user)
        except (ValidationError, ValueError) as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Step updated."))
    else:
        messages.error(request, _("Choose a status for the step."))
    return redirect(reverse("web:case_detail", args=[item.case_id]) + "#plan")


@never_cache
@require_POST
@login_required
def conflict_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    _require_caseworker(request.user)
    conflict = get_object_or_404(DataConflict.objects.visible_to(request.user), pk=pk)
    case = conflict.case
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.resolve_conflict(conflict, by=request.user, resolution=form.cleaned_data["resolution"])
        except (ValidationError, ValueError) as exc:
            _attach_error(form, exc)
        else:
            messages.success(request, _("Conflict resolved."))
            if case is not None:
                return redirect(reverse("web:case_detail", args=[case.pk]) + "#conflicts")
            return redirect("web:case_queue")
    if case is None or not Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
        raise PermissionDenied
    return _invalid(request, case, resolve_form=form, resolve_failed=conflict.pk)


@never_cache
@require_POST
@login_required
def case_open(request: HttpRequest, person_pk: int) -> HttpResponse:
    """A walk-in or a referral: open (or find) the person's case from their record."""
    _require_caseworker(request.user)
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_pk)
    source = request.POST.get("source") or CaseSource.WALK_IN
    try:
        case = services.open_case(person, by=request.user, source=source)
    except (ValidationError, ValueError) as exc:
        messages.error(request, str(exc))
        return redirect("web:person_detail", pk=person.pk)
    messages.success(request, _("Case file open."))
    return redirect("web:case_detail", pk=case.pk)


# --- zero-employment households -----------------------------------------------------------------


@never_cache
@login_required
def household_cases(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_caseworker(user)
    state = request.GET.get("state", "open")
    cases = Case.objects.visible_to(user).for_households().select_related("household", "division")
    cases = cases.closed() if state == "cleared" else cases.open()
    cases = cases.annotate(n_members=Count("household__members", distinct=True)).order_by("opened_on", "id")
    today = timezone.localdate()
    page = paginate(request, cases)
    rows = [
        {
            "case": c,
            "days": ((c.closed_on or today) - c.opened_on).days,
        }
        for c in page.object_list
    ]
    clearance = services.zero_employment_clearance(user, today)["districts"]
    names = {d.code: d.name for d in Division.objects.filter(code__in=[r["division"] for r in clearance])}
    for row in clearance:
        row["label"] = names.get(row["division"], row["division"])
    return render(
        request,
        "web/cases/households.html",
        {"page": page, "rows": rows, "state": state, "clearance": clearance},
    )


# --- public-welfare positions -------------------------------------------------------------------


@never_cache
@login_required
def position_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_caseworker(user)
    today = timezone.localdate()
    form = PositionForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                position = services.create_position(by=user, **d)
            except (ValidationError, ValueError) as exc:
                _attach_error(form, exc)
            else:
                messages.success(request, _("Position added."))
                return redirect("web:position_detail", pk=position.pk)
    positions = (
        PublicWelfarePosition.objects.visible_to(user)
        .select_related("division")
        .annotate(
            filled=Count(
                "placements",
                filter=Q(placements__start_date__lte=today)
                & (Q(placements__ended_on__isnull=True) | Q(placements__ended_on__gte=today)),
            )
        )
    )
    ending = (
        Placement.objects.visible_to(user)
        .current(today)
        .filter(term_end__lte=today + dt.timedelta(days=60))
        .select_related("position", "person")
        .order_by("term_end")
    )
    return render(
        request,
        "web/cases/positions.html",
        {"positions": positions, "form": form, "ending": ending, "today": today, "can_create": True},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def position_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_caseworker(user)
    position = get_object_or_404(
        PublicWelfarePosition.objects.visible_to(user).select_related("division"), pk=pk
    )
    today = timezone.localdate()
    placements = position.placements.select_related("person", "case").order_by("-start_date", "-id")
    current = [p for p in placements if p.start_date <= today and (p.ended_on is None or p.ended_on >= today)]
    return render(
        request,
        "web/cases/position.html",
        {
            "position": position,
            "placements": placements,
            "current": len(current),
            "today": today,
            "exit_reasons": ExitReason.choices,
        },
    )


@never_cache
@require_POST
@login_required
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _require_caseworker(user)
    placement = get_object_or_404(Placement.objects.visible_to(user).select_related("position"), pk=pk)
    form = EndPlacementForm(request.POST, placement=placement)
    if form.is_valid():
        try:
            services.end_placement(
                placement, on=form.cleaned_data["ended_on"], reason=form.cleaned_data["exit_reason"], by=user
            )
        except (ValidationError, ValueError) as exc:
            _attach_error(form, exc)
        else:
            messages.success(request, _("Placement ended."))
            return redirect("web:position_detail", pk=placement.position_id)
    position = placement.position
    placements = position.placements.select_related("person", "case").order_by("-start_date", "-id")
    today = timezone.localdate()
    return render(
        request,
        "web/cases/position.html",
        {
            "position": position,
            "placements": placements,
            "today": today,
            "end_form": form,
            "failed_placement": placement.pk,
            "exit_reasons": ExitReason.choices,
            "current": sum(
                1 for p in placements if p.start_date <= today and (p.ended_on is None or p.ended_on >= today)
            ),
        },
        status=400,
    )


# --- dashboard ----------------------------------------------------------------------------------


def _dashboard_data(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    division, own = _scope_division(request)
    group = request.GET.get("group", "").strip()
    no_scope = own is None and not user.sees_everything
    if no_scope:
        return {"no_scope": True, "division": None, "own_scope": None}
    rows = ch.case_rows(user, division, group)
    children = list(
        Division.objects.children_of(division).annotate(n_children=Count("children")).order_by("code")
    )
    per_division = ch.by_division(rows, children)
    names = _group_names()
    per_group = [{"code": code, "name": names.get(code, code), **v} for code, v in ch.by_group(rows).items()]
    return {
        "no_scope": False,
        "division": division,
        "own_scope": own,
        "group": group,
        "groups": sorted(names.items()),
        "totals": ch.totals(rows),
        "per_division": per_division,
        "children": {c.pk: c.n_children for c in children},
        "per_group": per_group,
        "trend": ch.trend(rows),
    }


@never_cache
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_dashboard(request.user)
    data = _dashboard_data(request)
    if data["no_scope"]:
        return render(request, "web/cases/dashboard.html", data)
    measures = [(k, str(label)) for k, label in ch.MEASURES]
    chart = {
        "categories": [row["division"].name for row in data["per_division"]],
        "series": [
            {"name": label, "data": [row[key] for row in data["per_division"]]} for key, label in measures[:4]
        ],
    }
    trend = {
        "months": data["trend"]["months"],
        "series": [
            {"name": str(label), "data": data["trend"]["series"][key]}
            for key, label in (
                ("identified", ch.MEASURES[0][1]),
                ("served", ch.MEASURES[1][1]),
                ("placed", ch.MEASURES[3][1]),
                ("households_cleared", ch.MEASURES[5][1]),
            )
        ],
    }
    keys = [k for k, _label in ch.MEASURES]
    for row in data["per_division"] + data["per_group"]:
        row["values"] = [(k, row[k]) for k in keys]
    data["total_cells"] = [(k, label, data["totals"][k]) for k, label in measures]
    query = [f"group={data['group']}"] if data["group"] else []
    if data["division"] is not None and data["division"] != data["own_scope"]:
        query.append(f"division={data['division'].code}")
    data.update(
        measures=measures,
        breadcrumbs=_breadcrumbs(data["division"], data["own_scope"]),
        chart=chart,
        trend_chart=trend,
        export_query=("?" + "&".join(query)) if query else "",
        group_query=f"&group={data['group']}" if data["group"] else "",
    )
    return render(request, "web/cases/dashboard.html", data)


@never_cache
@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    _require_dashboard(request.user)
    data = _dashboard_data(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="assistance-dashboard.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with the mark
    writer = csv.writer(response)
    keys = [k for k, _label in ch.MEASURES] + [
        "days_to_contact",
        "days_to_contact_median",
        "days_to_placement",
        "days_to_placement_median",
    ]
    writer.writerow(["division_code", "division", *keys])
    if not data["no_scope"]:
        for row in data["per_division"]:
            writer.writerow([row["division"].code, row["division"].name, *[_csv(row[k]) for k in keys]])
        scope = data["division"]
        writer.writerow([scope.code if scope else "", _("Total"), *[_csv(data["totals"][k]) for k in keys]])
    scope = data.get("division")
    record_event(
        None,
        actor=request.user,
        kind=EventKind.EXPORTED,
        request=request,
        division_path=scope.path if scope is not None else "",
        data={"export": "assistance_dashboard", "group": data.get("group", "")},
    )
    return response


def _csv(value: Any) -> str:
    return "" if value is None else str(value)
