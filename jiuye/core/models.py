"""Bases every domain app builds on: timestamps, division scoping and the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from jiuye.accounts.models import User


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class DivisionScopedQuerySet(models.QuerySet):
    """The one scoping mechanism (ADR 0002).

    A scoped model says which field holds its division (`scope_field`, default "division").
    `visible_to(user)` keeps the rows whose division path starts with the user's scope path, so a
    district caseworker sees the district, a city analyst the city, a province leader the province.
    Users whose scope is their own record (citizens, employers) are handled by the model's
    `owner_filter` hook.
    """

    def visible_to(self, user: User | Any) -> DivisionScopedQuerySet:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "sees_everything", False):
            return self
        owner_q = self.model.owner_filter(user) if hasattr(self.model, "owner_filter") else None
        if owner_q is not None:
            return self.filter(owner_q)
        scope = getattr(user, "scope_path", "")
        if not scope:
            return self.none()
        field = getattr(self.model, "scope_field", "division")
        return self.filter(
            models.Q(**{f"{field}__path": scope}) | models.Q(**{f"{field}__path__startswith": scope + "/"})
        )


def own_records(user: User | Any, *, person: str | None = None, employer: str | None = None) -> models.Q | None:
    """The `owner_filter` of a model, for users whose scope is their own record.

    Citizens see the rows whose `person` lookup is their person; employer users the rows whose
    `employer` lookup is their employer; a lookup of None means that kind of user sees none of the
    model. Staff get None, so the division scope applies.
    """
    if getattr(user, "is_citizen", False):
        return models.Q(**{person: user.person_id}) if person and user.person_id else models.Q(pk__in=[])
    if getattr(user, "is_employer_user", False):
        return models.Q(**{employer: user.employer_id}) if employer and user.employer_id else models.Q(pk__in=[])
    return None


class DivisionScoped(TimeStamped):
    """A record that belongs to a place (residence, registration office, employer seat)."""

    division = models.ForeignKey(
        "geography.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("division")
    )

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class EventKind(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGIN_LOCKED = "login_locked", _("Sign-in locked")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Failed second factor")
    LOGOUT = "logout", _("Signed out")
    RECORD_VIEWED = "record_viewed", _("Full record viewed")
    IDENTIFIER_REVEALED = "identifier_revealed", _("Identifier revealed")
    RECORD_CREATED = "record_created", _("Record created")
    RECORD_UPDATED = "record_updated", _("Record updated")
    RECORD_DELETED = "record_deleted", _("Record deleted")
    EXPORTED = "exported", _("Exported")
    REFDATA_LOADED = "refdata_loaded", _("Reference data loaded")
    DEMO_LOADED = "demo_loaded", _("Demo region loaded")
    API_READ = "api_read", _("API read")
    RECORD_LINKED = "record_linked", _("Department record linked to a person")
    LINK_REVIEWED = "link_reviewed", _("Possible match reviewed")
    PERSONS_MERGED = "persons_merged", _("Duplicate persons merged")
    MERGE_UNDONE = "merge_undone", _("Merge undone")


class AuditEventQuerySet(models.QuerySet):
    def about(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))

    def of_kind(self, kind: str) -> AuditEventQuerySet:
        return self.filter(kind=kind)


class AuditEvent(models.Model):
    """Append-only record of who read or changed what. `data` never holds personal data in clear."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=40, choices=EventKind.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    division_path = models.CharField(_("division path"), max_length=64, blank=True, db_index=True)
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.kind} {self.object_type}:{self.object_id}"
