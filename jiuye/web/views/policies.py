"""Policy pages (issue 5).

Public (no sign-in): the catalogue and a page per policy, generated from the engine's catalogue and
parameters (`jiuye.web.policy_helpers`), so a page never disagrees with a decision.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jiuye.geography.models import Division

from .. import policy_helpers as ph


def _division_choice(request: HttpRequest, prefixes: list[str]) -> tuple[str | None, list[dict], str | None]:
    """The division the visitor picked (`?division=CODE`), the choices offered, and an error if the code is
    not a known division. Choices: the regions with their own values, named from the Division table."""
    names = {d.code: d for d in Division.objects.filter(code__in=prefixes)}
    choices = [{"code": p, "name": names[p].name if p in names else p} for p in prefixes]
    raw = (request.GET.get("division") or "").strip()
    if not raw:
        return None, choices, None
    division = Division.objects.filter(code=raw).first()
    if division is None:
        return (
            None,
            choices,
            _("“%(code)s” is not a known division code; national values are shown.") % {"code": raw[:20]},
        )
    if raw not in names:
        choices.append({"code": raw, "name": division.name})
    return raw, choices, None


def policy_list(request: HttpRequest) -> HttpResponse:
    cat = ph.catalogue()
    on = ph.today()
    groups = []
    for subject in ("person", "employer"):
        items = []
        for policy in cat.for_subject(subject):
            meta = policy.meta
            items.append(
                {
                    "id": policy.id,
                    "title": ph.text(meta.title),
                    "summary": ph.text(meta.summary),
                    "to_verify": any(
                        (
                            p.to_verify
                            or any(e.to_verify for e in p.national)
                            or any(e.to_verify for v in p.regional.values() for e in v)
                        )
                        for p in meta.parameters.values()
                    ),
                }
            )
        groups.append({"subject": subject, "label": ph.SUBJECT_LABELS[subject], "policies": items})
    return render(request, "web/policies/list.html", {"groups": groups, "on": on})


def policy_detail(request: HttpRequest, policy_id: str) -> HttpResponse:
    cat = ph.catalogue()
    if policy_id not in cat.policies:
        raise Http404(_("No such policy."))
    policy = cat[policy_id]
    on = ph.today()
    prefixes = sorted({prefix for p in policy.meta.parameters.values() for prefix in p.regional})
    division, choices, error = _division_choice(request, prefixes)
    page = ph.policy_page(policy, on, division)
    chosen = next((c for c in choices if c["code"] == division), None)
    return render(
        request,
        "web/policies/detail.html",
        {
            "p": page,
            "on": on,
            "division": division,
            "division_name": chosen["name"] if chosen else None,
            "division_choices": choices,
            "division_error": error,
        },
    )
