from django.db import models
from django.utils.translation import gettext_lazy as _


class WarningLevel(models.TextChoices):
    NONE = "none", _("No warning")
    BLUE = "blue", _("Blue")
    YELLOW = "yellow", _("Yellow")
    ORANGE = "orange", _("Orange")
    RED = "red", _("Red")


class WarningStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


class RuleFamily(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    ENTERPRISE = "enterprise", _("Enterprise")
    LEADING = "leading", _("Leading signal")


class WarningEventKind(models.TextChoices):
    FLIP_UP = "flip_up", _("Level raised")
    FLIP_DOWN = "flip_down", _("Level lowered")
    RESOLVED = "resolved", _("Resolved")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED_BY_STAFF = "resolved_by_staff", _("Resolved by staff")


# Events a worker notifies leaders and analysts about (staff actions are not announced back to them).
NOTIFIED_KINDS = frozenset({WarningEventKind.FLIP_UP, WarningEventKind.FLIP_DOWN, WarningEventKind.RESOLVED})
