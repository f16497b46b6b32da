from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Job seeker / worker")
    EMPLOYER = "employer", _("Employer user")
    CASEWORKER = "caseworker", _("Caseworker")
    INSPECTOR = "inspector", _("Labour inspector")
    ANALYST = "analyst", _("Analyst")
    LEADER = "leader", _("Leader")
    ADMIN = "admin", _("Administrator")


STAFF_ROLES = frozenset({Role.CASEWORKER, Role.INSPECTOR, Role.ANALYST, Role.LEADER, Role.ADMIN})
# Roles that may see full resident ID and phone numbers of people in their scope (always audited).
REVEALING_ROLES = frozenset({Role.CASEWORKER, Role.INSPECTOR, Role.ADMIN})
# Roles that work on individual records; analysts and leaders work on aggregates and see masked names.
CASE_ROLES = frozenset({Role.CASEWORKER, Role.INSPECTOR, Role.ADMIN})
