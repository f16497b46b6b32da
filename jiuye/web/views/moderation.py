"""Moderation pages: the flags on a posting (for its employer and for staff of its area) with the appeal form; the
inspectors' appeal queue and decision; moderation notices (warnings on published postings); the abnormal-account
list; qualification re-checks due.

Every page starts from `visible_to(request.user)`; writes go through `jiuye.supervision.services`, which audits
them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jiuye.jobs.enums import PostingStatus
from jiuye.jobs.models import JobPosting
from jiuye.jobs.services import can_manage_posting
from jiuye.registry.models import Employer
from jiuye.supervision import services
from jiuye.supervision.models import (
    AbnormalAccount,
    Appeal,
    AppealStatus,
    FlagStatus,
    PostingFlag,
    Severity,
)

from ..display import paginate

CONTEXT_CHARS = 24  # characters shown on each side of a matched span


def highlight(posting: JobPosting, flag: PostingFlag) -> str:
    """The flagged words in their sentence, the words marked (escaped HTML)."""
    if not flag.matched_text:  # about the field as a whole (a missing description)
        return ""
    text = str(getattr(posting, flag.field, "") or "") if flag.field else ""
    start, end = flag.span_start, flag.span_end
    if not (0 <= start < end <= len(text)) or text[start:end] != flag.matched_text:
        found = text.find(flag.matched_text) if flag.matched_text else -1
        if found < 0:
            return format_html("<mark>{}</mark>", flag.matched_text)
        start, end = found, found + len(flag.matched_text)
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if start > CONTEXT_CHARS else "",
        before,
        text[start:end],
        after,
        "…" if end + CONTEXT_CHARS < len(text) else "",
    )


def _field_label(name: str) -> str:
    try:
        return str(JobPosting._meta.get_field(name).verbose_name)
    except Exception:  # a field of the screening that is not a posting field, or the posting as a whole
        return name or _("The posting")


def describe(flags, posting: JobPosting | None = None) -> list[PostingFlag]:
    """Flags with what the templates show: the highlighted words, the legal basis in the request's language."""
    out = []
    for flag in flags:
        flag.highlighted = highlight(posting or flag.posting, flag)
        flag.legal_basis_label = services.legal_basis_text(flag.legal_basis)
        flag.field_label = _field_label(flag.field)
        out.append(flag)
    return out


def posting_flags_context(posting: JobPosting) -> dict:
    """For the posting form: the flags that stand against its text (empty for a new posting)."""
    if posting.pk is None:
        return {"screening_flags": []}
    flags = describe(services.standing_flags(posting), posting)
    return {
        "screening_flags": flags,
        "screening_blocking": any(f.severity == Severity.BLOCK for f in flags),
        "screening_appealable": any(
            f.severity == Severity.BLOCK and f.status == FlagStatus.OPEN for f in flags
        ),
    }


def _moderator_only(user) -> None:
    if not services.can_decide_appeals(user):
        raise PermissionDenied


# --- the employer's side: a posting's flags and the appeal ------------------------------------------------------


@never_cache
@login_required
def posting_moderation(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
    if not (can_manage_posting(request.user, posting) or services.can_decide_appeals(request.user)):
        raise PermissionDenied
    flags = describe(
        PostingFlag.objects.visible_to(request.user)
        .filter(posting=posting)
        .order_by("status", "severity", "id"),
        posting,
    )
    appeals = Appeal.objects.visible_to(request.user).filter(posting=posting).prefetch_related("flags")
    appealable = [f for f in flags if f.severity == Severity.BLOCK and f.status == FlagStatus.OPEN]
    pending = {f.pk for a in appeals if a.status == AppealStatus.PENDING for f in a.flags.all()}
    return render(
        request,
        "web/moderation/posting.html",
        {
            "posting": posting,
            "flags": flags,
            "appeals": appeals,
            "appealable": [f for f in appealable if f.pk not in pending],
            "may_appeal": can_manage_posting(request.user, posting) and posting.status == PostingStatus.DRAFT,
            "may_edit": can_manage_posting(request.user, posting) and posting.status == PostingStatus.DRAFT,
        },
    )


@require_POST
@login_required
def appeal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
    ids = [int(x) for x in request.POST.getlist("flags") if x.isdigit()]
    flags = list(PostingFlag.objects.visible_to(request.user).filter(posting=posting, pk__in=ids))
    if len(flags) != len(set(ids)):
        messages.error(request, _("A flag chosen is not about this posting."))
        return redirect("web:moderation_posting", pk=posting.pk)
    try:
        services.submit_appeal(posting, flags, request.POST.get("text", ""), request.user)
    except services.ModerationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your appeal is sent to an inspector. You will be told the decision."))
    return redirect("web:moderation_posting", pk=posting.pk)


# --- inspectors -------------------------------------------------------------------------------------------------


@never_cache
@login_required
def appeal_queue(request: HttpRequest) -> HttpResponse:
    _moderator_only(request.user)
    show = request.GET.get("show", "pending")
    appeals = Appeal.objects.visible_to(request.user).select_related(
        "posting__employer", "posting__division", "inspector"
    )
    if show == "decided":
        appeals = appeals.exclude(status=AppealStatus.PENDING).order_by("-decided_at")
    else:
        show = "pending"
        appeals = appeals.filter(status=AppealStatus.PENDING)
    page = paginate(request, appeals.prefetch_related("flags"))
    return render(request, "web/moderation/appeal_queue.html", {"page": page, "show": show})


@never_cache
@login_required
def appeal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(
        Appeal.objects.visible_to(request.user).select_related("posting__employer", "posting__division"),
        pk=pk,
    )
    if not services.can_decide_appeals(request.user):
        if can_manage_posting(request.user, appeal.posting):
            return redirect("web:moderation_posting", pk=appeal.posting_id)
        raise PermissionDenied
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("uphold", "overturn"):
            messages.error(request, _("Choose whether the flags stand or are overturned."))
        else:
            try:
                services.decide_appeal(
                    appeal, decision == "uphold", request.POST.get("reason", ""), request.user
                )
            except services.ModerationError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("The appeal is decided and the employer is told."))
                return redirect("web:moderation_appeals")
    return render(
        request,
        "web/moderation/appeal_detail.html",
        {"appeal": appeal, "flags": describe(appeal.flags.all(), appeal.posting)},
    )


@never_cache
@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """Warnings on published postings of the inspector's area, newest first."""
    _moderator_only(request.user)
    flags = (
        PostingFlag.objects.visible_to(request.user)
        .warnings()
        .filter(posting__status=PostingStatus.PUBLISHED)
        .exclude(category__in=services.NOT_NOTICES)
        .select_related("posting__employer", "posting__division")
        .order_by("-created_at", "-id")
    )
    page = paginate(request, flags)
    page.object_list = describe(page.object_list)
    return render(request, "web/moderation/notices.html", {"page": page})


@never_cache
@login_required
def abnormal_list(request: HttpRequest) -> HttpResponse:
    _moderator_only(request.user)
    show = request.GET.get("show", "current")
    accounts = AbnormalAccount.objects.visible_to(request.user).select_related(
        "employer__division", "cleared_by"
    )
    accounts = accounts.exclude(cleared_at=None) if show == "cleared" else accounts.current()
    page = paginate(request, accounts)
    return render(
        request,
        "web/moderation/abnormal.html",
        {
            "page": page,
            "show": show,
            "threshold": services.ABNORMAL_BLOCKING_SCREENINGS,
            "window": services.ABNORMAL_WINDOW_DAYS,
        },
    )


@require_POST
@login_required
def abnormal_clear(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator_only(request.user)
    account = get_object_or_404(AbnormalAccount.objects.visible_to(request.user), pk=pk)
    try:
        services.clear_abnormal_account(account, by=request.user, reason=request.POST.get("reason", ""))
    except services.ModerationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("%(employer)s is taken off the list.") % {"employer": account.employer.name}
        )
    return redirect("web:moderation_abnormal")


@never_cache
@login_required
def qualification_checks(request: HttpRequest) -> HttpResponse:
    _moderator_only(request.user)
    due = services.due_qualification_checks(timezone.localdate(), user=request.user)
    from jiuye.supervision.models import QualificationCheck

    recent = QualificationCheck.objects.visible_to(request.user).select_related("employer", "checked_by")[:20]
    return render(
        request,
        "web/moderation/qualifications.html",
        {"due": due, "recent": recent, "months": services.QUALIFICATION_MONTHS},
    )


@require_POST
@login_required
def qualification_record(request: HttpRequest, pk: int) -> HttpResponse:
    _moderator_only(request.user)
    employer = get_object_or_404(Employer.objects.visible_to(request.user), pk=pk)
    try:
        check = services.record_qualification_check(employer, by=request.user)
    except services.ModerationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(employer)s: %(result)s.")
            % {"employer": employer.name, "result": check.get_result_display()},
        )
    return redirect("web:moderation_qualifications")
