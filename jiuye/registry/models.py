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
from jiuye.core.models import DivisionScoped, DivisionScopedQuerySet, TimeStamped, own_records

from .enums import (
    AssistanceStatus,
    ContractType,
    DisabilityGrade,
    EmployerEventKind,
    EmployerStatus,
    GraduateDestination,
    HukouMoveKind,
    HukouType,
    InsuranceScheme,
    LabourStatus,
    OwnershipType,
    RegistrationStatus,
    Relation,
    ReviewStatus,
    SeekerStatus,
    Sex,
    SizeClass,
    SourceKind,
    SpellEndReason,
)


def years_before(on: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return on.replace(year=on.year - years, day=28)


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
        return own_records(user, person="members__person_id")


class PersonQuerySet(DivisionScopedQuerySet):
    def by_resident_id(self, number: str) -> PersonQuerySet:
        return self.filter(resident_id_hash=pii.keyed_hash(number, purpose="ric"))

    def of_working_age(self, on: dt.date | None = None) -> PersonQuerySet:
        on = on or timezone.localdate()
        return self.filter(birth_date__lte=years_before(on, 16), birth_date__gt=years_before(on, 65))

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
        # Employers see applicants through applications, not the library.
        return own_records(user, person="pk")

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
        return own_records(user, employer="pk")


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
        return own_records(user, person="person_id", employer="employer_id")


class UnemploymentRegistrationQuerySet(DivisionScopedQuerySet):
    def open(self) -> UnemploymentRegistrationQuerySet:
        return self.filter(status=RegistrationStatus.OPEN)

    def long_term(self, on: dt.date | None = None) -> UnemploymentRegistrationQuerySet:
        """Open for 12 months or more — the national 'long-term unemployed' criterion."""
        on = on or timezone.localdate()
        return self.open().filter(registered_on__lte=years_before(on, 1))


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
        return own_records(user, person="person_id")

    def duration_days(self, on: dt.date | None = None) -> int:
        end = self.ended_on or on or timezone.localdate()
        return (end - self.registered_on).days


# ---------------------------------------------------------------------------------------------
# Department facts: what the exchange files report, kept as dated records linked to the library.
# Each carries its source and the import run that brought it, so a comparison can say where a
# figure came from and a corrected file can replace it.
# ---------------------------------------------------------------------------------------------


class PersonFactQuerySet(DivisionScopedQuerySet):
    def in_month(self, month: dt.date) -> PersonFactQuerySet:
        return self.filter(month=month.replace(day=1))


class PersonFact(TimeStamped):
    """Base for facts about a person; scoped by the person's residence."""

    scope_field = "person__division"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("source"))
    import_run = models.ForeignKey(
        "ingestion.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PersonFactQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, person="person_id")


class ContributionRecord(PersonFact):
    """Social insurance: one person, one employer, one scheme, one month."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contributions")
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions")
    scheme = models.CharField(_("scheme"), max_length=16, choices=InsuranceScheme.choices)
    month = models.DateField(_("month"))
    base_wage = models.DecimalField(_("contribution base (yuan)"), max_digits=10, decimal_places=2)
    amount_due = models.DecimalField(_("amount due (yuan)"), max_digits=10, decimal_places=2)
    amount_paid = models.DecimalField(_("amount paid (yuan)"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["person", "employer", "scheme", "month"], name="uniq_contribution")
        ]
        indexes = [models.Index(fields=["employer", "month"]), models.Index(fields=["month"])]
        verbose_name = _("contribution record")
        verbose_name_plural = _("contribution records")

    @property
    def arrears(self):
        return max(self.amount_due - self.amount_paid, 0)


class InsuredPeriod(PersonFact):
    """Social insurance: a period of insured employment with one employer (start, stop)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="insured_periods")
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="insured_periods")
    scheme = models.CharField(_("scheme"), max_length=16, choices=InsuranceScheme.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("stop"), null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["person", "employer", "scheme", "start_date"], name="uniq_insured_period")
        ]
        verbose_name = _("insured period")
        verbose_name_plural = _("insured periods")


class WageIncome(PersonFact):
    """Tax: wage income of a person for a month, by withholding employer."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="wage_incomes")
    employer = models.ForeignKey(Employer, null=True, blank=True, on_delete=models.PROTECT, related_name="wage_incomes")
    month = models.DateField(_("month"))
    amount = models.DecimalField(_("wage income (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["person", "employer", "month"], name="uniq_wage_income")]
        indexes = [models.Index(fields=["employer", "month"]), models.Index(fields=["month"])]
        verbose_name = _("wage income")
        verbose_name_plural = _("wage incomes")


class GraduateRecord(PersonFact):
    """Education: a graduation, with where the graduate went."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="graduations")
    institution = models.CharField(_("institution"), max_length=200)
    institution_code = models.CharField(_("institution code"), max_length=20, blank=True)
    major_code = models.CharField(_("major code"), max_length=12, blank=True)
    major_name = models.CharField(_("major"), max_length=100, blank=True)
    education = models.ForeignKey("taxonomy.EducationLevel", on_delete=models.PROTECT, verbose_name=_("degree level"))
    graduation_date = models.DateField(_("graduation date"))
    destination = models.CharField(
        _("destination"), max_length=16, choices=GraduateDestination.choices, default=GraduateDestination.UNKNOWN
    )

    class Meta:
        ordering = ["-graduation_date"]
        constraints = [
            models.UniqueConstraint(fields=["person", "institution", "graduation_date"], name="uniq_graduation")
        ]
        verbose_name = _("graduate record")
        verbose_name_plural = _("graduate records")


class DisabilityCertificate(PersonFact):
    """Civil affairs / disabled persons' federation: a disability certificate (残疾人证)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disability_certificates")
    category = models.CharField(_("category"), max_length=32)
    grade = models.PositiveSmallIntegerField(_("grade"), choices=DisabilityGrade.choices)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["person", "issued_on"], name="uniq_disability_certificate")]
        verbose_name = _("disability certificate")
        verbose_name_plural = _("disability certificates")


class HukouMove(PersonFact):
    """Public security: a move of household registration."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="hukou_moves")
    kind = models.CharField(_("kind"), max_length=8, choices=HukouMoveKind.choices)
    from_division = models.ForeignKey(
        "geography.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("from"),
    )
    to_division = models.ForeignKey(
        "geography.Division", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    moved_on = models.DateField(_("moved on"))

    class Meta:
        ordering = ["-moved_on"]
        constraints = [models.UniqueConstraint(fields=["person", "moved_on", "kind"], name="uniq_hukou_move")]
        verbose_name = _("hukou move")
        verbose_name_plural = _("hukou moves")


class JobSeekerRegistration(PersonFact):
    """Human resources: registration as a job seeker (求职登记)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="seeker_registrations")
    division = models.ForeignKey("geography.Division", on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField(_("registered on"))
    desired_occupation = models.ForeignKey("taxonomy.Occupation", null=True, blank=True, on_delete=models.PROTECT)
    status = models.CharField(_("status"), max_length=12, choices=SeekerStatus.choices, default=SeekerStatus.ACTIVE)

    class Meta:
        ordering = ["-registered_on"]
        constraints = [models.UniqueConstraint(fields=["person", "registered_on"], name="uniq_seeker_registration")]
        verbose_name = _("job-seeker registration")
        verbose_name_plural = _("job-seeker registrations")


class TrainingRecord(PersonFact):
    """Human resources: vocational training attended, and the certificate obtained if any."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="trainings")
    programme = models.CharField(_("programme"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    occupation = models.ForeignKey("taxonomy.Occupation", null=True, blank=True, on_delete=models.PROTECT)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    certificate_level = models.CharField(_("certificate level"), max_length=16, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["person", "programme", "start_date"], name="uniq_training")
        ]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")


class HouseholdAssistance(TimeStamped):
    """Civil affairs: a period of minimum-living-security, low-income or tekun support."""

    scope_field = "household__division"

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="assistance_periods")
    kind = models.CharField(_("kind"), max_length=16, choices=AssistanceStatus.choices)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT)
    import_run = models.ForeignKey(
        "ingestion.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.UniqueConstraint(fields=["household", "kind", "start_date"], name="uniq_household_assistance")
        ]
        verbose_name = _("household assistance")
        verbose_name_plural = _("household assistance")

    @classmethod
    def owner_filter(cls, user):
        return own_records(user)


class EmployerEvent(TimeStamped):
    """Market supervision: registration, change, deregistration, abnormal-operation listing."""

    scope_field = "employer__division"

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EmployerEventKind.choices)
    occurred_on = models.DateField(_("date"))
    details = models.JSONField(_("details"), default=dict, blank=True)
    source = models.ForeignKey(DataSource, null=True, blank=True, on_delete=models.PROTECT)
    import_run = models.ForeignKey(
        "ingestion.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on"]
        constraints = [
            models.UniqueConstraint(fields=["employer", "kind", "occurred_on"], name="uniq_employer_event")
        ]
        verbose_name = _("employer event")
        verbose_name_plural = _("employer events")

    @classmethod
    def owner_filter(cls, user):
        return own_records(user, employer="employer_id")


# ---------------------------------------------------------------------------------------------
# Linkage results: provenance per field, clerical review of uncertain pairs, audited merges.
# ---------------------------------------------------------------------------------------------


class FieldProvenance(TimeStamped):
    """Which source last set which field of a person's golden record, and when."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="provenance")
    field = models.CharField(_("field"), max_length=40)
    source = models.ForeignKey(DataSource, on_delete=models.PROTECT)
    import_run = models.ForeignKey(
        "ingestion.ImportRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    observed_on = models.DateField(_("observed on"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "field", "source"], name="uniq_field_provenance")]
        verbose_name = _("field provenance")
        verbose_name_plural = _("field provenance")


class LinkReviewQuerySet(DivisionScopedQuerySet):
    def pending(self) -> LinkReviewQuerySet:
        return self.filter(status=ReviewStatus.PENDING)


class LinkReview(TimeStamped):
    """A pair the linkage model could not decide (probability between the two thresholds).

    `record` is a staged department record without a usable ID; `candidate` the library person it
    may be. A caseworker of the candidate's district decides; nothing is merged until then.
    """

    scope_field = "candidate__division"

    record = models.ForeignKey("ingestion.StagedRecord", on_delete=models.CASCADE, related_name="reviews")
    candidate = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="link_reviews")
    match_probability = models.FloatField(_("match probability"))
    comparison = models.JSONField(_("comparison"), default=dict, blank=True)  # per-field levels, no raw values
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = LinkReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-match_probability"]
        constraints = [models.UniqueConstraint(fields=["record", "candidate"], name="uniq_link_review")]
        verbose_name = _("link review")
        verbose_name_plural = _("link reviews")


class PersonMerge(TimeStamped):
    """An audited merge of `absorbed` into `survivor`; `snapshot` lets an unmerge restore it exactly."""

    scope_field = "survivor__division"

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges")
    absorbed_id = models.BigIntegerField(_("absorbed person id"))
    snapshot = models.JSONField(_("snapshot"), default=dict)  # absorbed row + ids of moved records
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    merged_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DivisionScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("person merge")
        verbose_name_plural = _("person merges")
