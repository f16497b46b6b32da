"""Library pages shared by every signed-in role: persons, households, employers.

Every view starts from `Model.objects.visible_to(request.user)`: a record outside the user's scope
is a 404, exactly as if it did not exist. Full reads of a person's record by staff are audited.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.registry.filters import EmployerFilter, PersonFilter
from jiuye.registry.models import (
    Employer,
    EmploymentSpell,
    Household,
    HouseholdMembership,
    Person,
    PersonKeyGroup,
    UnemploymentRegistration,
)

from ..display import is_htmx, paginate, params_for_display, shows_full_names
from ..forms import EmployerSearchForm, PersonSearchForm
from .employer import current_employee_count


def _list_response(request, template, partial, context) -> HttpResponse:
    """Full page, or just the results fragment when HTMX asks for it (live search, paging)."""
    response = render(request, partial if is_htmx(request) else template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@never_cache
@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None, user=request.user)
    persons = Person.objects.visible_to(request.user).select_related("division")
    if form.is_bound:
        persons = PersonFilter(request.GET, queryset=persons).qs if form.is_valid() else persons.none()
    page = paginate(request, persons)
    context = {"form": form, "page": page, "searched": form.is_bound}
    shown = params_for_display(request.GET)
    if shown is not request.GET:
        # Searched by a full ID: the results stay, the number is echoed masked.
        display_form = PersonSearchForm(shown, user=request.user)
        display_form.is_valid()
        context.update(
            form=display_form, query_params=shown, language_next=f"{request.path}?{shown.urlencode()}"
        )
    return _list_response(request, "web/persons/list.html", "web/persons/_results.html", context)


def _person_context(request: HttpRequest, person: Person) -> dict:
    user = request.user
    return {
        "person": person,
        "full_names": shows_full_names(user, person),
        "key_group_memberships": PersonKeyGroup.objects.filter(person=person).select_related("key_group"),
        "households": HouseholdMembership.objects.filter(
            person=person, household__in=Household.objects.visible_to(user)
        ).select_related("household", "household__division"),
        "spells": EmploymentSpell.objects.filter(person=person).select_related("employer", "occupation"),
        "registrations": UnemploymentRegistration.objects.filter(person=person).select_related(
            "division", "previous_employer"
        ),
        "can_reveal": user.can_reveal_identifiers,
    }


def _get_person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(
        Person.objects.visible_to(request.user).select_related(
            "division", "hukou_division", "education", "occupation"
        ),
        pk=pk,
    )


@never_cache
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request, pk)
    if request.user.is_staff_role:
        record_event(
            person,
            actor=request.user,
            kind=EventKind.RECORD_VIEWED,
            request=request,
            data={"page": "person_detail"},
        )
    return render(request, "web/persons/detail.html", _person_context(request, person))


@never_cache
@require_POST
@login_required
def person_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    person = _get_person(request, pk)  # out of scope → 404 before anything else
    if not request.user.can_reveal_identifiers:
        raise PermissionDenied
    record_event(
        person,
        actor=request.user,
        kind=EventKind.IDENTIFIER_REVEALED,
        request=request,
        data={"field": "resident_id"},
    )
    revealed = person.reveal_resident_id()
    if is_htmx(request):
        return render(request, "web/persons/_resident_id.html", {"person": person, "revealed": revealed})
    # The no-JavaScript path shows the whole record again, with the number: that is a full read too.
    record_event(
        person,
        actor=request.user,
        kind=EventKind.RECORD_VIEWED,
        request=request,
        data={"page": "person_reveal"},
    )
    context = _person_context(request, person)
    context["revealed"] = revealed
    return render(request, "web/persons/detail.html", context)


@never_cache
@login_required
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    household = get_object_or_404(Household.objects.visible_to(user).select_related("division"), pk=pk)
    if user.is_staff_role:
        record_event(
            household,
            actor=user,
            kind=EventKind.RECORD_VIEWED,
            request=request,
            data={"page": "household_detail"},
        )
    visible_ids = set(
        Person.objects.visible_to(user)
        .filter(household_memberships__household=household)
        .values_list("pk", flat=True)
    )
    members = [
        {"membership": m, "person": m.person, "linked": m.person_id in visible_ids}
        for m in household.members.select_related("person").order_by("id")
    ]
    return render(request, "web/households/detail.html", {"household": household, "members": members})


@never_cache
@login_required
def employer_list(request: HttpRequest) -> HttpResponse:
    form = EmployerSearchForm(request.GET or None)
    employers = Employer.objects.visible_to(request.user).select_related("industry", "division")
    if form.is_bound:
        employers = (
            EmployerFilter(request.GET, queryset=employers).qs if form.is_valid() else employers.none()
        )
    page = paginate(request, employers)
    context = {"form": form, "page": page, "searched": form.is_bound}
    return _list_response(request, "web/employers/list.html", "web/employers/_results.html", context)


@never_cache
@login_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    employer = get_object_or_404(
        Employer.objects.visible_to(user).select_related("industry", "division"), pk=pk
    )
    # Employees listed are those whose spells the user may see (for staff: people living in their scope).
    spells = (
        EmploymentSpell.objects.visible_to(user)
        .current()
        .filter(employer=employer)
        .select_related("person", "occupation")
        .order_by("person__name", "id")
    )
    context = {
        "employer": employer,
        "establishments": employer.establishments.select_related("division"),
        "current_employees": current_employee_count(employer),
        "employee_page": paginate(request, spells),
        "link_people": user.works_on_cases,
    }
    return render(request, "web/employers/detail.html", context)
