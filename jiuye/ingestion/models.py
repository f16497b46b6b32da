"""Import runs, the quarantine of bad rows, and records staged for probabilistic linkage."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScopedQuerySet, TimeStamped

from .enums import FileFormat, QuarantineStatus, RunStatus, StagedStatus


class ImportRunQuerySet(DivisionScopedQuerySet):
    def completed(self) -> ImportRunQuerySet:
        return self.filter(status=RunStatus.COMPLETED)

    def of_source(self, source_code: str) -> ImportRunQuerySet:
        return self.filter(source_code=source_code)


class ImportRun(TimeStamped):
    """One attempt to import one file. `division` is the area the file covers (the importing office's)."""

    source_code = models.CharField(_("source"), max_length=40, db_index=True)
    division = models.ForeignKey("geography.Division", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    file_sha256 = models.CharField(_("file hash (SHA-256)"), max_length=64, db_index=True)
    file_size = models.BigIntegerField(_("file size (bytes)"), default=0)
    file_format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices)
    encoding = models.CharField(_("encoding"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_accepted = models.PositiveIntegerField(_("accepted"), default=0)
    rows_updated = models.PositiveIntegerField(_("updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rows_quarantined = models.PositiveIntegerField(_("quarantined"), default=0)
    # Valid rows whose person could not be found by ID: kept as StagedRecords for linkage. Counted apart
    # from `accepted` so that read = accepted + updated + unchanged + staged + quarantined, always.
    rows_staged = models.PositiveIntegerField(_("staged for linkage"), default=0)
    rows_released = models.PositiveIntegerField(_("released from quarantine"), default=0)
    # The header as it stood in the file, so rejects go back in the department's own layout.
    headers = models.JSONField(_("columns in the file"), default=list, blank=True)
    # Highest row number whose outcome is committed: a killed run resumes after it.
    committed_through = models.PositiveIntegerField(_("committed through row"), default=0)
    message = models.TextField(_("message"), blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self) -> str:
        return f"{self.source_code} {self.file_name} ({self.get_status_display()})"

    @property
    def rows_accounted(self) -> int:
        return (
            self.rows_accepted + self.rows_updated + self.rows_unchanged + self.rows_staged + self.rows_quarantined
        )

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.COMPLETED, RunStatus.REFUSED)

    @property
    def seconds(self) -> float | None:
        if not self.finished_at:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class QuarantinedRowQuerySet(DivisionScopedQuerySet):
    def open(self) -> QuarantinedRowQuerySet:
        return self.filter(status=QuarantineStatus.OPEN)


class QuarantinedRow(TimeStamped):
    """A rejected row, kept whole (original columns and values) with every reason it was rejected.

    `errors` is a list of {"column", "value", "code", "zh", "en"}; values of identifier columns are
    stored masked. `row_key` is the row's natural key when it could be read (e.g. the ID hash and
    month), so a corrected row in a later file releases it.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="quarantined")
    source_code = models.CharField(_("source"), max_length=40, db_index=True)
    division = models.ForeignKey("geography.Division", on_delete=models.PROTECT, related_name="+")
    row_number = models.PositiveIntegerField(_("row number"))
    row_key = models.CharField(_("row key"), max_length=128, blank=True, db_index=True)
    # Keyed hash of the whole original row: the same bad row in a later import supersedes this one.
    fingerprint = models.CharField(_("row fingerprint"), max_length=64, blank=True, db_index=True)
    raw = models.JSONField(_("original row"))
    raw_encrypted = models.TextField(_("original row (encrypted)"), blank=True)
    errors = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=12, choices=QuarantineStatus.choices, default=QuarantineStatus.OPEN, db_index=True
    )
    released_by = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="released"
    )

    objects = QuarantinedRowQuerySet.as_manager()

    class Meta:
        ordering = ["run", "row_number"]
        constraints = [models.UniqueConstraint(fields=["run", "row_number"], name="uniq_quarantine_row")]
        verbose_name = _("quarantined row")
        verbose_name_plural = _("quarantined rows")


class StagedRecordQuerySet(DivisionScopedQuerySet):
    def pending(self) -> StagedRecordQuerySet:
        return self.filter(status=StagedStatus.PENDING)


class StagedRecord(TimeStamped):
    """A valid department row whose person could not be found by ID (missing, invalid, conflicting).

    Identity attributes are kept for probabilistic linkage (name, birth date, sex, keyed phone hash,
    division); `payload` holds the rest of the row, applied by the source adapter once linked.
    """

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="staged")
    source_code = models.CharField(_("source"), max_length=40, db_index=True)
    division = models.ForeignKey("geography.Division", on_delete=models.PROTECT, related_name="+")
    row_number = models.PositiveIntegerField(_("row number"))
    # Keyed hash of the row's natural key: re-importing the same row does not stage it twice.
    row_key = models.CharField(_("row key"), max_length=128, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=64)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, blank=True)
    phone_hash = models.CharField(_("phone (keyed hash)"), max_length=64, blank=True)
    resident_id_hash = models.CharField(_("resident ID (keyed hash)"), max_length=64, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(
        _("status"), max_length=12, choices=StagedStatus.choices, default=StagedStatus.PENDING, db_index=True
    )
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="staged_records"
    )
    match_probability = models.FloatField(_("match probability"), null=True, blank=True)

    objects = StagedRecordQuerySet.as_manager()

    class Meta:
        ordering = ["run", "row_number"]
        constraints = [models.UniqueConstraint(fields=["run", "row_number"], name="uniq_staged_row")]
        verbose_name = _("staged record")
        verbose_name_plural = _("staged records")
