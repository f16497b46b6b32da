"""The employment information library over the API: persons, households, employers, spells, registrations.

Every queryset starts from `Model.objects.visible_to(request.user)` (ADR 0002), so another district's
record is absent from lists and a 404 on detail, exactly as on the web pages.

What a partner department gets about a person (see docs/domains/api.md):
- resident ID and phone number masked (`430302********1234`, `139****0001`), never the encrypted value or
  the keyed hash; a partner that holds the full number finds the record with `POST /persons/lookup/`;
- year of birth only: the masked ID hides the birth date, and a full date next to it would undo that;
- the full name only for roles that work on individual cases (caseworker, inspector, administrator) and
  for a citizen reading their own record; analysts and leaders get the masked name (`王*明`);
- ethnicity is not exposed (a protected attribute with no use in employment data exchange).
Every detail read and every lookup is an audit event; every list read is one event with the count and
the filters (free-text search redacted).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.registry.filters import (
    PII_FILTERS,
    EmployerFilter,
    EmploymentSpellFilter,
    HouseholdFilter,
    PersonFilter,
    UnemploymentRegistrationFilter,
)
from jiuye.registry.identifiers import IdentifierError, parse_resident_id
from jiuye.registry.models import (
    Employer,
    EmploymentSpell,
    Establishment,
    Household,
    HouseholdMembership,
    Person,
    PersonKeyGroup,
    UnemploymentRegistration,
)

from .base import ApiReadOnlyViewSet, AuditedReadMixin
from .permissions import IsStaffRole


def shows_full_name(user, person_id: int | None) -> bool:
    if getattr(user, "sees_everything", False) or getattr(user, "works_on_cases", False):
        return True
    return bool(getattr(user, "is_citizen", False) and person_id and user.person_id == person_id)


def shows_contact_details(user) -> bool:
    """Addresses of households: case roles, and citizens (who only ever see their own household)."""
    return bool(
        getattr(user, "sees_everything", False)
        or getattr(user, "works_on_cases", False)
        or getattr(user, "is_citizen", False)
    )


def _code(**kw) -> serializers.SlugRelatedField:
    """A foreign key shown as the related row's code (divisions, classifications, sources)."""
    return serializers.SlugRelatedField(slug_field="code", read_only=True, **kw)


class NameMaskingMixin(serializers.Serializer):
    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, obj) -> str:
        person = obj if isinstance(obj, Person) else obj.person
        user = self.context["request"].user
        return person.name if shows_full_name(user, person.pk) else person.masked_name


# Persons ---------------------------------------------------------------------------------------------


class PersonSerializer(NameMaskingMixin, serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text=_("Full name for case roles, otherwise masked."))
    resident_id = serializers.CharField(source="resident_id_masked", read_only=True, help_text=_("Masked."))
    phone = serializers.CharField(source="phone_masked", read_only=True, help_text=_("Masked."))
    birth_year = serializers.IntegerField(source="birth_date.year", read_only=True)
    division = _code(help_text=_("Residence division code."))
    hukou_division = _code(help_text=_("Hukou division code."))
    education = _code(allow_null=True)
    occupation = _code(allow_null=True)
    key_groups = serializers.SerializerMethodField(help_text=_("Codes of the key groups the person belongs to today."))

    class Meta:
        model = Person
        fields = [
            "id", "name", "resident_id", "phone", "sex", "birth_year", "division", "hukou_division",
            "hukou_type", "education", "major", "graduation_year", "labour_status", "occupation",
            "disability_grade", "is_veteran", "key_groups", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_key_groups(self, obj: Person) -> list[str]:
        today = timezone.localdate()
        return sorted(
            {
                m.key_group.code
                for m in obj.key_group_memberships.all()
                if m.since <= today and (m.until is None or m.until >= today)
            }
        )


class PersonHouseholdSerializer(serializers.ModelSerializer):
    household = serializers.IntegerField(source="household_id", read_only=True)
    number = serializers.CharField(source="household.number", read_only=True)

    class Meta:
        model = HouseholdMembership
        fields = ["household", "number", "relation", "since", "until"]
        read_only_fields = fields


class PersonDetailSerializer(PersonSerializer):
    households = PersonHouseholdSerializer(source="household_memberships", many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "households"]
        read_only_fields = fields


class ResidentIdLookupSerializer(serializers.Serializer):
    resident_id = serializers.CharField(
        max_length=32, trim_whitespace=True, write_only=True,
        help_text=_("Full resident ID number (18 characters, or 15 for old cards)."),
    )

    def validate_resident_id(self, value: str) -> str:
        try:
            parsed = parse_resident_id(value)
        except IdentifierError as exc:
            message = exc.en if (get_language() or "").startswith("en") else exc.zh
            raise serializers.ValidationError(message, code=exc.code) from None
        return parsed.number


class FieldErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Machine-readable reason, e.g. checksum, length, birth_date."))
    message = serializers.CharField(help_text=_("Plain-language reason in the request language."))


class LookupErrorSerializer(serializers.Serializer):
    resident_id = FieldErrorSerializer(many=True)


def coded_errors(errors) -> dict[str, list[dict[str, str]]]:
    """DRF's {field: [ErrorDetail]} as {field: [{code, message}]} so partner systems can branch on code."""
    return {
        field: [{"code": getattr(e, "code", "invalid"), "message": str(e)} for e in details]
        for field, details in errors.items()
    }


class LookupThrottle(UserRateThrottle):
    """Lookups by full ID are for resolving known people, not for sweeping the number space."""

    scope = "person_lookup"
    rate = "120/min"


def person_queryset(user):
    return (
        Person.objects.visible_to(user)
        .select_related("division", "hukou_division", "education", "occupation")
        .prefetch_related(
            Prefetch("key_group_memberships", queryset=PersonKeyGroup.objects.select_related("key_group"))
        )
    )


@extend_schema_view(
    list=extend_schema(summary="List persons in your scope", tags=["registry"]),
    retrieve=extend_schema(summary="Read one person (audited)", tags=["registry"]),
)
class PersonViewSet(AuditedReadMixin, ApiReadOnlyViewSet):
    """Persons living in your scope (residence division). Masked identifiers, year of birth only."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    audit_endpoint = "persons"
    pii_filters = PII_FILTERS

    def get_queryset(self):
        qs = person_queryset(self.request.user)
        if self.action in ("retrieve", "lookup"):
            qs = qs.prefetch_related(
                Prefetch("household_memberships", queryset=HouseholdMembership.objects.select_related("household"))
            )
        return qs

    def get_serializer_class(self):
        return PersonDetailSerializer if self.action in ("retrieve", "lookup") else PersonSerializer

    @extend_schema(
        summary="Find a person by full resident ID (audited)",
        description=_(
            "The number goes in the request body, never in the URL, because URLs are logged. "
            "Returns the person if they are in your scope; 404 if not found or out of scope."
        ),
        request=ResidentIdLookupSerializer,
        responses={
            200: PersonDetailSerializer,
            400: OpenApiResponse(LookupErrorSerializer, description=_("Malformed resident ID")),
            404: OpenApiResponse(description=_("No person with this ID in your scope")),
        },
        tags=["registry"],
    )
    @action(
        detail=False, methods=["post"], url_path="lookup", permission_classes=[IsStaffRole],
        throttle_classes=[LookupThrottle], filterset_class=None, pagination_class=None,
    )
    def lookup(self, request):
        form = ResidentIdLookupSerializer(data=request.data)
        if not form.is_valid():
            return Response(coded_errors(form.errors), status=status.HTTP_400_BAD_REQUEST)
        person = self.get_queryset().by_resident_id(form.validated_data["resident_id"]).first()
        record_event(
            person,
            actor=request.user,
            kind=EventKind.API_READ,
            request=request,
            division_path="" if person else getattr(request.user, "scope_path", ""),
            data={"endpoint": "persons.lookup", "found": person is not None},
        )
        if person is None:
            return Response({"detail": _("No person with this resident ID in your scope.")}, status=404)
        return Response(PersonDetailSerializer(person, context=self.get_serializer_context()).data)


# Households ------------------------------------------------------------------------------------------


class HouseholdMemberSerializer(NameMaskingMixin, serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    name = serializers.SerializerMethodField()

    class Meta:
        model = HouseholdMembership
        fields = ["person", "name", "relation", "since", "until"]
        read_only_fields = fields


class HouseholdSerializer(serializers.ModelSerializer):
    division = _code()
    address = serializers.SerializerMethodField(help_text=_("Empty for roles that work on aggregates."))
    members = HouseholdMemberSerializer(many=True, read_only=True, help_text=_("Members in your scope."))

    class Meta:
        model = Household
        fields = [
            "id", "number", "division", "hukou_type", "address", "assistance_status", "is_zero_employment",
            "members", "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_address(self, obj: Household) -> str:
        return obj.address if shows_contact_details(self.context["request"].user) else ""


@extend_schema_view(
    list=extend_schema(summary="List households in your scope", tags=["registry"]),
    retrieve=extend_schema(summary="Read one household with its members (audited)", tags=["registry"]),
)
class HouseholdViewSet(AuditedReadMixin, ApiReadOnlyViewSet):
    """Households registered in your scope, with their members who are in your scope too."""

    serializer_class = HouseholdSerializer
    filterset_class = HouseholdFilter
    audit_endpoint = "households"

    def get_queryset(self):
        user = self.request.user
        # Members are people, so they pass the same scoping rule: a member living in another district
        # is left out rather than shown.
        members = HouseholdMembership.objects.select_related("person")
        if not getattr(user, "sees_everything", False):
            members = members.filter(person__in=Person.objects.visible_to(user).values("pk"))
        return (
            Household.objects.visible_to(user)
            .select_related("division")
            .prefetch_related(Prefetch("members", queryset=members))
        )


# Employers -------------------------------------------------------------------------------------------


class EstablishmentSerializer(serializers.ModelSerializer):
    division = _code()

    class Meta:
        model = Establishment
        fields = ["id", "name", "division", "address", "latitude", "longitude"]
        read_only_fields = fields


class EmployerSerializer(serializers.ModelSerializer):
    division = _code(help_text=_("Seat division code."))
    industry = _code(allow_null=True, help_text=_("GB/T 4754 section."))
    establishments = EstablishmentSerializer(many=True, read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id", "credit_code", "name", "division", "industry", "ownership", "size_class", "registered_on",
            "status", "address", "latitude", "longitude", "establishments", "updated_at",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List employers in your scope", tags=["registry"]),
    retrieve=extend_schema(summary="Read one employer with its establishments", tags=["registry"]),
)
class EmployerViewSet(AuditedReadMixin, ApiReadOnlyViewSet):
    """Employers seated in your scope, with their establishments."""

    serializer_class = EmployerSerializer
    filterset_class = EmployerFilter
    audit_endpoint = "employers"
    pii_filters = PII_FILTERS

    def get_queryset(self):
        return (
            Employer.objects.visible_to(self.request.user)
            .select_related("division", "industry")
            .prefetch_related(
                Prefetch("establishments", queryset=Establishment.objects.select_related("division"))
            )
        )


# Spells and registrations ----------------------------------------------------------------------------


class EmploymentSpellSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    employer = serializers.IntegerField(source="employer_id", read_only=True, allow_null=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True, allow_null=True, default=None)
    establishment = serializers.IntegerField(source="establishment_id", read_only=True, allow_null=True)
    occupation = _code(allow_null=True)
    source = _code(allow_null=True)

    class Meta:
        model = EmploymentSpell
        fields = [
            "id", "person", "employer", "employer_name", "establishment", "occupation", "contract_type",
            "start_date", "end_date", "end_reason", "monthly_wage", "source", "updated_at",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(summary="List employment spells in your scope", tags=["registry"]),
    retrieve=extend_schema(summary="Read one employment spell (audited)", tags=["registry"]),
)
class EmploymentSpellViewSet(AuditedReadMixin, ApiReadOnlyViewSet):
    """Periods of work of persons living in your scope (employer users: their own staff)."""

    serializer_class = EmploymentSpellSerializer
    filterset_class = EmploymentSpellFilter
    audit_endpoint = "employment_spells"

    def get_queryset(self):
        return EmploymentSpell.objects.visible_to(self.request.user).select_related(
            "employer", "occupation", "source", "person__division"
        )

    def audit_division_path(self, instance: EmploymentSpell) -> str:
        return instance.person.division.path


class UnemploymentRegistrationSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True)
    division = _code(help_text=_("Registration office division code."))
    previous_employer = serializers.IntegerField(source="previous_employer_id", read_only=True, allow_null=True)
    seeking_occupation = _code(allow_null=True)
    duration_days = serializers.SerializerMethodField()

    class Meta:
        model = UnemploymentRegistration
        fields = [
            "id", "person", "division", "registered_on", "ended_on", "status", "previous_employer",
            "seeking_occupation", "duration_days", "updated_at",
        ]
        read_only_fields = fields

    def get_duration_days(self, obj: UnemploymentRegistration) -> int:
        return obj.duration_days()


@extend_schema_view(
    list=extend_schema(summary="List unemployment registrations in your scope", tags=["registry"]),
    retrieve=extend_schema(summary="Read one unemployment registration (audited)", tags=["registry"]),
)
class UnemploymentRegistrationViewSet(AuditedReadMixin, ApiReadOnlyViewSet):
    """Unemployment registrations made at offices in your scope."""

    serializer_class = UnemploymentRegistrationSerializer
    filterset_class = UnemploymentRegistrationFilter
    audit_endpoint = "unemployment_registrations"

    def get_queryset(self):
        return UnemploymentRegistration.objects.visible_to(self.request.user).select_related(
            "division", "seeking_occupation"
        )
