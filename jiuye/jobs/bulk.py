"""Bulk posting, shared by the API (a JSON list) and the upload page (a CSV or XLSX file, one posting per row).

Every row goes through the same checks (`validate_row`) and the same save (`save_row`), so a posting refused by
one channel is refused by the other with the same field and message. A row names the employer by its unified
social credit code (staff) or is for the user's own employer (employer users). `external_ref`, the employer's own
reference for the posting, makes re-sending safe: a row whose reference already exists for the employer updates
that draft, or is reported unchanged, instead of creating a second posting. A row without an occupation code is
coded from its title (`occupation.code_title`); when the coder is not confident the row is saved as a draft with a
note, and the title waits for staff in the coding queue.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django import forms
from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jiuye.geography.models import Division
from jiuye.ingestion import readers
from jiuye.registry.enums import ContractType
from jiuye.registry.models import Employer
from jiuye.taxonomy.models import EducationLevel, Occupation

from . import services
from .enums import PostingStatus, SocialInsurance
from .models import JobPosting, PostingUpload

MAX_ITEMS = 500  # per API request
MAX_FILE_ROWS = 5000  # per uploaded file
MAX_FILE_BYTES = 10 * 1024 * 1024
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]

# The columns of a posting row: (name, Chinese header also accepted, required, what it holds). The upload
# template and the documentation are generated from this list.
COLUMNS: list[tuple[str, str, bool, Any]] = [
    (
        "external_ref",
        "本单位编号",
        False,
        gettext_lazy("Your own reference for the posting; re-sending it updates, never doubles"),
    ),
    (
        "employer",
        "统一社会信用代码",
        False,
        gettext_lazy("Employer's unified social credit code (staff; employer users omit it)"),
    ),
    ("title", "职位名称", True, gettext_lazy("Job title")),
    ("description", "职位描述", False, gettext_lazy("Description (no phone numbers or e-mail addresses)")),
    (
        "occupation",
        "职业代码",
        False,
        gettext_lazy("Level-4 code of the 2022 occupation classification; empty: coded from the title"),
    ),
    (
        "division",
        "工作地点代码",
        True,
        gettext_lazy("Work location: county or township code, e.g. 430302001"),
    ),
    ("address", "工作地址", False, gettext_lazy("Work address")),
    ("latitude", "纬度", False, gettext_lazy("Latitude")),
    ("longitude", "经度", False, gettext_lazy("Longitude")),
    ("pay_min", "月基本工资下限", False, gettext_lazy("Monthly base pay from (yuan); needed to publish")),
    ("pay_max", "月基本工资上限", False, gettext_lazy("Monthly base pay up to (yuan)")),
    ("pay_months", "每年发薪月数", False, gettext_lazy("Months paid per year (default 12)")),
    ("pay_text", "薪资说明", False, gettext_lazy("Pay as written")),
    ("contract_type", "合同类型", False, gettext_lazy("Contract type code (see the list below)")),
    ("headcount", "招聘人数", False, gettext_lazy("Openings (default 1)")),
    ("education", "最低学历代码", False, gettext_lazy("Minimum education level code")),
    ("experience_years", "最低工作年限", False, gettext_lazy("Minimum years of experience (default 0)")),
    ("working_hours", "工作时间", False, gettext_lazy("Working hours; needed to publish")),
    ("social_insurance", "社会保险", False, gettext_lazy("Social insurance code (see the list below)")),
    ("valid_from", "有效期起", False, gettext_lazy("First day valid (YYYY-MM-DD); needed to publish")),
    ("valid_until", "有效期止", False, gettext_lazy("Last day valid (YYYY-MM-DD); needed to publish")),
]
COLUMN_NAMES = [c[0] for c in COLUMNS]
_ALIASES = {zh: name for name, zh, _req, _help in COLUMNS} | {name: name for name in COLUMN_NAMES}
# Columns a rejects download adds in front; a corrected rejects file can be uploaded as it is.
ANNOTATIONS = {"line", "errors", "行号", "错误"}
POSTING_FIELDS = [n for n in COLUMN_NAMES if n not in ("employer",)]


class PostingRowForm(forms.Form):
    """One posting row, from JSON or from a file cell's text. Field names are the column names."""

    external_ref = forms.CharField(required=False, max_length=64)
    employer = forms.CharField(required=False, max_length=18)
    title = forms.CharField(max_length=120)
    description = forms.CharField(required=False)
    occupation = forms.CharField(required=False, max_length=16)
    division = forms.CharField(max_length=12)
    address = forms.CharField(required=False, max_length=200)
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180)
    pay_min = forms.IntegerField(required=False, min_value=0)
    pay_max = forms.IntegerField(required=False, min_value=0)
    pay_months = forms.IntegerField(required=False, min_value=1, max_value=24)
    pay_text = forms.CharField(required=False, max_length=100)
    contract_type = forms.ChoiceField(required=False, choices=[("", "")] + list(ContractType.choices))
    headcount = forms.IntegerField(required=False, min_value=1, max_value=32767)
    education = forms.CharField(required=False, max_length=32)
    experience_years = forms.IntegerField(required=False, min_value=0, max_value=60)
    working_hours = forms.CharField(required=False, max_length=100)
    social_insurance = forms.ChoiceField(required=False, choices=[("", "")] + list(SocialInsurance.choices))
    valid_from = forms.DateField(required=False, input_formats=DATE_FORMATS)
    valid_until = forms.DateField(required=False, input_formats=DATE_FORMATS)

    def __init__(self, data: Mapping[str, Any], *, user: Any, default_employer: Employer | None = None):
        super().__init__(data={k: ("" if v is None else v) for k, v in data.items()})
        self.user = user
        self.default_employer = default_employer

    def clean_occupation(self):
        value = (self.cleaned_data.get("occupation") or "").strip()
        if not value:
            return None
        occ = Occupation.objects.filter(code=value).first()
        if occ is None:
            raise forms.ValidationError(_("No occupation has this code in the classification."))
        return occ

    def clean_division(self):
        division = Division.objects.filter(code=self.cleaned_data["division"].strip()).first()
        if division is None:
            raise forms.ValidationError(_("No area has this code."))
        return division

    def clean_education(self):
        value = (self.cleaned_data.get("education") or "").strip()
        if not value:
            return None
        level = EducationLevel.objects.filter(code=value).first()
        if level is None:
            raise forms.ValidationError(_("No education level has this code."))
        return level

    def clean(self):
        data = super().clean()
        user = self.user
        code = (data.get("employer") or "").strip().upper()
        if getattr(user, "is_employer_user", False):
            if code and code != user.employer.credit_code:
                self.add_error("employer", _("You may post only for your own employer."))
            data["employer"] = user.employer
        elif code:
            employer = Employer.objects.visible_to(user).filter(credit_code=code).first()
            if employer is None:
                self.add_error("employer", _("No employer with this code in your area."))
            data["employer"] = employer
        elif self.default_employer is not None:
            data["employer"] = self.default_employer
        else:
            self.add_error("employer", _("Give the employer's unified social credit code."))
        defaults = {
            "pay_months": 12,
            "headcount": 1,
            "experience_years": 0,
            "social_insurance": SocialInsurance.FIVE,
        }
        for name, value in defaults.items():
            if data.get(name) in (None, ""):
                data[name] = value
        for name in ("description", "address", "pay_text", "working_hours", "external_ref", "contract_type"):
            data[name] = (data.get(name) or "").strip()
        return data


def validate_row(data: Mapping[str, Any], *, user: Any, default_employer: Employer | None = None):
    """(cleaned values, []) or (None, [(field, message), ...])."""
    if not isinstance(data, Mapping):
        return None, [("non_field_errors", _("Each posting must be an object of fields."))]
    form = PostingRowForm(data, user=user, default_employer=default_employer)
    if not form.is_valid():
        return None, [
            ("non_field_errors" if name == "__all__" else name, str(msg))
            for name, msgs in form.errors.items()
            for msg in msgs
        ]
    return dict(form.cleaned_data), []


@dataclass
class RowResult:
    posting: JobPosting | None = None
    action: str = ""  # created / updated / unchanged
    errors: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.posting is not None and not self.errors


def _differs(posting: JobPosting, values: dict[str, Any]) -> bool:
    for name, value in values.items():
        if name == "occupation" and value is None and posting.occupation_id is not None:
            continue  # coded for them last time
        current = getattr(posting, name)
        if current != value:
            return True
    return False


def save_row(values: dict[str, Any], *, user: Any, publish: bool, source: str = "bulk") -> RowResult:
    """Save one validated row (in its own transaction): create, update the draft with the same external_ref, or
    leave an identical posting alone; publish when asked and possible."""
    values = dict(values)
    employer = values.pop("employer")
    fields = {k: values[k] for k in POSTING_FIELDS if k in values}
    ref = fields.get("external_ref", "")
    existing = JobPosting.objects.filter(employer=employer, external_ref=ref).first() if ref else None
    result = RowResult()
    try:
        with transaction.atomic():
            if existing is not None and not _differs(existing, fields):
                posting, result.action = existing, "unchanged"
                if existing.status == PostingStatus.DRAFT and publish and existing.occupation_id is not None:
                    services.publish_posting(existing, by=user)
            else:
                if existing is not None and existing.status != PostingStatus.DRAFT:
                    raise services.PostingError(
                        {
                            "external_ref": [
                                _(
                                    "A posting with this reference is already %(status)s and cannot be changed; close it and "
                                    "send the new version with a new reference."
                                )
                                % {"status": PostingStatus(existing.status).label}
                            ]
                        }
                    )
                posting = existing or JobPosting(employer=employer)
                for name, value in fields.items():
                    setattr(posting, name, value)
                if existing is not None and fields.get("occupation") is not None:
                    if existing.occupation_id != fields["occupation"].pk:
                        posting.occupation_coded_by = ""
                posting.coding_source = source
                services.save_draft(posting, by=user)
                result.note = getattr(posting, "coding_note", "")
                result.action = "updated" if existing is not None else "created"
                if publish and posting.occupation_id is not None:
                    services.publish_posting(posting, by=user)
            if publish and posting.occupation_id is None:
                result.note = result.note or _(
                    "Saved as a draft: the occupation could not be coded with confidence from the title."
                )
    except services.PostingError as exc:
        result.errors = [(name, str(msg)) for name, msgs in exc.message_dict.items() for msg in msgs]
        return result
    # The screening's warnings (published with a notice to moderators) are reported with the row.
    warnings = [issue.message for issue in getattr(posting, "publication_issues", [])]
    if warnings:
        result.note = " ".join([result.note, *warnings]).strip()
    result.posting = posting
    return result


def duplicate_ref(
    seen: dict[tuple, Any], values: dict[str, Any], where: Any, label: str
) -> list[tuple[str, str]]:
    """An external_ref used twice for the same employer in one file or request: the second is refused, naming the
    first (`label` is "line %(n)s" or "item %(n)s")."""
    ref = values.get("external_ref") or ""
    if not ref or values.get("employer") is None:
        return []
    key = (values["employer"].pk, ref)
    if key in seen:
        first = label % {"n": seen[key]}
        return [
            (
                "external_ref",
                _("This reference is already used in %(first)s of this upload.") % {"first": first},
            )
        ]
    seen[key] = where
    return []


# --- files ---------------------------------------------------------------------------------------------------


class FileError(Exception):
    """The file as a whole cannot be read (format, encoding, header)."""


def _rows(path: Path) -> Iterator[list[str]]:
    fmt = readers.detect_format(path)
    if fmt == "csv":
        return readers.iter_csv(path, readers.detect_encoding(path))
    if fmt == "xlsx":
        return readers.iter_xlsx(path)
    raise FileError(_("Upload a CSV file (UTF-8 or GB18030) or an Excel .xlsx file."))


def read_file(uploaded, filename: str) -> tuple[list[str], list[tuple[int, dict[str, str], list[str]]]]:
    """(header, [(line number, {column: text}, cells)]) from an uploaded CSV or XLSX. Line numbers are what a clerk
    sees: the header is line 1. Unknown columns are refused by name so a misspelt column never drops data."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt"):
        raise FileError(_("Upload a CSV file (UTF-8 or GB18030) or an Excel .xlsx file."))
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        size = 0
        for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
            size += len(chunk)
            if size > MAX_FILE_BYTES:
                raise FileError(
                    _("The file is larger than %(n)s MB.") % {"n": MAX_FILE_BYTES // (1024 * 1024)}
                )
            tmp.write(chunk)
        tmp.flush()
        if size == 0:
            raise FileError(_("The file is empty."))
        try:
            records = list(_rows(Path(tmp.name)))
        except readers.ReadError as exc:
            raise FileError(exc.zh if (get_language() or "").startswith("zh") else exc.en) from None
        except Exception:  # a broken XLSX (zip) file
            raise FileError(_("The file cannot be read as CSV or XLSX.")) from None
    if not records:
        raise FileError(_("The file is empty."))
    header = [h.strip().lstrip("\ufeff") for h in records[0]]
    names = []
    unknown = []
    for h in header:
        name = _ALIASES.get(h) or _ALIASES.get(h.lower())
        if name is None and h and h not in ANNOTATIONS:
            unknown.append(h)
        names.append(name)
    if unknown:
        raise FileError(
            _("Unknown columns: %(cols)s. Use the columns of the template.") % {"cols": ", ".join(unknown)}
        )
    if "title" not in names or "division" not in names:
        raise FileError(_("The file needs at least the columns title and division (see the template)."))
    rows = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(names) if name}
        rows.append((number, values, list(cells)))
        if len(rows) > MAX_FILE_ROWS:
            raise FileError(_("At most %(n)s postings per file.") % {"n": MAX_FILE_ROWS})
    if not rows:
        raise FileError(_("The file has a header but no postings."))
    return header, rows


def import_file(
    uploaded, filename: str, *, user: Any, publish: bool, employer: Employer | None = None
) -> PostingUpload:
    """Validate and save every row of a file; store the upload with its rejected rows. Raises FileError when the
    file as a whole cannot be read (nothing is stored then)."""
    header, rows = read_file(uploaded, filename)
    upload = PostingUpload(
        uploaded_by=user if getattr(user, "is_authenticated", False) else None,
        employer=employer or (user.employer if getattr(user, "is_employer_user", False) else None),
        filename=filename[:200],
        publish=publish,
        header=header,
        rows_total=len(rows),
    )
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    refs: dict[tuple, int] = {}
    for line, values, cells in rows:
        cleaned, errors = validate_row(values, user=user, default_employer=employer)
        if cleaned is not None:
            errors = duplicate_ref(refs, cleaned, line, _("line %(n)s"))
            cleaned = None if errors else cleaned
        result = save_row(cleaned, user=user, publish=publish, source="bulk") if cleaned else None
        if result is not None and result.ok:
            counts[result.action] += 1
            upload.saved.append(
                {
                    "line": line,
                    "id": result.posting.pk,
                    "status": result.posting.status,
                    "action": result.action,
                    "title": result.posting.title,
                    "note": result.note,
                }
            )
            continue
        errors = errors or (result.errors if result else [])
        upload.rejected.append(
            {
                "line": line,
                "cells": cells,
                "errors": [{"field": f, "message": m} for f, m in errors],
            }
        )
    upload.rows_created, upload.rows_updated, upload.rows_unchanged = (
        counts["created"],
        counts["updated"],
        counts["unchanged"],
    )
    upload.rows_rejected = len(upload.rejected)
    upload.save()
    from jiuye.core.audit import record_event
    from jiuye.core.models import EventKind

    record_event(
        upload,
        actor=user,
        kind=EventKind.RECORD_CREATED,
        data={
            "action": "postings_uploaded",
            "rows": upload.rows_total,
            "created": upload.rows_created,
            "updated": upload.rows_updated,
            "unchanged": upload.rows_unchanged,
            "rejected": upload.rows_rejected,
        },
        division_path=getattr(getattr(upload.employer, "division", None), "path", ""),
    )
    return upload


def template_csv() -> str:
    """The upload template: a header row of the column names and one example row (UTF-8 with BOM, for Excel)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(COLUMN_NAMES)
    example = {
        "external_ref": "HR-2026-001",
        "title": "仓库管理员",
        "occupation": "4-02-01-01",
        "division": "430302001",
        "address": "雨湖路1号",
        "pay_min": "4000",
        "pay_max": "5500",
        "pay_months": "12",
        "contract_type": "fixed_term",
        "headcount": "2",
        "working_hours": "8小时/天，双休",
        "social_insurance": "five",
        "valid_from": "2026-12-01",
        "valid_until": "2027-01-31",
    }
    w.writerow([example.get(n, "") for n in COLUMN_NAMES])
    return "\ufeff" + out.getvalue()


def rejects_csv(upload: PostingUpload) -> str:
    """The rejected rows as they were, with their line and errors in front, ready to correct and send again."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["line", "errors", *upload.header])
    for row in upload.rejected:
        errors = "; ".join(f"{e['field']}: {e['message']}" for e in row["errors"])
        w.writerow([row["line"], errors, *row["cells"]])
    return "\ufeff" + out.getvalue()
