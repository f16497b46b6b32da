"""The only code that changes start-ups, incubators and mentors; the loan through the policy engine; the
survival follow-up. Every change writes an audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.enums import DivisionLevel
from jiuye.jobs.services import PLATFORM_SOURCE_CODE
from jiuye.policies import services as policies
from jiuye.registry.enums import ContractType, EmployerEventKind, EmployerStatus, SourceKind
from jiuye.registry.identifiers import IdentifierError, validate_credit_code
from jiuye.registry.models import (
    ContributionRecord,
    DataSource,
    Employer,
    EmployerEvent,
    EmploymentSpell,
    InsuredPeriod,
    Person,
)

from . import survival as engine
from .enums import StartupStage
from .models import Incubator, Mentor, Startup

LOAN_POLICY = "entrepreneurship_guaranteed_loan"
# The one-stop business start-up service of market supervision (企业开办“一网通办”); a region may set its own.
DEFAULT_REGISTRATION_PORTAL = "https://zwfw.samr.gov.cn/"


class StartupError(ValidationError):
    """Bad input; `message_dict` names the fields."""


def registration_portal() -> str:
    return getattr(settings, "STARTUP_REGISTRATION_PORTAL", DEFAULT_REGISTRATION_PORTAL)


def can_manage(user: Any, division) -> bool:
    """Case staff in scope manage the directory and follow start-ups."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not (getattr(user, "works_on_cases", False) or getattr(user, "is_superuser", False)):
        return False
    if getattr(user, "sees_everything", False):
        return True
    scope = getattr(user, "scope_path", "")
    return (
        bool(scope)
        and division is not None
        and (division.path == scope or division.path.startswith(scope + "/"))
    )


def _check_place(obj, errors: dict) -> None:
    if obj.division_id is None:
        errors.setdefault("division", []).append(_("Choose the division."))
    elif obj.division.level < DivisionLevel.PREFECTURE:
        errors.setdefault("division", []).append(_("Choose a city, a county or a township."))
    lat, lon = getattr(obj, "latitude", None), getattr(obj, "longitude", None)
    if (lat is None) != (lon is None):
        errors.setdefault("latitude", []).append(_("Give both latitude and longitude, or neither."))
    elif lat is not None and not (3.5 <= lat <= 53.6 and 73.4 <= lon <= 135.1):
        errors.setdefault("latitude", []).append(_("This place is not in China: check the coordinates."))


def _save(obj, by: Any, errors: dict, model: str):
    if obj.division_id is not None and not can_manage(by, obj.division):
        errors.setdefault("division", []).append(_("You may not manage entries in this division."))
    if errors:
        raise StartupError(errors)
    created = obj.pk is None
    obj.save()
    record_event(
        obj,
        actor=by,
        kind=EventKind.RECORD_CREATED if created else EventKind.RECORD_UPDATED,
        data={"model": model},
    )
    return obj


def save_incubator(inc: Incubator, *, by: Any) -> Incubator:
    errors: dict[str, list[str]] = {}
    if not (inc.name or "").strip():
        errors["name"] = [_("Give the name.")]
    if not (inc.address or "").strip():
        errors["address"] = [_("Give the address.")]
    _check_place(inc, errors)
    return _save(inc, by, errors, "startups.incubator")


def save_mentor(mentor: Mentor, *, by: Any) -> Mentor:
    errors: dict[str, list[str]] = {}
    if not (mentor.name or "").strip():
        errors["name"] = [_("Give the name.")]
    if not (mentor.expertise or "").strip():
        errors["expertise"] = [_("Say what the mentor can help with.")]
    _check_place(mentor, errors)
    if (
        mentor.incubator_id
        and mentor.division_id
        and not mentor.incubator.division.path.startswith(mentor.division.path[:4])
    ):
        errors["incubator"] = [_("The incubator is in another city.")]
    return _save(mentor, by, errors, "startups.mentor")


def _can_act_for(by: Any, person: Person) -> bool:
    return policies.can_act_for(by, person)


def record_startup(
    person: Person, *, by: Any, name: str, activity: str = "", incubator=None, mentor=None
) -> Startup:
    """A planned business of a person (the person themself or a caseworker in scope)."""
    if not _can_act_for(by, person):
        raise StartupError({"founder": [_("You may not record a business for this person.")]})
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    if not name:
        errors["name"] = [_("Give the business a name (it may change at registration).")]
    if errors:
        raise StartupError(errors)
    startup = Startup.objects.create(
        division=person.division,
        founder=person,
        name=name[:200],
        activity=(activity or "").strip()[:200],
        incubator=incubator,
        mentor=mentor,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_event(startup, actor=by, kind=EventKind.RECORD_CREATED, data={"model": "startups.startup"})
    return startup


def register_startup(
    startup: Startup, *, by: Any, credit_code: str, registered_on: dt.date | None
) -> Startup:
    """Record the registration done on the market-supervision portal: the credit code (checked with its check
    character) and the date. The start-up is linked to the library's employer with that code when there is one."""
    if startup.founder_id and not _can_act_for(by, startup.founder):
        raise StartupError({"founder": [_("You may not change this business.")]})
    if startup.founder_id is None and not can_manage(by, startup.division):
        raise StartupError({"founder": [_("You may not change this business.")]})
    errors: dict[str, list[str]] = {}
    try:
        code = validate_credit_code(credit_code or "")
    except IdentifierError as exc:
        lang = (translation.get_language() or "zh").lower()
        errors["credit_code"] = [exc.zh if lang.startswith("zh") else exc.en]
        code = ""
    if code and Startup.objects.filter(credit_code=code).exclude(pk=startup.pk).exists():
        errors.setdefault("credit_code", []).append(_("Another start-up is already recorded with this code."))
    if registered_on is None:
        errors["registered_on"] = [_("Give the date of registration.")]
    elif registered_on > timezone.localdate():
        errors["registered_on"] = [_("The registration date cannot be in the future.")]
    if errors:
        raise StartupError(errors)
    with transaction.atomic():
        startup.credit_code, startup.registered_on = code, registered_on
        startup.stage = StartupStage.REGISTERED
        startup.employer = Employer.objects.filter(credit_code=code).first()
        startup.save()
        _founder_spell(startup, by)
        record_event(
            startup,
            actor=by,
            kind=EventKind.RECORD_UPDATED,
            data={
                "model": "startups.startup",
                "action": "registered",
                "linked": startup.employer_id is not None,
            },
        )
    return startup


def _founder_spell(startup: Startup, by: Any) -> None:
    """The founder runs the business: a self-employed spell at the library's employer (the source the policy
    engine reads for "has registered a business"), unless the library already has a current one."""
    if startup.founder_id is None or startup.employer_id is None:
        return
    if EmploymentSpell.objects.filter(
        person_id=startup.founder_id,
        employer_id=startup.employer_id,
        contract_type=ContractType.SELF_EMPLOYED,
        end_date__isnull=True,
    ).exists():
        return
    source, _created = DataSource.objects.get_or_create(
        code=PLATFORM_SOURCE_CODE,
        defaults={
            "kind": SourceKind.HUMAN_RESOURCES,
            "name_zh": "就业公共服务平台",
            "name_en": "jiuye platform",
        },
    )
    spell = EmploymentSpell.objects.create(
        person_id=startup.founder_id,
        employer_id=startup.employer_id,
        contract_type=ContractType.SELF_EMPLOYED,
        start_date=startup.registered_on,
        source=source,
    )
    record_event(
        spell,
        actor=by,
        kind=EventKind.RECORD_CREATED,
        data={"model": "registry.employmentspell", "from_startup": startup.pk},
        division_path=startup.division.path,
    )


def follow_startup(
    employer: Employer, *, by: Any, founder: Person | None = None, incubator=None, mentor=None
) -> Startup:
    """Staff start following a business already in the library (its registration date and credit code come from
    there). Returns the existing record when it is already followed."""
    if not can_manage(by, employer.division):
        raise StartupError({"employer": [_("This employer is outside your area.")]})
    if employer.registered_on is None:
        raise StartupError({"employer": [_("The library has no registration date for this employer.")]})
    existing = Startup.objects.filter(credit_code=employer.credit_code).first()
    if existing is not None:
        return existing
    startup = Startup.objects.create(
        division=employer.division,
        founder=founder,
        name=employer.name,
        stage=StartupStage.REGISTERED,
        credit_code=employer.credit_code,
        registered_on=employer.registered_on,
        employer=employer,
        incubator=incubator,
        mentor=mentor,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_event(
        startup,
        actor=by,
        kind=EventKind.RECORD_CREATED,
        data={"model": "startups.startup", "action": "followed"},
    )
    return startup


def link_employers() -> int:
    """Link registered start-ups to library employers that arrived since (by credit code). Returns how many."""
    n = 0
    for s in Startup.objects.filter(employer__isnull=True).exclude(credit_code=""):
        employer = Employer.objects.filter(credit_code=s.credit_code).first()
        if employer is not None:
            s.employer = employer
            s.save(update_fields=["employer", "updated_at"])
            _founder_spell(s, None)
            n += 1
    return n


# --- guaranteed loan through the policy engine ---------------------------------------------------------


def loan_eligibility(person: Person, *, declared: dict | None = None, on: dt.date | None = None):
    """The engine's decision on the entrepreneurship guaranteed loan, with the reasons (why not)."""
    return policies.why_not(person, LOAN_POLICY, on, declared=declared)


def start_loan_application(person: Person, *, by: Any):
    """A prefilled draft application (or the open one) through the policy services."""
    return policies.start_application(person, LOAN_POLICY, by=by)


# --- survival and jobs created -------------------------------------------------------------------------


def businesses(startups, on: dt.date) -> tuple[list[engine.Business], int]:
    """Registered start-ups linked to the library, as the engine's input; and how many are not linked."""
    rows = list(startups.filter(stage=StartupStage.REGISTERED).values("id", "registered_on", "employer_id"))
    linked = [r for r in rows if r["employer_id"] and r["registered_on"]]
    ids = {r["employer_id"] for r in linked}
    status = dict(Employer.objects.filter(pk__in=ids).values_list("id", "status"))
    closed_on = dict(
        EmployerEvent.objects.filter(employer_id__in=ids, kind=EmployerEventKind.DEREGISTERED)
        .values("employer_id")
        .annotate(first=Min("occurred_on"))
        .values_list("employer_id", "first")
    )
    insured = insured_headcount(ids, on)
    out = []
    for r in linked:
        eid = r["employer_id"]
        closed = status.get(eid) == EmployerStatus.DEREGISTERED or (
            closed_on.get(eid) is not None and closed_on[eid] <= on
        )
        out.append(
            engine.Business(
                registered_on=r["registered_on"],
                closed=closed,
                closed_on=closed_on.get(eid) if closed else None,
                insured_headcount=insured.get(eid, 0),
                cohort=str(r["registered_on"].year),
            )
        )
    return out, len(rows) - len(linked)


def insured_headcount(employer_ids, on: dt.date) -> dict[int, int]:
    """Jobs created: the distinct people insured by each employer on `on` — an open insured period, or a
    contribution in the latest contribution month on file up to `on` (the monthly files lag)."""
    people: dict[int, set[int]] = {}
    for eid, pid in (
        InsuredPeriod.objects.filter(employer_id__in=employer_ids, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .values_list("employer_id", "person_id")
    ):
        people.setdefault(eid, set()).add(pid)
    latest = ContributionRecord.objects.filter(month__lte=on).aggregate(m=Max("month"))["m"]
    if latest is not None:
        for eid, pid in ContributionRecord.objects.filter(
            employer_id__in=employer_ids, month=latest
        ).values_list("employer_id", "person_id"):
            people.setdefault(eid, set()).add(pid)
    return {eid: len(p) for eid, p in people.items()}


def survival_report(startups, on: dt.date | None = None) -> dict:
    on = on or timezone.localdate()
    items, unlinked = businesses(startups, on)
    return {
        "on": on,
        "overall": engine.survival(items, on),
        "cohorts": engine.by_cohort(items, on),
        "not_linked": unlinked,
        "planned": startups.filter(stage=StartupStage.PLANNED).count(),
    }
