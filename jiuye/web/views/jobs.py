"""Job postings and applications, by audience.

Employers: their postings (drafts, publish, re-confirm, close) and the applications to them, moved
along the state machine. Seekers: the list of live postings, a posting's page with Apply, their
applications with Withdraw. Staff: the postings in their area, and referring a person to one.
Every page starts from `visible_to(user)`, so another district's posting is a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiuye.geography.models import Division
from jiuye.jobs import services
from jiuye.jobs.enums import ApplicationStatus, PostingStatus, RejectionReason
from jiuye.jobs.models import JobApplication, JobPosting
from jiuye.jobs.responsiveness import employer_responsiveness
from jiuye.jobs.responsiveness import for_employer as responsiveness_for_employer
from jiuye.jobs.services import TRANSITIONS, ApplicationError, PostingError
from jiuye.matching.search import PAY_BANDS, QueryError
from jiuye.matching.services import search_postings
from jiuye.registry.enums import ContractType
from jiuye.registry.identifiers import IdentifierError, parse_resident_id
from jiuye.registry.models import Person

from ..display import display_name, paginate

# The posting form (occupation suggestions, staff posting for employers) lives in jobs_staff; urls.py names these.
from .jobs_staff import posting_create, posting_edit  # noqa: F401

A = ApplicationStatus


def _manager(user) -> bool:
    """Employer users with an employer, and case staff on employers' behalf, manage postings."""
    return (user.is_employer_user and bool(user.employer_id)) or user.works_on_cases or user.is_superuser


def _errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    for field, msgs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


# --- seekers ------------------------------------------------------------------------------------------


SORT_CHOICES = [
    ("relevance", gettext_lazy("Relevance")),
    ("pay", gettext_lazy("Pay, highest first")),
    ("date", gettext_lazy("Newest first")),
    ("distance", gettext_lazy("Distance (needs a location)")),
]


class JobFilterForm(forms.Form):
    """The search box and filters. Values are checked by the search engine (a bad one is a 400 naming it);
    the form only renders them and resolves the area code to its code path."""

    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=200)
    division = forms.CharField(
        label=gettext_lazy("Area code"),
        required=False,
        max_length=12,
        help_text=gettext_lazy("A division code, e.g. 430302; its sub-areas are included."),
    )
    occupation = forms.CharField(label=gettext_lazy("Occupation code"), required=False, max_length=16)
    pay_from = forms.CharField(
        label=gettext_lazy("monthly base pay from (yuan)"), required=False, max_length=12
    )
    pay_to = forms.CharField(
        label=gettext_lazy("monthly base pay up to (yuan)"), required=False, max_length=12
    )
    contract = forms.ChoiceField(
        label=gettext_lazy("Contract type"), required=False, choices=[("", "—"), *ContractType.choices]
    )
    posted_within = forms.ChoiceField(
        label=gettext_lazy("Posted within"),
        required=False,
        choices=[
            ("", "—"),
            ("1", gettext_lazy("1 day")),
            ("7", gettext_lazy("7 days")),
            ("30", gettext_lazy("30 days")),
        ],
    )
    sort = forms.ChoiceField(label=gettext_lazy("Sort"), required=False, choices=SORT_CHOICES)
    lat = forms.CharField(label=gettext_lazy("latitude"), required=False, max_length=20)
    lon = forms.CharField(label=gettext_lazy("longitude"), required=False, max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.data.get("lat") and self.data.get("lon")):
            self.fields["sort"].choices = SORT_CHOICES[:-1]


def _query_error_message(exc: QueryError) -> str:
    message = exc.message_zh if (get_language() or "").startswith("zh") else exc.message_en
    return f"{exc.param}: {message}"


def _scope_path(user, code: str, form: JobFilterForm) -> str | None:
    """The division code path to search under: the chosen area, kept inside a staff user's area.
    None when the chosen code is unknown (the form carries the error)."""
    scope = getattr(user, "scope_path", "") if not getattr(user, "sees_everything", False) else ""
    if not code:
        return scope
    division = Division.objects.filter(code=code).first()
    if division is None:
        form.add_error("division", _("No area has this code."))
        return None
    path = division.path
    if scope and not (path == scope or path.startswith(scope + "/")):
        # Outside the user's area: search their area, or nothing if the chosen area is above theirs.
        return scope if scope.startswith(path + "/") else None
    return path


@never_cache
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """Seekers' job search over the embedded index; hits are re-read through `visible_to`."""
    form = JobFilterForm(request.GET or None)
    form.is_valid()  # for rendering only; the engine validates the values
    params = {key: request.GET.get(key) for key in request.GET}
    params.pop("today", None)
    if "contract" in request.GET:
        params["contract"] = request.GET.getlist("contract")
    path = _scope_path(request.user, (request.GET.get("division") or "").strip(), form)
    context = {"form": form, "postings": [], "result": None, "pay_bands": PAY_BANDS}
    if path is None:
        return render(request, "web/jobs/job_list.html", context)
    params["division"] = path
    try:
        result = search_postings(params)
    except QueryError as exc:
        context["error"] = _query_error_message(exc)
        return render(request, "web/jobs/job_list.html", context, status=400)
    ids = [hit.id for hit in result.hits]
    found = (
        JobPosting.objects.visible_to(request.user).live().select_related("employer", "division").in_bulk(ids)
    )
    contract_labels = dict(ContractType.choices)
    counties = {d.code: d.name for d in Division.objects.filter(code__in=list(result.facets.county))}
    bands = {label: (lo, hi) for label, lo, hi in PAY_BANDS}
    context.update(
        {
            "result": result,
            "postings": [found[i] for i in ids if i in found],
            "facets": {
                "occupation": sorted(result.facets.occupation_major.items()),
                "county": [
                    (code, counties.get(code, code), n)
                    for code, n in sorted(result.facets.county.items())
                    if code
                ],
                "contract": [
                    (c, contract_labels.get(c, c), n)
                    for c, n in sorted(result.facets.contract_type.items())
                    if c
                ],
                "pay": [
                    (label, bands[label][0], None if bands[label][1] is None else bands[label][1] - 1, n)
                    for label, n in result.facets.pay_band.items()
                    if n
                ],
            },
            "previous_page": result.page - 1 if result.page > 1 else None,
            # PostgreSQL search stops counting at a cap: the total and the facet counts are then lower bounds.
            "total_at_least": _at_least(result.total) if result.total_is_lower_bound else None,
        }
    )
    shown = employer_responsiveness({p.employer_id for p in context["postings"]})
    for p in context["postings"]:
        p.responsiveness = shown.get(p.employer_id)
    return render(request, "web/jobs/job_list.html", context)


def _at_least(n: int) -> str:
    """A count that stopped at ``n``: "10,000+" (Chinese "1万+": ten thousands are translated as 万)."""
    if 10_000 <= n < 1_000_000 and n % 10_000 == 0:
        # Translators: a count of at least this many ten thousands, e.g. "10,000+" in English, "1万+" in Chinese.
        return _("%(ten_thousands)s0,000+") % {"ten_thousands": n // 10_000}
    return _("%(count)s+") % {"count": f"{n:,}"}


@never_cache
@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(
        JobPosting.objects.visible_to(request.user).select_related(
            "employer", "division", "occupation", "education"
        ),
        pk=pk,
    )
    user = request.user
    applied = None
    if user.is_citizen and user.person_id:
        applied = JobApplication.objects.filter(posting=posting, person_id=user.person_id).first()
    posting.responsiveness = responsiveness_for_employer(posting.employer_id)
    return render(
        request,
        "web/jobs/job_detail.html",
        {
            "posting": posting,
            "applied": applied,
            "can_apply": user.is_citizen and bool(user.person_id) and applied is None and posting.is_live(),
            "can_manage": services.can_manage_posting(user, posting),
            "can_refer": user.works_on_cases and posting.is_live(),
        },
    )


@require_POST
@login_required
def job_apply(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
    try:
        services.apply(posting, by=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc))
        return redirect("web:job_detail", pk=pk)
    messages.success(request, _("Your application has been sent. The employer answers on the platform."))
    return redirect("web:my_applications")


@never_cache
@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    if not request.user.is_citizen:
        raise PermissionDenied
    apps = JobApplication.objects.visible_to(request.user).select_related("posting__employer")
    return render(
        request,
        "web/jobs/my_applications.html",
        {
            "page": paginate(request, apps),
            "withdrawable": [s.value for s in TRANSITIONS if A.WITHDRAWN in TRANSITIONS[s]],
        },
    )


@require_POST
@login_required
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_object_or_404(JobApplication.objects.visible_to(request.user), pk=pk)
    try:
        services.transition(app, A.WITHDRAWN, request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Application withdrawn."))
    return redirect("web:my_applications")


# --- employers and staff: postings --------------------------------------------------------------------


@never_cache
@login_required
def posting_manage_list(request: HttpRequest) -> HttpResponse:
    if not _manager(request.user):
        raise PermissionDenied
    status = request.GET.get("status", "")
    postings = (
        JobPosting.objects.visible_to(request.user)
        .select_related("employer", "division")
        .annotate(
            n_applications=Count("applications"),
            n_open=Count(
                "applications",
                filter=Q(applications__status__in=[A.SUBMITTED, A.VIEWED, A.INTERVIEW, A.OFFERED]),
            ),
        )
        .order_by("-updated_at", "-id")
    )
    if status in PostingStatus.values:
        postings = postings.filter(status=status)
    return render(
        request,
        "web/jobs/manage_list.html",
        {
            "page": paginate(request, postings),
            "statuses": PostingStatus.choices,
            "status": status,
            "can_create": request.user.is_employer_user and bool(request.user.employer_id),
        },
    )


@require_POST
@login_required
def posting_action(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
    if not services.can_manage_posting(request.user, posting):
        raise PermissionDenied
    action = request.POST.get("action")
    done = {
        "publish": (services.publish_posting, _("The posting is published.")),
        "reconfirm": (services.reconfirm_posting, _("The posting is re-confirmed for another 30 days.")),
        "close": (services.close_posting, _("The posting is closed.")),
    }.get(action or "")
    if done is None:
        messages.error(request, _("Unknown action."))
        return redirect("web:posting_manage_list")
    try:
        done[0](posting, by=request.user)
    except PostingError as exc:
        for msgs in exc.message_dict.values():
            for msg in msgs:
                messages.error(request, msg)
        if action == "publish" and posting.status == PostingStatus.DRAFT:
            return redirect("web:posting_edit", pk=pk)
    else:
        messages.success(request, done[1])
    return redirect("web:posting_manage_list")


# --- employers and staff: applications ----------------------------------------------------------------


@never_cache
@login_required
def posting_applications(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
    if not services.can_manage_posting(request.user, posting):
        raise PermissionDenied
    apps = list(posting.applications.select_related("person", "referred_by"))
    for app in apps:
        app.applicant_name = (
            display_name(request.user, app.person)
            if not request.user.is_employer_user
            else (
                app.person.name  # the applicant chose to show their name to this employer by applying
            )
        )
        app.moves = [(s, label) for s, label in _move_labels() if s in TRANSITIONS[app.status]]
        app.can_reject = A.REJECTED in TRANSITIONS[app.status]
    return render(
        request,
        "web/jobs/posting_applications.html",
        {
            "posting": posting,
            "applications": apps,
            "reasons": RejectionReason.choices,
        },
    )


def _move_labels() -> list[tuple[str, str]]:
    """The employer's buttons, worded as actions rather than as the resulting status."""
    return [
        (A.VIEWED, _("Mark as viewed")),
        (A.INTERVIEW, _("Invite to interview")),
        (A.OFFERED, _("Make an offer")),
        (A.HIRED, _("Record the hire")),
    ]


@require_POST
@login_required
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_object_or_404(JobApplication.objects.visible_to(request.user).select_related("posting"), pk=pk)
    to = request.POST.get("to", "")
    if to not in A.values:
        messages.error(request, _("Unknown status."))
    else:
        try:
            services.transition(app, to, request.user, reason=request.POST.get("reason") or None)
        except ApplicationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Application moved to “%(status)s”.") % {"status": A(to).label})
    return redirect("web:posting_applications", pk=app.posting_id)


# --- staff: referral ----------------------------------------------------------------------------------


class ReferForm(forms.Form):
    resident_id = forms.CharField(
        label=gettext_lazy("Resident ID number of the person"),
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_resident_id(self) -> Person:
        try:
            number = parse_resident_id(self.cleaned_data["resident_id"]).number
        except IdentifierError as exc:
            raise ValidationError(exc.en if (get_language() or "").startswith("en") else exc.zh) from None
        person = Person.objects.visible_to(self.user).by_resident_id(number).first()
        if person is None:
            raise ValidationError(_("No person with this ID number lives in your area."))
        return person


@never_cache
@login_required
def posting_refer(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.works_on_cases:
        raise PermissionDenied
    # Referral crosses districts: a caseworker may refer their people to any live posting.
    posting = get_object_or_404(JobPosting.objects.live(), pk=pk)
    form = ReferForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.refer(posting, form.cleaned_data["resident_id"], by=request.user)
        except ApplicationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The person has been referred to this posting."))
            return redirect("web:posting_manage_list")
    return render(request, "web/jobs/refer.html", {"form": form, "posting": posting})
