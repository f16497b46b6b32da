"""Files in every format and encoding, written from rows, and a small adapter with a money column."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from jiuye.ingestion import sources
from jiuye.ingestion.sources import landing
from jiuye.ingestion.sources.base import ApplyContext, Column, Layout, SourceAdapter, register
from jiuye.ingestion.sources.fields import DivisionCode, Money, PastMonth, PersonRow
from jiuye.registry.identifiers import make_resident_id
from jiuye.registry.models import WageIncome

sources.load_all()

UNEMPLOYMENT = "human_resources.unemployment"
U_HEADER = ["公民身份号码", "姓名", "居住地区划代码", "登记日期", "登记状态"]


def rid(n: int, *, place: str = "430302", birth: dt.date = dt.date(1990, 5, 6)) -> str:
    """A valid resident ID; `n` picks the sequence (odd for men)."""
    return make_resident_id(place, birth, n)


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue()
    if encoding == "utf-8-sig":
        path.write_bytes(b"\xef\xbb\xbf" + data.encode("utf-8"))
    else:
        path.write_bytes(data.encode(encoding))
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_jsonl(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(dict(zip(header, row, strict=True)), ensure_ascii=False) + "\n")
    return path


class WageRow(PersonRow):
    division_code: DivisionCode
    month: PastMonth
    amount: Money(12)


@register
class WagesForTests(SourceAdapter):
    """A person source with a money column, landing in WageIncome: every kind of bad row fits it."""

    code = "tests.wages"
    department = "tax"
    title_zh = "测试工资"
    title_en = "Test wages"
    schema = WageRow
    identifies_person = True
    creates_persons = True
    layout = Layout(
        columns=(
            Column("公民身份号码", "resident_id", "身份号码", "ID", required=False, is_identifier=True),
            Column("姓名", "name", "姓名", "Name"),
            Column("居住地区划代码", "division_code", "居住地", "Residence"),
            Column("所得期间", "month", "月份", "Month"),
            Column("收入额", "amount", "收入", "Amount"),
        ),
        natural_key=("resident_id", "month"),
    )
    fail_after: int | None = None  # tests set it to simulate a crash
    applied = 0

    def apply(self, row: WageRow, ctx: ApplyContext, person=None) -> str:
        cls = type(self)
        cls.applied += 1
        if cls.fail_after is not None and cls.applied > cls.fail_after:
            raise RuntimeError("simulated crash")
        _, outcome = landing.upsert(
            WageIncome, ctx, {"person": person, "employer": None, "month": row.month}, {"amount": row.amount}
        )
        return outcome


W_HEADER = ["公民身份号码", "姓名", "居住地区划代码", "所得期间", "收入额"]


@pytest.fixture
def wages_adapter():
    WagesForTests.fail_after, WagesForTests.applied = None, 0
    yield WagesForTests
    WagesForTests.fail_after, WagesForTests.applied = None, 0
