"""Rejected rows back to the department, in the file's own layout and encoding, plus the reasons."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from .models import ImportRun, QuarantinedRow
from .pipeline import original_cells
from .readers import visible

ROW_COLUMN, REASON_ZH, REASON_EN = "原行号", "拒收原因", "Rejection reason"


def _reasons(row: QuarantinedRow, lang: str) -> str:
    parts = []
    for e in row.errors:
        text = e.get(lang) or e.get("en", "")
        parts.append(f"{e['column']}：{text}" if e.get("column") else text)
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


def _cells(row: QuarantinedRow, headers: list[str], *, originals: bool) -> list[str]:
    if originals:
        cells = original_cells(row)
    else:
        cells = [row.raw.get(h, "") for h in headers] + list(row.raw.get("…", []))
    cells = [("" if c is None else str(c)) for c in cells]
    return cells + [""] * (len(headers) - len(cells))


def rejects_file(run: ImportRun, rows: Iterable[QuarantinedRow], *, originals: bool) -> tuple[bytes, str, str]:
    """(content, content type, file extension). CSV keeps the run's encoding (GB18030 stays GB18030,
    a UTF-8 BOM is kept); XLSX and JSON Lines files get the same format back. The three annotation
    columns are ignored if the corrected file is sent back with them."""
    headers = list(run.headers)
    out_headers = headers + [ROW_COLUMN, REASON_ZH, REASON_EN]
    records = [
        (_cells(r, headers, originals=originals) + [str(r.row_number), _reasons(r, "zh"), _reasons(r, "en")])
        for r in rows
    ]
    if run.file_format == "xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        ws.append(out_headers)
        for record in records:
            # A workbook cannot hold a NUL (openpyxl refuses it): the cell shows ␀, as the pages do.
            ws.append([visible(c) for c in record])
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    if run.file_format == "jsonl":
        lines = [json.dumps(dict(zip(out_headers, rec, strict=False)), ensure_ascii=False) for rec in records]
        return ("\n".join(lines) + "\n").encode("utf-8"), "application/x-ndjson; charset=utf-8", "jsonl"
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(out_headers)
    writer.writerows(records)
    encoding = run.encoding or "utf-8"
    charset = "gb18030" if encoding == "gb18030" else "utf-8"
    return buf.getvalue().encode(encoding, errors="replace"), f"text/csv; charset={charset}", "csv"
