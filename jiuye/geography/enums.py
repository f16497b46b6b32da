from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    PREFECTURE = 2, _("Prefecture")
    COUNTY = 3, _("County")
    TOWNSHIP = 4, _("Township")


class OfficeKind(models.TextChoices):
    BUREAU = "bureau", _("Human resources and social security bureau")
    SERVICE_CENTRE = "centre", _("Public employment service centre")
    STATION = "station", _("Grassroots employment service station")
