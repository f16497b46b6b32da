"""The employment information library: people, households, employers and their spells.

Persons and households are scoped by residence division; employers by registered seat; spells and
registrations follow the person they belong to. Identifiers are stored encrypted with a keyed hash
(see jiuye.core.pii) and a precomputed mask for display.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.core import pii
from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, TimeStamped

from .enums import (
    AssistanceStatus,
    ContractType,
    DisabilityGrade,
    EmployerStatus,
    HukouType,
    LabourStatus,
    OwnershipType,
    RegistrationStatus,
    Relation,
    Sex,
    SizeClass,
    SourceKind,
    SpellEndReason,
)


class DataSource(TimeStamped):
    """A department feed (or the demo generator) that records came from."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("department"), max_length=32, choices=SourceKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("data source")
        verbose_name_plural = _("data sources")

    def __str__(self) -> str:
        return self.name_zh


class HouseholdQuerySet(DivisionScopedQuerySet):
    def zero_employment(self) -> HouseholdQuerySet:
        return self.filter(is_zero_employment=True)

    def receiving_assistance(self) -> HouseholdQuerySet:
        return self.exclude(assistance_status=AssistanceStatus.NONE)


class Household(DivisionScoped):
    """A registered household (户). `is_zero_employment` is kept up to date by the registry services."""

    number = models.CharField(_("household number"), max_length=32, unique=True)
    hukou_type = models.CharField(_("hukou type"), max_length=8, choices=HukouType.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    assistance_status = models.CharField(
        _("social assistance"), max_length=16, choices=AssistanceStatus.choices, default=AssistanceStatus.NONE
    )
    is_zero_employment = models.BooleanField(_("zero-employment household"), default=False, db_index=True)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.number

    @classmethod
    def owner_filter(cls, user):
        if getattr(user, "is_citizen", False):
            return models.Q(members__person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        if getattr(user, "is_employer_user", False):
            return models.Q(pk__in=[])
        return None


class PersonQuerySet(DivisionScopedQuerySet):
    def by_resident_id(self, number: str) -> PersonQuerySet:
        return self.filter(resident_id_hash=pii.keyed_hash(number, purpose="ric"))

    def of_working_age(self, on: dt.date | None = None) -> PersonQuerySet:
        on = on or timezone.localdate()
        return self.filter(birth_date__lte=on.replace(year=on.year - 16), birth_date__gt=on.replace(year=on.year - 65))

    def unemployed(self) -> PersonQuerySet:
        return self.filter(labour_status=LabourStatus.UNEMPLOYED)

    def in_key_group(self, code: str) -> PersonQuerySet:
        return self.filter(key_groups__code=code)

    def matching(self, text: str) -> PersonQuerySet:
        """Search by name, by full resident ID, or by the masked form staff read off a screen."""
        text = (text or "").strip()
        if not text:
            return self
        compact = text.upper().replace(" ", "")
        if len(compact) in (15, 18) and compact[:-1].isdigit():
            from .identifiers import IdentifierError, parse_resident_id

            try:
                return self.by_resident_id(parse_resident_id(compact).number)
            except IdentifierError:
                return self.none()
        if "*" in compact and len(compact) == 18:
            return self.filter(resident_id_masked=compact)
        return self.filter(name__startswith=text)


class Person(DivisionScoped):
    """A resident known to the library. `division` is the residence (where services are delivered)."""

    scope_field = "division"

    name = models.CharField(_("name"), max_length=64, db_index=True)
    resident_id_encrypted = models.TextField(_("resident ID (encrypted)"))
    resident_id_hash = models.CharField(_("resident ID (keyed hash)"), max_length=64, unique=True)
    resident_id_masked = models.CharField(_("resident ID"), max_length=18, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=16, blank=True)
    phone_encrypted = models.TextField(_("phone (encrypted)"), blank=True)
    phone_hash = models.CharField(_("phone (keyed hash)"), max_length=64, blank=True, db_index=True)
    phone_masked = models.CharField(_("phone"), max_length=16, blank=True)
    hukou_division = models.ForeignKey(
        "geography.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("hukou division")
    )
    hukou_type = models.CharField(_("hukou type"), max_length=8, choices=HukouType.choices)
    education = models.ForeignKey(
        "taxonomy.EducationLevel", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("education")
    )
    major = models.CharField(_("major"), max_length=100, blank=True)
    graduation_year = models.PositiveSmallIntegerField(_("graduation year"), null=True, blank=True)
    labour_status = models.CharField(
        _("labour status"), max_length=16, choices=LabourStatus.choices, default=LabourStatus.INACTIVE, db_index=True
    )
    occupation = models.ForeignKey(
        "taxonomy.Occupation", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("occupation")
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), choices=DisabilityGrade.choices, null=True, blank=True
    )
    is_veteran = models.BooleanField(_("veteran"), default=False)
    discharge_date = models.DateField(_("discharge date"), null=True, blank=True)
    key_groups = models.ManyToManyField(
        "taxonomy.KeyGroup", through="PersonKeyGroup", related_name="persons", verbose_name=_("key groups")
    )
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["division__code", "name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return f"{self.name} {self.resident_id_masked}"

    @classmethod
    def owner_filter(cls, user):
        if getattr(user, "is_citizen", False):
            return models.Q(pk=user.person_id) if user.person_id else models.Q(pk__in=[])
        if getattr(user, "is_employer_user", False):
            return models.Q(pk__in=[])  # employers see applicants through applications, not the library
        return None

    # Identifiers go through these setters so that the hash and mask can never drift from the value.
    def set_resident_id(self, number: str) -> None:
        self.resident_id_encrypted = pii.encrypt(number)
        self.resident_id_hash = pii.keyed_hash(number, purpose="ric")
        self.resident_id_masked = pii.mask_resident_id(number)

    def set_phone(self, phone: str) -> None:
        self.phone_encrypted = pii.encrypt(phone)
        self.phone_hash = pii.keyed_hash(phone, purpose="phone")
        self.phone_masked = pii.mask_phone(phone)

    def reveal_resident_id(self) -> str:
        """Decrypt. Callers must check `can_reveal_identifiers` and write an audit event."""
        return pii.decrypt(self.resident_id_encrypted)

    def reveal_phone(self) -> str:
        return pii.decrypt(self.phone_encrypted)

    def age_on(self, on: dt.date | None = None) -> int:
        on = on or timezone.localdate()
        return on.year - self.birth_date.year - ((on.month, on.day) < (self.birth_date.month, self.birth_date.day))

    @property
    def masked_name(self) -> str:
        return pii.mask_name(self.name)


class PersonKeyGroup(TimeStamped):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="key_group_memberships")
    key_group = models.ForeignKey("taxonomy.KeyGroup", on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "key_group", "since"], name="uniq_person_keygroup")]
        verbose_name = _("key-group membership")
        verbose_name_plural = _("key-group memberships")


class HouseholdMembership(TimeStamped):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="household_memberships")
    relation = models.CharField(_("relation to head"), max_length=16, choices=Relation.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["household", "person"], name="uniq_household_person")]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")


class EmployerQuerySet(DivisionScopedQuerySet):
    def active(self) -> EmployerQuerySet:
        return self.filter(status=EmployerStatus.ACTIVE)

    def matching(self, text: str) -> EmployerQuerySet:
        text = (text or "").strip()
        if not text:
            return self
        if len(text) == 18 and text[:2].isalnum():
            return self.filter(credit_code=text.upper())
        return self.filter(name__contains=text)


class Employer(DivisionScoped):
    """An enterprise, public institution or individual business, identified by its credit code.

    Credit codes identify organisations, not people, so they are stored in clear.
    """

    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("name"), max_length=200, db_index=True)
    industry = models.ForeignKey(
        "taxonomy.Industry", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("industry")
    )
    ownership = models.CharField(_("ownership"), max_length=16, choices=OwnershipType.choices)
    size_class = models.CharField(_("size"), max_length=8, choices=SizeClass.choices)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=EmployerStatus.choices, default=EmployerStatus.ACTIVE, db_index=True
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source"))

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def owner_filter(cls, user):
        if getattr(user, "is_employer_user", False):
            return models.Q(pk=user.employer_id) if user.employer_id else models.Q(pk__in=[])
        if getattr(user, "is_citizen", False):
            return models.Q(pk__in=[])
        return None


class Establishment(DivisionScoped):
    """A workplace of an employer (branch, shop, plant) — where people actually work."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="establishments")
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["employer__name", "name"]
        verbose_name = _("establishment")
        verbose_name_plural = _("establishments")

    def __str__(self) -> str:
        return self.name


class EmploymentSpellQuerySet(DivisionScopedQuerySet):
    def current(self, on: dt.date | None = None) -> EmploymentSpellQuerySet:
        on = on or timezone.localdate()
        return self.filter(start_date__lte=on).filter(models.Q(end_date__isnull=True) | models.Q(end_date__gte=on))


class EmploymentSpell(TimeStamped):
    """A period of work of one person for one employer, as reported by one source."""

    scope_field = "person__division"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="spells")
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="spells")
    establishment = models.ForeignKey(Establishment, null=True, blank=True, on_delete=models.SET_NULL)
    occupation = models.ForeignKey("taxonomy.Occupation", null=True, blank=True, on_delete=models.PROTECT)
    contract_type = models.CharField(_("contract type"), max_length=16, choices=ContractType.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=20, choices=SpellEndReason.choices, blank=True)
    monthly_wage = models.DecimalField(_("monthly wage (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True)
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source"))

    objects = EmploymentSpellQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["person", "start_date"])]
        verbose_name = _("employment spell")
        verbose_name_plural = _("employment spells")

    @classmethod
    def owner_filter(cls, user):
        if getattr(user, "is_citizen", False):
            return models.Q(person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        if getattr(user, "is_employer_user", False):
            return models.Q(employer_id=user.employer_id) if user.employer_id else models.Q(pk__in=[])
        return None


class UnemploymentRegistrationQuerySet(DivisionScopedQuerySet):
    def open(self) -> UnemploymentRegistrationQuerySet:
        return self.filter(status=RegistrationStatus.OPEN)

    def long_term(self, on: dt.date | None = None) -> UnemploymentRegistrationQuerySet:
        """Open for 12 months or more — the national 'long-term unemployed' criterion."""
        on = on or timezone.localdate()
        return self.open().filter(registered_on__lte=on.replace(year=on.year - 1))


class UnemploymentRegistration(DivisionScoped):
    """登记失业: a registration at the office of `division` (usually the person's residence)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="registrations")
    registered_on = models.DateField(_("registered on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.OPEN, db_index=True
    )
    previous_employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.SET_NULL)
    seeking_occupation = models.ForeignKey("taxonomy.Occupation", null=True, blank=True, on_delete=models.PROTECT)
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source"))

    objects = UnemploymentRegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-registered_on"]
        verbose_name = _("unemployment registration")
        verbose_name_plural = _("unemployment registrations")

    @classmethod
    def owner_filter(cls, user):
        if getattr(user, "is_citizen", False):
            return models.Q(person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        if getattr(user, "is_employer_user", False):
            return models.Q(pk__in=[])
        return None

    def duration_days(self, on: dt.date | None = None) -> int:
        end = self.ended_on or on or timezone.localdate()
        return (end - self.registered_on).days
