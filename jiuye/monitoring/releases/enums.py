from django.db import models
from django.utils.translation import gettext_lazy as _


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class WageSource(models.TextChoices):
    TAX = "tax", _("Tax wage records")
    POSTED = "posted", _("Posted pay (midpoint of the range)")


class WarningLevel(models.TextChoices):
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")


class FindingStatus(models.TextChoices):
    FLAGGED = "flagged", _("Flagged")
    NOT_FLAGGED = "not_flagged", _("Not flagged")
    SMALL_CELL = "small_cell", _("Not rated: too few graduates")
    NOT_COMPUTABLE = "not_computable", _("Not computable: earlier cohorts missing or too small")
    NO_VALUE = "no_value", _("No value for the measure")


class SuppressionReason(models.TextChoices):
    N_BELOW_MIN = "n_below_min", _("Fewer than 30 observations")
    EMPLOYERS_BELOW_MIN = "employers_below_min", _("Fewer than 3 employers")
    DOMINANT_EMPLOYER = "dominant_employer", _("One employer holds more than half of the observations")
    EMPLOYER_UNKNOWN = "employer_unknown", _("Employer unknown for most observations")
    RSE_ABOVE_MAX = "rse_above_max", _("Relative standard error of the median above the limit")
