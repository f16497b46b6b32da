"""Worklists: what the comparisons across department data found, one entry per person, household or
employer, kept open while a recompute still finds it and resolved when it no longer does.

An entry belongs to a place (`division`) and is scoped like everything else (`visible_to`):
persons and households by residence, employers by registered seat.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, own_records

from .enums import SUBJECT_OF, Subject, WorklistKind


class WorklistEntryQuerySet(DivisionScopedQuerySet):
    def open(self) -> WorklistEntryQuerySet:
        return self.filter(resolved_at__isnull=True)

    def resolved(self) -> WorklistEntryQuerySet:
        return self.filter(resolved_at__isnull=False)

    def of_kind(self, kind: str) -> WorklistEntryQuerySet:
        return self.filter(kind=kind)

    def counts_by_kind(self) -> dict[str, int]:
        """Entries per kind, every kind present (0 when none), in the order of `WorklistKind`."""
        rows = dict(self.order_by().values("kind").annotate(n=models.Count("pk")).values_list("kind", "n"))
        return {str(kind): rows.get(str(kind), 0) for kind in WorklistKind}


class WorklistEntry(DivisionScoped):
    """One finding of one comparison. `reasons` holds machine codes and figures, never personal data
    (e.g. {"codes": ["wage_income"], "wage_income_months": 2}); `describe_reasons` words them."""

    kind = models.CharField(_("list"), max_length=32, choices=WorklistKind.choices, db_index=True)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    household = models.ForeignKey(
        "registry.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("household"),
    )
    employer = models.ForeignKey(
        "registry.Employer", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("employer"),
    )
    reasons = models.JSONField(_("reasons"), default=dict, blank=True)
    first_seen = models.DateTimeField(_("first found"))
    last_seen = models.DateTimeField(_("last found"))
    # The reference date of the last recompute that found (or resolved) the entry.
    as_of = models.DateField(_("as of"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True, db_index=True)
    computed_by_run = models.ForeignKey(
        "ingestion.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("import run"),
    )

    objects = WorklistEntryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-first_seen", "id"]
        constraints = [
            models.CheckConstraint(
                name="worklist_one_subject",
                condition=(
                    Q(person__isnull=False, household__isnull=True, employer__isnull=True)
                    | Q(person__isnull=True, household__isnull=False, employer__isnull=True)
                    | Q(person__isnull=True, household__isnull=True, employer__isnull=False)
                ),
            ),
            # At most one open entry per list and subject; a subject found again after being
            # resolved gets a new entry, so the history of each episode is kept.
            models.UniqueConstraint(
                fields=["kind", "person"], condition=Q(resolved_at__isnull=True, person__isnull=False),
                name="uniq_open_worklist_person",
            ),
            models.UniqueConstraint(
                fields=["kind", "household"], condition=Q(resolved_at__isnull=True, household__isnull=False),
                name="uniq_open_worklist_household",
            ),
            models.UniqueConstraint(
                fields=["kind", "employer"], condition=Q(resolved_at__isnull=True, employer__isnull=False),
                name="uniq_open_worklist_employer",
            ),
        ]
        indexes = [models.Index(fields=["kind", "resolved_at"])]
        verbose_name = _("worklist entry")
        verbose_name_plural = _("worklist entries")

    def __str__(self) -> str:
        return f"{self.kind} {self.subject_field}:{self.subject_id}"

    @classmethod
    def owner_filter(cls, user):
        # Worklists are staff tools: citizens and employer users see none.
        return own_records(user)

    @property
    def subject_field(self) -> str:
        return str(SUBJECT_OF[WorklistKind(self.kind)])

    @property
    def subject_id(self) -> int | None:
        return getattr(self, f"{self.subject_field}_id")

    @property
    def subject(self):
        return getattr(self, self.subject_field)


SUBJECT_FIELDS = tuple(str(s) for s in Subject)
