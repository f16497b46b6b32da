"""The import pipeline end to end: formats, refusals, every kind of bad row, idempotency, release,
resumption after a crash, staging for linkage. Counts always add up to the rows read."""

from __future__ import annotations

import pytest

from jiuye.core.models import AuditEvent
from jiuye.ingestion.enums import QuarantineStatus, RunStatus, StagedStatus
from jiuye.ingestion.models import ImportRun, QuarantinedRow, StagedRecord
from jiuye.ingestion.pipeline import run_import, staged_row
from jiuye.ingestion.sources.base import get_adapter
from jiuye.registry.models import Person, UnemploymentRegistration, WageIncome

from .. import factories as f
from .conftest import U_HEADER, UNEMPLOYMENT, W_HEADER, rid, write_csv, write_jsonl, write_xlsx

pytestmark = pytest.mark.django_db


NAMES = ["甲一", "乙二", "丙三", "丁四", "戊五", "己六", "庚七"]


def assert_counts_add_up(run: ImportRun) -> None:
    assert (
        run.rows_accepted + run.rows_updated + run.rows_unchanged + run.rows_staged + run.rows_quarantined
        == run.rows_read
    )


def u_rows():
    return [
        [rid(11), "王小明", "430302001", "2024-03-01", ""],
        [rid(13), "李四", "430302001", "2024-03-02", "登记失业"],
    ]


@pytest.mark.parametrize(
    "fmt, encoding",
    [("csv", "utf-8"), ("csv", "utf-8-sig"), ("csv", "gb18030"), ("xlsx", ""), ("jsonl", "utf-8")],
)
def test_every_format_and_encoding_imports(tree, tmp_path, fmt, encoding):
    path = tmp_path / f"u.{fmt}"
    if fmt == "csv":
        write_csv(path, U_HEADER, u_rows(), encoding)
    elif fmt == "xlsx":
        write_xlsx(path, U_HEADER, u_rows())
    else:
        write_jsonl(path, U_HEADER, u_rows())
    run = run_import(UNEMPLOYMENT, path, division=tree["430302"])
    assert run.status == RunStatus.COMPLETED, run.message
    assert (run.file_format, run.encoding) == (fmt, encoding)
    assert len(run.file_sha256) == 64 and run.file_size == path.stat().st_size
    assert (run.rows_read, run.rows_accepted) == (2, 2)
    assert run.headers == U_HEADER
    assert UnemploymentRegistration.objects.filter(person__name="王小明").count() == 1
    assert_counts_add_up(run)


def test_undecodable_file_is_refused(tree, tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes(",".join(U_HEADER).encode("utf-16"))
    run = run_import(UNEMPLOYMENT, path, division=tree["430302"])
    assert run.status == RunStatus.REFUSED
    assert "neither UTF-8 nor GB18030" in run.message and "既不是UTF-8编码也不是GB18030" in run.message
    assert run.rows_read == 0 and not Person.objects.exists()


def test_decode_error_past_the_sample_refuses_before_writing(tree, tmp_path, monkeypatch):
    from jiuye.ingestion import readers

    monkeypatch.setattr(readers, "SAMPLE", 100)
    good = write_csv(tmp_path / "u.csv", U_HEADER, u_rows() * 3, "utf-8").read_bytes()
    path = tmp_path / "mixed.csv"
    path.write_bytes(good + f"{rid(15)},".encode() + "张三".encode("gb18030") + b",430302001,2024-03-01,\n")
    run = run_import(UNEMPLOYMENT, path, division=tree["430302"])
    assert run.status == RunStatus.REFUSED
    assert f"offset {len(good) + 19}" in run.message
    assert run.rows_read == 0 and not UnemploymentRegistration.objects.exists()


def test_unknown_layout_is_refused_with_expected_and_found_columns(tree, tmp_path):
    path = write_csv(tmp_path / "u.csv", ["身份证", "姓名", "登记日期", "备注"], [["1", "2", "3", "4"]])
    run = run_import(UNEMPLOYMENT, path, division=tree["430302"])
    assert run.status == RunStatus.REFUSED
    assert "unknown columns: 身份证, 备注" in run.message
    assert "missing required columns: 居住地区划代码" in run.message
    assert "Expected columns: 公民身份号码, 姓名" in run.message and "Columns found: 身份证, 姓名, 登记日期, 备注" in run.message
    assert "无法识别的列：身份证、备注" in run.message
    assert AuditEvent.objects.filter(object_type="ingestion.importrun", object_id=str(run.pk)).exists()


def bad_rows():
    bad_checksum = rid(15)[:-1] + ("0" if rid(15)[-1] != "0" else "1")
    return [
        [rid(11), "张三", "430302001", "2024-01", "5000.00"],  # 2 good
        [rid(13), "李四", "430302001"],  # 3 wrong column count
        [bad_checksum, "王五", "430302001", "2024-01", "4000"],  # 4 bad check digit
        [rid(17), "赵六", "439999001", "2024-01", "4000"],  # 5 unknown division
        [rid(19), "钱七", "430302001", "2099-01", "4000"],  # 6 month in the future
        [rid(21), "孙八", "430302001", "2024-01", "-5"],  # 7 negative wage
        [rid(11), "张三", "430302001", "2024-01", "5100"],  # 8 duplicate of row 2
        [rid(23), "周九", "430302001", "2024-02", "6000"],  # 9 good
        ["", "吴十", "430302001", "2024-01", "3000"],  # 10 no ID: staged for linkage
    ]


def test_every_kind_of_bad_row_is_quarantined_with_its_column_and_reason(tree, tmp_path, wages_adapter):
    path = write_csv(tmp_path / "w.csv", W_HEADER, bad_rows(), "gb18030")
    run = run_import("tests.wages", path, division=tree["430302"])
    assert run.status == RunStatus.COMPLETED, run.message
    assert (run.rows_read, run.rows_accepted, run.rows_staged, run.rows_quarantined) == (9, 2, 1, 6)
    assert_counts_add_up(run)
    reasons = {q.row_number: q.errors for q in run.quarantined.all()}
    assert set(reasons) == {3, 4, 5, 6, 7, 8}
    (r3,) = reasons[3]
    assert r3["code"] == "column_count" and "header has 5, this row has 3" in r3["en"] and "列数不对" in r3["zh"]
    (r4,) = reasons[4]
    assert (r4["column"], r4["code"]) == ("公民身份号码", "resident_id_checksum")
    assert "*" in r4["value"] and r4["value"] != bad_rows()[2][0]  # masked
    (r5,) = reasons[5]
    assert (r5["column"], r5["code"], r5["value"]) == ("居住地区划代码", "division_unknown", "439999001")
    (r6,) = reasons[6]
    assert (r6["column"], r6["code"]) == ("所得期间", "date_future")
    (r7,) = reasons[7]
    assert (r7["column"], r7["code"], r7["value"]) == ("收入额", "negative", "-5")
    assert "negative" in r7["en"] and "负数" in r7["zh"]
    (r8,) = reasons[8]
    assert r8["code"] == "duplicate" and "Duplicate of row 2" in r8["en"] and "与第2行重复" in r8["zh"]
    # good rows landed, nothing else did
    assert WageIncome.objects.count() == 2
    assert sorted(Person.objects.values_list("name", flat=True)) == ["周九", "张三"]
    # the quarantine keeps identifiers masked, the original row encrypted
    q4 = run.quarantined.get(row_number=4)
    assert q4.raw["公民身份号码"].count("*") == 8 and bad_rows()[2][0] not in q4.raw_encrypted


def test_reimporting_the_same_file_changes_nothing(tree, tmp_path, wages_adapter):
    path = write_csv(tmp_path / "w.csv", W_HEADER, bad_rows())
    first = run_import("tests.wages", path, division=tree["430302"])
    second = run_import("tests.wages", path, division=tree["430302"])
    assert second.pk != first.pk and second.status == RunStatus.COMPLETED
    assert (second.rows_read, second.rows_unchanged, second.rows_quarantined) == (9, 3, 6)
    assert second.rows_accepted == second.rows_updated == second.rows_staged == 0
    assert_counts_add_up(second)
    assert WageIncome.objects.count() == 2 and StagedRecord.objects.count() == 1 and Person.objects.count() == 2
    # the same bad rows are not listed twice as open: the older ones are superseded
    assert QuarantinedRow.objects.filter(status=QuarantineStatus.OPEN).count() == 6
    assert set(first.quarantined.values_list("status", flat=True)) == {QuarantineStatus.SUPERSEDED}


def test_a_corrected_file_releases_rows_from_quarantine(tree, tmp_path, wages_adapter):
    first = run_import("tests.wages", write_csv(tmp_path / "w.csv", W_HEADER, bad_rows()), division=tree["430302"])
    negative = first.quarantined.get(row_number=7)
    corrected = [[rid(21), "孙八", "430302001", "2024-01", "5.00"], [rid(17), "赵六", "430302001", "2024-01", "4000"]]
    second = run_import("tests.wages", write_csv(tmp_path / "fixed.csv", W_HEADER, corrected), division=tree["430302"])
    assert (second.rows_accepted, second.rows_released) == (2, 2)
    negative.refresh_from_db()
    assert negative.status == QuarantineStatus.RELEASED and negative.released_by == second
    assert first.quarantined.get(row_number=5).status == QuarantineStatus.RELEASED  # unknown division fixed
    assert first.quarantined.get(row_number=4).status == QuarantineStatus.OPEN  # not in the corrected file


def test_a_crash_half_way_resumes_without_duplicates_or_loss(tree, tmp_path, wages_adapter):
    rows = [[rid(31 + 2 * i), NAMES[i], "430302001", "2024-01", f"{1000 + i}"] for i in range(7)]
    path = write_csv(tmp_path / "w.csv", W_HEADER, rows)
    wages_adapter.fail_after = 3  # rows 2-3 commit (batch 1); the crash in batch 2 rolls it back
    run = run_import("tests.wages", path, division=tree["430302"], batch_size=2)
    assert run.status == RunStatus.FAILED and "RuntimeError" in run.message
    assert (run.committed_through, run.rows_read, run.rows_accepted) == (3, 2, 2)
    assert WageIncome.objects.count() == 2
    wages_adapter.fail_after = None
    again = run_import("tests.wages", path, division=tree["430302"], batch_size=2)
    assert again.pk == run.pk and again.status == RunStatus.COMPLETED
    assert (again.rows_read, again.rows_accepted, again.committed_through) == (7, 7, 8)
    assert_counts_add_up(again)
    assert WageIncome.objects.count() == 7 and Person.objects.count() == 7


def test_an_interrupt_marks_the_run_and_the_next_run_finishes_it(tree, tmp_path, wages_adapter, monkeypatch):
    rows = [[rid(51 + 2 * i), NAMES[i], "430302001", "2024-01", "1000"] for i in range(5)]
    rows.append(rows[0])  # a duplicate after the interruption still points at row 2
    path = write_csv(tmp_path / "w.csv", W_HEADER, rows)
    original = wages_adapter.apply

    def interrupted(self, row, ctx, person=None):
        if type(self).applied >= 2:
            raise KeyboardInterrupt
        return original(self, row, ctx, person)

    monkeypatch.setattr(wages_adapter, "apply", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_import("tests.wages", path, division=tree["430302"], batch_size=2)
    run = ImportRun.objects.get()
    assert run.status == RunStatus.INTERRUPTED and run.committed_through == 3
    monkeypatch.setattr(wages_adapter, "apply", original)
    again = run_import("tests.wages", path, division=tree["430302"], batch_size=2)
    assert again.pk == run.pk and again.status == RunStatus.COMPLETED
    assert (again.rows_read, again.rows_accepted, again.rows_quarantined) == (6, 5, 1)
    assert "Duplicate of row 2" in again.quarantined.get().errors[0]["en"]
    assert WageIncome.objects.count() == 5


def test_rows_without_a_usable_id_are_staged_not_lost(tree, tmp_path, wages_adapter):
    known = f.make_person(tree["430302001"], name="王小明")
    rows = [
        ["", "吴十", "430302001", "2024-01", "3000"],
        [known.reveal_resident_id(), "王大明", "430302001", "2024-01", "3000"],  # the ID's person has another name
    ]
    run = run_import("tests.wages", write_csv(tmp_path / "w.csv", W_HEADER, rows), division=tree["430302"])
    assert (run.rows_read, run.rows_staged) == (2, 2)
    assert_counts_add_up(run)
    staged = {s.name: s for s in StagedRecord.objects.all()}
    assert staged["吴十"].status == StagedStatus.PENDING and staged["吴十"].resident_id_hash == ""
    conflict = staged["王大明"]
    assert conflict.resident_id_hash == known.resident_id_hash
    assert known.reveal_resident_id() not in str(conflict.payload)  # identifiers only encrypted
    row = staged_row(get_adapter("tests.wages"), conflict)
    assert row.resident_id == known.reveal_resident_id() and str(row.amount) == "3000.00"
    assert not WageIncome.objects.exists()
