"""Analysts, leaders and administrators: counts by sub-division of their scope, with drill-down.

Aggregates only — no names. Each measure is one grouped query per path length (children of one
division share a code length), not one query per child, so a province page stays cheap.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.geography.models import Division
from jiuye.registry.models import Employer, Person, UnemploymentRegistration

MEASURES = [
    ("persons", _("Persons")),
    ("registered_unemployed", _("Registered unemployed")),
    ("employers", _("Employers")),
    ("key_group_members", _("Key-group members")),
]


def counts_by_child(
    queryset: QuerySet,
    path_field: str,
    scope: Division | None,
    children: list[Division],
    distinct: str = "pk",
) -> tuple[dict[str, int], int]:
    """Count rows of `queryset` in each child's subtree, and rows sitting at `scope` itself.

    Returns ({child path: count}, count at scope). `path_field` is the lookup to the division path.
    """
    by_length: dict[int, set[str]] = defaultdict(set)
    for child in children:
        by_length[len(child.path)].add(child.path)
    counts: dict[str, int] = {}
    prefix = scope.path + "/" if scope else ""
    base = queryset.filter(**{f"{path_field}__startswith": prefix}) if prefix else queryset
    for length, paths in by_length.items():
        rows = (
            base.annotate(_child=Substr(path_field, 1, length))
            .values("_child")
            .annotate(n=Count(distinct, distinct=True))
            .order_by()
        )
        for row in rows:
            if row["_child"] in paths:
                counts[row["_child"]] = row["n"]
    at_scope = 0
    if scope is not None:
        at_scope = (
            queryset.filter(**{path_field: scope.path}).aggregate(n=Count(distinct, distinct=True))["n"] or 0
        )
    return counts, at_scope


def _scope_division(request: HttpRequest) -> tuple[Division | None, Division | None]:
    """(the division the page is about, the user's own scope). None means national."""
    user = request.user
    own = None if user.sees_everything else user.division
    code = request.GET.get("division", "").strip()
    if not code:
        return own, own
    allowed = Division.objects.all() if own is None else Division.objects.within(own)
    try:
        return allowed.get(code=code), own
    except Division.DoesNotExist as exc:
        raise Http404("No such division in your scope") from exc


def _breadcrumbs(division: Division | None, own: Division | None) -> list[Division]:
    if division is None:
        return []
    codes = division.ancestor_codes
    if own is not None:
        codes = codes[len(own.ancestor_codes) - 1 :]
    by_code = {d.code: d for d in Division.objects.filter(code__in=codes)}
    return [by_code[c] for c in codes if c in by_code]


def workspace_context(request: HttpRequest, *, national_heading: bool = False) -> dict[str, Any]:
    user = request.user
    division, own = _scope_division(request)
    if own is None and not user.sees_everything:  # staff attached to no division see nothing
        return {"division": None, "rows": [], "measures": MEASURES, "no_scope": True}
    # explicit order: Meta.ordering is not applied to GROUP BY queries
    children = list(
        Division.objects.children_of(division).annotate(n_children=Count("children")).order_by("code")
    )
    today = timezone.localdate()
    querysets = {
        "persons": (Person.objects.visible_to(user), "division__path", "pk"),
        "registered_unemployed": (
            # counted where the person lives (registrations sit at district offices, not townships)
            UnemploymentRegistration.objects.visible_to(user).open(),
            "person__division__path",
            "person_id",
        ),
        "employers": (Employer.objects.visible_to(user), "division__path", "pk"),
        "key_group_members": (
            Person.objects.visible_to(user).filter(
                Q(key_group_memberships__since__lte=today)
                & (Q(key_group_memberships__until__isnull=True) | Q(key_group_memberships__until__gte=today))
            ),
            "division__path",
            "pk",
        ),
    }
    per_measure = {}
    at_scope = {}
    for key, (qs, field, distinct) in querysets.items():
        per_measure[key], at_scope[key] = counts_by_child(qs, field, division, children, distinct)
    rows = [
        {
            "division": child,
            "drill": child.n_children > 0,
            "values": [per_measure[key].get(child.path, 0) for key, _label in MEASURES],
        }
        for child in children
    ]
    direct = [at_scope[key] for key, _label in MEASURES]
    totals = [sum(row["values"][i] for row in rows) + direct[i] for i in range(len(MEASURES))]
    chart = {
        "categories": [row["division"].name for row in rows],
        "series": [
            {"name": str(label), "data": [row["values"][i] for row in rows]}
            for i, (_key, label) in enumerate(MEASURES)
        ],
    }
    from .warnings import open_warnings_for  # the early-warning panel (issue 8)

    return {
        "open_warnings": open_warnings_for(user),
        "division": division,
        "own_scope": own,
        "national_heading": national_heading,
        "breadcrumbs": _breadcrumbs(division, own),
        "measures": MEASURES,
        "rows": rows,
        "direct": direct if any(direct) else None,
        "totals": totals,
        "summary": [(label, total) for (_key, label), total in zip(MEASURES, totals, strict=True)],
        "chart": chart,
    }
