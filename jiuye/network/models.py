"""Service stations: where people get employment services in person, with their hours, services and staff."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet

from .enums import SitingModel, StationKind, TravelMethod, TravelMode


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
    # Which coordinate check the station passed when last saved (see network.services.check_location).
    location_check = models.JSONField(_("location check"), default=dict, blank=True)

    objects = StationQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "name"]
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")

    def __str__(self) -> str:
        return self.name


class SitingScenarioQuerySet(DivisionScopedQuerySet):
    def of_method(self, *methods: str) -> SitingScenarioQuerySet:
        return self.filter(method__in=methods)


class SitingScenario(DivisionScoped):
    """A saved siting run: what was asked (division, budget, mode, minutes), how, and what came out."""

    name = models.CharField(_("name"), max_length=128)
    method = models.CharField(_("model"), max_length=12, choices=SitingModel.choices)
    mode = models.CharField(_("travel mode"), max_length=12, choices=TravelMode.choices)
    minutes = models.FloatField(_("minutes"), default=15.0)
    budget = models.PositiveSmallIntegerField(_("new stations"))
    travel_method = models.CharField(
        _("travel-time method"),
        max_length=16,
        choices=TravelMethod.choices,
        default=TravelMethod.STRAIGHT_LINE,
    )
    # Everything the run read: demand source and estimate note, station and candidate counts, speeds, detour.
    inputs = models.JSONField(_("inputs"), default=dict)
    # Sites (code, name, lat, lon, kind, marginal gain), totals before/after, solver status and time.
    results = models.JSONField(_("results"), default=dict)
    created_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    objects = SitingScenarioQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("siting scenario")
        verbose_name_plural = _("siting scenarios")

    def __str__(self) -> str:
        return self.name
