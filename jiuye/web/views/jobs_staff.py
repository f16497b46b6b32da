"""Posting forms with occupation suggestions, staff posting on behalf of employers, posting upload by file, the
staff occupation coding queue, and every user's notifications.

Every page starts from `visible_to(request.user)`; writes go through `jiuye.jobs.services`, `jiuye.jobs.bulk` and
`jiuye.jobs.occupation`, which audit them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jiuye.jobs import bulk, services
from jiuye.jobs import occupation as occ
from jiuye.jobs.enums import PostingStatus, SocialInsurance
from jiuye.jobs.models import (
    JobPosting,
    Notification,
    OccupationTitleReview,
    PostingUpload,
    ReviewStatus,
)
from jiuye.jobs.services import PostingError
from jiuye.registry.enums import ContractType
from jiuye.taxonomy.models import EducationLevel

from ..display import is_htmx, paginate
from ..forms import OTHER_CODE, ConfirmTitleForm, PostingForm, PostingUploadForm
from .moderation import posting_flags_context

SEARCH_LIMIT = 15


def posts_for_others(user) -> bool:
    """Staff who create postings on behalf of employers in their area (as the bulk API allows)."""
    return bool(getattr(user, "works_on_cases", False) or getattr(user, "is_superuser", False))


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_staff_role", False) or getattr(user, "is_superuser", False))


# Service errors name model fields; the form shows them at its own field for the same thing.
_FORM_FIELD = {"occupation": "occupation_code", "division": "division_code", "employer": "employer_ref"}


def _errors_to_form(form, exc: ValidationError) -> None:
    for field, msgs in exc.message_dict.items():
        field = _FORM_FIELD.get(field, field)
        form.add_error(field if field in form.fields else None, msgs)


# --- occupation suggestions -----------------------------------------------------------------------------------


def _options(title: str, query: str = "") -> list[tuple]:
    """(occupation, confidence or None): the coder's suggestions for the title, then search results."""
    out = (
        [(s.occupation, s.confidence) for s in occ.suggest_occupations(title, top=3)] if title.strip() else []
    )
    seen = {o.pk for o, _c in out}
    for found in occ.search_occupations(query, limit=SEARCH_LIMIT):
        if found.pk not in seen:
            out.append((found, None))
            seen.add(found.pk)
    return out


def _option_context(options, selected: str, query: str = "", title: str = "") -> dict:
    bar = occ.confirm_below_for(title)
    return {
        "options": [(o, c, None if c is None else round(c * 100)) for o, c in options],
        "selected": selected or OTHER_CODE,
        "other_code": OTHER_CODE,
        "occupation_q": query,
        "confirm_below": round(bar * 100),
        "always_checked": bar > 1,  # English titles: no confidence is trusted yet (coding/english.py)
    }


@never_cache
@login_required
@require_GET
def occupation_suggest(request: HttpRequest) -> HttpResponse:
    """The occupation choices for a title (and an optional search by code or name), as a fragment for htmx."""
    if not (request.user.is_employer_user or _is_staff(request.user)):
        raise PermissionDenied
    title = request.GET.get("title", "")[:120]
    query = request.GET.get("occupation_q", "")[:50]
    options = _options(title, query)
    context = _option_context(options, request.GET.get("occupation_choice", ""), query, title)
    return render(request, "web/jobs/_occupation_options.html", context)


# --- the posting form -----------------------------------------------------------------------------------------


def posting_form(request: HttpRequest, posting: JobPosting, *, choose_employer: bool = False) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    title = (data.get("title", "") if data is not None else posting.title) or ""
    query = (data.get("occupation_q", "") if data is not None else "").strip()
    options = _options(title, query)
    kwargs = {
        "instance": posting,
        "user": request.user,
        "choose_employer": choose_employer,
        "suggestions": options,
        "suggest_url": reverse("web:occupation_suggest"),
    }
    if data is not None and "suggest" in data:
        # Without JavaScript: show the suggestions for the title typed (and the search results), save nothing.
        form = PostingForm(initial=data.dict(), **kwargs)
        return _render_form(request, form, posting, query)
    form = PostingForm(data, **kwargs)
    if data is not None and form.is_valid():
        posting = form.apply_to_instance()
        try:
            services.save_draft(posting, by=request.user)
        except PostingError as exc:
            _errors_to_form(form, exc)
        else:
            note = getattr(posting, "coding_note", "")
            if note:
                messages.info(request, note)
            if "publish" not in data:
                messages.success(request, _("Draft saved."))
                return redirect("web:posting_manage_list")
            try:
                services.publish_posting(posting, by=request.user)
            except PostingError as exc:
                _errors_to_form(form, exc)
                messages.warning(
                    request,
                    _(
                        "Saved as a draft. It cannot be published until the fields marked below are corrected."
                    ),
                )
            else:
                messages.success(request, _("The posting is published."))
                return redirect("web:job_detail", pk=posting.pk)
    return _render_form(request, form, posting, query)


def _render_form(request, form, posting, query) -> HttpResponse:
    selected = form["occupation_choice"].value() or OTHER_CODE
    title = form["title"].value() or ""
    context = {"form": form, "posting": posting, **_option_context(form.suggestions, selected, query, title)}
    context.update(posting_flags_context(posting))  # the screening's flags, when publication was refused
    return render(request, "web/jobs/posting_form.html", context)


@never_cache
@login_required
def posting_create(request: HttpRequest) -> HttpResponse:
    """Employer users post for their employer; caseworkers, inspectors and administrators for an employer in their
    area, chosen by credit code or name (recorded as created by them)."""
    user = request.user
    if user.is_employer_user and user.employer_id:
        posting = JobPosting(
            employer=user.employer, division=user.employer.division, status=PostingStatus.DRAFT
        )
        return posting_form(request, posting)
    if posts_for_others(user):
        return posting_form(request, JobPosting(status=PostingStatus.DRAFT), choose_employer=True)
    raise PermissionDenied


@never_cache
@login_required
def posting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    posting = get_object_or_404(JobPosting.objects.visible_to(request.user), pk=pk)
    if not services.can_manage_posting(request.user, posting):
        raise PermissionDenied
    if posting.status != PostingStatus.DRAFT:
        messages.error(request, _("Only drafts can be edited; close this posting and create a new one."))
        return redirect("web:posting_manage_list")
    return posting_form(request, posting)


# --- upload by file -------------------------------------------------------------------------------------------


def _may_upload(user) -> bool:
    return (user.is_employer_user and bool(user.employer_id)) or posts_for_others(user)


@never_cache
@login_required
def posting_upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not _may_upload(user):
        raise PermissionDenied
    form = PostingUploadForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            upload = bulk.import_file(
                uploaded,
                uploaded.name,
                user=user,
                publish=form.cleaned_data["publish"] == "publish",
                employer=form.cleaned_data.get("employer_ref"),
            )
        except bulk.FileError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(
                request,
                _("%(saved)s of %(total)s rows saved, %(rejected)s rejected.")
                % {
                    "saved": upload.rows_created + upload.rows_updated + upload.rows_unchanged,
                    "total": upload.rows_total,
                    "rejected": upload.rows_rejected,
                },
            )
            return redirect("web:posting_upload_detail", pk=upload.pk)
    uploads = PostingUpload.objects.visible_to(user).select_related("employer")[:10]
    return render(
        request,
        "web/jobs/upload.html",
        {
            "form": form,
            "columns": bulk.COLUMNS,
            "contract_types": ContractType.choices,
            "social_insurance": SocialInsurance.choices,
            "education_levels": EducationLevel.objects.all(),
            "uploads": uploads,
            "max_rows": bulk.MAX_FILE_ROWS,
        },
    )


@never_cache
@login_required
def posting_upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(PostingUpload.objects.visible_to(request.user), pk=pk)
    return render(request, "web/jobs/upload_detail.html", {"upload": upload})


@never_cache
@login_required
def posting_upload_rejects(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(PostingUpload.objects.visible_to(request.user), pk=pk)
    response = HttpResponse(bulk.rejects_csv(upload), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rejected-rows-{upload.pk}.csv"'
    return response


@login_required
def posting_upload_template(request: HttpRequest) -> HttpResponse:
    if not _may_upload(request.user):
        raise PermissionDenied
    response = HttpResponse(bulk.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="postings-template.csv"'
    return response


# --- staff coding queue ---------------------------------------------------------------------------------------


def _staff_only(user) -> None:
    if not _is_staff(user):
        raise PermissionDenied


@never_cache
@login_required
def coding_queue(request: HttpRequest) -> HttpResponse:
    """Open title reviews, most frequent first, with the coder's suggestions and the postings each affects in the
    user's area."""
    _staff_only(request.user)
    show = request.GET.get("status", ReviewStatus.OPEN)
    reviews = OccupationTitleReview.objects.visible_to(request.user).select_related(
        "suggested", "occupation", "confirmed_by"
    )
    reviews = (
        reviews.confirmed().order_by("-confirmed_at") if show == ReviewStatus.CONFIRMED else reviews.open()
    )
    page = paginate(request, reviews)
    keys = [r.key for r in page.object_list]
    counts = occ.affected_counts(keys, request.user)
    for review in page.object_list:
        review.affected = counts.get(review.key, 0)
        if review.status == ReviewStatus.OPEN:
            review.options = [
                (s.occupation, round(s.confidence * 100)) for s in occ.suggest_occupations(review.title)
            ]
    return render(
        request,
        "web/jobs/coding_queue.html",
        {
            "page": page,
            "show": show,
            "confirm_below": round(occ.CONFIRM_BELOW * 100),
            "english_always": occ.EN_CONFIRM_BELOW > 1 and occ.english_coder() is not None,
            "statuses": ReviewStatus,
        },
    )


@require_POST
@login_required
def coding_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request.user)
    review = get_object_or_404(OccupationTitleReview.objects.visible_to(request.user), pk=pk)
    form = ConfirmTitleForm(request.POST)
    if not form.is_valid():
        for msgs in form.errors.values():
            for msg in msgs:
                messages.error(request, f"{review.title}: {msg}")
        return redirect("web:coding_queue")
    try:
        occ.confirm_title(review.title, form.cleaned_data["code"], by=request.user)
    except occ.ConfirmationError as exc:
        messages.error(request, str(exc))
    else:
        chosen = form.cleaned_data["code"]
        messages.success(
            request,
            _("“%(title)s” is coded as %(code)s %(name)s.")
            % {"title": review.title, "code": chosen.code, "name": chosen.name},
        )
    return redirect("web:coding_queue")


@never_cache
@login_required
@require_GET
def occupation_search(request: HttpRequest) -> HttpResponse:
    """Level-4 occupations by code or name (a fragment for htmx; a small page without it)."""
    if not (request.user.is_employer_user or _is_staff(request.user)):
        raise PermissionDenied
    query = request.GET.get("q", "")[:50]
    results = list(occ.search_occupations(query, limit=SEARCH_LIMIT))
    template = "web/jobs/_occupation_search.html" if is_htmx(request) else "web/jobs/occupation_search.html"
    return render(request, template, {"results": results, "q": query})


# --- notifications --------------------------------------------------------------------------------------------


@never_cache
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notes = Notification.objects.filter(recipient=request.user)
    page = paginate(request, notes)
    return render(request, "web/notifications/list.html", {"page": page})


def _safe_link(request: HttpRequest, link: str) -> str:
    if link and url_has_allowed_host_and_scheme(
        link, allowed_hosts={request.get_host()}, require_https=False
    ):
        return link
    return reverse("web:notifications")


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read; follow its link when asked (`open`), else come back to the list."""
    note = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
    services.mark_notifications_read(request.user, ids=[note.pk])
    if "open" in request.POST and note.link:
        return redirect(_safe_link(request, note.link))
    return redirect(_back(request))


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    n = services.mark_notifications_read(request.user)
    if n:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    page = request.POST.get("page", "")
    url = reverse("web:notifications")
    return f"{url}?page={page}" if page.isdigit() else url
