"""The division tree (province → prefecture → county → township) and the offices placed in it.

Every division carries its code path (`43/4303/430302/430302001`), so scoping by a subtree is a
portable `startswith` on one indexed column (ADR 0002).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import TimeStamped

from .enums import DivisionLevel, OfficeKind


class DivisionQuerySet(models.QuerySet):
    def within(self, division: Division) -> DivisionQuerySet:
        """The division and everything below it."""
        return self.filter(models.Q(path=division.path) | models.Q(path__startswith=division.path + "/"))

    def below(self, division: Division) -> DivisionQuerySet:
        return self.filter(path__startswith=division.path + "/")

    def children_of(self, division: Division | None) -> DivisionQuerySet:
        return self.filter(parent=division)

    def at_level(self, level: int) -> DivisionQuerySet:
        return self.filter(level=level)


class Division(models.Model):
    code = models.CharField(_("code"), max_length=12, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=64)
    name_en = models.CharField(_("name (English)"), max_length=128, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("code path"), max_length=64, unique=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = DivisionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh

    @property
    def ancestor_codes(self) -> list[str]:
        return self.path.split("/")

    def full_name(self) -> str:
        """省 市 区 街道 — the names along the path, for addresses and headings."""
        names = dict(Division.objects.filter(code__in=self.ancestor_codes).values_list("code", "name_zh"))
        return " ".join(names.get(c, c) for c in self.ancestor_codes)


class ServiceOfficeQuerySet(models.QuerySet):
    def visible_to(self, user) -> ServiceOfficeQuerySet:
        if getattr(user, "sees_everything", False):
            return self
        scope = getattr(user, "scope_path", "")
        if not scope:
            return self.none()
        return self.filter(models.Q(division__path=scope) | models.Q(division__path__startswith=scope + "/"))


class ServiceOffice(TimeStamped):
    """A human-resources bureau, employment service centre or grassroots station."""

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=16, choices=OfficeKind.choices)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="offices")
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    objects = ServiceOfficeQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "name"]
        verbose_name = _("service office")
        verbose_name_plural = _("service offices")

    def __str__(self) -> str:
        return self.name
