from django.db import models
from django.utils.translation import gettext_lazy as _


class WorklistKind(models.TextChoices):
    """The comparisons across department data that produce worklists (issue 3, item 4)."""

    ZERO_EMPLOYMENT_HOUSEHOLD = "zero_employment_household", _("Zero-employment households")
    UNEMPLOYED_WITH_INCOME = "unemployed_with_income", _("Registered unemployed with current income")
    INCOME_WITHOUT_INSURANCE = "income_without_insurance", _("Wage income without social insurance")
    GRADUATE_NO_SPELL = "graduate_no_spell", _("Recent graduates without work")
    EMPLOYER_ARREARS_OR_DROP = "employer_arrears_or_drop", _("Employers with arrears or fewer insured")
    HUKOU_IN_NO_WORK = "hukou_in_no_work", _("New hukou arrivals without work")


class Subject(models.TextChoices):
    PERSON = "person", _("Person")
    HOUSEHOLD = "household", _("Household")
    EMPLOYER = "employer", _("Employer")


# What each list is about: one entry per person, household or employer.
SUBJECT_OF = {
    WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD: Subject.HOUSEHOLD,
    WorklistKind.UNEMPLOYED_WITH_INCOME: Subject.PERSON,
    WorklistKind.INCOME_WITHOUT_INSURANCE: Subject.EMPLOYER,
    WorklistKind.GRADUATE_NO_SPELL: Subject.PERSON,
    WorklistKind.EMPLOYER_ARREARS_OR_DROP: Subject.EMPLOYER,
    WorklistKind.HUKOU_IN_NO_WORK: Subject.PERSON,
}
