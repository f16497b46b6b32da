"""Fixtures for linkage: a department adapter of our own, staged records, a stand-in linkage engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest
from pydantic import BaseModel

from jiuye.core import pii
from jiuye.ingestion.enums import FileFormat
from jiuye.ingestion.models import ImportRun, StagedRecord
from jiuye.ingestion.sources.base import REGISTRY, Layout, SourceAdapter
from jiuye.registry.enums import SourceKind
from jiuye.registry.models import DataSource, TrainingRecord

ADAPTER_CODE = "tests.training"


class TrainingRow(BaseModel):
    resident_id: str = ""
    name: str
    phone: str = ""
    division_code: str = ""
    programme: str
    start_date: dt.date


class TrainingAdapter(SourceAdapter):
    """A minimal human-resources source: one training attended per row."""

    code = ADAPTER_CODE
    department = SourceKind.HUMAN_RESOURCES
    title_zh = "测试培训记录"
    title_en = "Test training records"
    layout = Layout(columns=(), natural_key=("programme", "start_date"))
    schema = TrainingRow

    def apply(self, row: TrainingRow, ctx: Any, person: Any = None) -> str:
        _obj, created = TrainingRecord.objects.get_or_create(
            person=person, programme=row.programme, start_date=row.start_date,
            defaults={"source": ctx.source, "import_run": ctx.run},
        )
        return "accepted" if created else "unchanged"


@pytest.fixture
def adapter():
    REGISTRY[ADAPTER_CODE] = TrainingAdapter
    yield TrainingAdapter()
    REGISTRY.pop(ADAPTER_CODE, None)


@pytest.fixture
def run(tree, adapter):
    return ImportRun.objects.create(
        source_code=ADAPTER_CODE, division=tree["430302"], file_name="培训名册.csv", file_sha256="0" * 64,
        file_format=FileFormat.CSV,
    )


@pytest.fixture
def stage(run, tree):
    """stage(name=…, birth_date=…, phone=…, township=…) → a pending StagedRecord with a training payload."""
    counter = iter(range(1, 10_000))

    def _stage(name: str, birth_date: dt.date | None = dt.date(1990, 5, 6), sex: str = "M", phone: str = "",
               township: str = "430302001", programme: str = "电工培训", resident_id: str = "") -> StagedRecord:
        n = next(counter)
        row = TrainingRow(resident_id=resident_id, name=name, phone=phone, division_code=township,
                          programme=f"{programme}{n}", start_date=dt.date(2024, 3, n % 28 + 1))
        return StagedRecord.objects.create(
            run=run, source_code=ADAPTER_CODE, division=tree[township], row_number=n, name=name,
            birth_date=birth_date, sex=sex, phone_hash=pii.keyed_hash(phone, purpose="phone") if phone else "",
            resident_id_hash=pii.keyed_hash(resident_id, purpose="ric") if resident_id else "",
            payload=row.model_dump(mode="json"),
        )

    return _stage


OUT_SCHEMA = pa.schema(
    [
        ("left_id", pa.string()),
        ("right_id", pa.string()),
        ("match_probability", pa.float64()),
        ("decision", pa.string()),
        ("gamma_name", pa.int8()),
        ("gamma_birth_date", pa.int8()),
        ("gamma_sex", pa.int8()),
        ("gamma_phone", pa.int8()),
        ("gamma_division", pa.int8()),
    ]
)


class StandIn:
    """A linkage engine with the real one's contract that returns the scores it was given, for the pairs
    the blocking actually handed it. Records what it was called with."""

    def __init__(self, scores: dict[tuple[int, int], float], gammas: dict[str, int] | None = None):
        self.scores = scores
        self.gammas = gammas or {"name": 3, "birth_date": 3, "sex": 1, "phone": -1, "division": 3}
        self.calls: list[tuple[pa.Table, pa.Table]] = []

    def __call__(self, left: pa.Table, right: pa.Table, *, thresholds) -> pa.Table:
        self.calls.append((left, right))
        lefts = set(left.column("record_id").to_pylist())
        rights = set(right.column("record_id").to_pylist())
        rows = []
        for (staged_pk, person_pk), p in self.scores.items():
            if str(staged_pk) in lefts and str(person_pk) in rights and p >= thresholds.lower:
                rows.append({
                    "left_id": str(staged_pk), "right_id": str(person_pk), "match_probability": p,
                    "decision": "link" if p >= thresholds.upper else "review",
                    **{f"gamma_{k}": v for k, v in self.gammas.items()},
                })
        return pa.Table.from_pylist(rows, schema=OUT_SCHEMA)


@pytest.fixture
def sources(db):
    def _source(code: str, kind: str) -> DataSource:
        return DataSource.objects.get_or_create(code=code, defaults={"kind": kind, "name_zh": code})[0]

    return {
        "public_security": _source("ps.hukou", SourceKind.PUBLIC_SECURITY),
        "social_insurance": _source("si.insured", SourceKind.SOCIAL_INSURANCE),
        "human_resources": _source("hr.unemployment", SourceKind.HUMAN_RESOURCES),
        "self_declared": _source("self", SourceKind.SELF_DECLARED),
    }
