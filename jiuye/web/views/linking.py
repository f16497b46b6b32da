"""Linkage pages for case staff: the clerical review queue, merging a duplicate into a person's record,
and the merge history with its undo.

Every page starts from a `visible_to(user)` queryset (another district's review, person or merge is a
404) and is open to roles that work on individual records (`works_on_cases`); analysts and leaders
get a 403. Identifiers are shown masked; the decisions themselves are audited by the services.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiuye.core.pii import decrypt, mask_name, mask_phone, mask_resident_id
from jiuye.ingestion.linking import ReviewError, decide_review
from jiuye.registry.enums import ReviewStatus, Sex
from jiuye.registry.linking import MergeRefused, merge_persons, merge_preview, unmerge
from jiuye.registry.models import LinkReview, Person, PersonMerge
from jiuye.registry.permissions import can_decide_review, can_merge, can_unmerge

from ..display import display_name, paginate, params_for_display, shows_full_names

# What a comparison level means, per field, in words a caseworker reads (levels as the linkage model
# numbers them: the highest is the closest agreement, 0 disagreement, -1 missing on one side).
LEVELS: dict[str, dict[int, Any]] = {
    "name": {
        4: gettext_lazy("identical"),
        3: gettext_lazy("sounds the same (same pinyin)"),
        2: gettext_lazy("one character different"),
        1: gettext_lazy("similar pinyin"),
        0: gettext_lazy("different"),
    },
    "birth_date": {
        3: gettext_lazy("identical"),
        2: gettext_lazy("one digit wrong or day and month swapped"),
        1: gettext_lazy("same year only"),
        0: gettext_lazy("different"),
    },
    "sex": {1: gettext_lazy("same"), 0: gettext_lazy("different")},
    "phone": {1: gettext_lazy("same number"), 0: gettext_lazy("different number")},
    "division": {
        3: gettext_lazy("same township"),
        2: gettext_lazy("same county"),
        1: gettext_lazy("same city"),
        0: gettext_lazy("different city"),
    },
}
FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "birth_date": gettext_lazy("Date of birth"),
    "sex": gettext_lazy("Sex"),
    "phone": gettext_lazy("Phone"),
    "division": gettext_lazy("Place of residence"),
}
MISSING = gettext_lazy("missing on one side")


def describe_comparison(comparison: dict[str, int]) -> list[dict[str, Any]]:
    """Per-field agreement in plain language, with a tone for the tag (agree / partial / differ / missing)."""
    out = []
    for name, label in FIELD_LABELS.items():
        if name not in comparison:
            continue
        level = int(comparison[name])
        levels = LEVELS.get(name, {})
        top = max(levels) if levels else 1
        if level < 0:
            text, tone = MISSING, "missing"
        else:
            text = levels.get(level) or _("level %(level)s") % {"level": level}
            tone = "agree" if level >= top else ("differ" if level == 0 else "partial")
        out.append({"field": name, "label": label, "text": text, "tone": tone})
    return out


def _require_case_role(user: Any) -> None:
    if not getattr(user, "works_on_cases", False):
        raise PermissionDenied


def _sex_label(code: str) -> str:
    return str(Sex(code).label) if code in Sex.values else "—"


def _record_side(review: LinkReview) -> dict[str, Any]:
    """The department record as staff may read it: identifiers from its payload, masked."""
    staged = review.record
    payload = dict(staged.payload or {})
    secret = payload.pop("_identifiers", None)  # the import pipeline keeps identifier columns encrypted
    if secret:
        payload.update(json.loads(decrypt(secret)))
    return {
        "name": staged.name,
        "resident_id": mask_resident_id(str(payload.get("resident_id") or "")),
        "birth_date": staged.birth_date,
        "sex": _sex_label(staged.sex),
        "phone": mask_phone(str(payload.get("phone") or "")),
        "division": staged.division.name,
        "source": staged.source_code,
        "file": staged.run.file_name,
        "row": staged.row_number,
    }


STATUS_FILTERS = {
    "pending": [ReviewStatus.PENDING],
    "decided": [ReviewStatus.SAME, ReviewStatus.DIFFERENT],
    "all": [ReviewStatus.PENDING, ReviewStatus.SAME, ReviewStatus.DIFFERENT],
}


@never_cache
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_case_role(user)
    status = request.GET.get("status", "pending")
    if status not in STATUS_FILTERS:
        status = "pending"
    reviews = (
        LinkReview.objects.visible_to(user)
        .filter(status__in=STATUS_FILTERS[status])
        .select_related("record__division", "record__run", "candidate__division", "decided_by")
        .annotate(
            pending_first=models.Case(
                models.When(status=ReviewStatus.PENDING, then=0), default=1, output_field=models.IntegerField()
            )
        )
        .order_by("pending_first", "-match_probability", "pk")
    )
    page = paginate(request, reviews, per_page=10)
    items = [
        {
            "review": review,
            "record": _record_side(review),
            "candidate": review.candidate,
            "comparison": describe_comparison(review.comparison or {}),
            "can_decide": review.status == ReviewStatus.PENDING and can_decide_review(user, review),
        }
        for review in page.object_list
    ]
    pending_count = LinkReview.objects.visible_to(user).pending().count()
    return render(
        request,
        "web/linking/review_queue.html",
        {"page": page, "items": items, "status": status, "pending_count": pending_count},
    )


@never_cache
@require_POST
@login_required
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    review = get_object_or_404(LinkReview.objects.visible_to(user).select_related("candidate__division"), pk=pk)
    if not can_decide_review(user, review):
        raise PermissionDenied
    decision = request.POST.get("decision")
    if decision not in ("same", "different"):
        messages.error(request, _("Choose whether the two are the same person or not."))
        return redirect("web:link_review_queue")
    try:
        decide_review(review, same=decision == "same", by=user)
    except ReviewError as exc:
        messages.error(request, str(exc))
    else:
        if decision == "same":
            messages.success(request, _("Linked: the department record now belongs to this person."))
        else:
            messages.success(request, _("Recorded: not the same person."))
    return redirect("web:link_review_queue")


def _scoped_person(request: HttpRequest, pk: int) -> Person:
    return get_object_or_404(Person.objects.visible_to(request.user).select_related("division"), pk=pk)


@never_cache
@login_required
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the duplicate to merge into this record: a search limited to the user's area."""
    survivor = _scoped_person(request, pk)
    _require_case_role(request.user)
    q = (request.GET.get("q") or "").strip()
    results = []
    if q:
        results = list(
            Person.objects.visible_to(request.user).matching(q).exclude(pk=survivor.pk).select_related("division")[:20]
        )
    shown = params_for_display(request.GET)
    context = {
        "survivor": survivor,
        "q": shown.get("q", ""),
        "searched": bool(q),
        "results": results,
    }
    if shown is not request.GET:
        context["language_next"] = f"{request.path}?{shown.urlencode()}"
    return render(request, "web/linking/merge_search.html", context)


@never_cache
@login_required
def person_merge_confirm(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    """What the merge will move and change; POST merges."""
    user = request.user
    survivor = _scoped_person(request, pk)
    absorbed = _scoped_person(request, other)
    if not can_merge(user, survivor, absorbed):
        raise PermissionDenied
    full_names = shows_full_names(user)
    if request.method == "POST":
        reason = (request.POST.get("reason") or "").strip()
        if not reason:
            messages.error(request, _("Say why these two records are the same person."))
        else:
            try:
                merge_persons(survivor, absorbed, by=user, reason=reason)
            except MergeRefused as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("The duplicate record was merged into this one. The merge can be undone from the merge history."),
                )
                return redirect("web:person_detail", pk=survivor.pk)
    preview = merge_preview(survivor, absorbed, full_names=full_names)
    return render(
        request,
        "web/linking/merge_confirm.html",
        {"survivor": survivor, "absorbed": absorbed, "preview": preview, "reason": request.POST.get("reason", "")},
    )


def _absorbed_summary(merge: PersonMerge, full_names: bool) -> dict[str, str]:
    rows = (merge.snapshot or {}).get("deleted") or [{}]
    fields = rows[0].get("fields", {})
    name = fields.get("name", "")
    return {"name": name if full_names else mask_name(name), "resident_id": fields.get("resident_id_masked", "")}


@never_cache
@login_required
def merge_history(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_case_role(user)
    merges = PersonMerge.objects.visible_to(user).select_related("survivor", "merged_by", "undone_by")
    person = None
    if request.GET.get("person", "").isdigit():
        person = _scoped_person(request, int(request.GET["person"]))
        merges = merges.filter(models.Q(survivor=person) | models.Q(absorbed_id=person.pk))
    page = paginate(request, merges.order_by("-created_at", "-pk"))
    full_names = shows_full_names(user)
    items = [
        {
            "merge": merge,
            "survivor_name": display_name(user, merge.survivor),
            "absorbed": _absorbed_summary(merge, full_names),
            "can_undo": merge.undone_at is None and can_unmerge(user, merge),
        }
        for merge in page.object_list
    ]
    return render(request, "web/linking/merge_history.html", {"page": page, "items": items, "person": person})


@never_cache
@require_POST
@login_required
def merge_undo(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    merge = get_object_or_404(PersonMerge.objects.visible_to(user).select_related("survivor__division"), pk=pk)
    if not can_unmerge(user, merge):
        raise PermissionDenied
    try:
        restored = unmerge(merge, by=user)
    except MergeRefused as exc:
        messages.error(request, str(exc))
        return redirect("web:merge_history")
    messages.success(request, _("The merge was undone; both records are separate again."))
    return redirect("web:person_detail", pk=restored.pk)
