"""The citizen's workspace: their own record, if the library knows them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from jiuye.registry.models import EmploymentSpell, Household, Person, UnemploymentRegistration


def workspace_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    # visible_to reduces a citizen's view to their own person; no lookup by anything else.
    person = Person.objects.visible_to(user).select_related("division", "education").first()
    context: dict[str, Any] = {"person": person}
    if person is not None:
        context.update(
            spells=EmploymentSpell.objects.visible_to(user).select_related("employer")[:20],
            registrations=UnemploymentRegistration.objects.visible_to(user).select_related("division")[:20],
            households=Household.objects.visible_to(user),
        )
    return context
