from django.db import models
from django.utils.translation import gettext_lazy as _


class PayUnit(models.TextChoices):
    DAY = "day", _("per day")
    PIECE = "piece", _("per piece")


class InsuranceProvider(models.TextChoices):
    """Who provides occupational-injury cover for a gig job."""

    EMPLOYER = "employer", _("The employer (work-injury insurance)")
    PLATFORM = "platform", _("The occupational-injury protection scheme for new forms of employment")
    COMMERCIAL = "commercial", _("Commercial accident insurance bought by the employer")
    STATION = "station", _("The casual-labour station's group cover")
    NONE = "none", _("None")


class JobStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FILLED = "filled", _("Filled")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class CheckInMode(models.TextChoices):
    STATION = "station", _("At the station, by the worker")
    STAFF = "staff", _("At the station, recorded by staff")
    KIOSK = "kiosk", _("At the station's kiosk")
    ONLINE = "online", _("Online: available today")


class EngagementStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested by the worker")
    OFFERED = "offered", _("Offered by the employer")
    SCHEDULED = "scheduled", _("Scheduled")
    CHECKED_IN = "checked_in", _("Checked in at work")
    COMPLETED = "completed", _("Work completed")
    PAY_CONFIRMED = "pay_confirmed", _("Pay confirmed by the employer")
    PAID = "paid", _("Pay received by the worker")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    NO_SHOW = "no_show", _("No-show")


class CancelReason(models.TextChoices):
    WORK_CANCELLED = "work_cancelled", _("The work was called off")
    WEATHER = "weather", _("Weather")
    WORKER_UNAVAILABLE = "worker_unavailable", _("The worker can no longer come")
    ILLNESS = "illness", _("Illness or injury")
    SAFETY = "safety", _("Unsafe working conditions")
    TERMS_CHANGED = "terms_changed", _("Pay or tasks differ from the posting")
    OTHER = "other", _("Other reason")


class NoShowReason(models.TextChoices):
    WORKER_ABSENT = "worker_absent", _("The worker did not come")
    EMPLOYER_ABSENT = "employer_absent", _("Nobody from the employer was at the workplace")
    OTHER = "other", _("Other reason")


class DisputeReason(models.TextChoices):
    NOT_PAID = "not_paid", _("I was not paid")
    UNDERPAID = "underpaid", _("I was paid less than agreed")
    LATE = "late", _("Pay is late")


class InsuranceStatus(models.TextChoices):
    COVERED = "covered", _("Covered")
    NOT_COVERED = "not_covered", _("Not covered")
    UNKNOWN = "unknown", _("Not stated")
