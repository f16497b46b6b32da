"""Normalise person records into the columns the comparisons and blocking rules read.

Derived columns are computed once here, in vectorised pandas/str.translate code, so that the SQL the model runs
stays plain column equality and the same settings work on DuckDB and Spark without dialect-specific functions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

PERSON_COLUMNS = ("record_id", "name", "birth_date", "sex", "phone_hash", "division_code", "id_hash")

# A phone number shared by more records than this within one file is a placeholder (a unit switchboard, a
# "13800000000" default): it says nothing about identity and would make one enormous blocking group.
MAX_RECORDS_PER_PHONE = 5

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DROP = re.compile(r"[\s·•・.\-_'’]+")


def as_pandas(table: pa.Table | pd.DataFrame) -> pd.DataFrame:
    if isinstance(table, pa.Table):
        return table.to_pandas()
    if isinstance(table, pd.DataFrame):
        return table.copy()
    raise TypeError(f"expected a pyarrow.Table or pandas.DataFrame, got {type(table).__name__}")


@lru_cache(maxsize=65536)
def _char_pinyin(ch: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(ch)).lower()


class _PinyinTable(dict):
    """str.translate table mapping a Han character to its toneless pinyin, filled on demand.

    Characters are romanised one at a time rather than whole names: a name-level phrase lookup can read the same
    character differently in two names (曾 as zeng or ceng), and for matching a consistent reading matters more
    than the right one. Translating with a C-level table keeps 1M names to about a second.
    """

    def __missing__(self, code: int) -> str | int:
        ch = chr(code)
        value: str | int = _char_pinyin(ch) if _HAN.match(ch) else code
        self[code] = value
        return value


_PINYIN = _PinyinTable()


def normalise_name(value: object) -> str | None:
    if not isinstance(value, str):
        if value is None or pd.isna(value):  # type: ignore[arg-type]
            return None
        value = str(value)
    # NFKC folds full-width letters and compatibility ideographs that department systems emit.
    text = _DROP.sub("", unicodedata.normalize("NFKC", str(value))).lower()
    return text or None


def to_pinyin(name: str | None) -> str | None:
    return name.translate(_PINYIN) if isinstance(name, str) else None


def _text(table: pa.Table, col: str) -> pa.ChunkedArray:
    """Trimmed strings with blanks as nulls (departments write '' and ' ' for unknown)."""
    arr = pc.utf8_trim_whitespace(table.column(col).cast(pa.string()))
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), arr)


def _per_unique(arr: pa.Array | pa.ChunkedArray, fn: Callable[[str | None], str | None]) -> pa.Array:
    """Apply a Python function once per distinct value: names repeat a lot (张伟), so this is much less work."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks else pa.array([], arr.type)
    encoded = arr.dictionary_encode()
    values = pa.array([fn(v) for v in encoded.dictionary.to_pylist()], pa.string())
    return pc.take(values, encoded.indices)


def _to_arrow_table(table: pa.Table | pd.DataFrame) -> pa.Table:
    if isinstance(table, pa.Table):
        return table
    if isinstance(table, pd.DataFrame):
        return pa.Table.from_pandas(table, preserve_index=False)
    raise TypeError(f"expected a pyarrow.Table or pandas.DataFrame, got {type(table).__name__}")


def prepare_persons(table: pa.Table | pd.DataFrame) -> pd.DataFrame:
    """Return the model's input frame: the contract's columns plus derived keys, one row per record.

    Column work is done with Arrow compute kernels (and Python only once per distinct name), which keeps a
    million records to a few seconds.
    """
    t = _to_arrow_table(table)
    missing = [c for c in PERSON_COLUMNS if c not in t.column_names]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    ids = t.column("record_id").cast(pa.string())
    if ids.null_count:
        raise ValueError("record_id must not be null")
    if pc.count_distinct(ids).as_py() != len(ids):
        raise ValueError("record_id must be unique within a table")

    names = _per_unique(t.column("name").cast(pa.string()), normalise_name)
    pinyin = _per_unique(names, to_pinyin)
    first = pc.utf8_slice_codeunits(names, 0, 1)
    surname = _per_unique(first, lambda v: (to_pinyin(v) if _HAN.match(v) else v) if isinstance(v, str) else None)

    birth = t.column("birth_date")
    if not pa.types.is_date(birth.type) and not pa.types.is_timestamp(birth.type):
        birth = pa.chunked_array([pa.array(pd.to_datetime(birth.to_pandas(), errors="coerce"))])
    dob = pc.strftime(birth, format="%Y%m%d")

    sex = pc.utf8_upper(_text(t, "sex"))
    sex = pc.if_else(pc.is_in(sex, pa.array(["M", "F"])), sex, pa.scalar(None, pa.string()))

    phone = _text(t, "phone_hash")
    counts = pc.value_counts(phone.combine_chunks()) if len(phone) else None
    if counts is not None and len(counts):
        values, freq = counts.field("values"), counts.field("counts")
        junk = pc.filter(values, pc.greater(freq, MAX_RECORDS_PER_PHONE))
        if len(junk):
            phone = pc.if_else(pc.is_in(phone, junk), pa.scalar(None, pa.string()), phone)

    division = pc.replace_substring_regex(_text(t, "division_code"), r"\D", "")
    size = pc.utf8_length(division)
    division = pc.if_else(pc.or_(pc.equal(size, 6), pc.equal(size, 9)), division, pa.scalar(None, pa.string()))

    out = pa.table({
        "unique_id": ids,
        "name": names,
        "name_py": pinyin,
        "surname_py": surname,
        "dob": dob,
        "birth_year": pc.utf8_slice_codeunits(dob, 0, 4),
        "birth_md": pc.utf8_slice_codeunits(dob, 4, 8),
        "sex": sex,
        "phone_hash": phone,
        "division_code": division,
        "county": pc.utf8_slice_codeunits(division, 0, 6),
        "city": pc.utf8_slice_codeunits(division, 0, 4),
        "id_hash": _text(t, "id_hash"),
    })
    return out.to_pandas(types_mapper=pd.ArrowDtype)
