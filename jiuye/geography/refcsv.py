"""Reading reference CSV files with errors that name the file, the line and the reason.

Pure (no Django); shared by `jiuye.geography.sources` and `jiuye.taxonomy.sources`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


def gettext_noop(message: str) -> str:
    """Marks a message for the translation catalogue without importing Django (makemessages finds it).

    Messages are English templates with {named} fields; callers translate the template, then format.
    """
    return message


Translate = Callable[[str], str]


def _identity(message: str) -> str:
    return message


def _where(path: Path, line: int | None, translate: Translate) -> str:
    if line is None:
        return path.name
    return translate(gettext_noop("{file} line {line}")).format(file=path.name, line=line)


class SourceError(Exception):
    """A reference file is missing or has a row that cannot be loaded."""

    def __init__(self, path: Path | str, line: int | None, reason: str, /, **params: object):
        self.path = Path(path)
        self.line = line
        self.reason = reason
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.localized()

    def localized(self, translate: Translate = _identity) -> str:
        """'streets.csv line 1234: parent county 430399 not found', in the language `translate` gives."""
        where = _where(self.path, self.line, translate)
        return f"{where}: {translate(self.reason).format(**self.params)}"


@dataclass(frozen=True)
class SourceWarning:
    """A row that was loaded in a documented, deterministic way despite a known defect."""

    path: Path
    line: int
    message: str
    params: dict[str, object] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.localized()

    def localized(self, translate: Translate = _identity) -> str:
        return f"{_where(self.path, self.line, translate)}: {translate(self.message).format(**self.params)}"


@dataclass
class Parsed(Generic[T]):
    rows: list[T] = field(default_factory=list)
    warnings: list[SourceWarning] = field(default_factory=list)


def require_file(path: Path) -> Path:
    if not path.is_file():
        raise SourceError(path, None, gettext_noop("file not found (looked for {path})"), path=str(path))
    return path


def read_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number where the record starts, row with stripped values) for each data row.

    Line numbers are those an editor shows, header = line 1; a record with embedded newlines is
    reported at its first line.
    """
    require_file(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise SourceError(
                    path, 1, gettext_noop("the file is empty (expected a header row)")
                ) from None
            missing = [c for c in required if c not in header]
            if missing:
                raise SourceError(
                    path,
                    1,
                    gettext_noop("missing column(s) {columns} in the header"),
                    columns=", ".join(repr(c) for c in missing),
                )
            previous_end = reader.line_num
            for record in reader:
                start, previous_end = previous_end + 1, reader.line_num
                if not record or all(not v.strip() for v in record):
                    continue
                if len(record) != len(header):
                    raise SourceError(
                        path,
                        start,
                        gettext_noop("expected {expected} columns, found {found}"),
                        expected=len(header),
                        found=len(record),
                    )
                yield start, {k: v.strip() for k, v in zip(header, record, strict=True)}
    except UnicodeDecodeError as exc:
        raise SourceError(
            path, None, gettext_noop("not valid UTF-8 text (byte {byte})"), byte=exc.start
        ) from None
    except csv.Error as exc:
        raise SourceError(
            path, None, gettext_noop("not a readable CSV file ({error})"), error=str(exc)
        ) from None


def need(path: Path, line: int, row: dict[str, str], column: str) -> str:
    value = row[column]
    if not value:
        raise SourceError(path, line, gettext_noop("column {column} is empty"), column=repr(column))
    return value
