"""The caseworker's and inspector's workspace: the people and households of their district."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.registry.enums import EmployerStatus
from jiuye.registry.models import Employer, Household, Person, PersonKeyGroup, UnemploymentRegistration

from .worklists import open_count_rows

LIST_LENGTH = 10


def current_key_group_memberships(user, on=None):
    on = on or timezone.localdate()
    visible_people = Person.objects.visible_to(user)
    return PersonKeyGroup.objects.filter(person__in=visible_people, since__lte=on).filter(
        Q(until__isnull=True) | Q(until__gte=on)
    )


def workspace_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    persons = Person.objects.visible_to(user)
    registrations = UnemploymentRegistration.objects.visible_to(user).open()
    memberships = current_key_group_memberships(user)
    households = Household.objects.visible_to(user).zero_employment()
    counts = {
        "persons": persons.count(),
        "registered_unemployed": registrations.count(),
        "key_group_members": memberships.values("person_id").distinct().count(),
        "zero_employment_households": households.count(),
    }
    context: dict[str, Any] = {
        "scope": user.division,
        "counts": counts,
        "recent_registrations": registrations.select_related("person", "division").order_by(
            "-registered_on", "-id"
        )[:LIST_LENGTH],
        "key_group_memberships": memberships.select_related("person", "key_group").order_by("-since", "-id")[
            :LIST_LENGTH
        ],
        "zero_employment_households": households.select_related("division").order_by("-updated_at", "-id")[
            :LIST_LENGTH
        ],
    }
    context["worklist_rows"] = open_count_rows(user)
    if user.role == Role.INSPECTOR:
        employers = Employer.objects.visible_to(user)
        context["employer_counts"] = {
            "active": employers.filter(status=EmployerStatus.ACTIVE).count(),
            "abnormal": employers.filter(status=EmployerStatus.ABNORMAL).count(),
        }
        context["abnormal_employers"] = employers.filter(status=EmployerStatus.ABNORMAL).select_related(
            "industry", "division"
        )[:LIST_LENGTH]
    return context
