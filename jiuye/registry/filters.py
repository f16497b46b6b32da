"""Filtersets for the registry: one definition serves list pages, exports and the API.

Every filterset narrows a queryset that has already been scoped with `visible_to(user)`; filters never
widen what a user can see. Division filters take a code and keep the whole subtree below it
(`?division=4303` → the city and all its districts and townships), the same `startswith` rule as scoping.
Free-text search (`q`) can carry personal data, so callers that log filters must redact it
(see `PII_FILTERS`).
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiuye.geography.models import Division
from jiuye.taxonomy.models import EducationLevel, Industry, KeyGroup

from .enums import (
    AssistanceStatus,
    ContractType,
    EmployerStatus,
    HukouType,
    LabourStatus,
    OwnershipType,
    RegistrationStatus,
    Sex,
    SizeClass,
)
from .models import Employer, EmploymentSpell, Household, Person, UnemploymentRegistration

# Filter parameters whose values may identify a person; audit logs keep only the fact they were used.
PII_FILTERS = frozenset({"q"})


class DivisionCodeField(forms.CharField):
    """A division code typed as text (the tree has tens of thousands of nodes: no select box)."""

    default_error_messages = {"unknown": _("There is no division with code %(code)s.")}

    def clean(self, value):
        code = super().clean(value)
        if not code:
            return None
        division = Division.objects.filter(code=code.strip()).only("id", "code", "path").first()
        if division is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown", params={"code": code})
        return division


class DivisionSubtreeFilter(django_filters.CharFilter):
    """Keep rows whose division (the foreign key `field_name`) is the given division or lies below it.

    On the Division model itself, pass `field_name="path"`.
    """

    field_class = DivisionCodeField

    def filter(self, qs: QuerySet, value: Division | None) -> QuerySet:
        if value is None:
            return qs
        path = "path" if self.field_name == "path" else f"{self.field_name}__path"
        return qs.filter(Q(**{path: value.path}) | Q(**{f"{path}__startswith": value.path + "/"}))


def _code_choice(model, field_name: str, label) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name, queryset=model.objects.all(), to_field_name="code", label=label
    )


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or resident ID"))
    division = DivisionSubtreeFilter(field_name="division", label=_("Residence division (code, with subdivisions)"))
    hukou_division = DivisionSubtreeFilter(
        field_name="hukou_division", label=_("Hukou division (code, with subdivisions)")
    )
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("Sex"))
    labour_status = django_filters.MultipleChoiceFilter(choices=LabourStatus.choices, label=_("Labour status"))
    hukou_type = django_filters.ChoiceFilter(choices=HukouType.choices, label=_("Hukou type"))
    education = _code_choice(EducationLevel, "education", _("Education level (code)"))
    key_group = django_filters.ModelChoiceFilter(
        queryset=KeyGroup.objects.all(), to_field_name="code", method="filter_key_group",
        label=_("Key group (code), current members"),
    )
    occupation = django_filters.CharFilter(
        field_name="occupation__code", lookup_expr="startswith", label=_("Occupation (code prefix)")
    )
    birth_year_min = django_filters.NumberFilter(
        field_name="birth_date__year", lookup_expr="gte", label=_("Born in or after (year)")
    )
    birth_year_max = django_filters.NumberFilter(
        field_name="birth_date__year", lookup_expr="lte", label=_("Born in or before (year)")
    )
    is_veteran = django_filters.BooleanFilter(label=_("Veteran"))
    has_disability = django_filters.BooleanFilter(
        field_name="disability_grade", lookup_expr="isnull", exclude=True, label=_("Has a disability grade")
    )
    graduation_year = django_filters.NumberFilter(label=_("Graduation year"))

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.matching(value)

    def filter_key_group(self, qs: QuerySet, name: str, value: KeyGroup | None) -> QuerySet:
        if value is None:
            return qs
        today = timezone.localdate()
        return qs.filter(
            Q(key_group_memberships__until__isnull=True) | Q(key_group_memberships__until__gte=today),
            key_group_memberships__key_group=value,
            key_group_memberships__since__lte=today,
        ).distinct()


class HouseholdFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(label=_("Household number"))
    division = DivisionSubtreeFilter(field_name="division", label=_("Division (code, with subdivisions)"))
    hukou_type = django_filters.ChoiceFilter(choices=HukouType.choices, label=_("Hukou type"))
    assistance_status = django_filters.MultipleChoiceFilter(
        choices=AssistanceStatus.choices, label=_("Social assistance")
    )
    is_zero_employment = django_filters.BooleanFilter(label=_("Zero-employment household"))

    class Meta:
        model = Household
        fields: list[str] = []


class EmployerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name or credit code"))
    credit_code = django_filters.CharFilter(method="filter_credit_code", label=_("Unified social credit code"))
    division = DivisionSubtreeFilter(field_name="division", label=_("Seat division (code, with subdivisions)"))
    industry = _code_choice(Industry, "industry", _("Industry section (code)"))
    ownership = django_filters.MultipleChoiceFilter(choices=OwnershipType.choices, label=_("Ownership"))
    size_class = django_filters.MultipleChoiceFilter(choices=SizeClass.choices, label=_("Size"))
    status = django_filters.MultipleChoiceFilter(choices=EmployerStatus.choices, label=_("Status"))

    class Meta:
        model = Employer
        fields: list[str] = []

    def filter_q(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.matching(value)

    def filter_credit_code(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(credit_code=value.strip().upper())


class EmploymentSpellFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person (id)"))
    employer = django_filters.NumberFilter(field_name="employer_id", label=_("Employer (id)"))
    division = DivisionSubtreeFilter(
        field_name="person__division", label=_("Residence division of the person (code, with subdivisions)")
    )
    contract_type = django_filters.MultipleChoiceFilter(choices=ContractType.choices, label=_("Contract type"))
    occupation = django_filters.CharFilter(
        field_name="occupation__code", lookup_expr="startswith", label=_("Occupation (code prefix)")
    )
    started_after = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label=_("Started on or after"))
    started_before = django_filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Started on or before")
    )
    current = django_filters.BooleanFilter(method="filter_current", label=_("Current on today's date"))

    class Meta:
        model = EmploymentSpell
        fields: list[str] = []

    def filter_current(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        current = qs.current()
        return current if value else qs.exclude(pk__in=current.values("pk"))


class UnemploymentRegistrationFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(field_name="person_id", label=_("Person (id)"))
    division = DivisionSubtreeFilter(field_name="division", label=_("Registration office division (code)"))
    status = django_filters.MultipleChoiceFilter(choices=RegistrationStatus.choices, label=_("Status"))
    registered_after = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="gte", label=_("Registered on or after")
    )
    registered_before = django_filters.DateFilter(
        field_name="registered_on", lookup_expr="lte", label=_("Registered on or before")
    )
    long_term = django_filters.BooleanFilter(method="filter_long_term", label=_("Open for 12 months or more"))

    class Meta:
        model = UnemploymentRegistration
        fields: list[str] = []

    def filter_long_term(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return qs
        long_term = qs.long_term()
        return long_term if value else qs.exclude(pk__in=long_term.values("pk"))
