from django.db import models
from django.utils.translation import gettext_lazy as _


class StartupStage(models.TextChoices):
    PLANNED = "planned", _("Planned: not yet registered")
    REGISTERED = "registered", _("Registered with market supervision")


class IncubatorKind(models.TextChoices):
    INCUBATOR = "incubator", _("Business incubator")
    MAKERSPACE = "makerspace", _("Maker space")
    PARK = "park", _("Entrepreneurship park")
    RETURNEE = "returnee", _("Returnee entrepreneurship base")
