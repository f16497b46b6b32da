"""Choices of the job-vacancy survey (labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")
    ESTIMATED = "estimated", _("Estimated")


class ResponseStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")


class Allocation(models.TextChoices):
    PROPORTIONAL = "proportional", _("Proportional to the number of employers")
    NEYMAN = "neyman", _("Neyman (employers × spread of headcount)")


class CalibrationMethod(models.TextChoices):
    RAKING = "raking", _("Raking (positive weights)")
    LINEAR = "linear", _("Linear (GREG)")


class VarianceMethod(models.TextChoices):
    JACKKNIFE = "jackknife", _("Stratified jackknife (redoes the weighting)")
    LINEARISATION = "linearisation", _("Taylor linearisation")


class HardToFillReason(models.TextChoices):
    FEW_APPLICANTS = "few_applicants", _("Too few applicants")
    SKILLS = "skills", _("Applicants lack the skills")
    EXPERIENCE = "experience", _("Applicants lack experience")
    QUALIFICATION = "qualification", _("Required certificate or qualification is rare")
    PAY = "pay", _("Pay offered is not attractive")
    CONDITIONS = "conditions", _("Working hours or conditions")
    LOCATION = "location", _("Location or commuting")
    OTHER = "other", _("Other")


class Dimension(models.TextChoices):
    ALL = "all", _("All employers")
    SIZE_CLASS = "size_class", _("Size class")
    INDUSTRY = "industry", _("Industry section")
    DIVISION = "division", _("County")
    OCCUPATION = "occupation", _("Occupation major group")
    REASON = "reason", _("Why vacancies are hard to fill")


class Measure(models.TextChoices):
    VACANCIES = "vacancies", _("Vacancies")
    VACANCY_RATE = "vacancy_rate", _("Vacancy rate")
    HARD_TO_FILL = "hard_to_fill", _("Hard-to-fill vacancies")
    HARD_TO_FILL_SHARE = "hard_to_fill_share", _("Hard-to-fill share")
    PLANNED_HIRES = "planned_hires", _("Planned hires next quarter")
    PLANNED_LAYOFFS = "planned_layoffs", _("Planned layoffs next quarter")
    EMPLOYEES = "employees", _("Employees")
    REASON_SHARE = "reason_share", _("Share of hard-to-fill vacancies")


class SuppressionReason(models.TextChoices):
    FEW_RESPONDENTS = "few_respondents", _("Too few respondents")
    HIGH_CV = "high_cv", _("Coefficient of variation too high")
    NO_BASE = "no_base", _("No base to compute a rate")
