"""Service stations: where people get employment services in person, with their hours, services and staff."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet

from .enums import StationKind


class StationQuerySet(DivisionScopedQuerySet):
    def active(self) -> StationQuerySet:
        return self.filter(is_active=True)

    def of_kind(self, *kinds: str) -> StationQuerySet:
        return self.filter(kind__in=kinds)


class Station(DivisionScoped):
    """A service office or station. Its location and hours are public; who staffs it is internal."""

    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=12, choices=StationKind.choices)
    address = models.CharField(_("address"), max_length=200)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    # {"mon": [["08:30", "12:00"], ["14:00", "17:30"]], ..., "sun": []}
    opening_hours = models.JSONField(_("opening hours"), default=dict)
    # Codes of services offered ("registration", "job_matching", "policy", "training", "casual_labour", ...).
    services = models.JSONField(_("services"), default=list, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    staff_count = models.PositiveSmallIntegerField(_("staff"), default=0)
    office = models.ForeignKey(
        "geography.ServiceOffice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stations",
        verbose_name=_("service office"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "name"]
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")

    def __str__(self) -> str:
        return self.name
