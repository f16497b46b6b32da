"""Policy pages (issue 5).

Public (no sign-in): the catalogue and a page per policy, generated from the engine's catalogue and
parameters (`jiuye.web.policy_helpers`), so a page never disagrees with a decision.
Citizens and employer users: my policies (eligible / not / unknown with reasons, why not, consent per
channel), one-click prefilled applications, submission (re-checked), status and decision.
District staff: the review queue (overdue first), an application with the re-checked decision and the
review actions, and the worklist of people likely eligible with conditions to verify.
Every page starts from `visible_to(user)`; every write goes through `jiuye.policies.services`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.policies import services
from jiuye.policies.models import (
    APPLIED_STATUSES,
    AWAITING_REVIEW,
    ApplicationStatus,
    Channel,
    PaymentOrder,
    PolicyApplication,
    RejectionReason,
)
from jiuye.registry.models import Employer, Person

from .. import policy_helpers as ph
from ..display import paginate


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


# --- citizens and employer users -----------------------------------------------------------------------
#
# The subject of "my policies" is the signed-in user's own record, reached through visible_to (a citizen sees
# only their person, an employer user only their employer). Everything that writes goes through
# jiuye.policies.services.


def _subject(user):
    """The signed-in citizen's person or employer user's employer, through visible_to; None otherwise."""
    if getattr(user, "is_citizen", False):
        return Person.objects.visible_to(user).select_related("division").first()
    if getattr(user, "is_employer_user", False):
        return Employer.objects.visible_to(user).select_related("division").first()
    return None


def _require_subject(request: HttpRequest):
    subject = _subject(request.user)
    if subject is None:
        if request.user.is_citizen or request.user.is_employer_user:
            return None
        raise PermissionDenied(_("These pages are for citizens and employers; staff use the review queue."))
    return subject


def _decisions(subject):
    return (
        services.evaluate_person(subject)
        if isinstance(subject, Person)
        else services.evaluate_employer(subject)
    )


@login_required
def my_policies(request: HttpRequest) -> HttpResponse:
    subject = _require_subject(request)
    if subject is None:
        return render(request, "web/policies/my_policies.html", {"subject": None})
    cat = ph.catalogue()
    apps = {
        a.policy: a
        for a in PolicyApplication.objects.visible_to(request.user)
        .of_subject(subject)
        .order_by("created_at", "id")
    }
    rows = []
    order = {"eligible": 0, "unknown": 1, "not_eligible": 2}
    for decision in _decisions(subject):
        view = ph.decision_view(cat[decision.policy], decision)
        view["application"] = apps.get(decision.policy)
        rows.append(view)
    rows.sort(key=lambda r: order.get(r["status"], 3))
    consent = services.consent_state(subject)
    channels = [{"value": c.value, "label": c.label, "on": consent.get(c.value, False)} for c in Channel]
    return render(
        request,
        "web/policies/my_policies.html",
        {
            "subject": subject,
            "is_employer": isinstance(subject, Employer),
            "rows": rows,
            "channels": channels,
            "applications": sorted(apps.values(), key=lambda a: a.created_at, reverse=True),
            "titles": {pid: ph.text(cat[pid].meta.title) for pid in cat.policies},
            "on": ph.today(),
        },
    )


def _policy_for(subject, policy_id: str):
    cat = ph.catalogue()
    if policy_id not in cat.policies:
        raise Http404(_("No such policy."))
    policy = cat[policy_id]
    if policy.subject != services.subject_kind(subject):
        raise Http404(_("This policy is not for you."))
    return policy


@login_required
def my_policy(request: HttpRequest, policy_id: str) -> HttpResponse:
    """One policy for me: the decision with its reasons, why not and what would change it, and Apply."""
    subject = _require_subject(request)
    if subject is None:
        return redirect("web:my_policies")
    policy = _policy_for(subject, policy_id)
    why = services.why_not(subject, policy_id)
    application = (
        PolicyApplication.objects.visible_to(request.user)
        .of_subject(subject)
        .filter(policy=policy_id, status__in=APPLIED_STATUSES)
        .first()
    )
    return render(
        request,
        "web/policies/my_policy.html",
        {
            "subject": subject,
            "d": ph.decision_view(policy, why.decision),
            "why": why.items,
            "application": application,
            "on": ph.today(),
        },
    )


@login_required
def policy_apply(request: HttpRequest, policy_id: str) -> HttpResponse:
    """The one-click application (the link in a push notification). GET shows the reasons and the
    Apply button; POST makes the prefilled draft (or opens the one already there)."""
    subject = _require_subject(request)
    if subject is None:
        return redirect("web:my_policies")
    _policy_for(subject, policy_id)
    if request.method == "POST":
        try:
            app = services.start_application(subject, policy_id, by=request.user)
        except services.PolicyError as exc:
            messages.error(request, str(exc))
            return redirect("web:my_policy", policy_id=policy_id)
        return redirect("web:policy_application", pk=app.pk)
    return my_policy(request, policy_id)


@login_required
@require_POST
def my_policy_consent(request: HttpRequest) -> HttpResponse:
    subject = _require_subject(request)
    if subject is None:
        return redirect("web:my_policies")
    channel = request.POST.get("channel", "")
    choice = request.POST.get("receive", "")
    if channel not in Channel.values or choice not in ("yes", "no"):
        messages.error(request, _("Choose a channel and whether to receive messages on it."))
        return redirect("web:my_policies")
    try:
        services.set_consent(subject, channel, opted_out=(choice == "no"), by=request.user)
    except services.PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            (
                _("You will receive policy messages by %(channel)s.")
                if choice == "yes"
                else _("You will no longer receive policy messages by %(channel)s.")
            )
            % {"channel": Channel(channel).label},
        )
    return redirect(reverse("web:my_policies") + "#consent")


# --- one application: the applicant and district staff ------------------------------------------------


def _application(request: HttpRequest, pk: int) -> PolicyApplication:
    return get_object_or_404(
        PolicyApplication.objects.visible_to(request.user).select_related("division", "person", "employer"),
        pk=pk,
    )


def _decision_block(policy, record: dict) -> dict | None:
    if not record:
        return None
    return {
        "status": record.get("status"),
        "status_label": ph.STATUS_LABELS.get(record.get("status"), record.get("status")),
        "on": record.get("on"),
        "met": [ph.condition_text(policy, c) for c in record.get("met", [])],
        "unmet": [ph.condition_text(policy, c) for c in record.get("unmet", [])],
        "unknown": [ph.condition_text(policy, c) for c in record.get("unknown", [])],
        "verified": [ph.condition_text(policy, c) for c in record.get("verified_by_reviewer", [])],
        "benefits": [
            (ph.benefit_text(policy, k), ph.format_value(v, ph.benefit_unit(policy, k)))
            for k, v in (record.get("benefits") or {}).items()
        ],
        "rule_version": record.get("rule_version"),
        "digest": record.get("parameters_digest"),
        "to_verify": record.get("to_verify") or [],
    }


def _application_context(request: HttpRequest, app: PolicyApplication, **extra) -> dict:
    policy = ph.catalogue()[app.policy]
    user = request.user
    is_applicant = (user.is_citizen and app.person_id == user.person_id and app.person_id is not None) or (
        user.is_employer_user and app.employer_id == user.employer_id and app.employer_id is not None
    )
    can_review = services.can_review(user, app)
    recheck = None
    if can_review and app.status in AWAITING_REVIEW:
        # The reviewer sees the decision re-checked on today's library data (with the declarations).
        recheck = ph.decision_view(
            policy, services.evaluate_subject(app.subject, app.policy, declared=app.declared)
        )
    payment = PaymentOrder.objects.filter(application=app).first()
    ctx = {
        "app": app,
        "policy_title": ph.text(policy.meta.title),
        "prefill": ph.prefill_rows(app, policy),
        "as_of": (app.prefill or {}).get("as_of"),
        "declarable": ph.missing_declarable(app, policy, services.DECLARABLE),
        "declared": [
            {"label": str(ph.FIELD_LABELS.get(k, k)), "value": ph.field_value(k, v)}
            for k, v in (app.declared or {}).items()
        ],
        "eligibility": _decision_block(policy, app.eligibility),
        "decision": _decision_block(policy, app.decision),
        "recheck": recheck,
        "events": app.events.select_related("actor").all(),
        "payment": payment,
        "is_applicant": is_applicant,
        "can_edit": is_applicant and app.status in (ApplicationStatus.DRAFT, ApplicationStatus.RETURNED),
        "can_withdraw": is_applicant and app.status in services.WITHDRAWABLE,
        "can_review": can_review and app.status in services.REVIEW_MOVES,
        "can_take_up": can_review
        and app.status in (ApplicationStatus.SUBMITTED, ApplicationStatus.RESUBMITTED),
        "rejection_reasons": RejectionReason.choices,
        "refusal": None,
    }
    ctx.update(extra)
    return ctx


@login_required
def policy_application(request: HttpRequest, pk: int) -> HttpResponse:
    app = _application(request, pk)
    if request.user.is_staff_role or request.user.is_superuser:
        record_event(app, actor=request.user, kind=EventKind.RECORD_VIEWED, request=request)
    return render(request, "web/policies/application.html", _application_context(request, app))


@login_required
@require_POST
def policy_application_act(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's actions: save declarations, submit (re-checked), withdraw."""
    app = _application(request, pk)
    action = request.POST.get("action", "")
    policy = ph.catalogue()[app.policy]
    try:
        if action in ("declare", "submit") and app.status in (
            ApplicationStatus.DRAFT,
            ApplicationStatus.RETURNED,
        ):
            values = {}
            for item in ph.missing_declarable(app, policy, services.DECLARABLE):
                raw = request.POST.get(f"declare_{item['name']}", "")
                if raw in ("yes", "no"):
                    values[item["name"]] = raw == "yes"
                elif raw not in ("", "unknown"):
                    messages.error(
                        request,
                        _("%(field)s: answer yes or no.") % {"field": item["label"]},
                    )
                    return redirect("web:policy_application", pk=app.pk)
            if values:
                services.declare(app, values, by=request.user)
        if action == "declare":
            messages.success(request, _("Your answers are saved."))
        elif action == "submit":
            services.submit_application(app, request.user)
            messages.success(
                request, _("Your application is submitted. The district employment service will review it.")
            )
        elif action == "withdraw":
            services.withdraw_application(app, request.user)
            messages.success(request, _("Your application is withdrawn."))
        else:
            messages.error(request, _("Unknown action."))
    except services.SubmissionRefused as exc:
        app.refresh_from_db()
        messages.error(
            request, _("Not submitted: %(reason)s The application is kept as a draft.") % {"reason": exc}
        )
    except services.PolicyError as exc:
        messages.error(request, str(exc))
    return redirect("web:policy_application", pk=app.pk)


@login_required
@require_POST
def policy_application_review(request: HttpRequest, pk: int) -> HttpResponse:
    """District staff: take up, approve, reject with a structured reason, or return for information."""
    app = _application(request, pk)
    to = request.POST.get("to", "")
    reason = request.POST.get("reason") or None
    note = (request.POST.get("note") or "").strip()
    if to not in ApplicationStatus.values:
        messages.error(request, _("Choose what to do with the application."))
        return redirect("web:policy_application", pk=app.pk)
    try:
        services.review_application(app, to, request.user, reason=reason, note=note)
    except services.PolicyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The application is now: %(status)s.") % {"status": ApplicationStatus(to).label}
        )
    return redirect("web:policy_application", pk=app.pk)


# --- district staff: review queue and worklist --------------------------------------------------------


def _staff(request: HttpRequest) -> None:
    if not (request.user.is_staff_role or request.user.is_superuser):
        raise PermissionDenied(_("For employment service staff only."))


@login_required
def policy_review_queue(request: HttpRequest) -> HttpResponse:
    """Applications in the user's area awaiting review: overdue first, then by due date."""
    _staff(request)
    show = request.GET.get("show", "open")
    qs = PolicyApplication.objects.visible_to(request.user).select_related("person", "employer", "division")
    if show == "decided":
        qs = qs.filter(status__in=[ApplicationStatus.APPROVED, ApplicationStatus.REJECTED]).order_by(
            "-decided_at"
        )
    elif show == "returned":
        qs = qs.filter(status=ApplicationStatus.RETURNED).order_by("-updated_at")
    else:
        show = "open"
        qs = qs.awaiting_review().order_by("-is_overdue", "review_due", "submitted_at", "pk")
    cat = ph.catalogue()
    page = paginate(request, qs)
    counts = {
        "open": PolicyApplication.objects.visible_to(request.user).awaiting_review().count(),
        "overdue": PolicyApplication.objects.visible_to(request.user).overdue().count(),
    }
    return render(
        request,
        "web/policies/review_queue.html",
        {
            "page": page,
            "show": show,
            "counts": counts,
            "titles": {pid: ph.text(cat[pid].meta.title) for pid in cat.policies},
            "today": ph.today(),
        },
    )


@login_required
def policy_worklist(request: HttpRequest) -> HttpResponse:
    """People in the area likely eligible, with the conditions the library cannot answer (to verify)."""
    _staff(request)
    if not request.user.works_on_cases:
        raise PermissionDenied(_("For caseworkers only."))
    cat = ph.catalogue()
    policy_filter = request.GET.get("policy", "")
    items = services.unknowns_worklist(request.user)
    if policy_filter in cat.policies:
        items = [i for i in items if i.policy == policy_filter]
    else:
        policy_filter = ""
    rows = [
        {
            "person": i.person,
            "policy": i.policy,
            "title": i.title,
            "unknown": [ph.condition_text(cat[i.policy], c) for c in i.unknown],
            "met": [ph.condition_text(cat[i.policy], c) for c in i.met],
        }
        for i in items
    ]
    page = paginate(request, rows)
    return render(
        request,
        "web/policies/worklist.html",
        {
            "page": page,
            "total": len(rows),
            "policy_filter": policy_filter,
            "policies": [(p.id, ph.text(p.meta.title)) for p in cat.for_subject("person")],
        },
    )
