"""Streaming readers for department files: CSV (UTF-8, UTF-8 with BOM, GB18030), XLSX and JSON Lines.

Pure Python, no Django. Every reader yields `RawRow`s one at a time, so a five-million-row file never
sits in memory. Encodings are detected by strict decoding, never guessed: a sample decides between
UTF-8 and GB18030, the whole byte stream is then decoded strictly as it is read (or checked up front
by `check_encoding`), and a byte that fits neither stops the run with its byte offset.

Row numbers are the ones a clerk sees when opening the file: in CSV and XLSX the header is row 1
and the first record row 2; in JSON Lines a record's number is its line number.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import decimal
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

CHUNK = 1 << 20  # bytes decoded at a time
SAMPLE = 1 << 20  # bytes used to decide the encoding
UTF8, UTF8_BOM, GB18030 = "utf-8", "utf-8-sig", "gb18030"
BOM = codecs.BOM_UTF8

# Columns a rejects file adds (see pipeline / the rejects download). A department that corrects a
# rejects file and sends it back may leave them in: they are ignored, not refused.
ANNOTATION_COLUMNS = frozenset({"原行号", "拒收原因", "Rejection reason", "Original row"})


class ReadError(Exception):
    """The file cannot be read as a whole (encoding, format, layout). Carries both languages."""

    def __init__(self, code: str, zh: str, en: str, **details: Any):
        super().__init__(en)
        self.code, self.zh, self.en, self.details = code, zh, en, details


@dataclass
class RawRow:
    number: int
    values: dict[str, Any]  # header → cell text (stripped; "" for empty)
    cells: list[Any] = field(default_factory=list)  # the row as it stood, for the rejects file
    problem: tuple[str, str, str] | None = None  # (code, zh, en) when the row cannot even be split

    @property
    def is_blank(self) -> bool:
        return not any(str(v).strip() for v in self.cells)


def detect_format(path: Path) -> str:
    """'csv', 'xlsx' or 'jsonl' — by content first (an XLSX is a ZIP), then by name."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    suffix = path.suffix.lower()
    if head.startswith(b"PK\x03\x04"):
        if suffix in (".xlsx", ".xlsm", ""):
            return "xlsx"
        raise ReadError(
            "format",
            "文件是压缩包而不是XLSX表格；请提供CSV、XLSX或JSON Lines文件",
            "The file is a ZIP archive but not an XLSX workbook; send CSV, XLSX or JSON Lines",
        )
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix in (".csv", ".txt", ""):
        return "csv"
    if suffix == ".xls":
        raise ReadError(
            "format",
            "不支持旧版Excel（.xls）文件；请另存为XLSX或CSV",
            "Old Excel (.xls) files are not supported; save as XLSX or CSV",
        )
    raise ReadError(
        "format",
        f"不支持的文件类型“{suffix}”；请提供CSV、XLSX或JSON Lines文件",
        f"Unsupported file type '{suffix}'; send CSV, XLSX or JSON Lines",
    )


def _refuse_encoding(detail_zh: str, detail_en: str, offset: int | None = None) -> ReadError:
    return ReadError(
        "encoding",
        "文件既不是UTF-8编码也不是GB18030（GBK）编码" + detail_zh + "；请以UTF-8或GB18030编码重新导出",
        "The file is neither UTF-8 nor GB18030 (GBK) encoded" + detail_en + "; export it again as UTF-8 or GB18030",
        offset=offset,
    )


def _decodes(sample: bytes, encoding: str) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)("strict").decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


# NUL bytes in a text sample: how many are tolerated as stray (see `looks_utf16_or_binary`).
NUL_SHARE = 100  # more than 1 NUL in this many bytes is not "stray"...
NUL_FLOOR = 64  # ...once there are more than this many NULs (small files may hold one padded cell)
# C0 control bytes that never occur in a department's text export (tab, LF, VT, FF, CR, SUB are left out).
_BINARY_CONTROLS = frozenset(range(0x01, 0x09)) | frozenset(range(0x0E, 0x1A)) | frozenset(range(0x1B, 0x20))


def looks_utf16_or_binary(sample: bytes) -> bool:
    """Whether a sample with NUL bytes is UTF-16 (or UTF-32) or a binary file rather than UTF-8 / GB18030
    text with a few stray NULs (fixed-width tools pad cells with NUL). Refused as UTF-16 or binary when:

    1. it starts with a UTF-16/UTF-32 byte-order mark (FF FE or FE FF); or
    2. NULs are common: more than 1 byte in 100 of the sample AND more than 64 NULs in all (ASCII text in
       UTF-16 is half NULs; Chinese UTF-16 has a NUL for every digit, comma and newline). The floor of 64
       lets a small file hold one NUL-padded cell; small UTF-16 files are caught by rule 3; or
    3. more than half of the sample's non-empty lines (split at byte 0x0A) hold a NUL: in UTF-16 the
       newline itself is "0A 00" (LE) or "00 0A" (BE), so every line has one (the NUL just after a 0A
       counts for the line the 0A ends), while stray NULs sit in a few rows. A file of a header and one
       row with a NUL (1 of 2 lines) is still read; or
    4. besides the NULs, it holds other C0 control bytes (01–08, 0E–19, 1B–1F) that text exports never
       have but images, archives and databases always do; or
    5. it does not decode strictly as UTF-8 or GB18030 anyway (binary data).

    Stray NULs after the sample are not judged here: the row that holds one is quarantined (see
    `nul_cells`). A sample without NUL bytes (and without a UTF-16 mark) is never UTF-16 or binary here.
    """
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    nuls = sample.count(0)
    if not nuls:
        return False
    if nuls > NUL_FLOOR and nuls * NUL_SHARE > len(sample):
        return True
    parts = sample.split(b"\n")
    lines = with_nul = 0
    for i, line in enumerate(parts):
        if not line.strip(b"\r"):
            continue
        lines += 1
        # UTF-16 LE puts its newline's NUL just after the 0A byte: it counts for the line it ends.
        with_nul += 0 in line or (i + 1 < len(parts) and parts[i + 1][:1] == b"\x00")
    if 2 * with_nul > lines:
        return True
    if any(byte in _BINARY_CONTROLS for byte in set(sample)):
        return True
    return not (_decodes(sample, UTF8) or _decodes(sample, GB18030))


def detect_encoding(path: Path, sample_size: int | None = None) -> str:
    """UTF-8 (with or without BOM) if the sample decodes strictly as UTF-8, else GB18030 if it decodes
    strictly as that, else refuse. UTF-8 is tried first: Chinese UTF-8 text is almost never valid GB18030
    in the same way, while the reverse does happen. UTF-16 and binary files are refused whole; a text
    file with a few stray NUL bytes is not (see `looks_utf16_or_binary`)."""
    with open(path, "rb") as fh:
        sample = fh.read(sample_size or SAMPLE)
    if sample.startswith(BOM):
        if _decodes(sample[3:], UTF8) and not looks_utf16_or_binary(sample[3:]):
            return UTF8_BOM
        raise _refuse_encoding("（有UTF-8标记但内容不是UTF-8）", " (it has a UTF-8 mark but the content is not UTF-8)")
    if looks_utf16_or_binary(sample):
        raise _refuse_encoding("（看起来是UTF-16或二进制文件）", " (it looks like UTF-16 or a binary file)")
    if _decodes(sample, UTF8):
        return UTF8
    if _decodes(sample, GB18030):
        return GB18030
    raise _refuse_encoding("", "")


# A NUL can never be stored in PostgreSQL text or jsonb (DataError), so wherever a cell is kept or shown
# in clear it carries U+2400 SYMBOL FOR NULL instead: one visible glyph per NUL, so the cell keeps its
# length and staff see where the NUL stood (a "\\x00" spelled out would read as data and shift columns
# in the page). The exact bytes stay reversible in the row's encrypted original. A cell that already
# holds U+2400 (say, a rejects file sent back uncorrected) is treated as holding a NUL too, so a mark
# never lands in the library as data.
NUL, NUL_MARK = "\x00", "\u2400"


def visible(text: str) -> str:
    """`text` with every NUL shown as ␀ (U+2400)."""
    return text.replace(NUL, NUL_MARK) if NUL in text else text


def has_nul(text: Any) -> bool:
    return isinstance(text, str) and (NUL in text or NUL_MARK in text)


class StrictDecoder:
    """Decodes a byte stream chunk by chunk and knows the file offset of any byte it rejects."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        self._decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.fed = 0  # bytes given to the decoder so far

    def decode(self, data: bytes, final: bool = False) -> str:
        pending = len(self._decoder.getstate()[0])
        base = self.fed - pending
        self.fed += len(data)
        try:
            return self._decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            offset = base + exc.start
            name = "UTF-8" if self.encoding.startswith("utf-8") else "GB18030"
            raise ReadError(
                "encoding",
                f"文件在第{offset}字节处出现无法按{name}解码的内容；文件编码不一致或已损坏，请重新导出",
                f"Bytes at offset {offset} cannot be decoded as {name}; the file mixes encodings or is damaged. "
                "Export it again",
                offset=offset,
            ) from None


def check_encoding(chunks: Iterable[bytes], encoding: str) -> None:
    """Decode a whole stream strictly (done while hashing, before any row is written)."""
    decoder = StrictDecoder(encoding)
    for chunk in chunks:
        decoder.decode(chunk)
    decoder.decode(b"", final=True)


def iter_text_lines(fh: BinaryIO, encoding: str) -> Iterator[str]:
    """Lines of text ending in '\\n' (as csv wants them), decoded strictly chunk by chunk."""
    decoder = StrictDecoder(encoding)
    if encoding == UTF8_BOM:
        decoder = StrictDecoder(UTF8)
        head = fh.read(3)
        decoder.fed = 3 if head == BOM else 0
        if head != BOM:
            fh.seek(0)
    rest = ""
    while True:
        data = fh.read(CHUNK)
        text = decoder.decode(data, final=not data)
        if text:
            parts = (rest + text).split("\n")
            rest = parts.pop()
            for part in parts:
                yield part + "\n"
        if not data:
            break
    if rest:
        yield rest


def iter_csv(path: Path, encoding: str) -> Iterator[list[str]]:
    """Raw CSV records (lists of cells), header included."""
    with open(path, "rb") as fh:
        reader = csv.reader(iter_text_lines(fh, encoding), strict=False)
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                # e.g. a quote opened and never closed swallows the rest of the file into one field
                line = reader.line_num
                raise ReadError(
                    "csv",
                    f"第{line}行附近的CSV格式无法读取（通常是引号未闭合）：{exc}",
                    f"The CSV cannot be read near line {line} (usually an unclosed quote): {exc}",
                    line=line,
                ) from None
            yield record


def _cell_text(value: Any) -> str:
    """An XLSX or JSON cell as the text a CSV would carry."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(decimal.Decimal(repr(value)), "f")
    return str(value).strip()


_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _ooxml_text(value: Any) -> Any:
    """Excel writes a control character in a cell as `_xHHHH_` (a NUL as `_x0000_`, a literal "_x" as
    `_x005F_x`); openpyxl hands the escape over as text. Undo it, so a NUL in a workbook is a NUL here
    (and its row is quarantined) rather than the text "_x0000_" landing as data."""
    if isinstance(value, str) and "_x" in value:
        return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), value)
    return value


def iter_xlsx(path: Path) -> Iterator[list[str]]:
    """Rows of the first sheet (read-only mode streams the sheet XML)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        for values in ws.iter_rows(values_only=True):
            cells = [_cell_text(_ooxml_text(v)) for v in values]
            while cells and cells[-1] == "":
                cells.pop()
            yield cells
    finally:
        wb.close()


@dataclass
class Header:
    found: list[str]
    known: list[str | None]  # per position: the header if it is a layout column, None if ignored


def check_header(found: Sequence[str], expected: Sequence[str], required: Sequence[str]) -> Header:
    """Refuse a file whose header does not fit the layout: unknown columns, missing required ones, or
    a column given twice. Optional columns may be left out; order does not matter."""
    found = [str(h or "").strip().lstrip("\ufeff") for h in found]
    while found and found[-1] == "":
        found.pop()
    expected_set = set(expected)
    unknown = [h for h in found if h not in expected_set and h not in ANNOTATION_COLUMNS]
    missing = [h for h in required if h not in found]
    doubled = sorted({h for h in found if h and found.count(h) > 1})
    if unknown or missing or doubled:
        zh_parts, en_parts = [], []
        if unknown:
            zh_parts.append("无法识别的列：" + "、".join(h or "（空列名）" for h in unknown))
            en_parts.append("unknown columns: " + ", ".join(h or "(blank header)" for h in unknown))
        if missing:
            zh_parts.append("缺少必需的列：" + "、".join(missing))
            en_parts.append("missing required columns: " + ", ".join(missing))
        if doubled:
            zh_parts.append("重复的列：" + "、".join(doubled))
            en_parts.append("columns given twice: " + ", ".join(doubled))
        raise ReadError(
            "layout",
            "文件格式不符合交换规范（" + "；".join(zh_parts) + "）。应有的列：" + "、".join(expected)
            + "。文件中的列：" + "、".join(found),
            "The file does not follow the exchange layout (" + "; ".join(en_parts) + "). Expected columns: "
            + ", ".join(expected) + ". Columns found: " + ", ".join(found),
            expected=list(expected), found=found, unknown=unknown, missing=missing, doubled=doubled,
        )
    return Header(found=found, known=[h if h in expected_set else None for h in found])


def _records(rows: Iterator[list[str]], header: Header, *, strict_width: bool) -> Iterator[RawRow]:
    width = len(header.found)
    for index, cells in enumerate(rows, start=2):
        too_wide = len(cells) > width and any(c.strip() for c in cells[width:])
        if (too_wide or (strict_width and len(cells) < width)) and any(c.strip() for c in cells):
            values = {h: c.strip() for h, c in zip(header.known, cells, strict=False) if h}
            yield RawRow(
                index, values, list(cells),
                problem=(
                    "column_count",
                    f"列数不对：表头有{width}列，这一行有{len(cells)}列（可能是多了或少了分隔符，或引号未闭合）",
                    f"Wrong number of columns: the header has {width}, this row has {len(cells)} "
                    "(a separator too many or too few, or an unclosed quote)",
                ),
            )
            continue
        cells = list(cells) + [""] * (width - len(cells))
        values = {h: c.strip() for h, c in zip(header.known, cells, strict=False) if h}
        yield RawRow(index, values, cells[:width])


def read_tabular(
    path: Path, fmt: str, encoding: str, expected: Sequence[str], required: Sequence[str]
) -> tuple[Header, Iterator[RawRow]]:
    """Check the header (raises ReadError 'layout') and return the row iterator for CSV or XLSX."""
    rows = iter_csv(path, encoding) if fmt == "csv" else iter_xlsx(path)
    try:
        first = next(rows)
    except StopIteration:
        raise ReadError("empty", "文件是空的（没有表头）", "The file is empty (no header row)") from None
    header = check_header(first, expected, required)
    return header, _records(rows, header, strict_width=(fmt == "csv"))


def read_jsonl(
    path: Path, encoding: str, expected: Sequence[str], required: Sequence[str]
) -> tuple[Header, Iterator[RawRow]]:
    """JSON Lines: one object per line, keyed by the layout's column names. The first object's keys are
    checked like a header; later objects with other keys are quarantined one by one."""

    def objects() -> Iterator[tuple[int, Any, str]]:
        with open(path, "rb") as fh:
            for number, line in enumerate(iter_text_lines(fh, encoding), start=1):
                text = line.strip()
                if not text:
                    continue
                try:
                    yield number, json.loads(text), text
                except ValueError:
                    yield number, None, text

    stream = objects()
    first = next(stream, None)
    if first is None:
        raise ReadError("empty", "文件是空的", "The file is empty")
    first_keys = list(first[1].keys()) if isinstance(first[1], dict) else []
    if not first_keys:
        raise ReadError(
            "layout",
            "第1条记录不是JSON对象，无法识别列。应有的列：" + "、".join(expected),
            "The first record is not a JSON object, so no columns can be read. Expected columns: "
            + ", ".join(expected),
            expected=list(expected), found=[],
        )
    header = check_header(first_keys, expected, required)
    expected_set = set(expected)

    def rows() -> Iterator[RawRow]:
        for number, obj, text in _chain(first, stream):
            if not isinstance(obj, dict):
                yield RawRow(number, {}, [text], problem=(
                    "json", "这一行不是有效的JSON对象", "This line is not a valid JSON object"))
                continue
            extra = [k for k in obj if k not in expected_set and k not in ANNOTATION_COLUMNS]
            values = {k: _cell_text(v) for k, v in obj.items() if k in expected_set}
            cells = [_cell_text(obj.get(h)) for h in header.found]
            if extra:
                yield RawRow(number, values, cells, problem=(
                    "unknown_column",
                    "这条记录有无法识别的键：" + "、".join(extra),
                    "This record has unknown keys: " + ", ".join(extra)))
                continue
            yield RawRow(number, values, cells)

    return header, rows()


def _chain(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    yield first
    yield from rest
