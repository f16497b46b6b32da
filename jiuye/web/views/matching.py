"""Recommendations, by audience.

Seekers: their job wishes (with the occupation the desired job was coded to, and the other suggestions to pick
from) and jobs recommended for them, with the reasons and Apply. Employers: anonymised candidates for one of their
postings — seekers who agreed to be shown — with "invite to apply". Caseworkers: jobs for a person in their area,
with Refer (a read of the person, audited). Analysts: the fairness report.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiuye.accounts.enums import Role
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.jobs import services as job_services
from jiuye.jobs.models import JobPosting
from jiuye.jobs.services import ApplicationError
from jiuye.matching import recommendations as rec
from jiuye.matching.models import SeekerProfile
from jiuye.registry.models import Person

from ..display import display_name

REPORT_ROLES = frozenset({Role.ANALYST, Role.LEADER, Role.ADMIN})


# --- seekers ----------------------------------------------------------------------------------------------------


class ProfileForm(forms.ModelForm):
    class Meta:
        model = SeekerProfile
        fields = [
            "desired_title",
            "pay_expected",
            "skills_text",
            "experience_years",
            "max_distance_km",
            "latitude",
            "longitude",
            "open_to_offers",
        ]
        widgets = {"skills_text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "desired_title": gettext_lazy(
                "The job you are looking for, in your own words, e.g. 仓库管理员. "
                "It is coded to the occupation classification."
            ),
            "skills_text": gettext_lazy("Skills, certificates and licences, e.g. 叉车证, Excel, 电工证."),
            "experience_years": gettext_lazy("Leave empty to use the work history in your record."),
            "latitude": gettext_lazy("Leave empty to use the centre of your area."),
            "open_to_offers": gettext_lazy(
                "Employers then see you as an anonymous candidate (no name, no ID, no "
                "contact details) and may invite you to apply. You can turn this off at "
                "any time."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("pay_expected", "max_distance_km"):
            self.fields[name].widget.attrs["min"] = 0


def _citizen_person(request: HttpRequest) -> Person:
    user = request.user
    if not (user.is_citizen and user.person_id):
        raise PermissionDenied
    return get_object_or_404(Person.objects.visible_to(user), pk=user.person_id)


def _save_profile_form(request: HttpRequest, person: Person, form: ProfileForm) -> bool:
    """Save through the service; its field errors land on the form. True when saved."""
    values = {name: form.cleaned_data[name] for name in rec.PROFILE_FIELDS if name in form.cleaned_data}
    try:
        rec.save_profile(person, by=request.user, **values)
    except rec.ProfileError as exc:
        for name, msgs in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, msgs)
        return False
    return True


class StaffProfileForm(ProfileForm):
    """What a caseworker records with the seeker. Consent to be shown to employers is the seeker's own."""

    class Meta(ProfileForm.Meta):
        fields = [name for name in ProfileForm.Meta.fields if name != "open_to_offers"]


def _profile_page(request: HttpRequest, person: Person, *, form_class=ProfileForm, extra: dict | None = None):
    """The job-wishes form; None once saved (the caller redirects)."""
    profile = SeekerProfile.objects.filter(person=person).select_related("desired_occupation").first()
    form = form_class(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid() and _save_profile_form(request, person, form):
        messages.success(request, _("The job wishes are saved."))
        return None
    suggestions = rec.suggestions_for(profile.desired_title) if profile and profile.desired_title else []
    context = {"form": form, "profile": profile, "person": person, "suggestions": suggestions}
    context.update(extra or {})
    return render(request, "web/matching/profile.html", context, status=400 if form.errors else 200)


def _choose(request: HttpRequest, profile: SeekerProfile) -> None:
    try:
        rec.choose_occupation(profile, request.POST.get("occupation", ""), by=request.user)
    except rec.ProfileError as exc:
        for msgs in exc.message_dict.values():
            for msg in msgs:
                messages.error(request, msg)
    else:
        messages.success(request, _("Occupation chosen."))


@never_cache
@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    person = _citizen_person(request)
    response = _profile_page(request, person, extra={"choose_url": reverse("web:my_profile_occupation")})
    return response or redirect("web:my_profile")


@require_POST
@login_required
def my_profile_occupation(request: HttpRequest) -> HttpResponse:
    person = _citizen_person(request)
    profile = get_object_or_404(SeekerProfile.objects.visible_to(request.user), person=person)
    _choose(request, profile)
    return redirect("web:my_profile")


@never_cache
@login_required
def my_recommendations(request: HttpRequest) -> HttpResponse:
    person = _citizen_person(request)
    rows = rec.recommend_jobs(person)
    has_profile = SeekerProfile.objects.filter(person=person).exists()
    return render(request, "web/matching/jobs_for_me.html", {"rows": rows, "has_profile": has_profile})


# --- employers --------------------------------------------------------------------------------------------------


def _distance_band(km: float | None) -> str:
    if km is None:
        return _("unknown")
    for limit in (5, 10, 20, 50):
        if km <= limit:
            return _("within %(km)s km") % {"km": limit}
    return _("more than 50 km")


def _managed_posting(request: HttpRequest, pk: int) -> JobPosting:
    posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
    if not job_services.can_manage_posting(request.user, posting):
        raise PermissionDenied
    return posting


@never_cache
@login_required
def posting_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _managed_posting(request, pk)
    rows = rec.recommend_candidates(posting) if posting.is_live() else []
    for row in rows:
        # Anonymised: masked name, education, occupation wished, experience band, distance band, reasons.
        row.masked = row.person.masked_name
        row.band = _distance_band(row.distance_km)
    return render(
        request, "web/matching/candidates.html", {"posting": posting, "rows": rows, "live": posting.is_live()}
    )


@require_POST
@login_required
def posting_candidate_invite(request: HttpRequest, pk: int) -> HttpResponse:
    posting = _managed_posting(request, pk)
    person = rec.candidate_by_token(posting, request.POST.get("candidate", ""))
    if person is None:
        messages.error(request, _("This candidate is no longer available."))
        return redirect("web:posting_candidates", pk=pk)
    try:
        rec.invite_candidate(posting, person, request.user)
    except rec.InvitationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "The candidate has been invited to apply. You will see them among the "
                "applications if they do."
            ),
        )
    return redirect("web:posting_candidates", pk=pk)


# --- caseworkers ------------------------------------------------------------------------------------------------


def _case_person(request: HttpRequest, pk: int) -> Person:
    if not request.user.works_on_cases:
        raise PermissionDenied
    return get_object_or_404(
        Person.objects.visible_to(request.user).select_related("division", "education"), pk=pk
    )


@never_cache
@login_required
def person_recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    person = _case_person(request, pk)
    record_event(
        person,
        actor=request.user,
        kind=EventKind.RECORD_VIEWED,
        request=request,
        data={"page": "person_recommendations"},
    )
    profile = SeekerProfile.objects.filter(person=person).select_related("desired_occupation").first()
    return render(
        request,
        "web/matching/person_recommendations.html",
        {
            "person": person,
            "name": display_name(request.user, person),
            "profile": profile,
            "rows": rec.recommend_jobs(person),
        },
    )


@never_cache
@login_required
def person_profile(request: HttpRequest, pk: int) -> HttpResponse:
    """A caseworker records a person's job wishes with them (consent to be shown stays the person's own)."""
    person = _case_person(request, pk)
    if request.method == "GET":
        record_event(
            person,
            actor=request.user,
            kind=EventKind.RECORD_VIEWED,
            request=request,
            data={"page": "person_job_wishes"},
        )
    extra = {
        "choose_url": reverse("web:person_profile_occupation", args=[pk]),
        "for_staff": True,
        "name": display_name(request.user, person),
    }
    response = _profile_page(request, person, form_class=StaffProfileForm, extra=extra)
    return response or redirect("web:person_recommendations", pk=pk)


@require_POST
@login_required
def person_profile_occupation(request: HttpRequest, pk: int) -> HttpResponse:
    person = _case_person(request, pk)
    profile = get_object_or_404(SeekerProfile.objects.visible_to(request.user), person=person)
    _choose(request, profile)
    return redirect("web:person_profile", pk=pk)


@require_POST
@login_required
def person_recommendation_refer(request: HttpRequest, pk: int, posting_pk: int) -> HttpResponse:
    person = _case_person(request, pk)
    # Referral crosses districts: a caseworker may refer their people to any live posting.
    posting = get_object_or_404(JobPosting.objects.live(), pk=posting_pk)
    try:
        job_services.refer(posting, person, by=request.user)
    except ApplicationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The person has been referred to this posting."))
    return redirect("web:person_recommendations", pk=pk)


# --- analysts ---------------------------------------------------------------------------------------------------


@never_cache
@login_required
def recommendation_report(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (user.is_superuser or (user.is_staff_role and user.role in REPORT_ROLES)):
        raise PermissionDenied
    report = rec.recommendation_report(user)
    record_event(
        None,
        actor=user,
        kind=EventKind.EXPORTED,
        request=request,
        division_path=getattr(user, "scope_path", ""),
        data={"report": "recommendation_fairness"},
    )
    return render(request, "web/matching/report.html", {"report": report})
