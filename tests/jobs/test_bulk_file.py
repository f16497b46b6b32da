"""Bulk posting by file (CSV UTF-8/GB18030, XLSX) and the shared row checks with the API: good rows saved, bad rows
kept with line and field, re-running a file is safe, missing occupations coded from the title."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.jobs import bulk
from jiuye.jobs.enums import PostingStatus
from jiuye.jobs.models import JobPosting, OccupationCodedBy, OccupationTitleReview, PostingUpload
from tests import factories as f

from .test_occupation_workflow import live_coder, load_occupations  # noqa: F401  (session-scoped coder)
from .test_postings import occupation

HEADER = [
    "external_ref",
    "title",
    "occupation",
    "division",
    "pay_min",
    "pay_max",
    "contract_type",
    "working_hours",
    "valid_from",
    "valid_until",
]


def row(**kw) -> list[str]:
    today = timezone.localdate()
    values = {
        "external_ref": "",
        "title": "装配工",
        "occupation": occupation().code,
        "division": "430302001",
        "pay_min": "4000",
        "pay_max": "6000",
        "contract_type": "fixed_term",
        "working_hours": "8小时/天",
        "valid_from": today.isoformat(),
        "valid_until": (today + dt.timedelta(days=30)).isoformat(),
    }
    values.update(kw)
    return [values[h] for h in HEADER]


def csv_file(rows, *, encoding="utf-8", name="postings.csv", header=HEADER) -> SimpleUploadedFile:
    import csv

    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(header)
    w.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def xlsx_file(rows, name="postings.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append([int(v) if v.isdigit() else v for v in r])
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


@pytest.fixture
def employer(tree):
    return f.make_employer(tree["430302001"])


@pytest.fixture
def employer_user(employer):
    return f.make_user(Role.EMPLOYER, None, employer=employer)


def test_good_rows_saved_bad_rows_kept_with_line_and_field(employer_user, employer, english):
    upload_file = csv_file(
        [
            row(external_ref="A1"),
            row(external_ref="A2", pay_min="abc"),
            row(external_ref="A3", occupation="9-99-99-99"),
            row(external_ref="A4", title="焊工"),
            row(external_ref="A5", pay_min="900", pay_max="1000"),
        ]
    )
    upload = bulk.import_file(upload_file, "postings.csv", user=employer_user, publish=True)
    assert (upload.rows_total, upload.rows_created, upload.rows_rejected) == (5, 2, 3)
    rejected = {(r["line"], e["field"]) for r in upload.rejected for e in r["errors"]}
    assert rejected == {(3, "pay_min"), (4, "occupation"), (6, "pay_min")}
    assert all(e["message"] for r in upload.rejected for e in r["errors"])
    assert upload.rejected[0]["cells"][0] == "A2"  # the row as it was
    postings = JobPosting.objects.for_employer(employer)
    assert sorted(postings.values_list("external_ref", "status")) == [
        ("A1", "published"),
        ("A4", "published"),
    ]
    assert all(p.created_by == employer_user for p in postings)
    text = bulk.rejects_csv(PostingUpload.objects.get())
    assert text.startswith("\ufeffline,errors,external_ref") and "A3" in text and "minimum wage" in text


def test_rerunning_the_same_file_changes_nothing(employer_user, employer):
    rows = [row(external_ref="R1"), row(external_ref="R2", title="焊工"), row(external_ref="R3", pay_min="x")]
    first = bulk.import_file(csv_file(rows), "a.csv", user=employer_user, publish=True)
    second = bulk.import_file(csv_file(rows), "a.csv", user=employer_user, publish=True)
    assert (first.rows_created, first.rows_rejected) == (2, 1)
    assert (second.rows_created, second.rows_updated, second.rows_unchanged, second.rows_rejected) == (
        0,
        0,
        2,
        1,
    )
    assert JobPosting.objects.for_employer(employer).count() == 2


def test_a_changed_draft_is_updated_a_changed_published_posting_is_refused(employer_user, employer, english):
    bulk.import_file(
        csv_file([row(external_ref="D1"), row(external_ref="P1")]), "a.csv", user=employer_user, publish=False
    )
    JobPosting.objects.filter(external_ref="P1").update(status=PostingStatus.PUBLISHED)
    again = bulk.import_file(
        csv_file([row(external_ref="D1", pay_min="4500"), row(external_ref="P1", pay_min="4500")]),
        "b.csv",
        user=employer_user,
        publish=False,
    )
    assert (again.rows_updated, again.rows_rejected) == (1, 1)
    assert again.rejected[0]["errors"][0]["field"] == "external_ref"
    assert JobPosting.objects.get(external_ref="D1").pay_min == 4500
    assert JobPosting.objects.get(external_ref="P1").pay_min == 4000
    assert JobPosting.objects.for_employer(employer).count() == 2


def test_gb18030_csv_and_xlsx(employer_user, employer):
    gb = bulk.import_file(
        csv_file([row(external_ref="G1", title="仓库管理员")], encoding="gb18030"),
        "gb.csv",
        user=employer_user,
        publish=False,
    )
    assert gb.rows_created == 1
    assert JobPosting.objects.get(external_ref="G1").title == "仓库管理员"
    xl = bulk.import_file(
        xlsx_file([row(external_ref="X1"), row(external_ref="X2", division="999")]),
        "p.xlsx",
        user=employer_user,
        publish=True,
    )
    assert (xl.rows_created, xl.rows_rejected) == (1, 1)
    assert xl.rejected[0]["line"] == 3 and xl.rejected[0]["errors"][0]["field"] == "division"


def test_chinese_headers_are_accepted(employer_user, employer):
    zh = {name: alias for name, alias, _r, _h in bulk.COLUMNS}
    upload = bulk.import_file(
        csv_file([row(external_ref="C1")], header=[zh[h] for h in HEADER]),
        "zh.csv",
        user=employer_user,
        publish=True,
    )
    assert upload.rows_created == 1


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "a.csv", "empty"),
        (b"title,division,salary\nx,430302001,3\n", "a.csv", "Unknown columns: salary"),
        (b"title,pay_min\nx,3\n", "a.csv", "at least the columns title and division"),
        (b"title,division\n", "a.csv", "no postings"),
        (b"%PDF-1.4", "a.pdf", "CSV file"),
        (b"PK\x03\x04garbage", "a.xlsx", "cannot be read"),
        (b"title,division\n\xff\xfe\xfa,430302001\n", "a.csv", "encod"),
    ],
)
def test_files_that_cannot_be_read_name_the_problem(employer_user, english, content, name, message):
    with pytest.raises(bulk.FileError) as exc:
        bulk.import_file(SimpleUploadedFile(name, content), name, user=employer_user, publish=True)
    assert message.lower() in str(exc.value).lower()
    assert not PostingUpload.objects.exists()


def test_staff_upload_for_employers_in_scope(tree, users, employer, english):
    other = f.make_employer(tree["430304001"])
    rows = [row(external_ref="S1"), row(external_ref="S2"), row(external_ref="S3")]
    header = ["employer", *HEADER]
    rows = [[employer.credit_code, *rows[0]], [other.credit_code, *rows[1]], ["", *rows[2]]]
    upload = bulk.import_file(csv_file(rows, header=header), "s.csv", user=users["caseworker"], publish=True)
    assert upload.rows_created == 1
    assert {(r["line"], r["errors"][0]["field"]) for r in upload.rejected} == {
        (3, "employer"),
        (4, "employer"),
    }
    # the employer chosen on the page fills rows that leave the column empty
    upload = bulk.import_file(
        csv_file([["", *row(external_ref="S4")]], header=header),
        "s.csv",
        user=users["caseworker"],
        publish=True,
        employer=employer,
    )
    assert upload.rows_created == 1
    assert JobPosting.objects.get(external_ref="S4").created_by == users["caseworker"]


def test_missing_occupation_is_coded_low_confidence_kept_as_draft(employer_user, employer, live_coder):  # noqa: F811
    load_occupations()
    upload = bulk.import_file(
        csv_file(
            [
                row(external_ref="O1", title="软件测试工程师", occupation=""),
                row(external_ref="O2", title="Registered Nurse", occupation=""),
            ]
        ),
        "o.csv",
        user=employer_user,
        publish=True,
    )
    assert (upload.rows_created, upload.rows_rejected) == (2, 0)
    coded = JobPosting.objects.get(external_ref="O1")
    assert coded.occupation.code == "4-04-05-02" and coded.occupation_coded_by == OccupationCodedBy.AUTO
    assert coded.status == PostingStatus.PUBLISHED
    unsure = JobPosting.objects.get(external_ref="O2")
    assert unsure.status == PostingStatus.DRAFT and unsure.occupation is None
    assert [s["note"] != "" for s in upload.saved] == [False, True]
    review = OccupationTitleReview.objects.get()
    assert review.key == "registered nurse" and review.source_list == ["bulk"]
    # re-running does not count the title twice
    bulk.import_file(
        csv_file([row(external_ref="O2", title="Registered Nurse", occupation="")]),
        "o.csv",
        user=employer_user,
        publish=True,
    )
    assert OccupationTitleReview.objects.get().seen == 1


def test_template_has_every_column_and_reads_back(employer_user):
    text = bulk.template_csv()
    header, rows = bulk.read_file(SimpleUploadedFile("t.csv", text.encode("utf-8")), "t.csv")
    assert header == bulk.COLUMN_NAMES and len(rows) == 1


# --- the API shares the row code ----------------------------------------------------------------------------

BULK = "/api/v1/postings/bulk/"


def _api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def _item(**kw):
    values = dict(zip(HEADER, row(), strict=True))
    values.update(kw)
    return {k: v for k, v in values.items() if v != ""}


def test_api_external_ref_makes_resending_safe(employer_user, employer):
    items = [_item(external_ref="API-1"), _item(external_ref="API-2", title="焊工")]
    first = _api(employer_user).post(BULK, items, format="json")
    assert first.status_code == 201
    assert [s["action"] for s in first.json()["saved"]] == ["created", "created"]
    again = _api(employer_user).post(BULK, items, format="json")
    assert again.status_code == 201
    assert [s["action"] for s in again.json()["saved"]] == ["unchanged", "unchanged"]
    assert JobPosting.objects.for_employer(employer).count() == 2


def test_api_and_file_report_the_same_field_and_message(employer_user, english):
    bad = {"pay_min": "abc", "occupation": "9-99-99-99"}
    api = _api(employer_user).post(BULK, [_item(**bad)], format="json").json()["errors"]
    upload = bulk.import_file(csv_file([row(**bad)]), "x.csv", user=employer_user, publish=True)
    from_file = [(e["field"], e["message"]) for e in upload.rejected[0]["errors"]]
    assert sorted((e["field"], e["message"]) for e in api) == sorted(from_file)


def test_api_rejects_a_bad_publish_flag_and_non_object_items(employer_user):
    response = _api(employer_user).post(BULK, [_item(publish="maybe"), "not an object"], format="json")
    assert response.status_code == 400
    assert {(e["index"], e["field"]) for e in response.json()["errors"]} == {
        (0, "publish"),
        (1, "non_field_errors"),
    }


# --- the upload page ------------------------------------------------------------------------------------------


def test_upload_page_saves_lists_rejects_and_offers_downloads(employer_user, employer, login, english):
    from django.urls import reverse

    client = login(employer_user)
    page = client.get(reverse("web:posting_upload")).content.decode()
    assert "external_ref" in page and "职位名称" in page and "Download the template" in page
    template = client.get(reverse("web:posting_upload_template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("text/csv")
    upload_file = csv_file([row(external_ref="W1"), row(external_ref="W2", division="999")])
    response = client.post(reverse("web:posting_upload"), {"file": upload_file, "publish": "publish"})
    upload = PostingUpload.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "web:posting_upload_detail", args=[upload.pk]
    )
    detail = client.get(response["Location"]).content.decode()
    assert "No area has this code" in detail and ">3</td>" in detail
    rejects = client.get(reverse("web:posting_upload_rejects", args=[upload.pk]))
    assert rejects.status_code == 200 and "W2" in rejects.content.decode()
    assert JobPosting.objects.get(external_ref="W1").status == PostingStatus.PUBLISHED


def test_upload_page_names_an_unreadable_file(employer_user, login, english):
    from django.urls import reverse

    response = login(employer_user).post(
        reverse("web:posting_upload"),
        {"file": SimpleUploadedFile("x.csv", b"salary\n3\n"), "publish": "draft"},
    )
    assert response.status_code == 200 and "Unknown columns: salary" in response.content.decode()
    assert not PostingUpload.objects.exists()


def test_uploads_are_seen_by_their_owner_only(employer_user, users, login, tree):
    from django.urls import reverse

    upload = bulk.import_file(csv_file([row(external_ref="V1")]), "v.csv", user=employer_user, publish=False)
    other = f.make_user(Role.EMPLOYER, None, employer=f.make_employer(tree["430302001"]))
    assert login(other).get(reverse("web:posting_upload_detail", args=[upload.pk])).status_code == 404
    assert (
        login(users["caseworker"]).get(reverse("web:posting_upload_rejects", args=[upload.pk])).status_code
        == 404
    )
    assert login(users["citizen"]).get(reverse("web:posting_upload")).status_code == 403
    assert login(users["analyst_city"]).get(reverse("web:posting_upload")).status_code == 403


def test_staff_upload_page_takes_the_employer_by_name(tree, users, login):
    from django.urls import reverse

    here = f.make_employer(tree["430302001"], name="雨湖纺织有限公司")
    client = login(users["caseworker"])
    response = client.post(
        reverse("web:posting_upload"),
        {"file": csv_file([row(external_ref="N1")]), "publish": "draft", "employer_ref": "雨湖纺织"},
    )
    assert response.status_code == 302
    posting = JobPosting.objects.get(external_ref="N1")
    assert posting.employer == here and posting.created_by == users["caseworker"]


def test_a_reference_used_twice_in_one_file_or_request_is_refused(employer_user, employer, english):
    upload = bulk.import_file(
        csv_file([row(external_ref="DUP"), row(external_ref="DUP", title="焊工")]),
        "d.csv",
        user=employer_user,
        publish=False,
    )
    assert (upload.rows_created, upload.rows_rejected) == (1, 1)
    assert upload.rejected[0]["errors"] == [
        {"field": "external_ref", "message": "This reference is already used in line 2 of this upload."}
    ]
    response = _api(employer_user).post(
        BULK, [_item(external_ref="API-D"), _item(external_ref="API-D")], format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 207
    assert (
        response.json()["errors"][0]["message"] == "This reference is already used in item 0 of this upload."
    )
