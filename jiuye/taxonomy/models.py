"""Classifications the platform codes everything with. Loaded by `refdata_load`, never edited by hand."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual(models.Model):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        # ISCO groups have no Chinese names (no Chinese ESCO exists): fall back to English.
        if (get_language() or "").startswith("en") and self.name_en or not self.name_zh:
            return self.name_en
        return self.name_zh


class Occupation(Bilingual):
    """职业分类大典 2022: 大类 (1) / 中类 (2) / 小类 (3) / 细类 (4), code like 2-02-10-03."""

    code = models.CharField(_("code"), max_length=16, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    gbm_code = models.CharField(_("GB/T 6565 code"), max_length=8, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")


class IscoGroup(Bilingual):
    """ISCO-08 groups (major, sub-major, minor, unit), for international crosswalks."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("ISCO-08 group")
        verbose_name_plural = _("ISCO-08 groups")


class EducationLevel(Bilingual):
    """Highest completed education, ordered by `rank` (GB/T 4658 groupings as used by the census)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["rank"]
        verbose_name = _("education level")
        verbose_name_plural = _("education levels")


class Industry(Bilingual):
    """The 20 sections (门类 A–T) of GB/T 4754-2017."""

    code = models.CharField(_("code"), max_length=2, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("industry section")
        verbose_name_plural = _("industry sections")


class KeyGroup(Bilingual):
    """Key-group categories for employment assistance (graduates, veterans, persons with difficulties…)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_employment_difficulty = models.BooleanField(_("person with employment difficulties category"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("key group")
        verbose_name_plural = _("key groups")
