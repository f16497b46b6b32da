"""Classifications from their files, validated, as plain rows. Pure (no Django).

- 职业分类大典 2022: `<refdata>/china-occupation-classification/occupations_2022_flat.csv`
  (OCR of the printed book, see SOURCE.txt: a repeated code is a known artefact, warned about and
  resolved by keeping the first row; a row without a code, with an unknown level, or whose parent
  is missing stops the load).
- ISCO-08 groups: `<refdata>/esco/ISCOGroups_en.csv` (English labels; level = code length).
- Education levels, GB/T 4754-2017 sections and key groups: this package's own `data/*.csv`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from jiuye.geography.refcsv import Parsed, SourceError, SourceWarning, gettext_noop, need, read_rows

OCCUPATIONS_FILE = Path("china-occupation-classification") / "occupations_2022_flat.csv"
ISCO_FILE = Path("esco") / "ISCOGroups_en.csv"
DATA_DIR = Path(__file__).resolve().parent / "data"
EDUCATION_FILE = DATA_DIR / "education_levels.csv"
INDUSTRY_FILE = DATA_DIR / "industries.csv"
KEY_GROUP_FILE = DATA_DIR / "key_groups.csv"

# Column widths of the taxonomy models (a test keeps them in step).
NAME_ZH_MAX = 200
NAME_EN_MAX = 300
GBM_MAX = 8
CODE_MAX = 32  # EducationLevel.code, KeyGroup.code

OCCUPATION_LEVEL_NAMES = {1: "大类", 2: "中类", 3: "小类", 4: "细类"}
# 1 / 1-01 / 1-01-00 / 1-01-00-01
_OCCUPATION_CODE = {level: re.compile(r"\d" + r"-\d\d" * (level - 1)) for level in OCCUPATION_LEVEL_NAMES}
_OCCUPATION_PARENT_COLUMN = {2: "major_code", 3: "middle_code", 4: "minor_code"}
_OCCUPATION_ANCESTOR_COLUMNS = (("major_code", 1), ("middle_code", 2), ("minor_code", 3))

REPEATED = gettext_noop("code {code} repeats line {first}; kept the first")


@dataclass(frozen=True)
class TreeRow:
    """A node of a coded hierarchy (大典 occupation or ISCO group)."""

    code: str
    level: int
    name_zh: str
    name_en: str
    parent_code: str | None
    gbm_code: str = ""


@dataclass(frozen=True)
class EducationRow:
    code: str
    rank: int
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class IndustryRow:
    code: str
    name_zh: str
    name_en: str


@dataclass(frozen=True)
class KeyGroupRow:
    code: str
    is_employment_difficulty: bool
    name_zh: str
    name_en: str
    description_zh: str
    description_en: str


def _name(path: Path, line: int, row: dict[str, str], column: str, limit: int, required: bool = True) -> str:
    value = need(path, line, row, column) if required else row[column]
    if len(value) > limit:
        raise SourceError(
            path,
            line,
            gettext_noop("column {column} is longer than {limit} characters"),
            column=repr(column),
            limit=limit,
        )
    return value


def _check_parents(path: Path, rows: list[TreeRow], lines: dict[str, int]) -> None:
    codes = {r.code for r in rows}
    for r in rows:
        if r.parent_code is not None and r.parent_code not in codes:
            raise SourceError(
                path,
                lines[r.code],
                gettext_noop("parent {parent} of {code} not found"),
                parent=r.parent_code,
                code=r.code,
            )


def _warn_sibling_names(path: Path, out: Parsed[TreeRow], lines: dict[str, int]) -> None:
    by_name: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    for r in out.rows:
        by_name[(r.parent_code, r.name_zh or r.name_en)].append(r.code)
    for (_parent, name), codes in by_name.items():
        for code in codes[1:]:
            out.warnings.append(
                SourceWarning(
                    path,
                    lines[code],
                    gettext_noop("{code} has the same name as its sibling {sibling} ({name}); both kept"),
                    {"code": code, "sibling": codes[0], "name": name},
                )
            )


def read_occupations(root: Path) -> Parsed[TreeRow]:
    path = Path(root) / OCCUPATIONS_FILE
    out: Parsed[TreeRow] = Parsed()
    lines: dict[str, int] = {}
    required = ("code", "level", "level_name", "gbm_code", "name", "major_code", "middle_code", "minor_code")
    for line, row in read_rows(path, required):
        code = need(path, line, row, "code")
        raw_level = need(path, line, row, "level")
        level = int(raw_level) if raw_level.isdigit() else None
        if level not in OCCUPATION_LEVEL_NAMES:
            raise SourceError(
                path,
                line,
                gettext_noop("unknown level {level} (expected 1, 2, 3 or 4)"),
                level=repr(raw_level),
            )
        if not _OCCUPATION_CODE[level].fullmatch(code):
            raise SourceError(
                path,
                line,
                gettext_noop("code {code} is not a level-{level} code (like 2-02-10-03)"),
                code=repr(code),
                level=level,
            )
        name = _name(path, line, row, "name", NAME_ZH_MAX)
        parts = code.split("-")
        for column, depth in _OCCUPATION_ANCESTOR_COLUMNS:
            implied = "-".join(parts[:depth]) if depth <= level else ""
            if row[column] != implied:
                raise SourceError(
                    path,
                    line,
                    gettext_noop("column {column} is {value}, but code {code} implies {implied}"),
                    column=repr(column),
                    value=repr(row[column]),
                    code=code,
                    implied=repr(implied),
                )
        gbm = row["gbm_code"]
        if len(gbm) > GBM_MAX or (gbm and not gbm.isdigit()):
            raise SourceError(
                path,
                line,
                gettext_noop("column 'gbm_code' is not a GB/T 6565 code: {value}"),
                value=repr(gbm),
            )
        if code in lines:
            out.warnings.append(SourceWarning(path, line, REPEATED, {"code": code, "first": lines[code]}))
            continue
        if row["level_name"] != OCCUPATION_LEVEL_NAMES[level]:
            out.warnings.append(
                SourceWarning(
                    path,
                    line,
                    gettext_noop("level name {name} does not match level {level}; used the level"),
                    {"name": repr(row["level_name"]), "level": level},
                )
            )
        lines[code] = line
        parent = row[_OCCUPATION_PARENT_COLUMN[level]] if level > 1 else None
        out.rows.append(TreeRow(code, level, name, "", parent, gbm))
    _check_parents(path, out.rows, lines)
    _warn_sibling_names(path, out, lines)
    out.rows.sort(key=lambda r: (r.level, r.code))
    return out


def read_isco(root: Path) -> Parsed[TreeRow]:
    path = Path(root) / ISCO_FILE
    out: Parsed[TreeRow] = Parsed()
    lines: dict[str, int] = {}
    for line, row in read_rows(path, ("code", "preferredLabel")):
        code = need(path, line, row, "code")
        if not (code.isdigit() and 1 <= len(code) <= 4):
            raise SourceError(
                path,
                line,
                gettext_noop("code {code} is not an ISCO-08 code (1 to 4 digits)"),
                code=repr(code),
            )
        label = _name(path, line, row, "preferredLabel", NAME_EN_MAX)
        if code in lines:
            out.warnings.append(SourceWarning(path, line, REPEATED, {"code": code, "first": lines[code]}))
            continue
        lines[code] = line
        out.rows.append(TreeRow(code, len(code), "", label, code[:-1] or None))
    _check_parents(path, out.rows, lines)
    out.rows.sort(key=lambda r: (r.level, r.code))
    return out


def _unique(path: Path, line: int, code: str, seen: dict[str, int]) -> str:
    if len(code) > CODE_MAX:
        raise SourceError(
            path, line, gettext_noop("column 'code' is longer than {limit} characters"), limit=CODE_MAX
        )
    if code in seen:
        raise SourceError(
            path,
            line,
            gettext_noop("code {code} is already defined at line {first}"),
            code=repr(code),
            first=seen[code],
        )
    seen[code] = line
    return code


def read_education_levels(path: Path = EDUCATION_FILE) -> Parsed[EducationRow]:
    out: Parsed[EducationRow] = Parsed()
    seen: dict[str, int] = {}
    for line, row in read_rows(path, ("code", "rank", "name_zh", "name_en")):
        code = _unique(path, line, need(path, line, row, "code"), seen)
        rank = need(path, line, row, "rank")
        if not rank.isdigit():
            raise SourceError(
                path, line, gettext_noop("column 'rank' is not a whole number: {value}"), value=repr(rank)
            )
        out.rows.append(
            EducationRow(
                code,
                int(rank),
                _name(path, line, row, "name_zh", NAME_ZH_MAX),
                _name(path, line, row, "name_en", NAME_EN_MAX),
            )
        )
    return out


def read_industries(path: Path = INDUSTRY_FILE) -> Parsed[IndustryRow]:
    out: Parsed[IndustryRow] = Parsed()
    seen: dict[str, int] = {}
    for line, row in read_rows(path, ("code", "name_zh", "name_en")):
        code = need(path, line, row, "code")
        if not re.fullmatch(r"[A-Z]", code):
            raise SourceError(
                path, line, gettext_noop("code {code} is not a GB/T 4754 section letter"), code=repr(code)
            )
        out.rows.append(
            IndustryRow(
                _unique(path, line, code, seen),
                _name(path, line, row, "name_zh", NAME_ZH_MAX),
                _name(path, line, row, "name_en", NAME_EN_MAX),
            )
        )
    return out


def read_key_groups(path: Path = KEY_GROUP_FILE) -> Parsed[KeyGroupRow]:
    out: Parsed[KeyGroupRow] = Parsed()
    seen: dict[str, int] = {}
    columns = ("code", "is_employment_difficulty", "name_zh", "name_en", "description_zh", "description_en")
    for line, row in read_rows(path, columns):
        code = _unique(path, line, need(path, line, row, "code"), seen)
        flag = row["is_employment_difficulty"]
        if flag not in ("0", "1"):
            raise SourceError(
                path,
                line,
                gettext_noop("column 'is_employment_difficulty' should be 0 or 1, not {value}"),
                value=repr(flag),
            )
        out.rows.append(
            KeyGroupRow(
                code,
                flag == "1",
                _name(path, line, row, "name_zh", NAME_ZH_MAX),
                _name(path, line, row, "name_en", NAME_EN_MAX),
                row["description_zh"],
                row["description_en"],
            )
        )
    return out
