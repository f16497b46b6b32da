"""Encoding detection, strict decoding with byte offsets, header checks (pure, no database)."""

from __future__ import annotations

import pytest

from jiuye.ingestion import readers

from .conftest import U_HEADER, write_csv, write_jsonl, write_xlsx

ROW = ["430302199005061233", "王小明", "430302001", "2024-03-01", "登记失业"]


@pytest.mark.parametrize(
    "encoding, detected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")]
)
def test_csv_encodings_detected_and_read(tmp_path, encoding, detected):
    path = write_csv(tmp_path / "f.csv", U_HEADER, [ROW, ROW], encoding)
    assert readers.detect_encoding(path) == detected
    header, rows = readers.read_tabular(path, "csv", detected, U_HEADER, U_HEADER[:2])
    assert header.found == U_HEADER
    rows = list(rows)
    assert [r.number for r in rows] == [2, 3]
    assert rows[0].values["姓名"] == "王小明"


def test_neither_utf8_nor_gb18030_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("公民身份号码,姓名\n".encode("utf-16"))
    with pytest.raises(readers.ReadError) as exc:
        readers.detect_encoding(path)
    assert exc.value.code == "encoding" and "UTF-16" in exc.value.en and "GB18030" in exc.value.zh
    path.write_bytes(b"\xff\xfe\xfa\xfb,\xff\n")
    with pytest.raises(readers.ReadError, match="neither UTF-8 nor GB18030"):
        readers.detect_encoding(path)


def test_late_decode_error_is_reported_with_its_byte_offset(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "SAMPLE", 64)
    monkeypatch.setattr(readers, "CHUNK", 50)
    good = ("公民身份号码,姓名\n" + "430302199005061233,王小明\n" * 10).encode("utf-8")
    path = tmp_path / "f.csv"
    path.write_bytes(good + "李四".encode("gb18030") + b"\n")
    assert readers.detect_encoding(path) == "utf-8"  # the sample alone looks fine
    with pytest.raises(readers.ReadError) as exc:
        with open(path, "rb") as fh:
            readers.check_encoding(iter(lambda: fh.read(50), b""), "utf-8")
    assert exc.value.details["offset"] == len(good)
    assert f"offset {len(good)}" in exc.value.en
    with pytest.raises(readers.ReadError) as exc:
        list(readers.iter_csv(path, "utf-8"))
    assert exc.value.details["offset"] == len(good)


def test_header_check_names_expected_found_unknown_and_missing():
    with pytest.raises(readers.ReadError) as exc:
        readers.check_header(["姓名", "工号", "登记日期"], U_HEADER, ["公民身份号码", "姓名"])
    err = exc.value
    assert err.code == "layout"
    assert err.details["unknown"] == ["工号"] and err.details["missing"] == ["公民身份号码"]
    assert "Expected columns: 公民身份号码, 姓名" in err.en and "Columns found: 姓名, 工号, 登记日期" in err.en
    assert "应有的列" in err.zh and "文件中的列" in err.zh


def test_optional_columns_may_be_missing_and_rejects_annotations_are_ignored():
    header = readers.check_header(["姓名", "公民身份号码", "拒收原因"], U_HEADER, ["公民身份号码", "姓名"])
    assert header.known == ["姓名", "公民身份号码", None]


def test_csv_wrong_column_count_is_flagged_per_row(tmp_path):
    path = write_csv(tmp_path / "f.csv", U_HEADER, [ROW, ROW[:3], ROW + ["x"]])
    _, rows = readers.read_tabular(path, "csv", "utf-8", U_HEADER, [])
    rows = list(rows)
    assert rows[0].problem is None
    assert rows[1].problem[0] == "column_count" and "5" in rows[1].problem[2] and "3" in rows[1].problem[2]
    assert rows[2].problem[0] == "column_count"


def test_xlsx_cells_become_text(tmp_path):
    import datetime as dt

    path = write_xlsx(tmp_path / "f.xlsx", U_HEADER, [["430302199005061233", "王小明", 430302001,
                                                       dt.datetime(2024, 3, 1), "登记失业"]])
    assert readers.detect_format(path) == "xlsx"
    _, rows = readers.read_tabular(path, "xlsx", "", U_HEADER, [])
    (row,) = list(rows)
    assert row.values == dict(zip(U_HEADER, ["430302199005061233", "王小明", "430302001", "2024-03-01", "登记失业"],
                                  strict=True))


def test_jsonl_records_and_bad_lines(tmp_path):
    path = write_jsonl(tmp_path / "f.jsonl", U_HEADER, [ROW])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("{not json\n")
        fh.write('{"姓名": "李四", "工号": "7"}\n')
    _, rows = readers.read_jsonl(path, "utf-8", U_HEADER, [])
    rows = list(rows)
    assert [r.number for r in rows] == [1, 2, 3]
    assert rows[0].problem is None and rows[0].values["姓名"] == "王小明"
    assert rows[1].problem[0] == "json"
    assert rows[2].problem[0] == "unknown_column" and "工号" in rows[2].problem[2]
