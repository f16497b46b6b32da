"""Data exchange pages: scoping (other district → 404/absent, own → shown, province → shown), who may
import, the rejects file in the original layout and encoding, the upload form."""

from __future__ import annotations

import csv
import io

import pytest

from jiuye.core.models import AuditEvent, EventKind
from jiuye.ingestion.enums import RunStatus
from jiuye.ingestion.models import ImportRun, QuarantinedRow
from jiuye.ingestion.pipeline import run_import

from .conftest import W_HEADER, rid, write_csv, write_xlsx
from .test_pipeline import bad_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def runs(tree, tmp_path, wages_adapter):
    """One run with quarantined rows in 雨湖 (GB18030) and one in 岳塘."""
    yuhu = run_import("tests.wages", write_csv(tmp_path / "yuhu.csv", W_HEADER, bad_rows(), "gb18030"),
                      division=tree["430302"])
    other = [[rid(41, place="430304"), "岳一", "430304001", "2024-01", "-1"]]
    yuetang = run_import("tests.wages", write_csv(tmp_path / "yt.csv", W_HEADER, other), division=tree["430304"])
    return {"yuhu": yuhu, "yuetang": yuetang}


@pytest.mark.parametrize(
    "role, expected",
    [
        ("caseworker", 200), ("inspector", 200), ("analyst_city", 200), ("leader_province", 200),
        ("admin_national", 200), ("caseworker_other", 404), ("citizen", 403), ("employer", 403),
    ],
)
def test_run_detail_scoped(login, users, runs, role, expected):
    response = login(users[role]).get(f"/exchange/runs/{runs['yuhu'].pk}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    "role, sees_yuhu, sees_yuetang",
    [
        ("caseworker", True, False), ("caseworker_other", False, True), ("analyst_city", True, True),
        ("leader_province", True, True), ("admin_national", True, True),
    ],
)
def test_lists_scoped(login, users, runs, role, sees_yuhu, sees_yuetang):
    client = login(users[role])
    shown = set(client.get("/exchange/").context["page"].object_list)
    assert (runs["yuhu"] in shown) is sees_yuhu and (runs["yuetang"] in shown) is sees_yuetang
    rows = {q.run_id for q in client.get("/exchange/quarantine/").context["page"].object_list}
    assert (runs["yuhu"].pk in rows) is sees_yuhu and (runs["yuetang"].pk in rows) is sees_yuetang


@pytest.mark.parametrize("url", ["/exchange/", "/exchange/quarantine/", "/exchange/import/", "/exchange/runs/1/"])
def test_anonymous_is_sent_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_run_detail_shows_reasons_in_the_current_language_and_masks_identifiers(login, users, runs, client):
    c = login(users["caseworker"])
    c.cookies["django_language"] = "en"
    page = c.get(f"/exchange/runs/{runs['yuhu'].pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Duplicate of row 2" in page and "Wrong number of columns" in page
    bad_id = bad_rows()[2][0]
    assert bad_id not in page and (bad_id[:6] + "********" + bad_id[-4:]) in page
    zh = login(users["caseworker"])
    zh.cookies["django_language"] = "zh-hans"
    assert "与第2行重复" in zh.get(f"/exchange/runs/{runs['yuhu'].pk}/").content.decode()


def test_rejects_download_keeps_layout_and_encoding(login, users, runs):
    run = runs["yuhu"]
    response = login(users["caseworker"]).get(f"/exchange/runs/{run.pk}/rejects/")
    assert response.status_code == 200 and "gb18030" in response["Content-Type"]
    text = response.content.decode("gb18030")
    records = list(csv.reader(io.StringIO(text)))
    assert records[0] == W_HEADER + ["原行号", "拒收原因", "Rejection reason"]
    assert len(records) == 1 + 6
    by_row = {r[-3]: r for r in records[1:]}
    assert by_row["7"][:5] == bad_rows()[5] and "收入额" in by_row["7"][-2]
    assert by_row["4"][0] == bad_rows()[2][0]  # a caseworker gets the original ID back to have it fixed
    assert AuditEvent.objects.filter(kind=EventKind.EXPORTED, object_id=str(run.pk)).exists()
    masked = login(users["analyst_city"]).get(f"/exchange/runs/{run.pk}/rejects/").content.decode("gb18030")
    assert bad_rows()[2][0] not in masked and "********" in masked


def test_rejects_file_sent_back_corrected_is_accepted_and_releases(login, users, runs, tmp_path):
    run = runs["yuhu"]
    content = login(users["caseworker"]).get(f"/exchange/runs/{run.pk}/rejects/").content
    records = list(csv.reader(io.StringIO(content.decode("gb18030"))))
    fixed = [records[0]] + [r for r in records[1:] if r[-3] == "7"]
    fixed[1][4] = "5.00"
    path = tmp_path / "fixed.csv"
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(fixed)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    again = run_import("tests.wages", path, division=run.division)
    assert again.status == RunStatus.COMPLETED, again.message
    assert (again.rows_accepted, again.rows_released) == (1, 1)


def test_other_district_cannot_download_rejects(login, users, runs):
    assert login(users["caseworker_other"]).get(f"/exchange/runs/{runs['yuhu'].pk}/rejects/").status_code == 404


def test_upload_runs_an_import(login, users, tree, tmp_path):
    path = write_xlsx(tmp_path / "u.xlsx", ["公民身份号码", "姓名", "居住地区划代码", "登记日期"],
                      [[rid(61), "王小明", "430302001", "2024-03-01"]])
    client = login(users["caseworker"])
    form = client.get("/exchange/import/")
    assert form.status_code == 200 and "430302" in dict(form.context["form"].fields["division"].choices)
    with open(path, "rb") as fh:
        response = client.post("/exchange/import/", {
            "source": "human_resources.unemployment", "division": "430302", "file": fh})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/exchange/runs/{run.pk}/"
    assert run.status == RunStatus.COMPLETED and run.rows_accepted == 1 and run.started_by == users["caseworker"]
    assert run.file_name == "u.xlsx"


def test_upload_cannot_target_another_district(login, users, tree, tmp_path):
    path = write_csv(tmp_path / "u.csv", ["公民身份号码", "姓名", "居住地区划代码", "登记日期"], [])
    with open(path, "rb") as fh:
        response = login(users["caseworker"]).post("/exchange/import/", {
            "source": "human_resources.unemployment", "division": "430304", "file": fh})
    assert response.status_code == 200 and "division" in response.context["form"].errors
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize("role", ["analyst_city", "leader_province"])
def test_readers_cannot_import(login, users, role):
    client = login(users[role])
    assert client.get("/exchange/").status_code == 200
    assert client.get("/exchange/import/").status_code == 403
    assert client.post("/exchange/import/", {}).status_code == 403


def test_quarantine_list_filters_by_status(login, users, runs, tmp_path):
    client = login(users["caseworker"])
    assert client.get("/exchange/quarantine/").context["page"].paginator.count == 6
    QuarantinedRow.objects.filter(run=runs["yuhu"], row_number=7).update(status="released")
    assert client.get("/exchange/quarantine/").context["page"].paginator.count == 5
    assert client.get("/exchange/quarantine/", {"status": "released"}).context["page"].paginator.count == 1


def test_rejects_of_an_xlsx_file_come_back_as_xlsx(login, users, tree, tmp_path, wages_adapter):
    from openpyxl import load_workbook

    path = write_xlsx(tmp_path / "w.xlsx", W_HEADER, [[rid(43), "岳一", "430302001", "2024-01", "-1"]])
    run = run_import("tests.wages", path, division=tree["430302"])
    response = login(users["caseworker"]).get(f"/exchange/runs/{run.pk}/rejects/")
    assert "spreadsheetml" in response["Content-Type"]
    out = tmp_path / "rejects.xlsx"
    out.write_bytes(response.content)
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == W_HEADER + ["原行号", "拒收原因", "Rejection reason"]
    assert rows[1][:5] == (rid(43), "岳一", "430302001", "2024-01", "-1") and rows[1][5] == "2"


def test_upload_with_a_stray_nul_shows_the_row_with_the_nul_visible(login, users, tree, tmp_path, english):
    header = ["公民身份号码", "姓名", "居住地区划代码", "登记日期"]
    rows = [[rid(61), "王\x00小明", "430302001", "2024-03-01"], [rid(63), "李四", "430302001", "2024-03-02"]]
    path = write_csv(tmp_path / "u.csv", header, rows)
    client = login(users["caseworker"])
    with open(path, "rb") as fh:
        response = client.post("/exchange/import/", {
            "source": "human_resources.unemployment", "division": "430302", "file": fh}, follow=True)
    run = ImportRun.objects.get()
    assert run.status == RunStatus.COMPLETED and (run.rows_accepted, run.rows_quarantined) == (1, 1)
    page = response.content.decode()
    assert "王␀小明" in page and "contains a NUL character" in page and "\x00" not in page
    listing = client.get("/exchange/quarantine/").content.decode()
    assert "王␀小明" in listing and "姓名" in listing
    # the caseworker's rejects file gives the row back as it was sent, for the department to fix
    rejects = client.get(f"/exchange/runs/{run.pk}/rejects/").content.decode("utf-8")
    assert "王\x00小明" in rejects and "NUL" in rejects
