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

from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.jobs import services
from jiuye.jobs.enums import ApplicationStatus, PostingStatus, RejectionReason
from jiuye.jobs.models import JobApplication, JobPosting
from jiuye.jobs.services import TRANSITIONS, ApplicationError, PostingError
from jiuye.registry.identifiers import IdentifierError, parse_resident_id
from jiuye.registry.models import Person
from jiuye.taxonomy.models import Occupation

from ..display import display_name, paginate

A = ApplicationStatus


def _manager(user) -> bool:
    """Employer users with an employer, and staff, manage postings."""
    return (user.is_employer_user and bool(user.employer_id)) or user.is_staff_role or user.is_superuser


def _errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    for field, msgs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


# --- seekers ------------------------------------------------------------------------------------------


class JobFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Job title contains"), required=False, max_length=60)
    division = forms.CharField(label=gettext_lazy("Area code"), required=False, max_length=12,
                               help_text=gettext_lazy("A division code, e.g. 430302; its sub-areas are included."))


@never_cache
@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    form = JobFilterForm(request.GET or None)
    postings = JobPosting.objects.visible_to(request.user).live().select_related("employer", "division")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["q"]:
            postings = postings.filter(title__icontains=form.cleaned_data["q"])
        code = form.cleaned_data["division"]
        if code:
            division = Division.objects.filter(code=code).first()
            if division is None:
                form.add_error("division", _("No area has this code."))
                postings = postings.none()
            else:
                postings = postings.filter(Q(division=division) | Q(division__path__startswith=division.path + "/"))
    return render(request, "web/jobs/job_list.html", {"form": form, "page": paginate(request, postings)})


@never_cache
@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(
        JobPosting.objects.visible_to(request.user).select_related("employer", "division", "occupation", "education"),
        pk=pk,
    )
    user = request.user
    applied = None
    if user.is_citizen and user.person_id:
        applied = JobApplication.objects.filter(posting=posting, person_id=user.person_id).first()
    return render(request, "web/jobs/job_detail.html", {
        "posting": posting, "applied": applied,
        "can_apply": user.is_citizen and bool(user.person_id) and applied is None and posting.is_live(),
        "can_manage": services.can_manage_posting(user, posting),
        "can_refer": user.works_on_cases and posting.is_live(),
    })


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
    return render(request, "web/jobs/my_applications.html", {
        "page": paginate(request, apps), "withdrawable": [s.value for s in TRANSITIONS if A.WITHDRAWN in TRANSITIONS[s]],
    })


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
    postings = JobPosting.objects.visible_to(request.user).select_related("employer", "division").annotate(
        n_applications=Count("applications"),
        n_open=Count("applications", filter=Q(applications__status__in=[A.SUBMITTED, A.VIEWED, A.INTERVIEW,
                                                                         A.OFFERED])),
    ).order_by("-updated_at", "-id")
    if status in PostingStatus.values:
        postings = postings.filter(status=status)
    return render(request, "web/jobs/manage_list.html", {
        "page": paginate(request, postings), "statuses": PostingStatus.choices, "status": status,
        "can_create": request.user.is_employer_user and bool(request.user.employer_id),
    })


class PostingForm(forms.ModelForm):
    occupation_code = forms.CharField(
        label=gettext_lazy("Occupation code"), required=False, max_length=16,
        help_text=gettext_lazy("The detailed occupation of the 2022 occupation classification, e.g. 4-02-01-01."),
    )
    division_code = forms.CharField(
        label=gettext_lazy("Work location (area code)"), max_length=12,
        help_text=gettext_lazy("The county or township where the work is, e.g. 430302001."),
    )

    class Meta:
        model = JobPosting
        fields = [
            "title", "description", "occupation_code", "division_code", "address", "latitude", "longitude",
            "pay_min", "pay_max", "pay_months", "pay_text", "contract_type", "headcount", "education",
            "experience_years", "working_hours", "social_insurance", "valid_from", "valid_until",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        inst = self.instance
        if inst.occupation_id:
            self.fields["occupation_code"].initial = inst.occupation.code
        if inst.division_id:
            self.fields["division_code"].initial = inst.division.code

    def clean_occupation_code(self):
        code = self.cleaned_data["occupation_code"].strip()
        if not code:
            return None
        occ = Occupation.objects.filter(code=code).first()
        if occ is None:
            raise ValidationError(_("No occupation has this code in the classification."))
        return occ

    def clean_division_code(self):
        division = Division.objects.filter(code=self.cleaned_data["division_code"].strip()).first()
        if division is None:
            raise ValidationError(_("No area has this code."))
        if division.level not in (DivisionLevel.COUNTY, DivisionLevel.TOWNSHIP):
            raise ValidationError(_("The work location must be a county or a township."))
        return division

    def apply_to_instance(self) -> JobPosting:
        posting = self.instance
        posting.occupation = self.cleaned_data["occupation_code"]
        posting.division = self.cleaned_data["division_code"]
        return posting


def _posting_form(request: HttpRequest, posting: JobPosting) -> HttpResponse:
    form = PostingForm(request.POST or None, instance=posting)
    if request.method == "POST" and form.is_valid():
        posting = form.apply_to_instance()
        try:
            services.save_draft(posting, by=request.user)
        except PostingError as exc:
            _errors_to_form(form, exc)
        else:
            if "publish" not in request.POST:
                messages.success(request, _("Draft saved."))
                return redirect("web:posting_manage_list")
            try:
                services.publish_posting(posting, by=request.user)
            except PostingError as exc:
                _errors_to_form(form, exc)
                messages.warning(request, _("Saved as a draft. It cannot be published until the fields marked "
                                            "below are corrected."))
            else:
                messages.success(request, _("The posting is published."))
                return redirect("web:job_detail", pk=posting.pk)
    return render(request, "web/jobs/posting_form.html", {"form": form, "posting": posting})


@never_cache
@login_required
def posting_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_employer_user and user.employer_id):
        raise PermissionDenied
    posting = JobPosting(employer=user.employer, division=user.employer.division, status=PostingStatus.DRAFT)
    return _posting_form(request, posting)


@never_cache
@login_required
def posting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
    if not services.can_manage_posting(request.user, posting):
        raise PermissionDenied
    if posting.status != PostingStatus.DRAFT:
        messages.error(request, _("Only drafts can be edited; close this posting and create a new one."))
        return redirect("web:posting_manage_list")
    return _posting_form(request, posting)


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
        app.applicant_name = display_name(request.user, app.person) if not request.user.is_employer_user else (
            app.person.name  # the applicant chose to show their name to this employer by applying
        )
        app.moves = [(s, label) for s, label in _move_labels() if s in TRANSITIONS[app.status]]
        app.can_reject = A.REJECTED in TRANSITIONS[app.status]
    return render(request, "web/jobs/posting_applications.html", {
        "posting": posting, "applications": apps, "reasons": RejectionReason.choices,
    })


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
        label=gettext_lazy("Resident ID number of the person"), max_length=18,
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
