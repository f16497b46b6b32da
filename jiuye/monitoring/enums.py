from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    ANNUAL = "annual", _("Annual")


class Unit(models.TextChoices):
    PERSONS = "persons", _("Persons")
    RATE = "rate", _("Rate (0–1)")
    RATIO = "ratio", _("Ratio")
    YUAN = "yuan", _("Yuan per month")
    DAYS = "days", _("Days")
    COUNT = "count", _("Count")
