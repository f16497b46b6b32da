"""Early warnings as rows that record each status change (after healthchecks' checks and flips).

- `WarningRule`: one row per rule of the parameters file (code, family, names; staff may switch one off).
  The thresholds themselves are dated versions in `parameters/warning_rules.yaml`.
- `Warning`: one per rule × division (× industry for the enterprise rule) — created the first time a level
  other than "none" is found, then kept: its current level, status and the evidence of the last evaluation.
- `WarningEvent`: every change of level or status with the evidence at that moment (the as-published
  numbers: a later recomputation of an indicator never rewrites a past event). Automatic flips are claimed
  by a notification worker (`claimed_at` set by a conditional UPDATE) and sent once.
- `ChecklistItem`: the response checklist of the warning (from the parameters, per level), ticked by staff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, TimeStamped

from .enums import RuleFamily, WarningEventKind, WarningLevel, WarningStatus

LEVEL_ORDER = [c.value for c in WarningLevel]


def _staff_only(user):
    """Citizens and employer users see no warnings; staff get the division scope."""
    if getattr(user, "is_citizen", False) or getattr(user, "is_employer_user", False):
        return Q(pk__in=[])
    return None


class WarningRule(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    family = models.CharField(_("family"), max_length=12, choices=RuleFamily.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=160)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["family", "code"]
        verbose_name = _("warning rule")
        verbose_name_plural = _("warning rules")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class WarningQuerySet(DivisionScopedQuerySet):
    def open(self) -> WarningQuerySet:
        """Warnings needing attention: not resolved and at a level above none."""
        return self.exclude(status=WarningStatus.RESOLVED).exclude(level=WarningLevel.NONE)

    def by_severity(self) -> WarningQuerySet:
        order = models.Case(
            *[models.When(level=lv, then=models.Value(i)) for i, lv in enumerate(LEVEL_ORDER)],
            output_field=models.IntegerField(),
        )
        return self.annotate(level_rank=order).order_by("-level_rank", "-last_month", "division__code")


class Warning(DivisionScoped):
    rule = models.ForeignKey(
        WarningRule, on_delete=models.PROTECT, related_name="warnings", verbose_name=_("rule")
    )
    industry = models.ForeignKey(
        "taxonomy.Industry", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("industry")
    )
    level = models.CharField(
        _("level"), max_length=8, choices=WarningLevel.choices, default=WarningLevel.NONE
    )
    status = models.CharField(
        _("status"), max_length=14, choices=WarningStatus.choices, default=WarningStatus.OPEN
    )
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month evaluated"))
    value = models.FloatField(_("value"), null=True, blank=True)
    threshold = models.FloatField(_("threshold crossed"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = WarningQuerySet.as_manager()

    class Meta:
        ordering = ["-last_month", "division__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "division"],
                condition=Q(industry__isnull=True),
                name="warning_one_per_rule_division",
            ),
            models.UniqueConstraint(
                fields=["rule", "division", "industry"],
                condition=Q(industry__isnull=False),
                name="warning_one_per_rule_division_industry",
            ),
        ]
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")

    owner_filter = staticmethod(_staff_only)

    def __str__(self) -> str:
        industry = f" {self.industry.code}" if self.industry_id else ""
        return f"{self.rule.code} {self.division.code}{industry}: {self.level}/{self.status}"

    @property
    def is_open(self) -> bool:
        return self.status != WarningStatus.RESOLVED and self.level != WarningLevel.NONE


class WarningEventQuerySet(DivisionScopedQuerySet):
    def unclaimed(self) -> WarningEventQuerySet:
        return self.filter(notify=True, claimed_at__isnull=True)


class WarningEvent(models.Model):
    """One change of a warning's level or status, with the evidence at that moment. Append-only."""

    scope_field = "warning__division"

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=WarningEventKind.choices)
    month = models.DateField(_("month"), null=True, blank=True)
    from_level = models.CharField(_("from level"), max_length=8, choices=WarningLevel.choices)
    to_level = models.CharField(_("to level"), max_length=8, choices=WarningLevel.choices)
    from_status = models.CharField(_("from status"), max_length=14, choices=WarningStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=14, choices=WarningStatus.choices)
    value = models.FloatField(_("value"), null=True, blank=True)
    threshold = models.FloatField(_("threshold crossed"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Notification by a worker: claimed once (conditional UPDATE … WHERE claimed_at IS NULL), then sent.
    notify = models.BooleanField(_("to be notified"), default=False)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.CharField(_("claimed by"), max_length=64, blank=True)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    objects = WarningEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["notify", "claimed_at"])]
        verbose_name = _("warning event")
        verbose_name_plural = _("warning events")

    owner_filter = staticmethod(_staff_only)

    def __str__(self) -> str:
        return f"{self.warning_id} {self.kind} {self.from_level}→{self.to_level}"


class ChecklistItem(TimeStamped):
    """One step of the response checklist of a warning; `done_at`/`done_by` when a staff member ticks it."""

    scope_field = "warning__division"

    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="checklist")
    code = models.SlugField(_("code"), max_length=40)
    level = models.CharField(_("level"), max_length=8, choices=WarningLevel.choices)
    text_zh = models.CharField(_("text (Chinese)"), max_length=200)
    text_en = models.CharField(_("text (English)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["warning", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["warning", "code"], name="checklist_item_unique")]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")

    owner_filter = staticmethod(_staff_only)

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if (get_language() or "").startswith("en") else self.text_zh
