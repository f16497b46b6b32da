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
from jiuye.jobs.models import JobPosting
from jiuye.jobs.salary import parse_salary
from jiuye.registry.enums import EmployerStatus, LabourStatus
from jiuye.registry.models import Employer
from jiuye.taxonomy.models import Industry, KeyGroup, Occupation


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


# --- job postings ---------------------------------------------------------------------------------------------

OTHER_CODE = "__code"


class PostingForm(forms.ModelForm):
    """A posting by an employer user, or by staff on behalf of an employer in their area (`employer_ref`).

    The occupation is picked from the coder's suggestions for the title (`occupation_choice`, radio buttons with
    their confidence) or typed as a code (`occupation_code`, found with the occupation search). Left empty, it is
    coded from the title when the posting is saved."""

    employer_ref = forms.CharField(
        label=_("Employer (credit code or name)"),
        max_length=200,
        required=False,
        help_text=_("An employer in your area: its unified social credit code, or its name."),
    )
    occupation_choice = forms.ChoiceField(
        label=_("Occupation"), required=False, widget=forms.RadioSelect, choices=[]
    )
    occupation_code = forms.CharField(
        label=_("Occupation code"),
        required=False,
        max_length=16,
        help_text=_("The detailed occupation of the 2022 occupation classification, e.g. 4-02-01-01."),
    )
    division_code = forms.CharField(
        label=_("Work location (area code)"),
        max_length=12,
        help_text=_("The county or township where the work is, e.g. 430302001."),
    )

    class Meta:
        model = JobPosting
        fields = [
            "employer_ref",
            "title",
            "description",
            "occupation_choice",
            "occupation_code",
            "division_code",
            "address",
            "latitude",
            "longitude",
            "pay_min",
            "pay_max",
            "pay_months",
            "pay_text",
            "contract_type",
            "headcount",
            "education",
            "experience_years",
            "working_hours",
            "social_insurance",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(
        self, *args, user, choose_employer: bool = False, suggestions=(), suggest_url: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.user = user
        inst = self.instance
        if not choose_employer:
            del self.fields["employer_ref"]
        if inst.occupation_id:
            self.fields["occupation_code"].initial = inst.occupation.code
        if inst.division_id:
            self.fields["division_code"].initial = inst.division.code
        self.set_suggestions(suggestions)
        self.fields["pay_text"].help_text = _(
            "Pay as the employer writes it, e.g. 15-20K·14薪. When the pay range is left empty it is filled from "
            "this text."
        )
        self.fields["title"].widget.attrs.update({"autocomplete": "off"})
        if suggest_url:  # htmx: new suggestions when the title changes (the form works without it)
            self.fields["title"].widget.attrs.update(
                {
                    "hx-get": suggest_url,
                    "hx-trigger": "change, keyup changed delay:800ms",
                    "hx-target": "#occupation-options",
                    "hx-swap": "outerHTML",
                    "hx-include": "[name=title], [name=occupation_q], [name=occupation_choice]",
                }
            )

    def set_suggestions(self, suggestions) -> None:
        """`suggestions`: (occupation, confidence or None) pairs, shown as radio buttons."""
        self.suggestions = list(suggestions)
        current = self.instance.occupation if self.instance.occupation_id else None
        if (
            current is not None
            and current.level == 4
            and current.pk not in {o.pk for o, _c in self.suggestions}
        ):
            self.suggestions.append((current, self.instance.occupation_confidence))
        choices = [(o.code, f"{o.code} {o.name}") for o, _c in self.suggestions]
        choices.append((OTHER_CODE, _("Another occupation, by code (below)")))
        self.fields["occupation_choice"].choices = choices
        self.fields["occupation_choice"].initial = current.code if current is not None else OTHER_CODE

    def clean_employer_ref(self):
        ref = (self.cleaned_data.get("employer_ref") or "").strip()
        if not ref:
            raise forms.ValidationError(_("Choose the employer: its unified social credit code or its name."))
        employers = Employer.objects.visible_to(self.user)
        found = employers.filter(credit_code=ref.upper()).first() or employers.filter(name=ref).first()
        if found is None:
            matches = list(employers.filter(name__icontains=ref)[:6])
            if len(matches) == 1:
                found = matches[0]
            elif matches:
                raise forms.ValidationError(
                    _("Several employers in your area match: %(names)s. Give the credit code.")
                    % {"names": "、".join(f"{e.name} ({e.credit_code})" for e in matches[:5])}
                )
            else:
                raise forms.ValidationError(_("No employer in your area has this credit code or name."))
        return found

    def clean_occupation_choice(self):
        return self.cleaned_data.get("occupation_choice") or OTHER_CODE

    def clean_occupation_code(self):
        code = self.cleaned_data["occupation_code"].strip()
        if not code:
            return None
        occ = Occupation.objects.filter(code=code).first()
        if occ is None:
            raise forms.ValidationError(_("No occupation has this code in the classification."))
        return occ

    def clean_division_code(self):
        division = Division.objects.filter(code=self.cleaned_data["division_code"].strip()).first()
        if division is None:
            raise forms.ValidationError(_("No area has this code."))
        if division.level not in (DivisionLevel.COUNTY, DivisionLevel.TOWNSHIP):
            raise forms.ValidationError(_("The work location must be a county or a township."))
        return division

    def clean(self):
        """Pay text without numbers: fill the monthly range (and months) from the text before the model checks.
        A suggestion picked by its radio button wins over the code box, unless a new code was typed there."""
        data = super().clean()
        text = (data.get("pay_text") or "").strip()
        if text and data.get("pay_min") is None and data.get("pay_max") is None:
            parsed = parse_salary(text)
            if parsed is not None and parsed.monthly_min is not None:
                data["pay_min"], data["pay_max"] = (
                    parsed.monthly_min,
                    parsed.monthly_max or parsed.monthly_min,
                )
                data["pay_months"] = parsed.months
        choice = data.get("occupation_choice") or OTHER_CODE
        typed = data.get("occupation_code")
        # The code box starts with the stored occupation: a code typed there that differs from it is a new choice.
        typed_anew = typed is not None and typed.pk != self.instance.occupation_id
        if choice != OTHER_CODE and not typed_anew:
            occ = Occupation.objects.filter(code=choice, level=4).first()
            if occ is None:
                self.add_error("occupation_choice", _("No occupation has this code in the classification."))
            else:
                data["occupation_code"] = occ
        return data

    def apply_to_instance(self):
        posting = self.instance
        chosen = self.cleaned_data.get("occupation_code")
        if "employer_ref" in self.cleaned_data:
            posting.employer = self.cleaned_data["employer_ref"]
        if (chosen.pk if chosen else None) != posting.occupation_id:
            posting.occupation = chosen
            posting.occupation_coded_by = ""  # chosen by this user (filled in by the service)
        posting.division = self.cleaned_data["division_code"]
        return posting


class PostingUploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"))
    employer_ref = forms.CharField(
        label=_("Employer (credit code or name)"),
        max_length=200,
        required=False,
        help_text=_("For rows that leave the employer column empty."),
    )
    publish = forms.ChoiceField(
        label=_("Save the good rows as"),
        choices=[("draft", _("Drafts")), ("publish", _("Published postings"))],
        initial="draft",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not (user.is_staff_role or user.is_superuser):
            del self.fields["employer_ref"]

    def clean_employer_ref(self):
        ref = (self.cleaned_data.get("employer_ref") or "").strip()
        if not ref:
            return None
        return PostingForm.clean_employer_ref(self)


class ConfirmTitleForm(forms.Form):
    """A level-4 occupation by its code, or by its name (exact, or the one detailed occupation containing it)."""

    code = forms.CharField(label=_("Occupation code or name"), max_length=100)

    def clean_code(self):
        text = self.cleaned_data["code"].strip()
        occ = Occupation.objects.filter(code=text).first()
        if occ is None:
            named = Occupation.objects.filter(level=4).filter(name_zh=text) or Occupation.objects.filter(
                level=4, name_en__iexact=text
            )
            if not named:
                named = list(Occupation.objects.filter(level=4, name_zh__icontains=text)[:6])
                if len(named) > 1:
                    raise forms.ValidationError(
                        _("Several detailed occupations match: %(names)s. Give the code.")
                        % {"names": "、".join(f"{o.code} {o.name}" for o in named[:5])}
                    )
            occ = named[0] if named else None
        if occ is None:
            raise forms.ValidationError(_("No occupation has this code in the classification."))
        if occ.level != 4:
            raise forms.ValidationError(
                _("Choose a detailed occupation (level 4 of the classification), not a group.")
            )
        return occ
