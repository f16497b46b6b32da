"""What every department source adapter provides. The pipeline (jiuye/ingestion/pipeline.py) does the
reading, encoding detection, validation, quarantine, counting and resumption; an adapter only says
what its file looks like and how one validated row lands in the library.

An adapter is registered under a code such as "social_insurance.contributions" and documents its
layout in docs/exchange/<department>.md (the exchange specification given to the department).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel


@dataclass(frozen=True)
class Column:
    name: str  # header as it appears in the file (Chinese), e.g. "公民身份号码"
    key: str  # attribute of the row schema, e.g. "resident_id"
    description_zh: str
    description_en: str
    required: bool = True
    example: str = ""
    is_identifier: bool = False  # masked in the quarantine and never logged


@dataclass(frozen=True)
class Layout:
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]  # schema attributes that identify a row across files

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]


class RowRejected(Exception):  # noqa: N818 - a rejection, not a program error
    """Raised by an adapter when a valid-looking row cannot land (unknown division, unknown employer…)."""

    def __init__(self, column: str, value: Any, code: str, zh: str, en: str):
        super().__init__(en)
        self.column, self.value, self.code, self.zh, self.en = column, value, code, zh, en


@dataclass
class ApplyContext:
    """Given to `apply`: the run, its source, and caches the pipeline keeps for the whole file."""

    run: Any  # ImportRun
    source: Any  # registry.DataSource
    cache: dict[str, Any] = field(default_factory=dict)


class SourceAdapter:
    code: ClassVar[str]
    department: ClassVar[str]  # registry.enums.SourceKind value
    title_zh: ClassVar[str]
    title_en: ClassVar[str]
    layout: ClassVar[Layout]
    schema: ClassVar[type[BaseModel]]
    # Rows about a person carry `resident_id` (may be empty), `name`, and optionally `phone` and
    # `division_code` (residence). The pipeline resolves the person before `apply`:
    #   valid ID found in the library, name agrees      → that person;
    #   valid ID not in the library, creates_persons     → a new person (registry service);
    #   ID empty, or the ID's person has another name    → StagedRecord for probabilistic linkage;
    #   ID present but malformed                         → quarantined (the department must fix it).
    identifies_person: ClassVar[bool] = True
    creates_persons: ClassVar[bool] = False

    def row_key(self, row: BaseModel) -> str:
        """Natural key of a validated row (stable across files; used for idempotency and release)."""
        return "|".join(str(getattr(row, k)) for k in self.layout.natural_key)

    def apply(self, row: BaseModel, ctx: ApplyContext, person: Any | None = None) -> str:
        """Land one validated row; return a RowOutcome value ("accepted", "updated", "unchanged").

        `person` is the resolved registry.Person (None for sources that do not identify persons).
        Raise RowRejected for rows that validate but cannot land. The same call is made later, with
        the linked person, for a StagedRecord: `adapter.apply(adapter.schema.model_validate(
        staged.payload), ctx, person)` — so `payload` is `row.model_dump(mode="json")`.
        Must be idempotent: applying the same row twice returns "unchanged" the second time.
        """
        raise NotImplementedError


REGISTRY: dict[str, type[SourceAdapter]] = {}


def register(cls: type[SourceAdapter]) -> type[SourceAdapter]:
    REGISTRY[cls.code] = cls
    return cls


def get_adapter(code: str) -> SourceAdapter:
    return REGISTRY[code]()


AdapterFactory = Callable[[], SourceAdapter]
