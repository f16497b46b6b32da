"""Users, their role and the division that bounds what they see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiuye.core import pii
from jiuye.geography.enums import DivisionLevel

from .enums import CASE_ROLES, REVEALING_ROLES, STAFF_ROLES, Role


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.CITIZEN)
    # Staff scope: the division of the office they work for. Empty for national administrators.
    division = models.ForeignKey(
        "geography.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("division"),
    )
    office = models.ForeignKey(
        "geography.ServiceOffice", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff",
        verbose_name=_("office"),
    )
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("person record"),
    )
    employer = models.ForeignKey(
        "registry.Employer", null=True, blank=True, on_delete=models.SET_NULL, related_name="users",
        verbose_name=_("employer"),
    )
    totp_secret_encrypted = models.TextField(_("TOTP secret (encrypted)"), blank=True)
    totp_confirmed = models.BooleanField(_("second factor set up"), default=False)
    # The last TOTP time step accepted, so the same code cannot be replayed within its window.
    totp_last_step = models.BigIntegerField(_("last second-factor step used"), null=True, blank=True, editable=False)
    preferred_language = models.CharField(_("language"), max_length=8, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_citizen(self) -> bool:
        return self.role == Role.CITIZEN

    @property
    def is_employer_user(self) -> bool:
        return self.role == Role.EMPLOYER

    @property
    def sees_everything(self) -> bool:
        """National scope: superusers and staff attached to no division."""
        return self.is_superuser or (self.is_staff_role and self.division_id is None and self.role == Role.ADMIN)

    @property
    def scope_path(self) -> str:
        if not self.is_staff_role or self.division_id is None:
            return ""
        return self.division.path

    @property
    def scope_level(self) -> int | None:
        return self.division.level if self.division_id else None

    @property
    def scope_level_label(self) -> str:
        if self.sees_everything:
            return str(_("National"))
        return DivisionLevel(self.division.level).label if self.division_id else ""

    @property
    def can_reveal_identifiers(self) -> bool:
        return self.role in REVEALING_ROLES

    @property
    def works_on_cases(self) -> bool:
        return self.role in CASE_ROLES

    @property
    def needs_second_factor(self) -> bool:
        return self.is_staff_role or self.is_superuser

    def set_totp_secret(self, secret: str) -> None:
        self.totp_secret_encrypted = pii.encrypt(secret)

    def get_totp_secret(self) -> str:
        return pii.decrypt(self.totp_secret_encrypted)


class LoginFailure(models.Model):
    """One failed sign-in. Counted per username and per client address to throttle guessing."""

    username = models.CharField(max_length=150, db_index=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.client_ip or ''}".rstrip()
