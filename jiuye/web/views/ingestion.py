"""Data exchange pages for staff: import runs, their quarantined rows, rejects download, upload.

Runs and quarantined rows are scoped by `visible_to` on the importing office's division: another
district's run is a 404. Every staff role reads; caseworkers, inspectors and administrators import.
Imports run synchronously inside the request for now (a background task is the next step), so the
upload view commits batch by batch instead of holding one request transaction.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.ingestion import sources
from jiuye.ingestion.enums import QuarantineStatus, RunStatus
from jiuye.ingestion.models import ImportRun, QuarantinedRow
from jiuye.ingestion.permissions import can_download_originals, can_import, can_view_runs
from jiuye.ingestion.pipeline import run_import
from jiuye.ingestion.rejects import rejects_file
from jiuye.ingestion.sources.base import REGISTRY

from ..display import paginate
from ..forms import division_choices


def _staff(request: HttpRequest) -> None:
    if not can_view_runs(request.user):
        raise PermissionDenied


def source_title(code: str) -> str:
    sources.load_all()
    cls = REGISTRY.get(code)
    if cls is None:
        return code
    return cls.title_en if (get_language() or "").startswith("en") else cls.title_zh


def source_choices() -> list[tuple[str, str]]:
    sources.load_all()
    return [(code, f"{source_title(code)} ({code})") for code in sorted(REGISTRY) if not code.startswith("tests.")]


def _reason_key() -> str:
    return "en" if (get_language() or "").startswith("en") else "zh"


def _with_reasons(rows):
    key = _reason_key()
    for row in rows:
        row.reasons = [{**e, "text": e.get(key) or e.get("en", "")} for e in row.errors]
    return rows


class SourceFilterForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Source"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("Any"))] + source_choices()
        self.fields["status"].choices = [("", _("Any"))] + list(statuses)


@never_cache
@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    form = SourceFilterForm(request.GET or None, statuses=RunStatus.choices)
    runs = ImportRun.objects.visible_to(request.user).select_related("division", "started_by")
    if form.is_bound and form.is_valid():
        if form.cleaned_data["source"]:
            runs = runs.filter(source_code=form.cleaned_data["source"])
        if form.cleaned_data["status"]:
            runs = runs.filter(status=form.cleaned_data["status"])
    page = paginate(request, runs)
    for run in page.object_list:
        run.source_title = source_title(run.source_code)
    return render(request, "web/ingestion/run_list.html", {
        "form": form, "page": page, "can_import": can_import(request.user),
    })


@never_cache
@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    run = get_object_or_404(ImportRun.objects.visible_to(request.user).select_related("division", "started_by"), pk=pk)
    run.source_title = source_title(run.source_code)
    page = paginate(request, run.quarantined.select_related("released_by"))
    _with_reasons(page.object_list)
    return render(request, "web/ingestion/run_detail.html", {
        "run": run, "page": page, "open_rejects": run.quarantined.filter(status=QuarantineStatus.OPEN).count(),
        "message_lines": [line for line in run.message.splitlines() if line],
    })


@never_cache
@login_required
def run_rejects(request: HttpRequest, pk: int) -> HttpResponse:
    """The run's rows still in quarantine, in the file's own layout and encoding, with the reasons."""
    _staff(request)
    run = get_object_or_404(ImportRun.objects.visible_to(request.user), pk=pk)
    rows = list(run.quarantined.filter(status=QuarantineStatus.OPEN).order_by("row_number"))
    originals = can_download_originals(request.user)
    content, content_type, ext = rejects_file(run, rows, originals=originals)
    record_event(run, actor=request.user, kind=EventKind.EXPORTED, request=request, data={
        "export": "ingestion_rejects", "rows": len(rows), "identifiers": "clear" if originals else "masked",
    })
    stem = Path(run.file_name).stem or "rejects"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename=\"rejects-{run.pk}.{ext}\"; filename*=UTF-8''" + \
        _quote(f"{stem}-拒收-{run.pk}.{ext}")
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


class UploadForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Source"))
    division = forms.ChoiceField(
        label=gettext_lazy("Area the file covers"),
        help_text=gettext_lazy("Your office's area, or a part of it."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV in UTF-8 or GB18030, Excel (XLSX, first sheet) or JSON Lines, with the "
                               "column headers of the exchange specification."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = source_choices()
        choices = [(code, label) for code, label in division_choices(user) if code]
        self.fields["division"].choices = choices
        if user.division_id and not user.sees_everything:
            self.fields["division"].initial = user.division.code

    def clean_division(self) -> Division:
        return Division.objects.get(code=self.cleaned_data["division"])


@never_cache
@transaction.non_atomic_requests
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _staff(request)
    if not can_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        suffix = Path(uploaded.name).suffix.lower()[:8]
        fd, tmp = tempfile.mkstemp(prefix="jiuye-upload-", suffix=suffix)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in uploaded.chunks():
                    fh.write(chunk)
            run = run_import(form.cleaned_data["source"], tmp, division=form.cleaned_data["division"],
                             user=request.user, file_name=uploaded.name)
        finally:
            os.unlink(tmp)
        if run.status == RunStatus.COMPLETED:
            messages.success(request, _("Import finished: %(read)s rows read, %(quarantined)s quarantined.")
                             % {"read": run.rows_read, "quarantined": run.rows_quarantined})
        else:
            messages.error(request, _("The import did not complete: %(status)s.") % {"status": run.get_status_display()})
        return redirect("web:ingestion_run", pk=run.pk)
    return render(request, "web/ingestion/upload.html", {"form": form})


@never_cache
@login_required
def quarantine_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = QuarantineStatus.OPEN
    form = SourceFilterForm(params, statuses=QuarantineStatus.choices)
    rows = QuarantinedRow.objects.visible_to(request.user).select_related("run", "division", "released_by")
    if form.is_valid():
        if form.cleaned_data["source"]:
            rows = rows.filter(source_code=form.cleaned_data["source"])
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
    rows = rows.order_by("-run__started_at", "run_id", "row_number")
    page = paginate(request, rows)
    _with_reasons(page.object_list)
    for row in page.object_list:
        row.source_title = source_title(row.source_code)
    return render(request, "web/ingestion/quarantine.html", {"form": form, "page": page, "query_params": params})
