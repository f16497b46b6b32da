from django.db import models
from django.utils.translation import gettext_lazy as _


class StationKind(models.TextChoices):
    OFFICE = "office", _("Public employment service office")
    COMMUNITY = "community", _("Community employment service station")
    VILLAGE = "village", _("Village employment service station")
    UNIVERSITY = "university", _("University employment service station")
    CASUAL_LABOUR = "casual", _("Casual-labour station")
    HOME_BASED = "home", _("Home-based partner station")
