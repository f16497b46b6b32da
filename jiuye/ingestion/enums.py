from django.db import models
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    REFUSED = "refused", _("Refused (unknown layout or encoding)")
    INTERRUPTED = "interrupted", _("Interrupted")


class FileFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
    JSONL = "jsonl", _("JSON Lines")


class QuarantineStatus(models.TextChoices):
    OPEN = "open", _("In quarantine")
    RELEASED = "released", _("Released by a corrected file")
    SUPERSEDED = "superseded", _("Superseded by a later import of the same row")


class RowOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted (new)")
    UPDATED = "updated", _("Accepted (updated)")
    UNCHANGED = "unchanged", _("Unchanged")
    STAGED = "staged", _("Staged for linkage")
    QUARANTINED = "quarantined", _("Quarantined")


class StagedStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting linkage")
    LINKED = "linked", _("Linked to a person")
    REVIEW = "review", _("In clerical review")
    UNMATCHED = "unmatched", _("No match found")
