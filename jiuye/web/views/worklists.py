"""Worklists: what the comparisons across department data found, for the staff of each area.

`/worklists/` counts open entries per list (and per sub-division for analysts and leaders);
`/worklists/<kind>/` lists one list's open entries; `…/export.csv` downloads it. Every view starts
from `WorklistEntry.objects.visible_to(user)`; names are shown as the user may read them (masked for
analysts and leaders), identifiers always masked; an export is an audit event.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from jiuye.accounts.enums import Role
from jiuye.comparisons.enums import WorklistKind
from jiuye.comparisons.models import WorklistEntry
from jiuye.comparisons.reasons import describe_reasons
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division

from ..display import display_name, paginate
from .analyst import _breadcrumbs, _scope_division, counts_by_child

FIELD_ROLES = (Role.CASEWORKER, Role.INSPECTOR)


def _require_staff(user) -> None:
    if not (user.is_staff_role or user.is_superuser):
        raise PermissionDenied


def _kind_or_404(kind: str) -> WorklistKind:
    if kind not in WorklistKind.values:
        raise Http404("No such worklist")
    return WorklistKind(kind)


def _in_area(queryset, division: Division | None):
    if division is None:
        return queryset
    return queryset.filter(Q(division__path=division.path) | Q(division__path__startswith=division.path + "/"))


def open_count_rows(user, division: Division | None = None) -> list[dict[str, Any]]:
    """[{kind, label, n}] of open entries in the user's scope (optionally one area inside it)."""
    counts = _in_area(WorklistEntry.objects.visible_to(user).open(), division).counts_by_kind()
    return [{"kind": str(kind), "label": kind.label, "n": counts[str(kind)]} for kind in WorklistKind]


def _by_subdivision(user, division: Division | None) -> list[dict[str, Any]]:
    """Open entries per kind in each child area of `division` (grouped queries, as on the analyst page)."""
    children = list(Division.objects.children_of(division).annotate(n_children=Count("children")).order_by("code"))
    if not children:
        return []
    entries = WorklistEntry.objects.visible_to(user).open()
    per_kind = {
        str(kind): counts_by_child(entries.of_kind(kind), "division__path", division, children)[0]
        for kind in WorklistKind
    }
    return [
        {
            "division": child,
            "drill": child.n_children > 0,
            "values": [(str(kind), per_kind[str(kind)].get(child.path, 0)) for kind in WorklistKind],
        }
        for child in children
    ]


@never_cache
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_staff(user)
    division, own = _scope_division(request)
    no_scope = own is None and not user.sees_everything
    context = {
        "division": division,
        "own_scope": own,
        "breadcrumbs": _breadcrumbs(division, own),
        "kinds": list(WorklistKind),
        "rows": open_count_rows(user, division if division != own else None) if not no_scope else [],
        "no_scope": no_scope,
        # Analysts, leaders and administrators compare areas; caseworkers and inspectors work their own.
        "by_subdivision": [] if (no_scope or user.role in FIELD_ROLES) else _by_subdivision(user, division),
    }
    return render(request, "web/worklists/overview.html", context)


def _entries(request: HttpRequest, kind: WorklistKind):
    """The open entries of one list the user may see, narrowed to `?division=` (inside the scope)."""
    division, own = _scope_division(request)
    entries = WorklistEntry.objects.visible_to(request.user).open().of_kind(kind)
    if division is not None and division != own:
        entries = _in_area(entries, division)
    entries = entries.select_related("division", "person", "household", "employer").order_by(
        "division__code", "-first_seen", "id"
    )
    return entries, division, own


@never_cache
@login_required
def worklist(request: HttpRequest, kind: str) -> HttpResponse:
    user = request.user
    _require_staff(user)
    kind = _kind_or_404(kind)
    entries, division, own = _entries(request, kind)
    page = paginate(request, entries)
    rows = [{"entry": e, "reasons": describe_reasons(e.kind, e.reasons)} for e in page.object_list]
    context = {
        "kind": kind,
        "page": page,
        "rows": rows,
        "division": division,
        "own_scope": own,
        "breadcrumbs": _breadcrumbs(division, own),
        "export_query": f"?division={division.code}" if division is not None and division != own else "",
    }
    return render(request, "web/worklists/list.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _subject_columns(user, entry: WorklistEntry) -> tuple[str, str]:
    """(name, identifier) as the user may read them: persons' names per role, resident IDs masked."""
    if entry.person_id:
        return display_name(user, entry.person), entry.person.resident_id_masked
    if entry.household_id:
        return "", entry.household.number
    return entry.employer.name, entry.employer.credit_code


@never_cache
@login_required
def export(request: HttpRequest, kind: str) -> StreamingHttpResponse:
    user = request.user
    _require_staff(user)
    kind = _kind_or_404(kind)
    entries, division, own = _entries(request, kind)
    n = entries.count()
    area = division or own
    record_event(
        None,
        actor=user,
        kind=EventKind.EXPORTED,
        request=request,
        division_path=area.path if area else "",
        data={"export": "worklist", "list": str(kind), "rows": n, "division": area.code if area else ""},
    )
    header = [
        _("List"), _("Area code"), _("Area"), _("Name"), _("Identifier"), _("Reasons"), _("First found"),
        _("Last found"),
    ]
    label = str(kind.label)

    def rows() -> Iterator[list[str]]:
        yield header
        for e in entries.iterator(chunk_size=2000):
            name, identifier = _subject_columns(user, e)
            yield [
                label, e.division.code, e.division.name, name, identifier, describe_reasons(e.kind, e.reasons),
                f"{timezone.localtime(e.first_seen):%Y-%m-%d}", f"{timezone.localtime(e.last_seen):%Y-%m-%d}",
            ]

    writer = csv.writer(_Echo())
    # A byte-order mark first, so that spreadsheet programs read the Chinese text as UTF-8.
    stream = (("\ufeff" if i == 0 else "") + writer.writerow(row) for i, row in enumerate(rows()))
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="worklist-{kind}-{stamp}.csv"'
    return response
