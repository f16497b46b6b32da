"""The division tree from the reference files, validated, as plain rows. Pure (no Django).

Files under `<refdata>/china-admin-divisions/` (see its SOURCE.txt): NBS 2023 codes in
provinces/cities/areas/streets.csv and centre points for provinces, prefectures and counties in
adcodes_with_coords_cpca.csv (12-digit adcode; township level has none).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from .naming import division_name_en
from .refcsv import Parsed, SourceError, SourceWarning, gettext_noop, need, read_rows

DIRECTORY = "china-admin-divisions"
COORDINATES_FILE = "adcodes_with_coords_cpca.csv"


@dataclass(frozen=True)
class LevelFile:
    level: int
    file: str
    digits: int
    parent_column: str | None
    # Messages naming the parent level, {parent} and {code} filled in.
    parent_missing: str = ""
    parent_mismatch: str = ""
    # Other ancestor columns the file repeats: column → length of the code prefix it must equal.
    ancestor_columns: tuple[tuple[str, int], ...] = ()


LEVELS: tuple[LevelFile, ...] = (
    LevelFile(1, "provinces.csv", 2, None),
    LevelFile(
        2,
        "cities.csv",
        4,
        "provinceCode",
        gettext_noop("parent province {parent} not found"),
        gettext_noop("code {code} does not start with its province code {parent}"),
    ),
    LevelFile(
        3,
        "areas.csv",
        6,
        "cityCode",
        gettext_noop("parent prefecture {parent} not found"),
        gettext_noop("code {code} does not start with its prefecture code {parent}"),
        (("provinceCode", 2),),
    ),
    LevelFile(
        4,
        "streets.csv",
        9,
        "areaCode",
        gettext_noop("parent county {parent} not found"),
        gettext_noop("code {code} does not start with its county code {parent}"),
        (("provinceCode", 2), ("cityCode", 4)),
    ),
)

# Column widths of Division.name_zh / name_en (a test keeps them in step with the model).
NAME_ZH_MAX = 64
NAME_EN_MAX = 128


@dataclass(frozen=True)
class DivisionRow:
    code: str
    name_zh: str
    name_en: str
    level: int
    parent_code: str | None
    path: str
    latitude: float | None = None
    longitude: float | None = None


def read_coordinates(path: Path) -> Parsed[tuple[str, float, float]]:
    """(12-digit adcode, latitude, longitude) rows; a repeated adcode keeps its first row.

    Rows with both coordinates blank (the file's 市辖区 placeholders) carry no position and are skipped.
    """
    out: Parsed[tuple[str, float, float]] = Parsed()
    seen: dict[str, int] = {}
    for line, row in read_rows(path, ("adcode", "longitude", "latitude")):
        adcode = need(path, line, row, "adcode")
        if not (adcode.isdigit() and len(adcode) == 12):
            raise SourceError(
                path, line, gettext_noop("adcode {adcode} should be 12 digits"), adcode=repr(adcode)
            )
        if not row["latitude"] and not row["longitude"]:
            continue
        lat = _coordinate(path, line, row, "latitude", 90)
        lon = _coordinate(path, line, row, "longitude", 180)
        if adcode in seen:
            out.warnings.append(
                SourceWarning(
                    path,
                    line,
                    gettext_noop("adcode {adcode} repeats line {first}; kept the first"),
                    {"adcode": adcode, "first": seen[adcode]},
                )
            )
            continue
        seen[adcode] = line
        out.rows.append((adcode, lat, lon))
    return out


def _coordinate(path: Path, line: int, row: dict[str, str], column: str, bound: float) -> float:
    raw = need(path, line, row, column)
    try:
        value = float(raw)
    except ValueError:
        raise SourceError(
            path,
            line,
            gettext_noop("column {column} is not a number: {value}"),
            column=repr(column),
            value=repr(raw),
        ) from None
    if not math.isfinite(value) or abs(value) > bound:
        raise SourceError(
            path,
            line,
            gettext_noop("column {column} is out of range: {value}"),
            column=repr(column),
            value=repr(raw),
        )
    return value


def adcode12(code: str) -> str:
    """NBS code as the 12-digit adcode used by the coordinates file: 43 → 430000000000."""
    return code.ljust(12, "0")


def read_divisions(root: Path) -> Parsed[DivisionRow]:
    """All four levels, parents before children, every row checked against its parent."""
    directory = Path(root) / DIRECTORY
    coordinates = read_coordinates(directory / COORDINATES_FILE)
    where = {adcode: (lat, lon) for adcode, lat, lon in coordinates.rows}
    out: Parsed[DivisionRow] = Parsed(warnings=list(coordinates.warnings))
    paths: dict[str, str] = {}  # code → path, for every level read so far
    parents: set[str] = set()  # codes of the level above
    for spec in LEVELS:
        path = directory / spec.file
        columns = ("code", "name") + ((spec.parent_column,) if spec.parent_column else ())
        first_line: dict[str, int] = {}
        for line, row in read_rows(path, columns + tuple(c for c, _ in spec.ancestor_columns)):
            code = need(path, line, row, "code")
            if not (code.isdigit() and len(code) == spec.digits):
                raise SourceError(
                    path,
                    line,
                    gettext_noop("code {code} should be {digits} digits"),
                    code=repr(code),
                    digits=spec.digits,
                )
            if code in first_line:
                raise SourceError(
                    path,
                    line,
                    gettext_noop("code {code} is already defined at line {first}"),
                    code=code,
                    first=first_line[code],
                )
            name = need(path, line, row, "name")
            if len(name) > NAME_ZH_MAX:
                raise SourceError(
                    path, line, gettext_noop("name is longer than {limit} characters"), limit=NAME_ZH_MAX
                )
            parent_code = None
            if spec.parent_column:
                parent_code = need(path, line, row, spec.parent_column)
                if parent_code not in parents:
                    raise SourceError(path, line, spec.parent_missing, parent=parent_code)
                if not code.startswith(parent_code):
                    raise SourceError(path, line, spec.parent_mismatch, code=code, parent=parent_code)
            for column, length in spec.ancestor_columns:
                if row[column] != code[:length]:
                    raise SourceError(
                        path,
                        line,
                        gettext_noop("column {column} is {value}, but code {code} implies {implied}"),
                        column=repr(column),
                        value=repr(row[column]),
                        code=code,
                        implied=code[:length],
                    )
            first_line[code] = line
            paths[code] = f"{paths[parent_code]}/{code}" if parent_code else code
            lat, lon = where.get(adcode12(code), (None, None)) if spec.level < 4 else (None, None)
            out.rows.append(
                DivisionRow(
                    code=code,
                    name_zh=name,
                    name_en=division_name_en(name, spec.level)[:NAME_EN_MAX],
                    level=spec.level,
                    parent_code=parent_code,
                    path=paths[code],
                    latitude=lat,
                    longitude=lon,
                )
            )
        parents = set(first_line)
    return out
