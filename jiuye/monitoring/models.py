"""The indicator system: documented definitions and their values by division × month (× group).

Values are computed by the analytics engine (`jiuye.analytics`, DuckDB or Spark) from Parquet extracts of the
library and written back here, one row per indicator × division × month × group, so dashboards, exports and
the API read one table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet

from .enums import Frequency, Unit


class IndicatorQuerySet(models.QuerySet):
    def active(self) -> IndicatorQuerySet:
        return self.filter(is_active=True)


class Indicator(models.Model):
    """One indicator's definition: what is counted over what, from which source, how often."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=128)
    name_en = models.CharField(_("name (English)"), max_length=200)
    numerator = models.TextField(_("numerator"), blank=True)
    denominator = models.TextField(_("denominator"), blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    # Whether a rise is good news, for colouring trends and rankings.
    higher_is_better = models.BooleanField(_("higher is better"), null=True, blank=True)
    # Dimensions the values are broken down by besides division and month (e.g. "occupation", "key_group").
    group_by = models.CharField(_("broken down by"), max_length=32, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class IndicatorValueQuerySet(DivisionScopedQuerySet):
    def of(self, indicator: Indicator | str) -> IndicatorValueQuerySet:
        if isinstance(indicator, str):
            return self.filter(indicator__code=indicator)
        return self.filter(indicator=indicator)

    def for_month(self, month) -> IndicatorValueQuerySet:
        return self.filter(month=month)

    def ungrouped(self) -> IndicatorValueQuerySet:
        return self.filter(group="")

    def published(self) -> IndicatorValueQuerySet:
        return self.filter(suppressed=False)


class IndicatorValue(DivisionScoped):
    """An indicator's value for one division and month (first day of the month), optionally for one group
    (`group` like "occupation:2-02" or "key_group:graduate"; "" for the whole division)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    month = models.DateField(_("month"))
    group = models.CharField(_("group"), max_length=64, blank=True, default="")
    value = models.FloatField(_("value"), null=True, blank=True)
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    # Small cells are kept but not shown (the reason says which rule).
    suppressed = models.BooleanField(_("suppressed"), default=False)
    suppression_reason = models.CharField(_("suppression reason"), max_length=64, blank=True)
    engine = models.CharField(_("engine"), max_length=16, blank=True)  # "duckdb" or "spark"
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "division__code", "month", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "division", "month", "group"], name="indicator_value_unique_cell"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "month"])]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.division_id} {self.month:%Y-%m} {self.group} = {self.value}"
