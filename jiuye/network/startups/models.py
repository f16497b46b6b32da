"""Entrepreneurship support: start-ups followed from plan to registration and survival, incubators, mentors.

A start-up is registered through the market-supervision portal (the platform links to it); once registered
its unified social credit code links it to the library's `Employer`, whose status and insured headcount
give its survival and the jobs it created.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, own_records

from .enums import IncubatorKind, StartupStage


class IncubatorQuerySet(DivisionScopedQuerySet):
    def listed(self) -> IncubatorQuerySet:
        return self.filter(is_active=True)


class Incubator(DivisionScoped):
    """An incubator, maker space or entrepreneurship park: public directory entry."""

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(
        _("kind"), max_length=12, choices=IncubatorKind.choices, default=IncubatorKind.INCUBATOR
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    services = models.TextField(_("services offered"), blank=True)
    capacity = models.PositiveSmallIntegerField(_("places for start-ups"), null=True, blank=True)
    phone = models.CharField(_("office phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("listed"), default=True)

    objects = IncubatorQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "name"]
        verbose_name = _("incubator")
        verbose_name_plural = _("incubators")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def owner_filter(cls, user):
        return own_records(user)  # citizens and employers read the public directory, not this queryset


class MentorQuerySet(DivisionScopedQuerySet):
    def listed(self) -> MentorQuerySet:
        return self.filter(is_active=True, listed_publicly=True)


class Mentor(DivisionScoped):
    """A start-up mentor (创业导师). Listed publicly only with their consent."""

    name = models.CharField(_("name"), max_length=64)
    title = models.CharField(_("title and organisation"), max_length=128, blank=True)
    expertise = models.CharField(_("expertise"), max_length=200)
    incubator = models.ForeignKey(
        Incubator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentors",
        verbose_name=_("incubator"),
    )
    listed_publicly = models.BooleanField(_("agreed to be listed publicly"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MentorQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "name"]
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def owner_filter(cls, user):
        return own_records(user)


class Startup(DivisionScoped):
    """A business started (or about to be) by a person, followed by the employment service."""

    founder = models.ForeignKey(
        "registry.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="startups",
        verbose_name=_("founder"),
    )
    name = models.CharField(_("business name"), max_length=200)
    activity = models.CharField(_("line of business"), max_length=200, blank=True)
    stage = models.CharField(
        _("stage"), max_length=12, choices=StartupStage.choices, default=StartupStage.PLANNED
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    employer = models.ForeignKey(
        "registry.Employer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("employer in the library"),
    )
    incubator = models.ForeignKey(
        Incubator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="startups",
        verbose_name=_("incubator"),
    )
    mentor = models.ForeignKey(
        Mentor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="startups",
        verbose_name=_("mentor"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-registered_on", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~models.Q(credit_code=""), name="startup_unique_credit_code"
            )
        ]
        verbose_name = _("start-up")
        verbose_name_plural = _("start-ups")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="founder_id", employer="employer_id")
