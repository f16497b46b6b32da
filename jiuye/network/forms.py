"""Forms for the staff station pages and the siting page. Validation of the station itself (coordinates in the
division, opening hours) lives in `services`, whose field errors the views attach to these forms."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiuye.geography.models import Division, ServiceOffice

from .enums import DAY_LABELS, DAYS, ServiceCode, SitingModel, StationKind, TravelMode
from .services import format_day_hours, parse_day_hours


def scoped_divisions(user):
    """Divisions the user may place stations in or analyse: their own division and everything below it."""
    if getattr(user, "sees_everything", False):
        return Division.objects.all()
    scope = getattr(user, "scope_path", "")
    if not scope:
        return Division.objects.none()
    return Division.objects.filter(Q(path=scope) | Q(path__startswith=scope + "/"))


class DivisionCodeField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("help_text", _("The NBS code of the county or township, e.g. 430302 or 430302001."))
        super().__init__(*args, **kwargs)


class StationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=128)
    kind = forms.ChoiceField(label=_("Kind"), choices=StationKind.choices)
    division = DivisionCodeField(label=_("Division code"))
    address = forms.CharField(label=_("Address"), max_length=200)
    latitude = forms.FloatField(label=_("Latitude"), help_text=_("Decimal degrees, e.g. 27.8297"))
    longitude = forms.FloatField(label=_("Longitude"), help_text=_("Decimal degrees, e.g. 112.9180"))
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=ServiceCode.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    staff_count = forms.IntegerField(label=_("Staff"), min_value=0, max_value=999, initial=0)
    office = forms.ModelChoiceField(
        label=_("Service office"), queryset=ServiceOffice.objects.none(), required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["office"].queryset = ServiceOffice.objects.visible_to(user).select_related("division")
        for day in DAYS:
            self.fields[f"hours_{day}"] = forms.CharField(
                label=DAY_LABELS[day],
                required=False,
                help_text=_("e.g. 08:30-12:00, 14:00-17:30; empty = closed") if day == "mon" else "",
            )

    @classmethod
    def initial_for(cls, station) -> dict:
        data = {
            "name": station.name,
            "kind": station.kind,
            "division": station.division.code,
            "address": station.address,
            "latitude": station.latitude,
            "longitude": station.longitude,
            "services": station.services,
            "phone": station.phone,
            "staff_count": station.staff_count,
            "office": station.office_id,
        }
        for day in DAYS:
            data[f"hours_{day}"] = format_day_hours((station.opening_hours or {}).get(day))
        return data

    def clean_division(self):
        code = self.cleaned_data["division"].strip()
        division = scoped_divisions(self.user).filter(code=code).first()
        if division is None:
            raise forms.ValidationError(_("No division with code %(code)s in your area.") % {"code": code})
        return division

    def hours(self) -> dict:
        return {day: parse_day_hours(self.cleaned_data.get(f"hours_{day}", "")) for day in DAYS}

    def station_data(self) -> dict:
        d = self.cleaned_data
        return {
            "name": d["name"].strip(),
            "kind": d["kind"],
            "address": d["address"].strip(),
            "latitude": d["latitude"],
            "longitude": d["longitude"],
            "opening_hours": self.hours(),
            "services": list(d.get("services") or []),
            "phone": d.get("phone", "").strip(),
            "staff_count": d.get("staff_count") or 0,
        }

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        for field, messages in errors.items():
            for message in messages:
                target = field if field in self.fields else None
                if field == "opening_hours":
                    # Messages name the day first ("Monday: …"): put each on that day's field.
                    target = next(
                        (f"hours_{d}" for d in DAYS if message.startswith(f"{DAY_LABELS[d]}:")), "hours_mon"
                    )
                self.add_error(target, message)


class SitingForm(forms.Form):
    division = DivisionCodeField(
        label=_("Division code"), help_text=_("A county (6 digits) or a prefecture (4).")
    )
    model = forms.ChoiceField(label=_("Model"), choices=SitingModel.choices, initial=SitingModel.MCLP)
    budget = forms.IntegerField(label=_("New stations"), min_value=1, max_value=30, initial=3)
    mode = forms.ChoiceField(label=_("Travel mode"), choices=TravelMode.choices, initial=TravelMode.WALKING)
    minutes = forms.FloatField(label=_("Minutes"), min_value=1, max_value=120, initial=15)
    name = forms.CharField(label=_("Scenario name"), max_length=128, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_division(self):
        code = self.cleaned_data["division"].strip()
        division = scoped_divisions(self.user).filter(code=code, level__in=(2, 3)).first()
        if division is None:
            raise forms.ValidationError(
                _("No county or prefecture with code %(code)s in your area.") % {"code": code}
            )
        return division
