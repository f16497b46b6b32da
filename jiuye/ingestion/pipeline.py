"""The import pipeline: one department file → validated rows in the library, bad rows in quarantine.

    run = run_import("human_resources.unemployment", path, division=district, user=request.user)

1. The file is hashed (SHA-256) and, for text files, decoded strictly end to end before any row is
   written: a file that is neither UTF-8 nor GB18030 is refused with the byte offset at fault.
2. The header is checked against the adapter's layout; an unknown layout is refused with the columns
   expected and found.
3. Rows stream through in batches. Each row is validated by the adapter's schema; its person is
   resolved (see `SourceAdapter`); it lands through `adapter.apply`, is staged for linkage, or is
   quarantined with every reason. Each batch commits together with the run's counts and
   `committed_through`, so a killed import resumes where it stopped when the same file is run again.
4. Every row read ends up accepted, updated, unchanged, staged or quarantined, and the five counts
   add up to the rows read (checked after every batch).

No personal data is logged: log lines carry run ids, row numbers and counts only.

Two optional speed-ups an adapter may use (the human-resources adapters do): `person_defaults(row)`
gives fields for a person the pipeline creates; and for a person created in the current batch
(`ctx.cache["created_person_ids"]`), which has no records yet, `apply` may append new model instances
to `ctx.cache["bulk_create"][Model]` instead of saving them — the pipeline inserts them in bulk before
the batch commits.
"""

from __future__ import annotations

import hashlib
import json
import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from pydantic import BaseModel, TypeAdapter, ValidationError

from jiuye.comparisons.services import recompute_worklists
from jiuye.core import pii
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.registry.identifiers import IdentifierError, parse_resident_id
from jiuye.registry.models import DataSource

from . import readers, sources
from .enums import QuarantineStatus, RowOutcome, RunStatus, StagedStatus
from .errors import reason, validation_reasons
from .keyindex import KeyIndex
from .models import ImportRun, QuarantinedRow, StagedRecord
from .persons import (
    DivisionCache,
    build_person,
    persons_by_hash,
    same_name,
    save_new_persons,
    unknown_division,
)
from .sources.base import ApplyContext, Column, RowRejected, SourceAdapter, get_adapter

logger = logging.getLogger("jiuye.ingestion")

# Sent after a completed import has refreshed the worklists (kwargs: run, division, user). Apps above
# ingestion (the case files of jiuye.cases) follow the library through it without ingestion importing them.
import_completed = Signal()

BATCH_SIZE = 2000
CHUNK = 500
UNFINISHED = (RunStatus.RUNNING, RunStatus.INTERRUPTED, RunStatus.FAILED)


class UnknownSource(ValueError):
    pass


class CountMismatch(RuntimeError):
    """Rows read and rows accounted for differ: a bug, never a data problem. Stops the run."""


def adapter_for(source_code: str) -> SourceAdapter:
    sources.load_all()
    try:
        return get_adapter(source_code)
    except KeyError:
        raise UnknownSource(source_code) from None


def file_digest(path: Path, encoding: str | None = None) -> tuple[str, int]:
    """SHA-256 and size; with `encoding`, the bytes are also decoded strictly on the way (ReadError)."""
    sha = hashlib.sha256()
    size = 0
    decoder = readers.StrictDecoder(readers.UTF8 if encoding == readers.UTF8_BOM else encoding) if encoding else None
    with open(path, "rb") as fh:
        while chunk := fh.read(readers.CHUNK):
            sha.update(chunk)
            if decoder is not None:
                decoder.decode(chunk)
            size += len(chunk)
    if decoder is not None:
        decoder.decode(b"", final=True)
    return sha.hexdigest(), size


def _both(err: readers.ReadError) -> str:
    # A header or a CSV error can quote a cell with a NUL in it; PostgreSQL text cannot hold one.
    return readers.visible(f"{err.zh}\n{err.en}")


def run_import(
    source_code: str,
    path: str | Path,
    *,
    division: Any,
    user: Any = None,
    file_name: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportRun:
    """Import one file for `division` (the importing office's area). Returns the run, whatever happened."""
    adapter = adapter_for(source_code)
    path = Path(path)
    file_name = file_name or path.name
    started = {"source_code": source_code, "division": division, "file_name": file_name[:255],
               "started_by": user if getattr(user, "is_authenticated", False) else None}

    try:
        fmt = readers.detect_format(path)
    except readers.ReadError as err:
        sha, size = file_digest(path)
        return _refused(ImportRun(**started, file_sha256=sha, file_size=size, file_format=""), err, user)
    encoding = ""
    try:
        if fmt != "xlsx":
            encoding = readers.detect_encoding(path)
        sha, size = file_digest(path, encoding or None)
    except readers.ReadError as err:
        sha, size = file_digest(path)
        return _refused(
            ImportRun(**started, file_sha256=sha, file_size=size, file_format=fmt, encoding=encoding), err, user
        )

    run = (
        ImportRun.objects.filter(
            source_code=source_code, division=division, file_sha256=sha, status__in=UNFINISHED
        )
        .order_by("-started_at", "-id")
        .first()
    )
    resumed = run is not None
    if run is None:
        run = ImportRun.objects.create(
            **started, file_sha256=sha, file_size=size, file_format=fmt, encoding=encoding
        )
    else:
        run.status, run.finished_at = RunStatus.RUNNING, None
        run.save(update_fields=["status", "finished_at", "updated_at"])
        logger.info("import run %s resumes after row %s", run.pk, run.committed_through)

    layout = adapter.layout
    expected = layout.headers
    required = [c.name for c in layout.columns if c.required]
    try:
        if fmt == "jsonl":
            header, rows = readers.read_jsonl(path, encoding, expected, required)
        else:
            header, rows = readers.read_tabular(path, fmt, encoding, expected, required)
    except readers.ReadError as err:
        return _refused(run, err, user)
    if not run.headers:
        run.headers = header.found
        run.save(update_fields=["headers", "updated_at"])

    importer = _Importer(adapter, run, user=user, batch_size=batch_size, resumed=resumed)
    try:
        importer.go(rows)
    except BaseException as exc:
        importer.stop(exc)
        if not isinstance(exc, Exception):
            raise  # KeyboardInterrupt, SystemExit: the run is marked interrupted, the process still stops
    finally:
        importer.close()
    if run.status == RunStatus.COMPLETED:
        # The comparisons read what this file brought in: refresh the worklists of the file's area
        # now, so staff see the consequences of an import without waiting for the nightly job.
        recompute_worklists(division=division, run=run, actor=user)
        import_completed.send(sender=ImportRun, run=run, division=division, user=user)
    return run


def _refused(run: ImportRun, err: readers.ReadError, user: Any) -> ImportRun:
    run.status = RunStatus.REFUSED
    run.message = _both(err)
    run.finished_at = timezone.now()
    run.save()
    _audit(run, user, "refused")
    logger.info("import run %s refused: %s", run.pk, err.code)
    return run


def _audit(run: ImportRun, user: Any, what: str) -> None:
    record_event(
        run,
        actor=user,
        kind=EventKind.RECORD_CREATED,
        data={
            "import": what,
            "source": run.source_code,
            "status": run.status,
            "read": run.rows_read,
            "accepted": run.rows_accepted,
            "updated": run.rows_updated,
            "unchanged": run.rows_unchanged,
            "staged": run.rows_staged,
            "quarantined": run.rows_quarantined,
            "released": run.rows_released,
            "committed_through": run.committed_through,
        },
    )


@dataclass
class _Checked:
    raw: readers.RawRow
    row: BaseModel | None = None
    errors: list[dict[str, str]] = field(default_factory=list)
    key: str = ""  # keyed hash of the natural key ("" when it could not be read)
    rid: Any = None  # parsed ResidentId, when the row names a person by a valid ID
    rid_hash: str = ""


class _Importer:
    def __init__(self, adapter: SourceAdapter, run: ImportRun, *, user: Any, batch_size: int, resumed: bool):
        self.adapter, self.run, self.user, self.batch_size = adapter, run, user, max(1, batch_size)
        self.resumed = resumed
        self.layout = adapter.layout
        self.by_key: dict[str, Column] = {c.key: c for c in self.layout.columns}
        self.divisions = DivisionCache()
        source, _ = DataSource.objects.get_or_create(
            code=adapter.code,
            defaults={"kind": adapter.department, "name_zh": adapter.title_zh[:100], "name_en": adapter.title_en[:150]},
        )
        self.ctx = ApplyContext(run=run, source=source)
        self.keys = KeyIndex()
        self.blank = 0
        others = ~Q(run=run)
        self.may_release = QuarantinedRow.objects.filter(
            others, source_code=run.source_code, status=QuarantineStatus.OPEN
        ).exists()
        self.may_restage = StagedRecord.objects.filter(others, source_code=run.source_code).exists()
        self._field_adapters: dict[str, TypeAdapter | None] = {}

    # -- the loop ---------------------------------------------------------------------------------

    def go(self, rows) -> None:
        run = self.run
        batch: list[readers.RawRow] = []
        replay: list[readers.RawRow] = []
        read_error: readers.ReadError | None = None
        try:
            for raw in rows:
                if raw.problem is None and raw.is_blank:
                    self.blank += 1
                    continue
                if raw.number <= run.committed_through:
                    replay.append(raw)  # done before the interruption: only its key is remembered
                    if len(replay) >= self.batch_size:
                        self._replay(replay)
                        replay = []
                    continue
                batch.append(raw)
                if len(batch) >= self.batch_size:
                    self._process(batch)
                    batch = []
        except readers.ReadError as err:
            read_error = err
        if replay:
            self._replay(replay)
        if batch:
            self._process(batch)
        if read_error is not None:
            self._finish(RunStatus.FAILED, _both(read_error))
            return
        notes = []
        if self.resumed:
            notes.append("续传：从中断处继续导入。\nResumed after an interruption.")
        if self.blank:
            notes.append(f"跳过空行{self.blank}行。\nSkipped {self.blank} blank rows.")
        self._finish(RunStatus.COMPLETED, "\n".join(notes))

    def _finish(self, status: str, message: str) -> None:
        run = self.run
        self._check_counts()
        run.status, run.finished_at = status, timezone.now()
        if message:
            run.message = message
        run.save()
        _audit(run, self.user, status)
        logger.info(
            "import run %s %s: read %s accepted %s updated %s unchanged %s staged %s quarantined %s released %s",
            run.pk, status, run.rows_read, run.rows_accepted, run.rows_updated, run.rows_unchanged,
            run.rows_staged, run.rows_quarantined, run.rows_released,
        )

    def stop(self, exc: BaseException) -> None:
        """An unexpected error or an interruption: the current batch is rolled back; the run says where
        it stopped, and running the same file again resumes after `committed_through`."""
        run = self.run
        interrupted = not isinstance(exc, Exception)
        status = RunStatus.INTERRUPTED if interrupted else RunStatus.FAILED
        # Only the exception type and stack: messages can carry row values.
        logger.error(
            "import run %s %s after row %s: %s\n%s", run.pk, status, run.committed_through,
            type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__)),
        )
        message = (
            f"导入在第{run.committed_through}行之后停止（{type(exc).__name__}）。已提交的行保留；"
            f"再次导入同一文件将从中断处继续。\n"
            f"The import stopped after row {run.committed_through} ({type(exc).__name__}). Committed rows "
            "are kept; importing the same file again resumes where it stopped."
        )
        try:
            ImportRun.objects.filter(pk=run.pk).update(
                status=status, message=message, finished_at=timezone.now(), updated_at=timezone.now()
            )
            run.refresh_from_db()
            _audit(run, self.user, status)
        except Exception:  # noqa: BLE001 - the database itself may be what failed
            logger.error("import run %s: could not record the stop", run.pk)

    def close(self) -> None:
        self.keys.close()

    def _check_counts(self) -> None:
        run = self.run
        if run.rows_accounted != run.rows_read:
            raise CountMismatch(
                f"run {run.pk}: read {run.rows_read} but accounted {run.rows_accounted}"
            )

    # -- validation (no database) -----------------------------------------------------------------

    def _column(self, key: str) -> Column | str:
        return self.by_key.get(key) or key

    def _nul_reasons(self, raw: readers.RawRow) -> list[dict[str, str]]:
        """One reason per cell holding a NUL character (or its visible mark ␀), naming the column."""
        if not any(readers.has_nul(cell) for cell in raw.cells):
            return []
        headers = self.run.headers or list(raw.values)
        positional = raw.problem is None or raw.problem[0] in ("column_count", "unknown_column")
        out = []
        for i, cell in enumerate(raw.cells):
            if not readers.has_nul(cell):
                continue
            header = headers[i] if positional and i < len(headers) else ""
            column = self.layout_by_header.get(header) or header
            where_zh = f"“{header}”列" if header else (f"第{i + 1}列" if positional else "这一行")
            where_en = f"Column '{header}'" if header else (f"Column {i + 1}" if positional else "This row")
            out.append(reason(
                column, readers.visible(cell), "nul",
                f"{where_zh}含有NUL字符（空字符，显示为␀），数据库无法保存；请删除后重新导出",
                f"{where_en} contains a NUL character (shown as ␀), which cannot be stored; remove it and "
                "export again",
            ))
        return out

    def _check(self, raw: readers.RawRow) -> _Checked:
        checked = self._check_values(raw)
        nul = self._nul_reasons(raw)
        if nul:
            # The row is quarantined whatever else it holds; its key (when readable) is kept, so that the
            # corrected row in a later file releases it.
            checked.errors = nul + checked.errors
        return checked

    def _check_values(self, raw: readers.RawRow) -> _Checked:
        checked = _Checked(raw)
        if raw.problem is not None:
            code, zh, en = raw.problem
            checked.errors.append(reason("", "", code, zh, en))
            return checked
        by_key = self.by_key
        values = {}
        for header, text in raw.values.items():
            column = self.layout_by_header.get(header)
            if column is not None and text != "":
                values[column.key] = text
        try:
            checked.row = self.adapter.schema.model_validate(values)
        except ValidationError as exc:
            checked.errors = validation_reasons(exc, self.layout, values)
            checked.key = self._partial_key(values, exc)
            return checked
        row = checked.row
        if self.adapter.identifies_person:
            text = getattr(row, "resident_id", None) or ""
            if text:
                try:
                    checked.rid = parse_resident_id(str(text))
                except IdentifierError as exc:
                    column = by_key.get("resident_id") or "resident_id"
                    checked.errors.append(reason(column, text, f"resident_id_{exc.code}", exc.zh, exc.en))
                    return checked
                checked.rid_hash = pii.keyed_hash(checked.rid.number, purpose="ric")
        checked.key = self._key(row)
        return checked

    @property
    def layout_by_header(self) -> dict[str, Column]:
        cached = getattr(self, "_by_header", None)
        if cached is None:
            cached = self._by_header = {c.name: c for c in self.layout.columns}
        return cached

    def _key(self, row: Any) -> str:
        """Keyed hash of the row's natural key. Rows about a person without an ID number are told apart
        by who they are (name, birth date, phone), or two different people would collide."""
        text = self.adapter.row_key(row)
        if self.adapter.identifies_person and not (getattr(row, "resident_id", None) or ""):
            text += "|" + "|".join(str(getattr(row, a, "") or "") for a in ("name", "birth_date", "phone"))
        return pii.keyed_hash(f"{self.run.source_code}|{text}", purpose="ingestion-row")

    def _partial_key(self, values: dict[str, Any], exc: ValidationError) -> str:
        """The natural key of a row that failed validation, when its key columns themselves are valid —
        so that a corrected row in a later file releases it."""
        failing = {str(e["loc"][0]) for e in exc.errors() if e.get("loc")}
        needed = set(self.layout.natural_key) | {"resident_id", "name", "birth_date", "phone"}
        if failing & set(self.layout.natural_key):
            return ""
        parts: dict[str, Any] = {}
        fields = self.adapter.schema.model_fields
        for key in needed:
            if key not in fields:
                continue
            if key not in values or key in failing:
                parts[key] = None
                continue
            ta = self._field_adapter(key)
            try:
                parts[key] = ta.validate_python(values[key]) if ta else values[key]
            except ValidationError:
                if key in self.layout.natural_key:
                    return ""
                parts[key] = None
        try:
            return self._key(SimpleNamespace(**parts))
        except Exception:  # noqa: BLE001 - an adapter's row_key may need fields we could not read
            return ""

    def _field_adapter(self, key: str) -> TypeAdapter | None:
        if key not in self._field_adapters:
            from typing import Annotated

            info = self.adapter.schema.model_fields[key]
            annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
            try:
                self._field_adapters[key] = TypeAdapter(annotation)
            except Exception:  # noqa: BLE001
                self._field_adapters[key] = None
        return self._field_adapters[key]

    def _dedupe(self, checked: list[_Checked]) -> dict[str, int]:
        """Mark rows whose natural key appeared earlier in the file; return the keys first seen here."""
        earlier = self.keys.lookup({c.key for c in checked if c.key and not c.errors})
        first_here: dict[str, int] = {}
        key_names = "、".join(self._column(k).name if isinstance(self._column(k), Column) else k
                             for k in self.layout.natural_key)
        key_names_en = ", ".join(self._column(k).name if isinstance(self._column(k), Column) else k
                                 for k in self.layout.natural_key)
        for c in checked:
            if not c.key or c.errors:
                continue
            first = earlier.get(c.key) or first_here.get(c.key)
            if first:
                c.errors.append(reason(
                    "", "", "duplicate",
                    f"与第{first}行重复（{key_names}相同）",
                    f"Duplicate of row {first} (same {key_names_en})",
                ))
            else:
                first_here[c.key] = c.raw.number
        return first_here

    def _replay(self, raws: list[readers.RawRow]) -> None:
        checked = [self._check(r) for r in raws]
        self.keys.add(self._dedupe(checked))

    # -- landing (one transaction per batch) ------------------------------------------------------

    def _process(self, raws: list[readers.RawRow]) -> None:
        checked = [self._check(r) for r in raws]
        first_here = self._dedupe(checked)
        counts = dict.fromkeys(RowOutcome.values, 0)
        run = self.run
        with transaction.atomic():
            persons, created = self._resolve_persons(checked)
            used: set[int] = set()
            quarantined: list[QuarantinedRow] = []
            staged_new: list[StagedRecord] = []
            landed_keys: list[str] = []
            staged_existing = self._staged_existing(checked)
            for c in checked:
                outcome = self._land(c, persons, staged_existing, staged_new)
                if outcome == RowOutcome.QUARANTINED:
                    quarantined.append(self._quarantine(c))
                else:
                    if c.key:
                        landed_keys.append(c.key)
                    person = persons.get(c.rid_hash) if c.rid_hash else None
                    if person is not None:
                        used.add(person.pk)
                counts[outcome] += 1
            for model, objs in self.ctx.cache.pop("bulk_create", {}).items():
                model.objects.bulk_create(objs, batch_size=CHUNK)
            # A person created for rows that were all rejected was never meant to exist.
            orphans = [p.pk for p in created if p.pk not in used]
            if orphans:
                from jiuye.registry.models import Person

                Person.objects.filter(pk__in=orphans).delete()
            if staged_new:
                StagedRecord.objects.bulk_create(staged_new, batch_size=CHUNK)
            if quarantined:
                QuarantinedRow.objects.bulk_create(quarantined, batch_size=CHUNK)
                self._supersede(quarantined)
            released = self._release(landed_keys) if self.may_release else 0
            run.rows_read += len(checked)
            run.rows_accepted += counts[RowOutcome.ACCEPTED]
            run.rows_updated += counts[RowOutcome.UPDATED]
            run.rows_unchanged += counts[RowOutcome.UNCHANGED]
            run.rows_staged += counts[RowOutcome.STAGED]
            run.rows_quarantined += counts[RowOutcome.QUARANTINED]
            run.rows_released += released
            run.committed_through = raws[-1].number
            self._check_counts()
            run.save(update_fields=[
                "rows_read", "rows_accepted", "rows_updated", "rows_unchanged", "rows_staged",
                "rows_quarantined", "rows_released", "committed_through", "updated_at",
            ])
        self.keys.add(first_here)

    def _resolve_persons(self, checked: list[_Checked]) -> tuple[dict[str, Any], list[Any]]:
        if not self.adapter.identifies_person:
            return {}, []
        persons = persons_by_hash(c.rid_hash for c in checked if c.rid_hash and not c.errors)
        created: list[Any] = []
        if self.adapter.creates_persons:
            defaults_for = getattr(self.adapter, "person_defaults", None)
            for c in checked:
                if c.errors or not c.rid_hash or c.rid_hash in persons:
                    continue
                code = getattr(c.row, "division_code", None)
                residence = self.divisions.get(code)
                if residence is None:
                    column = self._column("division_code")
                    rejected = unknown_division(column.name if isinstance(column, Column) else column, code)
                    c.errors.append(reason(column, code or "", rejected.code, rejected.zh, rejected.en))
                    continue
                person = build_person(
                    c.rid, name=getattr(c.row, "name", "") or "", residence=residence, divisions=self.divisions,
                    phone=getattr(c.row, "phone", None), source=self.ctx.source,
                    defaults=defaults_for(c.row) if defaults_for else None,
                )
                persons[c.rid_hash] = person
                created.append(person)
            if created:
                save_new_persons(created)
        # Adapters may skip looking up records of a person created in this batch: there are none yet.
        self.ctx.cache["created_person_ids"] = {p.pk for p in created}
        return persons, created

    def _land(self, c: _Checked, persons: dict[str, Any], staged_existing: dict[str, StagedRecord],
              staged_new: list[StagedRecord]) -> str:
        if c.errors:
            return RowOutcome.QUARANTINED
        person = None
        if self.adapter.identifies_person:
            person = persons.get(c.rid_hash) if c.rid_hash else None
            if person is None or not same_name(person.name, getattr(c.row, "name", None)):
                existing = staged_existing.get(c.key)
                if existing is not None and existing.status == StagedStatus.LINKED and existing.person_id:
                    person = existing.person  # linked since it was staged: the row now lands on that person
                else:
                    return self._stage(c, existing, staged_new)
        try:
            with transaction.atomic():
                outcome = self.adapter.apply(c.row, self.ctx, person)
        except RowRejected as rejected:
            c.errors.append(reason(self._column_named(rejected.column), rejected.value, rejected.code,
                                   rejected.zh, rejected.en))
            return RowOutcome.QUARANTINED
        if outcome not in (RowOutcome.ACCEPTED, RowOutcome.UPDATED, RowOutcome.UNCHANGED):
            raise ValueError(f"{self.adapter.code}.apply returned {outcome!r}")
        return outcome

    def _column_named(self, name_or_key: str) -> Column | str:
        return self.layout_by_header.get(name_or_key) or self.by_key.get(name_or_key) or name_or_key

    # -- staging, quarantine, release -------------------------------------------------------------

    def _staged_existing(self, checked: list[_Checked]) -> dict[str, StagedRecord]:
        if not self.may_restage:
            return {}
        keys = sorted({c.key for c in checked if c.key and not c.errors})
        found: dict[str, StagedRecord] = {}
        for i in range(0, len(keys), CHUNK):
            for staged in (
                StagedRecord.objects.filter(source_code=self.run.source_code, row_key__in=keys[i : i + CHUNK])
                .exclude(run=self.run)
                .select_related("person")
                .order_by("created_at")
            ):
                found[staged.row_key] = staged
        return found

    def _payload(self, row: BaseModel) -> dict[str, Any]:
        """The row for later `apply`; identifier columns are kept only encrypted (see `staged_row`)."""
        payload = row.model_dump(mode="json")
        secret = {c.key: payload[c.key] for c in self.layout.columns if c.is_identifier and payload.get(c.key)}
        for key in secret:
            payload[key] = None
        if secret:
            payload["_identifiers"] = pii.encrypt(json.dumps(secret, ensure_ascii=False))
        return payload

    def _stage(self, c: _Checked, existing: StagedRecord | None, staged_new: list[StagedRecord]) -> str:
        row = c.row
        payload = self._payload(row)
        if existing is not None and existing.status != StagedStatus.LINKED:
            comparable = {k: v for k, v in payload.items() if k != "_identifiers"}
            before = {k: v for k, v in existing.payload.items() if k != "_identifiers"}
            if comparable == before:
                return RowOutcome.UNCHANGED
            existing.payload = payload
            existing.save(update_fields=["payload", "updated_at"])
            return RowOutcome.STAGED
        phone = getattr(row, "phone", None) or ""
        code = getattr(row, "division_code", None)
        birth = getattr(row, "birth_date", None) or (c.rid.birth_date if c.rid else None)
        sex = getattr(row, "sex", None) or (c.rid.sex if c.rid else "")
        staged_new.append(StagedRecord(
            run=self.run, source_code=self.run.source_code,
            division=self.divisions.get(code) or self.run.division,
            row_number=c.raw.number, row_key=c.key, name=(getattr(row, "name", "") or "")[:64],
            birth_date=birth, sex=(sex or "")[:1],
            phone_hash=pii.keyed_hash(str(phone), purpose="phone") if phone else "",
            resident_id_hash=c.rid_hash, payload=payload,
        ))
        return RowOutcome.STAGED

    def _quarantine(self, c: _Checked) -> QuarantinedRow:
        raw = c.raw
        headers = self.run.headers or list(raw.values)
        shown: dict[str, Any] = {}
        for i, header in enumerate(headers):
            value = raw.cells[i] if i < len(raw.cells) else ""
            column = self.layout_by_header.get(header)
            text = ("" if value is None else str(value)) if not (column and column.is_identifier) \
                else (reason(column, value, "", "", "")["value"])
            shown[header] = readers.visible(text)
        if len(raw.cells) > len(headers):
            shown["…"] = [readers.visible(str(v)) for v in raw.cells[len(headers):]][:20]
        # The exact original (NULs included) is kept only encrypted; `raw` and `errors` show ␀ instead.
        original = json.dumps([("" if v is None else str(v)) for v in raw.cells], ensure_ascii=False)
        errors = [{k: readers.visible(v) if isinstance(v, str) else v for k, v in e.items()} for e in c.errors]
        return QuarantinedRow(
            run=self.run, source_code=self.run.source_code, division=self.run.division,
            row_number=raw.number, row_key=c.key, raw=shown, raw_encrypted=pii.encrypt(original),
            errors=errors, fingerprint=pii.keyed_hash(f"{self.run.source_code}|{original}", purpose="ingestion-row"),
        )

    def _supersede(self, rows: list[QuarantinedRow]) -> None:
        prints = sorted({r.fingerprint for r in rows})
        for i in range(0, len(prints), CHUNK):
            QuarantinedRow.objects.filter(
                source_code=self.run.source_code, division=self.run.division, status=QuarantineStatus.OPEN,
                fingerprint__in=prints[i : i + CHUNK],
            ).exclude(run=self.run).update(
                status=QuarantineStatus.SUPERSEDED, released_by=self.run, updated_at=timezone.now()
            )

    def _release(self, keys: list[str]) -> int:
        released = 0
        keys = sorted(set(keys))
        for i in range(0, len(keys), CHUNK):
            released += QuarantinedRow.objects.filter(
                source_code=self.run.source_code, status=QuarantineStatus.OPEN, row_key__in=keys[i : i + CHUNK]
            ).exclude(run=self.run).update(
                status=QuarantineStatus.RELEASED, released_by=self.run, updated_at=timezone.now()
            )
        return released


def staged_row(adapter: SourceAdapter, staged: StagedRecord) -> BaseModel:
    """The validated row of a StagedRecord, identifiers decrypted — for linking code that applies it:
    `adapter.apply(staged_row(adapter, staged), ctx, person)`."""
    payload = dict(staged.payload)
    secret = payload.pop("_identifiers", None)
    if secret:
        payload.update(json.loads(pii.decrypt(secret)))
    return adapter.schema.model_validate(payload)


def original_cells(row: QuarantinedRow) -> list[str]:
    """The quarantined row exactly as the department sent it (decrypted; callers audit the export)."""
    if row.raw_encrypted:
        return json.loads(pii.decrypt(row.raw_encrypted))
    return [str(v) for v in row.raw.values()]
