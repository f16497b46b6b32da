"""Small helpers shared by the web views: who sees which name, HTMX detection, pagination."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, QueryDict

from jiuye.core.pii import mask_resident_id

PAGE_SIZE = 25


def shows_full_names(user: Any, person: Any = None) -> bool:
    """Case workers read names; analysts and leaders work on aggregates and read masked names.

    A citizen reads their own name in full (they can reach no other person)."""
    if getattr(user, "works_on_cases", False):
        return True
    if getattr(user, "is_citizen", False) and person is not None:
        return user.person_id is not None and user.person_id == person.pk
    return False


def display_name(user: Any, person: Any) -> str:
    return person.name if shows_full_names(user, person) else person.masked_name


def is_htmx(request: HttpRequest) -> bool:
    """A request made by HTMX for a fragment (not a boosted navigation nor a history restore, which
    need the whole page)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def paginate(request: HttpRequest, queryset, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def params_for_display(params: QueryDict) -> QueryDict:
    """The query parameters as the page may echo them: a full resident ID typed into the search box
    comes back masked (in the box, the paging links and the language switch), never in clear."""
    q = (params.get("q") or "").strip().upper().replace(" ", "")
    if len(q) in (15, 18) and q[:-1].isdigit():
        safe = params.copy()
        safe["q"] = mask_resident_id(q)
        return safe
    return params
