"""Search forms of the list pages. GET forms: a URL is a shareable, bookmarkable search.

These forms only draw the controls (choices limited to the user's area) and validate what was typed;
the filtering itself is done by the registry filtersets (`jiuye.registry.filters`) that the API and
exports use too, so a list page and an API call with the same parameters return the same rows.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.registry.enums import EmployerStatus, LabourStatus
from jiuye.taxonomy.models import Industry, KeyGroup


def _scope_divisions(user):
    if user.sees_everything:
        return Division.objects.all()
    if user.is_staff_role and user.division_id:
        return Division.objects.within(user.division)
    return Division.objects.none()


def division_choices(user, selected: str = "") -> list[tuple[str, str]]:
    """The user's area, two levels deep (a national list of townships would be tens of thousands of
    options), plus the division already selected if it is deeper (e.g. reached by drill-down)."""
    scope = _scope_divisions(user)
    # the national scope sits one level above the provinces; the user's own division is level `top`
    top = user.division.level if user.division_id and not user.sees_everything else DivisionLevel.PROVINCE - 1
    deepest = min(DivisionLevel.TOWNSHIP, top + 2)
    shown = list(scope.filter(level__lte=deepest).only("code", "name_zh", "name_en", "level"))
    if selected and selected not in {d.code for d in shown}:
        shown += list(scope.filter(code=selected))
    return [("", _("Whole area"))] + [
        (d.code, "\u3000" * max(0, d.level - max(top, 1)) + d.name) for d in shown
    ]


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or resident ID"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "aria-describedby": "q-help"}),
        help_text=_("A name (or its beginning), a full 18-digit ID, or the masked ID as shown on screen."),
    )
    division = forms.ChoiceField(label=_("Area"), required=False)
    labour_status = forms.ChoiceField(
        label=_("Labour status"), required=False, choices=[("", _("Any"))] + LabourStatus.choices
    )
    key_group = forms.ModelChoiceField(
        label=_("Key group"),
        required=False,
        queryset=KeyGroup.objects.all(),
        to_field_name="code",
        empty_label=_("Any"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        selected = self.data.get("division", "") if self.is_bound else ""
        self.fields["division"].choices = division_choices(user, selected)
        self.fields["key_group"].label_from_instance = lambda kg: kg.name


class EmployerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or credit code"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + EmployerStatus.choices
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"),
        required=False,
        queryset=Industry.objects.all(),
        to_field_name="code",
        empty_label=_("Any"),
    )
