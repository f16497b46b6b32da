"""A stray NUL in a department file costs only its row; UTF-16 and binary files are still refused whole.

NUL can never be stored in PostgreSQL text or jsonb, so a quarantined row shows it as ␀ (U+2400) and keeps
the exact original only encrypted. These tests run on SQLite and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import codecs
import json
import random

import pytest

from jiuye.ingestion import readers
from jiuye.ingestion.enums import QuarantineStatus, RunStatus
from jiuye.ingestion.models import QuarantinedRow
from jiuye.ingestion.pipeline import original_cells, run_import
from jiuye.ingestion.rejects import rejects_file
from jiuye.registry.models import Person, WageIncome

from .conftest import W_HEADER, rid, write_csv, write_jsonl, write_xlsx
from .test_pipeline import assert_counts_add_up

NAMES = "甲乙丙丁戊己庚辛壬癸"
U_TEXT = "公民身份号码,姓名,居住地区划代码,登记日期,登记状态\n" + "".join(
    f"{rid(i)},王{NAMES[i % 10]}明,430302001,2024-03-01,登记失业\n" for i in range(1, 200)
)


def wage_rows(n: int) -> list[list[str]]:
    return [
        [rid(i), f"{NAMES[i % 10]}{NAMES[(i // 10) % 10]}", "430302001", "2024-01", f"{1000 + i}.00"]
        for i in range(1, n + 1)
    ]


# -- detection (pure) ---------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "utf-32-le"])
@pytest.mark.parametrize(
    "text",
    [
        pytest.param(U_TEXT, id="chinese-with-ids"),
        pytest.param(
            "姓名,地址,备注\n张三,湖南省湘潭市雨湖区,无\n李四,湖南省湘潭市岳塘区,无\n", id="chinese-only"
        ),
        pytest.param(
            "id,name,division\n" + "".join(f"{i},Wang Ming,430302001\n" for i in range(500)), id="ascii"
        ),
        pytest.param("姓名\n", id="one-line"),
    ],
)
def test_utf16_with_and_without_bom_is_refused_whole(tmp_path, codec, text):
    path = tmp_path / "f.csv"
    for data in (text.encode(codec), codecs.BOM_UTF16_LE + text.encode("utf-16-le")):
        path.write_bytes(data)
        assert readers.looks_utf16_or_binary(data)
        with pytest.raises(readers.ReadError) as exc:
            readers.detect_encoding(path)
        assert exc.value.code == "encoding" and "UTF-16 or a binary file" in exc.value.en
        assert "UTF-16或二进制文件" in exc.value.zh


def test_large_utf16_is_refused_by_its_share_of_nul_bytes(tmp_path):
    data = (U_TEXT * 20).encode("utf-16-le")
    assert data.count(0) * readers.NUL_SHARE > len(data) > 100_000
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    with pytest.raises(readers.ReadError, match="UTF-16 or a binary file"):
        readers.detect_encoding(path)


def _png() -> bytes:
    rng = random.Random(7)
    body = bytes(rng.randrange(256) for _ in range(3000))
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02\x00\x00\x00" + body


def _zipish() -> bytes:
    name = "数据.csv".encode()
    return (
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00"
        + b"\x00" * 16
        + bytes([len(name), 0, 0, 0])
        + name
        + "公民身份号码,姓名\n".encode() * 3
    )


def _sqlite() -> bytes:
    return (
        b"SQLite format 3\x00\x10\x00\x01\x01\x00@  \x00\x00\x00\x02" + b"\x00" * 4000 + b"CREATE TABLE t(x)"
    )


@pytest.mark.parametrize("make", [_png, _zipish, _sqlite], ids=["png", "zip", "sqlite"])
def test_binary_files_are_refused_whole(tmp_path, make):
    path = tmp_path / "f.csv"
    path.write_bytes(make())
    with pytest.raises(readers.ReadError, match="UTF-16 or a binary file"):
        readers.detect_encoding(path)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_with_stray_nuls_is_read_with_them(tmp_path, encoding):
    text = U_TEXT * 30  # ~ 300 KB in UTF-8: several sample-sized pieces of the checks below
    lines = text.splitlines(keepends=True)
    lines[3] = lines[3].replace("王", "王\x00", 1)  # one stray NUL
    lines[50] = lines[50].replace(",登记失业", ",登记失业\x00\x00\x00\x00")  # a NUL-padded cell
    lines[51] = lines[51].replace("430302001", "\x00430302001")
    data = "".join(lines).encode("utf-8" if encoding == "utf-8-sig" else encoding)
    if encoding == "utf-8-sig":
        data = codecs.BOM_UTF8 + data
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert readers.detect_encoding(path) == encoding
    header, rows = readers.read_tabular(path, "csv", encoding, header_of(text), [])
    nul_rows = [r.number for r in rows if any("\x00" in c for c in r.cells)]
    assert nul_rows == [4, 51, 52]


def header_of(text: str) -> list[str]:
    return text.split("\n", 1)[0].split(",")


def test_a_header_and_one_row_with_a_nul_is_text_but_mostly_nul_lines_are_not():
    assert not readers.looks_utf16_or_binary("姓名,地区\n张\x00三,雨湖\n".encode())
    assert readers.looks_utf16_or_binary("姓名\x00,地区\n张\x00三,雨湖\n".encode())
    assert not readers.looks_utf16_or_binary("姓名,地区\n张三,雨湖\n".encode())  # no NUL: not judged here


def test_visible_form_of_a_nul():
    assert readers.visible("王\x00明\x00") == "王␀明␀"
    assert readers.has_nul("王␀明") and readers.has_nul("\x00") and not readers.has_nul("王明")


# -- the pipeline: the row is quarantined, the rest imports ------------------------------------------


def nul_file(tmp_path, encoding="utf-8", n=150):
    rows = wage_rows(n)
    rows[2][1] = "乙\x00丁"  # row 4: name
    if n > 40:
        rows[39][4] = "4040.00\x00\x00\x00"  # row 41: padded amount
        rows[40][0] = rid(41) + "\x00"  # row 42: resident ID (an identifier: shown masked)
    if n > 139:
        rows[139][2] = "43030\x002001"  # row 141: far past the (shrunk) sample
    return write_csv(tmp_path / "nul.csv", W_HEADER, rows, encoding), rows


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_rows_with_a_nul_are_quarantined_and_every_other_row_imports(
    tree, tmp_path, wages_adapter, monkeypatch, encoding
):
    monkeypatch.setattr(readers, "SAMPLE", 2000)  # the NUL in row 141 is not in the sample
    path, rows = nul_file(tmp_path, encoding)
    data = path.read_bytes()
    assert data[:2000].count(b"\x00") == 1 and data.rfind(b"\x00") > 5000  # rows 41, 42, 141 come later
    run = run_import("tests.wages", path, division=tree["430302"], batch_size=40)
    assert run.status == RunStatus.COMPLETED, run.message
    assert (run.rows_read, run.rows_accepted, run.rows_quarantined) == (150, 146, 4)
    assert_counts_add_up(run)
    assert WageIncome.objects.count() == 146
    by_row = {q.row_number: q for q in run.quarantined.all()}
    assert set(by_row) == {4, 41, 42, 141}
    for number, column in [(4, "姓名"), (41, "收入额"), (42, "公民身份号码"), (141, "居住地区划代码")]:
        q = by_row[number]
        (nul,) = [e for e in q.errors if e["code"] == "nul"]
        assert nul["column"] == column
        assert f"Column '{column}' contains a NUL character" in nul["en"]
        assert f"“{column}”列含有NUL字符" in nul["zh"]
        stored = json.dumps([q.raw, q.errors], ensure_ascii=False)
        assert "\x00" not in stored and "\\u0000" not in stored
        # the exact original stays recoverable
        assert original_cells(q) == rows[number - 2]
    assert by_row[4].raw["姓名"] == "乙␀丁" and by_row[4].errors[0]["value"] == "乙␀丁"
    assert by_row[41].raw["收入额"] == "4040.00␀␀␀"
    assert by_row[141].raw["居住地区划代码"] == "43030␀2001"
    assert rid(41) not in by_row[42].raw["公民身份号码"] and "*" in by_row[42].errors[0]["value"]
    # only the NUL is reported when the rest of the row is fine
    assert [e["code"] for e in by_row[4].errors] == ["nul"]


@pytest.mark.django_db
def test_reimporting_a_file_with_a_nul_is_safe(tree, tmp_path, wages_adapter):
    path, _ = nul_file(tmp_path, n=60)
    first = run_import("tests.wages", path, division=tree["430302"])
    second = run_import("tests.wages", path, division=tree["430302"])
    assert second.status == RunStatus.COMPLETED, second.message
    assert (second.rows_read, second.rows_unchanged, second.rows_quarantined, second.rows_accepted) == (
        60,
        57,
        3,
        0,
    )
    assert_counts_add_up(second)
    assert WageIncome.objects.count() == 57 and Person.objects.count() == 57
    assert QuarantinedRow.objects.filter(status=QuarantineStatus.OPEN).count() == 3
    assert set(first.quarantined.values_list("status", flat=True)) == {QuarantineStatus.SUPERSEDED}


@pytest.mark.django_db
def test_a_corrected_nul_row_releases_it_and_lands(tree, tmp_path, wages_adapter):
    path, rows = nul_file(tmp_path, n=60)
    first = run_import("tests.wages", path, division=tree["430302"])
    fixed = [list(rows[2]), list(rows[39])]
    fixed[0][1] = "乙丁"
    fixed[1][4] = "4040.00"
    second = run_import(
        "tests.wages", write_csv(tmp_path / "fixed.csv", W_HEADER, fixed), division=tree["430302"]
    )
    assert second.status == RunStatus.COMPLETED, second.message
    assert (second.rows_accepted, second.rows_released, second.rows_quarantined) == (2, 2, 0)
    assert first.quarantined.get(row_number=4).status == QuarantineStatus.RELEASED
    assert first.quarantined.get(row_number=41).status == QuarantineStatus.RELEASED
    assert first.quarantined.get(row_number=42).status == QuarantineStatus.OPEN  # the ID itself was bad
    assert WageIncome.objects.count() == 59
    assert all("\x00" not in name for name in Person.objects.values_list("name", flat=True))


@pytest.mark.django_db
def test_the_visible_mark_sent_back_uncorrected_is_quarantined_again(tree, tmp_path, wages_adapter):
    path, _ = nul_file(tmp_path, n=10)
    first = run_import("tests.wages", path, division=tree["430302"])
    content, _, _ = rejects_file(first, first.quarantined.all(), originals=False)
    back = tmp_path / "back.csv"
    back.write_bytes(content)
    again = run_import("tests.wages", back, division=tree["430302"])
    assert again.status == RunStatus.COMPLETED, again.message
    assert (again.rows_read, again.rows_quarantined, again.rows_accepted) == (1, 1, 0)
    assert again.quarantined.get().errors[0]["code"] == "nul"
    assert all("␀" not in name for name in Person.objects.values_list("name", flat=True))


@pytest.mark.django_db
def test_jsonl_nul_escaped_or_raw_is_quarantined(tree, tmp_path, wages_adapter):
    rows = wage_rows(4)
    rows[1][1] = "乙\x00丁"  # json.dumps writes it as \u0000
    path = write_jsonl(tmp_path / "w.jsonl", W_HEADER, rows)
    with open(path, "ab") as fh:  # a raw NUL byte inside a JSON string is not valid JSON
        fh.write(
            json.dumps(dict(zip(W_HEADER, wage_rows(5)[4], strict=True)), ensure_ascii=False)
            .replace("己", "己\x00")
            .encode()
            + b"\n"
        )
    run = run_import("tests.wages", path, division=tree["430302"])
    assert run.status == RunStatus.COMPLETED, run.message
    assert (run.rows_read, run.rows_accepted, run.rows_quarantined) == (5, 3, 2)
    escaped, raw = run.quarantined.order_by("row_number")
    assert (
        escaped.row_number == 2 and escaped.errors[0]["column"] == "姓名" and escaped.raw["姓名"] == "乙␀丁"
    )
    assert raw.row_number == 5 and {e["code"] for e in raw.errors} == {"nul", "json"}
    assert "This row contains a NUL character" in raw.errors[0]["en"]
    assert "\x00" not in json.dumps(raw.raw) and "\x00" in original_cells(raw)[0]


@pytest.mark.django_db
def test_xlsx_nul_written_by_excel_as_x0000_is_quarantined(tree, tmp_path, wages_adapter):
    rows = wage_rows(3)
    rows[0][1] = "甲_x0000_乙"  # how Excel stores a NUL in a cell (openpyxl hands the escape over as text)
    rows[2][1] = "丙_x005F_x0000_丁"  # a literal "_x0000_" typed by someone stays text
    run = run_import("tests.wages", write_xlsx(tmp_path / "w.xlsx", W_HEADER, rows), division=tree["430302"])
    assert run.status == RunStatus.COMPLETED, run.message
    assert (run.rows_accepted, run.rows_quarantined) == (1, 2)
    q, literal = run.quarantined.order_by("row_number")
    assert q.row_number == 2 and q.raw["姓名"] == "甲␀乙" and [e["code"] for e in q.errors] == ["nul"]
    assert literal.raw["姓名"] == "丙_x0000_丁" and [e["code"] for e in literal.errors] == ["name_digits"]
    content, _, ext = rejects_file(
        run, [q, literal], originals=True
    )  # the workbook cannot hold a NUL: ␀ instead
    assert ext == "xlsx" and content


@pytest.mark.django_db
def test_a_nul_in_the_header_refuses_the_file_with_a_storable_message(tree, tmp_path, wages_adapter):
    path = tmp_path / "w.csv"
    path.write_bytes(
        (
            "公民身份号码,姓\x00名,居住地区划代码,所得期间,收入额\n" + f"{rid(3)},甲,430302001,2024-01,1\n"
        ).encode()
    )
    run = run_import("tests.wages", path, division=tree["430302"])
    assert run.status == RunStatus.REFUSED
    assert "姓␀名" in run.message and "\x00" not in run.message


def test_many_stray_nuls_in_a_large_file_are_still_text(tmp_path):
    lines = (U_TEXT * 30).splitlines(keepends=True)  # ~ 6000 lines, 300 KB
    for i in range(7, len(lines), 50):  # one row in 50 has a NUL-padded cell
        lines[i] = lines[i].replace(",登记失业", ",登记失业\x00\x00\x00\x00\x00\x00")
    data = "".join(lines).encode("gb18030")
    assert data.count(0) > readers.NUL_FLOOR
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    assert readers.detect_encoding(path) == "gb18030"
