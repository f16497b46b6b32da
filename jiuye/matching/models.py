"""Seekers' job wishes (the profile recommendations start from) and employers' invitations to candidates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.core.models import DivisionScopedQuerySet, TimeStamped, own_records
from jiuye.jobs.signals import occupation_title_confirmed


class CodedBy(models.TextChoices):
    AUTO = "auto", _("Coded automatically")
    SEEKER = "seeker", _("Chosen by the seeker")
    STAFF = "staff", _("Confirmed by staff")


class SeekerProfileQuerySet(DivisionScopedQuerySet):
    def open_to_offers(self) -> SeekerProfileQuerySet:
        return self.filter(open_to_offers=True)


class SeekerProfile(TimeStamped):
    """What a person is looking for. One per person; scoped by the person's residence.

    `open_to_offers` is the seeker's consent to be shown to employers as an anonymised candidate; it is off
    until the seeker turns it on, and each change is stamped here and written to the audit trail.
    """

    scope_field = "person__division"

    person = models.OneToOneField(
        "registry.Person", on_delete=models.CASCADE, related_name="seeker_profile", verbose_name=_("person")
    )
    desired_title = models.CharField(_("desired job"), max_length=120, blank=True)
    # The coder's normalised form of the title, so a staff confirmation of that title can find the profiles.
    desired_title_key = models.CharField(max_length=120, blank=True, db_index=True, editable=False)
    desired_occupation = models.ForeignKey(
        "taxonomy.Occupation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("desired occupation"),
    )
    desired_occupation_confidence = models.FloatField(_("coding confidence"), null=True, blank=True)
    coded_by = models.CharField(_("coded by"), max_length=8, choices=CodedBy.choices, blank=True)
    pay_expected = models.PositiveIntegerField(_("expected monthly pay (yuan)"), null=True, blank=True)
    skills_text = models.TextField(_("skills and certificates"), blank=True)
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), null=True, blank=True)
    max_distance_km = models.FloatField(_("furthest distance to work (km)"), null=True, blank=True)
    latitude = models.FloatField(_("home latitude"), null=True, blank=True)
    longitude = models.FloatField(_("home longitude"), null=True, blank=True)
    open_to_offers = models.BooleanField(_("show me to employers as an anonymous candidate"), default=False)
    open_to_offers_changed_at = models.DateTimeField(_("consent changed at"), null=True, blank=True)

    objects = SeekerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("seeker profile")
        verbose_name_plural = _("seeker profiles")

    def __str__(self) -> str:
        return f"{self.person_id} · {self.desired_title}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="person_id")

    @property
    def division(self):
        # So that audit events carry the person's division path.
        return self.person.division


class CandidateInvitationQuerySet(DivisionScopedQuerySet):
    pass


class CandidateInvitation(models.Model):
    """An employer invited an anonymised candidate to apply to a posting. The employer never sees who."""

    scope_field = "posting__division"

    posting = models.ForeignKey("jobs.JobPosting", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    objects = CandidateInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["posting", "person"], name="matching_one_invitation")]
        verbose_name = _("candidate invitation")
        verbose_name_plural = _("candidate invitations")

    def __str__(self) -> str:
        return f"{self.posting_id} · {self.person_id}"

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="person_id", employer="posting__employer_id")

    @property
    def division(self):
        return self.posting.division


@receiver(occupation_title_confirmed, dispatch_uid="matching.recode_seeker_profiles")
def _recode_profiles(sender, *, title, key, occupation, **kwargs):
    """Staff confirmed what a title means: profiles with that title that were coded automatically follow."""
    from .recommendations import recode_title

    recode_title(key, occupation)
