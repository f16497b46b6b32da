"""The employer user's workspace: their own employer."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jiuye.registry.models import Employer, EmploymentSpell


def workspace_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    employer = Employer.objects.visible_to(user).select_related("industry", "division").first()
    context: dict[str, Any] = {"employer": employer}
    if employer is not None:
        context.update(
            establishments=employer.establishments.select_related("division"),
            current_employees=current_employee_count(employer),
        )
    return context


def current_employee_count(employer: Employer) -> int:
    """How many people currently work for the employer (an aggregate, whoever lives where)."""
    return EmploymentSpell.objects.current().filter(employer=employer).values("person_id").distinct().count()
