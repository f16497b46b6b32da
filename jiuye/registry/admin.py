"""Registry admin: scoped by `visible_to(user)`, identifiers only ever masked.

The encrypted identifier columns and their keyed hashes never appear in a list or a form. A person's
resident ID and phone number can be *entered* (write-only fields, validated, then encrypted through
`Person.set_resident_id` / `set_phone`), never read back here.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jiuye.core.admin_mixins import ScopedAdminMixin, ScopedInlineMixin

from .identifiers import IdentifierError, parse_resident_id, validate_credit_code
from .models import (
    DataSource,
    Employer,
    EmploymentSpell,
    Establishment,
    Household,
    HouseholdMembership,
    Person,
    PersonKeyGroup,
    UnemploymentRegistration,
)


def _message(exc: IdentifierError) -> str:
    return exc.en if (get_language() or "").startswith("en") else exc.zh


class PersonAdminForm(forms.ModelForm):
    resident_id = forms.CharField(
        label=_("Resident ID number"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Write-only: leave blank to keep the stored number. Birth date and sex are taken from it."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Write-only: leave blank to keep the stored number."),
    )

    class Meta:
        model = Person
        # Never the encrypted identifiers, their hashes or masks: those are set from `resident_id` / `phone`.
        fields = (
            "name", "sex", "birth_date", "ethnicity", "division", "hukou_division", "hukou_type", "education",
            "major", "graduation_year", "labour_status", "occupation", "disability_grade", "is_veteran",
            "discharge_date", "source",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.fields["resident_id"].required = True
        # Derived from the ID number, so they are filled in from it when left blank.
        for name in ("birth_date", "sex"):
            if name in self.fields:
                self.fields[name].required = False

    def clean_resident_id(self):
        raw = self.cleaned_data.get("resident_id", "")
        if not raw:
            return None
        try:
            parsed = parse_resident_id(raw)
        except IdentifierError as exc:
            raise forms.ValidationError(_message(exc), code=exc.code) from None
        if Person.objects.by_resident_id(parsed.number).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A person with this resident ID is already registered."), code="duplicate")
        return parsed

    def clean_phone(self):
        phone = "".join(ch for ch in self.cleaned_data.get("phone", "") if ch not in " -")
        if phone and not (phone.isdigit() and 7 <= len(phone) <= 15):
            raise forms.ValidationError(_("Enter a phone number of 7 to 15 digits."), code="phone")
        return phone

    def clean(self):
        cleaned = super().clean()
        parsed = cleaned.get("resident_id")
        if parsed is not None:
            for name, derived in (("birth_date", parsed.birth_date), ("sex", parsed.sex)):
                given = cleaned.get(name)
                if given and given != derived:
                    self.add_error(name, _("This does not match the resident ID number."))
                else:
                    cleaned[name] = derived
        else:
            for name in ("birth_date", "sex"):
                if not cleaned.get(name) and name in self.fields:
                    self.add_error(name, forms.ValidationError(_("This field is required."), code="required"))
        return cleaned

    def _post_clean(self):
        # Set the identifiers before model validation so the hash uniqueness check sees them.
        parsed = self.cleaned_data.get("resident_id") if hasattr(self, "cleaned_data") else None
        if parsed is not None:
            self.instance.set_resident_id(parsed.number)
        phone = self.cleaned_data.get("phone") if hasattr(self, "cleaned_data") else None
        if phone:
            self.instance.set_phone(phone)
        super()._post_clean()


class KeyGroupMembershipInline(ScopedInlineMixin, admin.TabularInline):
    model = PersonKeyGroup
    extra = 0
    fields = ("key_group", "since", "until", "source")


class PersonHouseholdInline(ScopedInlineMixin, admin.TabularInline):
    model = HouseholdMembership
    fk_name = "person"
    extra = 0
    raw_id_fields = ("household",)
    fields = ("household", "relation", "since", "until")
    verbose_name = _("household")
    verbose_name_plural = _("households")


@admin.register(Person)
class PersonAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = PersonAdminForm
    audit_reads = True
    list_display = ("name", "resident_id_masked", "sex", "division", "labour_status", "hukou_type", "updated_at")
    list_filter = ("labour_status", "sex", "hukou_type", "is_veteran", "education")
    list_select_related = ("division",)
    search_fields = ("name",)  # replaced by Person.objects.matching (name, full or masked ID)
    search_help_text = _("Name (beginning), full resident ID, or masked ID as shown on screen.")
    autocomplete_fields = ("division", "hukou_division", "occupation")
    readonly_fields = ("resident_id_masked", "phone_masked", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("name", "resident_id_masked", "resident_id", "sex", "birth_date", "ethnicity")}),
        (_("Contact"), {"fields": ("phone_masked", "phone")}),
        (_("Residence and hukou"), {"fields": ("division", "hukou_division", "hukou_type")}),
        (
            _("Education and work"),
            {"fields": ("education", "major", "graduation_year", "labour_status", "occupation")},
        ),
        (_("Key-group attributes"), {"fields": ("disability_grade", "is_veteran", "discharge_date")}),
        (_("Record"), {"fields": ("source", "created_at", "updated_at")}),
    )
    inlines = (KeyGroupMembershipInline, PersonHouseholdInline)
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        return queryset.matching(search_term), False

    def get_actions(self, request):
        # No bulk deletion of people: a person leaves the library one audited deletion at a time.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        return bool(request.user.is_superuser) and super().has_delete_permission(request, obj)


class HouseholdMemberInline(ScopedInlineMixin, admin.TabularInline):
    model = HouseholdMembership
    fk_name = "household"
    extra = 0
    raw_id_fields = ("person",)
    fields = ("person", "relation", "since", "until")


@admin.register(Household)
class HouseholdAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("number", "division", "hukou_type", "assistance_status", "is_zero_employment")
    list_filter = ("hukou_type", "assistance_status", "is_zero_employment")
    list_select_related = ("division",)
    search_fields = ("=number", "address")
    autocomplete_fields = ("division",)
    inlines = (HouseholdMemberInline,)


class EmployerAdminForm(forms.ModelForm):
    class Meta:
        model = Employer
        fields = (
            "credit_code", "name", "division", "industry", "ownership", "size_class", "registered_on", "status",
            "address", "latitude", "longitude", "source",
        )

    def clean_credit_code(self):
        try:
            return validate_credit_code(self.cleaned_data.get("credit_code", ""))
        except IdentifierError as exc:
            raise forms.ValidationError(_message(exc), code=exc.code) from None


class EstablishmentInline(ScopedInlineMixin, admin.TabularInline):
    model = Establishment
    extra = 0
    autocomplete_fields = ("division",)
    fields = ("name", "division", "address", "latitude", "longitude")


@admin.register(Employer)
class EmployerAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = EmployerAdminForm
    list_display = ("name", "credit_code", "division", "industry", "ownership", "size_class", "status")
    list_filter = ("status", "ownership", "size_class", "industry")
    list_select_related = ("division", "industry")
    search_fields = ("name", "credit_code")  # replaced by Employer.objects.matching
    search_help_text = _("Name (part) or unified social credit code.")
    autocomplete_fields = ("division",)
    inlines = (EstablishmentInline,)

    def get_search_results(self, request, queryset, search_term):
        return queryset.matching(search_term), False


@admin.register(Establishment)
class EstablishmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "employer", "division", "address")
    list_select_related = ("employer", "division")
    search_fields = ("name", "employer__name", "=employer__credit_code")
    autocomplete_fields = ("division",)
    raw_id_fields = ("employer",)


@admin.register(EmploymentSpell)
class EmploymentSpellAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("person", "employer", "contract_type", "start_date", "end_date", "end_reason")
    list_filter = ("contract_type", "end_reason", "source")
    list_select_related = ("person", "employer")
    search_fields = ("^person__name", "employer__name", "=employer__credit_code")
    raw_id_fields = ("person", "employer", "establishment")
    autocomplete_fields = ("occupation",)
    date_hierarchy = "start_date"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person__division")

    def audit_division_path(self, obj) -> str:
        return obj.person.division.path


@admin.register(UnemploymentRegistration)
class UnemploymentRegistrationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("person", "division", "registered_on", "ended_on", "status")
    list_filter = ("status",)
    list_select_related = ("person", "division")
    search_fields = ("^person__name",)
    raw_id_fields = ("person", "previous_employer")
    autocomplete_fields = ("division", "seeking_occupation")
    date_hierarchy = "registered_on"


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "name_zh", "name_en")
    list_filter = ("kind",)
    search_fields = ("code", "name_zh", "name_en")
