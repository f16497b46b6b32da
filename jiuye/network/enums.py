from django.db import models
from django.utils.translation import gettext_lazy as _


class StationKind(models.TextChoices):
    OFFICE = "office", _("Public employment service office")
    COMMUNITY = "community", _("Community employment service station")
    VILLAGE = "village", _("Village employment service station")
    UNIVERSITY = "university", _("University employment service station")
    CASUAL_LABOUR = "casual", _("Casual-labour station")
    HOME_BASED = "home", _("Home-based partner station")


class ServiceCode(models.TextChoices):
    REGISTRATION = "registration", _("Unemployment and job-seeker registration")
    JOB_MATCHING = "job_matching", _("Job matching and referrals")
    POLICY = "policy", _("Employment policy advice and subsidies")
    TRAINING = "training", _("Vocational training referrals")
    CASUAL_LABOUR = "casual_labour", _("Casual-labour market")
    CAREER_GUIDANCE = "career_guidance", _("Career guidance")
    STARTUP = "startup", _("Start-up support")
    SOCIAL_INSURANCE = "social_insurance", _("Social insurance enquiries")


class TravelMode(models.TextChoices):
    WALKING = "walking", _("Walking")
    CYCLING = "cycling", _("Cycling")
    TRANSIT = "transit", _("Public transport")


class SitingModel(models.TextChoices):
    MCLP = "mclp", _("Maximal coverage (MCLP)")
    LSCP = "lscp", _("Set covering (LSCP)")
    PMEDIAN = "pmedian", _("p-median (average travel time)")


class TravelMethod(models.TextChoices):
    STRAIGHT_LINE = "straight_line", _("Straight line × detour factor")
    ROAD_NETWORK = "road_network", _("Road network")


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_LABELS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
