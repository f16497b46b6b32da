"""Entrepreneurship support (issue 9, part 5).

Public: the registration link to the market-supervision portal and the directory of incubators and mentors.
Citizens: their start-ups (plan, then record the registration with the credit code) and the guaranteed loan
(the policy engine's decision with reasons; one click starts the prefilled application in the policy pages).
Staff: start-ups in their area with survival at 6/12/24 months and jobs created, and the directory's management.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.geography.models import Division
from jiuye.network.startups import services
from jiuye.network.startups.models import Incubator, Mentor, Startup
from jiuye.policies.services import PolicyError
from jiuye.registry.models import Person


def _errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    for field, msgs in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, msgs)


def _staff(user) -> bool:
    return user.is_authenticated and (user.works_on_cases or user.is_superuser)


def directory(request: HttpRequest) -> HttpResponse:
    code = (request.GET.get("division") or "").strip()
    incubators = Incubator.objects.listed().select_related("division")
    mentors = Mentor.objects.listed().select_related("division", "incubator")
    if code:
        division = Division.objects.filter(code=code).first()
        if division is None:
            messages.error(request, _("“%(code)s” is not a known division code.") % {"code": code[:20]})
        else:
            incubators = incubators.filter(division__path__startswith=division.path)
            mentors = mentors.filter(division__path__startswith=division.path)
    return render(
        request,
        "web/startups/directory.html",
        {
            "portal": services.registration_portal(),
            "incubators": incubators[:200],
            "mentors": mentors[:200],
            "division": code,
            "staff": _staff(request.user),
        },
    )


class StartupForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Business name"), max_length=200)
    activity = forms.CharField(label=gettext_lazy("Line of business"), max_length=200, required=False)


class RegisterForm(forms.Form):
    credit_code = forms.CharField(label=gettext_lazy("Unified social credit code"), max_length=24)
    registered_on = forms.DateField(
        label=gettext_lazy("Registered on"), widget=forms.DateInput(attrs={"type": "date"})
    )


def _me(request: HttpRequest) -> Person:
    if not request.user.is_citizen or not request.user.person_id:
        raise PermissionDenied(_("These pages are for citizens with a personal record."))
    person = Person.objects.visible_to(request.user).select_related("division").first()
    if person is None:
        raise Http404
    return person


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    form = StartupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_startup(person, by=request.user, **form.cleaned_data)
        except services.StartupError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Recorded. Register it on the market-supervision portal, then add its credit code here."),
            )
            return redirect("web:startups_mine")
    return _mine(request, person, form)


def _mine(request, person, form=None, register_form=None, register_pk=None):
    decision = services.loan_eligibility(person)
    return render(
        request,
        "web/startups/mine.html",
        {
            "startups": Startup.objects.visible_to(request.user).order_by("-id"),
            "form": form or StartupForm(),
            "register_form": register_form or RegisterForm(),
            "register_pk": register_pk,
            "portal": services.registration_portal(),
            "loan": decision,
            "policy": services.LOAN_POLICY,
        },
    )


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    startup = get_object_or_404(Startup.objects.visible_to(request.user), pk=pk)
    form = RegisterForm(request.POST)
    if form.is_valid():
        try:
            services.register_startup(startup, by=request.user, **form.cleaned_data)
        except services.StartupError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("The registration is recorded."))
            return redirect("web:startups_mine" if request.user.is_citizen else "web:startups_staff")
    if request.user.is_citizen:
        return _mine(request, _me(request), register_form=form, register_pk=startup.pk)
    messages.error(request, "; ".join(f"{k}: {', '.join(v)}" for k, v in form.errors.items()))
    return redirect("web:startups_staff")


@login_required
@require_POST
def loan_apply(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    try:
        app = services.start_loan_application(person, by=request.user)
    except PolicyError as exc:
        messages.error(request, str(exc))
        return redirect("web:startups_mine")
    return redirect("web:policy_application", pk=app.pk)


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_staff_role or request.user.is_superuser):
        raise PermissionDenied
    startups = Startup.objects.visible_to(request.user)
    report = services.survival_report(startups)
    return render(
        request,
        "web/startups/staff.html",
        {
            "report": report,
            "startups": startups.select_related("division", "employer", "incubator")[:200],
            "incubators": Incubator.objects.visible_to(request.user)[:200],
            "mentors": Mentor.objects.visible_to(request.user)[:200],
            "milestones": [report["overall"].milestones[k] for k in sorted(report["overall"].milestones)],
            "cohorts": [
                {"label": label, "s": s, "milestones": [s.milestones[k] for k in sorted(s.milestones)]}
                for label, s in report["cohorts"].items()
            ],
            "manage": _staff(request.user),
        },
    )


class IncubatorForm(forms.ModelForm):
    division_code = forms.CharField(label=gettext_lazy("Division code"), max_length=12)

    class Meta:
        model = Incubator
        fields = [
            "name",
            "kind",
            "address",
            "latitude",
            "longitude",
            "services",
            "capacity",
            "phone",
            "is_active",
        ]
        widgets = {"services": forms.Textarea(attrs={"rows": 3})}

    def clean_division_code(self):
        division = Division.objects.filter(code=self.cleaned_data["division_code"].strip()).first()
        if division is None:
            raise forms.ValidationError(_("No area has this code."))
        return division


class MentorForm(forms.ModelForm):
    division_code = forms.CharField(label=gettext_lazy("Division code"), max_length=12)

    class Meta:
        model = Mentor
        fields = ["name", "title", "expertise", "incubator", "listed_publicly", "is_active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incubator"].queryset = Incubator.objects.visible_to(user)

    clean_division_code = IncubatorForm.clean_division_code


def _edit(request, model, form_class, pk, save, **form_kw):
    if not _staff(request.user):
        raise PermissionDenied
    obj = get_object_or_404(model.objects.visible_to(request.user), pk=pk) if pk else model()
    initial = {"division_code": obj.division.code} if pk else {}
    form = form_class(request.POST or None, instance=obj, initial=initial, **form_kw)
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.division = form.cleaned_data["division_code"]
        try:
            save(obj, by=request.user)
        except services.StartupError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("web:startups_staff")
    return render(
        request, "web/startups/form.html", {"form": form, "obj": obj, "kind": model._meta.verbose_name}
    )


@login_required
def incubator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _edit(request, Incubator, IncubatorForm, pk, services.save_incubator)


@login_required
def mentor_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    return _edit(request, Mentor, MentorForm, pk, services.save_mentor, user=request.user)
