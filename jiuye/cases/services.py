"""Case services: the only code that writes case files, positions, placements and conflicts.

Automated verbs (run by `refresh_cases` after each import and by the `cases_refresh` command):
`open_cases_from_identification`, `sync_zero_employment_cases`, `close_stable_employment`,
`reopen_on_job_loss`, `end_expired_placements`, `escalate_overdue`, `detect_conflicts`.

Caseworker verbs (each checks that `by` works on cases and can see the case): `record_contact`,
`record_assessment`, `add_action`, `set_action_status`, `refer_to_job`, `place_in_position`, `end_placement`,
`assign_case`, `close_case`, `resolve_conflict`, `open_case` (walk-in / referral), `create_position`.

Reads: `caseworker_queue(user)` (ordering documented there), `zero_employment_clearance(scope)`,
`suitable_postings(case)`.

Every write records an audit event with codes, ids and dates only (no names or identifiers).
"""

from __future__ import annotations

import datetime as dt
import logging
import statistics
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Case as Cond
from django.db.models import F, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce, Floor
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.comparisons.enums import WorklistKind
from jiuye.comparisons.models import WorklistEntry
from jiuye.comparisons.parameters import DEFAULT as WORKLIST_DEFAULTS
from jiuye.comparisons.parameters import add_months, month_start, years_before
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.registry.enums import LabourStatus, RegistrationStatus
from jiuye.registry.models import (
    ContributionRecord,
    EmploymentSpell,
    Household,
    HouseholdMembership,
    Person,
    UnemploymentRegistration,
)

from . import identification as ident
from .models import (
    AWAITING_CONTACT,
    ActionKind,
    ActionPlanItem,
    ActionStatus,
    Assessment,
    Case,
    CaseSource,
    CaseStatus,
    ClosedReason,
    ConflictKind,
    ConflictStatus,
    Contact,
    ContactKind,
    DataConflict,
    ExitReason,
    Placement,
    PublicWelfarePosition,
)
from .workdays import add_working_days

logger = logging.getLogger(__name__)

# Service rules (not eligibility criteria, so kept here with their reasons).
FIRST_CONTACT_WORKING_DAYS = 5  # first contact within 5 working days of identification (issue 6)
STABLE_MONTHS = 3  # three consecutive months of contributions = stable employment (issue 6)
FOLLOW_UP_MONTHS = 3  # a closed case gets a follow-up check three months later
CONFLICT_MONTHS = 3  # the same window the zero-employment rule uses for wage income
BARRIERS = {
    "care": ActionKind.CARE_BARRIER,
    "transport": ActionKind.TRANSPORT_BARRIER,
    "skills": None,
    "health": None,
}

# Household situation in the queue: zero-employment household first, then members of assisted households.
HOUSEHOLD_ZERO_EMPLOYMENT, HOUSEHOLD_ASSISTED, HOUSEHOLD_OTHER = 2, 1, 0
SYSTEM = "cases_refresh"
RISK_BANDS = 100  # the queue compares risk scores in percentage points (see caseworker_queue)


class CaseError(ValueError):
    """A refused case action; the message is shown to the caseworker as is."""

    def __init__(self, message: str, field: str | None = None):
        self.field = field
        super().__init__(message)


def _today() -> dt.date:
    return timezone.localdate()


def _audit(obj, by, action: str, **data) -> None:
    record_event(
        obj,
        actor=by or SYSTEM,
        kind=EventKind.RECORD_CREATED
        if action.endswith(("_opened", "_created", "_detected"))
        else EventKind.RECORD_UPDATED,
        division_path=_path_of(obj),
        data={"action": action, **data},
    )


def _path_of(obj) -> str:
    for attr in ("division", "case", "position"):
        target = getattr(obj, attr, None)
        if target is None:
            continue
        if attr == "division":
            return getattr(target, "path", "") or ""
        return _path_of(target)
    return ""


def _check_caseworker(case: Case, by: Any) -> None:
    if not getattr(by, "works_on_cases", False):
        raise CaseError(_("Only caseworkers can work on cases."))
    if not Case.objects.visible_to(by).filter(pk=case.pk).exists():
        raise CaseError(_("This case is outside your area."))


def _check_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise CaseError(_("This case is closed."), field="case")


# ---------------------------------------------------------------------------------------------
# Risk score (profiling model of jiuye.cases.profiling)
# ---------------------------------------------------------------------------------------------


def _profile_model():
    try:
        from .profiling import PROFILE_FEATURES, ProfileModel
    except ImportError:  # the model is built separately; without it the queue orders by the other keys
        return None, ()
    return ProfileModel(), tuple(PROFILE_FEATURES)


def profile_features(facts: ident.PersonFacts, on: dt.date, person: Person, groups: list[str]) -> dict:
    """The library's facts as the profiling model's features (`jiuye.cases.profiling.PROFILE_FEATURES`).

    Read: education rank, months with paid contributions in the 24 months before `on`, past employment spells,
    months since the last one ended, the 大典 major group and monthly wage of the last spell, the key groups.
    Unknown facts are None (the model adds nothing for them). Unemployment-insurance benefit receipt is not in
    the library, so it is None. No sex, age, ethnicity, hukou, marital status or disability."""
    window = [add_months(month_start(on), -i) for i in range(1, 25)]
    contribution_months = (
        ContributionRecord.objects.filter(person=person, month__in=window, amount_paid__gt=0)
        .values("month")
        .distinct()
        .count()
    )
    ended = list(
        EmploymentSpell.objects.filter(person=person, end_date__isnull=False, end_date__lte=on)
        .select_related("occupation")
        .order_by("-end_date")
    )
    last = ended[0] if ended else None
    occupation = (last.occupation if last and last.occupation_id else None) or (
        person.occupation if person.occupation_id else None
    )
    since = None
    if last is not None:
        since = (on.year - last.end_date.year) * 12 + (on.month - last.end_date.month)
    return {
        "education_rank": person.education.rank if person.education_id else None,
        "contribution_months_24": min(contribution_months, 24),
        "past_spells": len(ended),
        "months_since_last_spell": max(since, 0) if since is not None else None,
        "occupation_major_group": occupation.code[:1] if occupation is not None else None,
        "previous_monthly_wage": float(last.monthly_wage) if last and last.monthly_wage else None,
        "receives_unemployment_benefit": None,
        "key_groups": list(groups),
    }


def risk_for(
    facts: ident.PersonFacts, on: dt.date, person: Person, groups: list[str] | None = None
) -> tuple[float | None, list]:
    """(score in 0–1, reasons as [code, params]) from the profiling model; (None, []) without the model."""
    model, names = _profile_model()
    if model is None:
        return None, []
    feats = profile_features(facts, on, person, groups or [])
    row = {k: v for k, v in feats.items() if k in names}
    try:
        score = float(model.score(row))
        reasons = [[code, params] for code, params in model.reasons(row)]
    except ValueError as exc:  # a fact out of the model's range: the case still opens, without a score
        logger.info("risk score unavailable for a case: %s", type(exc).__name__)
        return None, []
    return round(score, 4), reasons


# ---------------------------------------------------------------------------------------------
# Group journeys: action templates proposed when a case opens, and the first-contact deadline
# ---------------------------------------------------------------------------------------------

# group → [(action kind, title msgid, days until due)]
JOURNEYS: dict[str, list[tuple[str, str, int]]] = {
    "graduate": [
        (ActionKind.JOB_REFERRAL, "Recommend postings matching the degree (school-to-work hand-over)", 30)
    ],
    "unemployed_youth": [
        (ActionKind.TRAINING, "Offer a traineeship or vocational training", 30),
        (ActionKind.JOB_REFERRAL, "Recommend postings", 30),
    ],
    "veteran": [
        (ActionKind.TRAINING, "Training first: offer adaptive or vocational training", 30),
        (ActionKind.JOB_REFERRAL, "Job follow-up after training", 90),
    ],
    "rural_migrant": [
        (
            ActionKind.ENTREPRENEURSHIP,
            "Return-home entrepreneurship support (guaranteed loan, incubation)",
            30,
        ),
        (ActionKind.JOB_REFERRAL, "Local postings or organised labour export (regional cooperation)", 30),
    ],
    "older_worker": [
        (ActionKind.JOB_REFERRAL, "Refer to postings flagged as suitable", 15),
        (ActionKind.PUBLIC_WELFARE_POSITION, "Consider a public-welfare position", 30),
    ],
    "disabled": [
        (ActionKind.JOB_REFERRAL, "Refer to postings flagged as suitable (accessible, quota employers)", 15),
        (ActionKind.PARTNER_REFERRAL, "Disabled persons' federation: vocational rehabilitation", 30),
    ],
    "long_term_unemployed": [
        (ActionKind.TRAINING, "Offer vocational training", 30),
        (ActionKind.SUBSIDY, "Check social-insurance subsidy for hiring hard-to-employ persons", 30),
    ],
    "dibao_member": [(ActionKind.SUBSIDY, "Check job-search and social-insurance subsidies", 30)],
    "low_income_member": [(ActionKind.SUBSIDY, "Check job-search and social-insurance subsidies", 30)],
    "zero_employment_household": [
        (ActionKind.JOB_REFERRAL, "At least one member into work: refer to postings", 15),
        (ActionKind.PUBLIC_WELFARE_POSITION, "Public-welfare position as a fallback", 30),
    ],
}


def first_contact_due(opened_on: dt.date, groups: list[str], handed_over: dt.date | None = None) -> dt.date:
    """5 working days; graduates also within the month of the education hand-over (the earlier wins)."""
    due = add_working_days(opened_on, FIRST_CONTACT_WORKING_DAYS)
    if "graduate" in groups:
        month_end = add_months(month_start(handed_over or opened_on), 1) - dt.timedelta(days=1)
        due = min(due, max(month_end, opened_on))
    return due


def _add_journey(case: Case, groups: list[str], on: dt.date, person: Person | None = None) -> int:
    seen: set[tuple[str, str]] = set()
    items = []
    for g in groups:
        for kind, title, days in JOURNEYS.get(g, []):
            if (kind, title) in seen:
                continue
            seen.add((kind, title))
            items.append(
                ActionPlanItem(
                    case=case,
                    kind=kind,
                    title=title,
                    template=g,
                    due_on=on + dt.timedelta(days=days),
                    person=person,
                )
            )
    ActionPlanItem.objects.bulk_create(items)
    return len(items)


# ---------------------------------------------------------------------------------------------
# Opening cases
# ---------------------------------------------------------------------------------------------


def _household_priority(found: list[ident.Identified]) -> int:
    groups = {i.group for i in found}
    if "zero_employment_household" in groups:
        return HOUSEHOLD_ZERO_EMPLOYMENT
    if groups & {"dibao_member", "low_income_member"}:
        return HOUSEHOLD_ASSISTED
    return HOUSEHOLD_OTHER


def _criteria_dict(found: list[ident.Identified]) -> dict:
    return {i.group: i.criteria for i in found}


def _persons_scope(division):
    qs = Person.objects.all()
    if division is not None:
        qs = qs.filter(Q(division__path=division.path) | Q(division__path__startswith=division.path + "/"))
    return qs


def open_cases_from_identification(
    on: dt.date | None = None, *, division=None, actor: Any = None, identified: dict | None = None
) -> dict[str, int]:
    """Open a case for every identified person without one; refresh the groups of open cases.

    A person whose only group is "zero-employment household member" is served through the household's case.
    A person whose last case was closed (stable employment, declined…) is not reopened here: job loss reopens
    it (`reopen_on_job_loss`), a caseworker may open a new one. Never-contacted identification cases whose
    person no longer meets any criterion are closed as "no longer eligible".
    """
    on = on or _today()
    if identified is None:
        identified = ident.identify_all(division, on)
    now = timezone.now()
    open_cases = {
        c.person_id: c
        for c in Case.objects.open().for_persons().filter(person_id__in=_persons_scope(division))
    }
    had_case = set(
        Case.objects.closed()
        .for_persons()
        .exclude(closed_reason=ClosedReason.NO_LONGER_ELIGIBLE)
        .values_list("person_id", flat=True)
    )
    counts = {"opened": 0, "updated": 0, "closed_not_eligible": 0}
    candidates = [
        pid for pid, found in identified.items() if {i.group for i in found} - {"zero_employment_household"}
    ]
    persons = Person.objects.in_bulk(
        [pid for pid in candidates if pid not in open_cases and pid not in had_case]
    )
    facts = ident.load_facts(list(persons), on) if persons else {}
    with transaction.atomic():
        for pid in candidates:
            found = identified[pid]
            groups = sorted({i.group for i in found})
            case = open_cases.get(pid)
            if case is not None:
                if case.groups != groups:
                    case.groups, case.criteria = groups, _criteria_dict(found)
                    case.household_priority = max(case.household_priority, _household_priority(found))
                    case.save(update_fields=["groups", "criteria", "household_priority", "updated_at"])
                    counts["updated"] += 1
                continue
            person = persons.get(pid)
            if person is None:
                continue
            handed = None
            if "graduate" in groups:
                handed = on  # the education file is imported on the reference date of this run
            score, reasons = risk_for(facts[pid], on, person, groups)
            case = Case.objects.create(
                person=person,
                division_id=person.division_id,
                groups=groups,
                criteria=_criteria_dict(found),
                source=CaseSource.IDENTIFICATION,
                status=CaseStatus.NEW,
                opened_at=now,
                opened_on=on,
                risk_score=score,
                risk_reasons=reasons,
                household_priority=_household_priority(found),
                first_contact_due=first_contact_due(on, groups, handed),
            )
            _add_journey(case, groups, on, person)
            _audit(case, actor, "case_opened", source=CaseSource.IDENTIFICATION, groups=groups)
            counts["opened"] += 1
        stale = (
            Case.objects.open()
            .for_persons()
            .filter(source=CaseSource.IDENTIFICATION, status=CaseStatus.NEW, first_contact_at__isnull=True)
            .filter(person_id__in=_persons_scope(division))
            .exclude(person_id__in=candidates)
        )
        for case in stale:
            _close(case, on, ClosedReason.NO_LONGER_ELIGIBLE, actor, follow_up=False)
            counts["closed_not_eligible"] += 1
    return counts


def open_case(
    person: Person, *, by: Any, source: str = CaseSource.WALK_IN, on: dt.date | None = None
) -> Case:
    """A walk-in or a referral: a case for a person the caseworker can see (the open one if any)."""
    on = on or _today()
    if source not in (CaseSource.WALK_IN, CaseSource.REFERRAL):
        raise CaseError(_("Unknown case source."), field="source")
    if (
        not getattr(by, "works_on_cases", False)
        or not Person.objects.visible_to(by).filter(pk=person.pk).exists()
    ):
        raise CaseError(_("This person is outside your area."))
    existing = Case.objects.open().filter(person=person).first()
    if existing is not None:
        return existing
    found = ident.identify(person, on)
    groups = sorted({i.group for i in found})
    facts = ident.load_facts([person.pk], on)[person.pk]
    score, reasons = risk_for(facts, on, person, groups)
    case = Case.objects.create(
        person=person,
        division_id=person.division_id,
        groups=groups,
        criteria=_criteria_dict(found),
        source=source,
        opened_at=timezone.now(),
        opened_on=on,
        risk_score=score,
        risk_reasons=reasons,
        household_priority=_household_priority(found),
        first_contact_due=first_contact_due(on, groups),
        assigned_to=by,
    )
    _add_journey(case, groups, on, person)
    _audit(case, by, "case_opened", source=source, groups=groups)
    return case


def sync_zero_employment_cases(
    on: dt.date | None = None, *, division=None, actor: Any = None
) -> dict[str, int]:
    """Household cases follow the zero-employment list: a listed household without an open case gets one
    (a household listed again after clearing gets a new case, so each episode has its time to clear); an open
    household case whose household is no longer listed closes as "left the list", with a follow-up check."""
    on = on or _today()
    entries = WorklistEntry.objects.open().of_kind(WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD)
    households = Household.objects.all()
    if division is not None:
        inside = Q(division__path=division.path) | Q(division__path__startswith=division.path + "/")
        entries = entries.filter(inside)
        households = households.filter(inside)
    listed = dict(entries.values_list("household_id", "pk"))
    open_cases = {
        c.household_id: c for c in Case.objects.open().for_households().filter(household__in=households)
    }
    counts = {"opened": 0, "cleared": 0}
    now = timezone.now()
    with transaction.atomic():
        new = Household.objects.in_bulk([h for h in listed if h not in open_cases])
        for hid, household in sorted(new.items()):
            groups = ["zero_employment_household"]
            case = Case.objects.create(
                household=household,
                division_id=household.division_id,
                groups=groups,
                criteria={
                    "zero_employment_household": {
                        "criterion": "zero_employment_household",
                        "worklist_entry": listed[hid],
                    }
                },
                source=CaseSource.IDENTIFICATION,
                opened_at=now,
                opened_on=on,
                household_priority=HOUSEHOLD_ZERO_EMPLOYMENT,
                first_contact_due=first_contact_due(on, groups),
                worklist_entry_id=listed[hid],
            )
            _add_journey(case, groups, on)
            _audit(case, actor, "case_opened", source=CaseSource.IDENTIFICATION, groups=groups)
            counts["opened"] += 1
        for hid, case in open_cases.items():
            if hid not in listed:
                _close(case, on, ClosedReason.LEFT_LIST, actor)
                counts["cleared"] += 1
    return counts


# ---------------------------------------------------------------------------------------------
# The caseworker's queue
# ---------------------------------------------------------------------------------------------


def caseworker_queue(user: Any, on: dt.date | None = None):
    """Open cases the user can see, most urgent first. The ordering key, in order:

    1. overdue: waiting for a first contact past the deadline (escalated or about to be);
    2. waiting for a first contact (new identifications and reopened cases) before cases in progress;
    3. household situation: zero-employment household (2), member of a minimum-living-security or
       low-income household (1), other (0);
    4. risk band: the profiling score in percentage points (floor of 100 × score), highest first, cases
       without a score after those with one (the transferred model's scores are narrow, about 0.09–0.13 on the
       demo region, so tenths would put nearly everyone in one band);
    5. waiting time: the longest waiting first (reopened cases count from the reopening);
    6. id, so the order is stable.

    Nothing in the key reads sex, age, ethnicity, hukou or marital status; the key group itself is not in
    the key either (every group has the same deadline).
    """
    on = on or _today()
    awaiting = Q(status__in=AWAITING_CONTACT, first_contact_at__isnull=True)
    return (
        Case.objects.visible_to(user)
        .open()
        .select_related("person", "household", "division", "assigned_to")
        .annotate(
            overdue=Cond(
                When(awaiting & Q(first_contact_due__lt=on), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            awaiting=Cond(When(awaiting, then=Value(1)), default=Value(0), output_field=IntegerField()),
            risk_band=Cond(
                When(risk_score__isnull=True, then=Value(-1)),
                default=Floor(F("risk_score") * RISK_BANDS),
                output_field=IntegerField(),
            ),
            waiting_since=Coalesce("reopened_at", "opened_at"),
        )
        .order_by("-overdue", "-awaiting", "-household_priority", "-risk_band", "waiting_since", "pk")
    )


def escalate_overdue(on: dt.date | None = None, *, division=None, actor: Any = None) -> int:
    """Mark every case past its first-contact deadline without a contact as escalated (once), with an audit
    event the district's supervisors read; the queue puts these first."""
    on = on or _today()
    qs = Case.objects.overdue(on).filter(escalated_at__isnull=True)
    if division is not None:
        qs = qs.filter(Q(division__path=division.path) | Q(division__path__startswith=division.path + "/"))
    now = timezone.now()
    n = 0
    for case in qs.select_related("division"):
        case.escalated_at = now
        case.save(update_fields=["escalated_at", "updated_at"])
        _audit(case, actor, "case_escalated", due=case.first_contact_due.isoformat(), on=on.isoformat())
        n += 1
    return n


# ---------------------------------------------------------------------------------------------
# Caseworker verbs
# ---------------------------------------------------------------------------------------------


def assign_case(case: Case, *, to: Any, by: Any) -> Case:
    _check_caseworker(case, by)
    if not Case.objects.visible_to(to).filter(pk=case.pk).exists() or not getattr(
        to, "works_on_cases", False
    ):
        raise CaseError(_("The caseworker must work in the case's area."), field="to")
    case.assigned_to = to
    case.save(update_fields=["assigned_to", "updated_at"])
    _audit(case, by, "case_assigned", to=to.pk)
    return case


def record_contact(
    case: Case, *, kind: str, by: Any, note: str = "", at: dt.datetime | None = None, reached: bool = True
) -> Contact:
    _check_caseworker(case, by)
    _check_open(case)
    if kind not in ContactKind.values:
        raise CaseError(_("Unknown contact kind %(kind)s.") % {"kind": kind}, field="kind")
    at = at or timezone.now()
    contact = Contact.objects.create(case=case, kind=kind, at=at, by=by, note=note, reached=reached)
    fields = ["updated_at"]
    if reached and case.first_contact_at is None:
        case.first_contact_at = at
        fields.append("first_contact_at")
    if reached and case.status in AWAITING_CONTACT:
        case.status = CaseStatus.CONTACTED
        fields.append("status")
    if case.assigned_to_id is None:
        case.assigned_to = by
        fields.append("assigned_to")
    case.save(update_fields=fields)
    _audit(case, by, "case_contact", contact=contact.pk, kind=kind, reached=reached)
    return contact


def record_assessment(
    case: Case,
    *,
    by: Any,
    able_to_work: bool = True,
    willing_to_work: bool = True,
    barriers: list[str] | None = None,
    desired_occupation=None,
    summary: str = "",
    on: dt.date | None = None,
) -> Assessment:
    """An assessment; care and transport barriers become action items."""
    _check_caseworker(case, by)
    _check_open(case)
    barriers = list(barriers or [])
    unknown = [b for b in barriers if b not in BARRIERS]
    if unknown:
        raise CaseError(
            _("Unknown barrier %(code)s (known: %(known)s).")
            % {"code": unknown[0], "known": ", ".join(BARRIERS)},
            field="barriers",
        )
    on = on or _today()
    a = Assessment.objects.create(
        case=case,
        assessed_on=on,
        by=by,
        able_to_work=able_to_work,
        willing_to_work=willing_to_work,
        barriers=barriers,
        desired_occupation=desired_occupation,
        summary=summary,
    )
    for b in barriers:
        kind = BARRIERS[b]
        if kind and not case.actions.filter(kind=kind).exclude(status=ActionStatus.CANCELLED).exists():
            ActionPlanItem.objects.create(
                case=case, kind=kind, title="", created_by=by, due_on=on + dt.timedelta(days=15)
            )
    if case.status in (CaseStatus.NEW, CaseStatus.REOPENED, CaseStatus.CONTACTED):
        case.status = CaseStatus.IN_ASSISTANCE
        case.save(update_fields=["status", "updated_at"])
    _audit(case, by, "case_assessed", assessment=a.pk, barriers=barriers)
    return a


def add_action(
    case: Case,
    *,
    kind: str,
    by: Any,
    title: str = "",
    note: str = "",
    due_on: dt.date | None = None,
    person: Person | None = None,
    partner: str = "",
    policy_application=None,
    job_application=None,
) -> ActionPlanItem:
    _check_caseworker(case, by)
    _check_open(case)
    if kind not in ActionKind.values:
        raise CaseError(_("Unknown action kind %(kind)s.") % {"kind": kind}, field="kind")
    person = person or case.person
    if person is not None and not _member_of(case, person):
        raise CaseError(
            _("This person is not the case's person or a member of its household."), field="person"
        )
    if kind == ActionKind.PARTNER_REFERRAL and not partner.strip():
        raise CaseError(_("Name the partner service."), field="partner")
    item = ActionPlanItem.objects.create(
        case=case,
        kind=kind,
        title=title,
        note=note,
        due_on=due_on,
        person=person,
        partner=partner,
        policy_application=policy_application,
        job_application=job_application,
        created_by=by,
        status=ActionStatus.IN_PROGRESS if (policy_application or job_application) else ActionStatus.PLANNED,
    )
    _audit(case, by, "case_action_added", item=item.pk, kind=kind)
    return item


def set_action_status(item: ActionPlanItem, *, status: str, by: Any) -> ActionPlanItem:
    _check_caseworker(item.case, by)
    if status not in ActionStatus.values:
        raise CaseError(_("Unknown status %(status)s.") % {"status": status}, field="status")
    item.status = status
    item.save(update_fields=["status", "updated_at"])
    _audit(item.case, by, "case_action_status", item=item.pk, status=status)
    return item


def _member_of(case: Case, person: Person) -> bool:
    if case.person_id:
        return person.pk == case.person_id
    return HouseholdMembership.objects.filter(household_id=case.household_id, person=person).exists()


def _in_assistance(case: Case) -> None:
    if case.status in (CaseStatus.NEW, CaseStatus.REOPENED, CaseStatus.CONTACTED):
        case.status = CaseStatus.IN_ASSISTANCE
        case.save(update_fields=["status", "updated_at"])


def refer_to_job(case: Case, posting, by: Any, *, person: Person | None = None) -> ActionPlanItem:
    """Refer the case's person (or a household member) to a posting through `jiuye.jobs.services.refer`."""
    from jiuye.jobs.services import ApplicationError, refer

    _check_caseworker(case, by)
    _check_open(case)
    person = person or case.person
    if person is None:
        raise CaseError(_("Choose the household member to refer."), field="person")
    if not _member_of(case, person):
        raise CaseError(
            _("This person is not the case's person or a member of its household."), field="person"
        )
    try:
        application = refer(posting, person, by=by)
    except ApplicationError as exc:
        raise CaseError(str(exc), field="posting") from exc
    item = ActionPlanItem.objects.create(
        case=case,
        kind=ActionKind.JOB_REFERRAL,
        status=ActionStatus.IN_PROGRESS,
        title=posting.title[:200],
        person=person,
        job_application=application,
        created_by=by,
    )
    _in_assistance(case)
    _audit(case, by, "case_job_referral", item=item.pk, posting=posting.pk, application=application.pk)
    return item


def create_position(
    *, division, unit: str, title: str, slots: int, term_limit_months: int = 36, by: Any, employer=None
) -> PublicWelfarePosition:
    from jiuye.geography.models import Division

    if not getattr(by, "works_on_cases", False):
        raise CaseError(_("Only caseworkers can work on cases."))
    if not Division.objects.filter(pk=division.pk).filter(
        Q(path=getattr(by, "scope_path", "")) | Q(path__startswith=getattr(by, "scope_path", "") + "/")
    ).exists() and not getattr(by, "sees_everything", False):
        raise CaseError(_("This division is outside your area."), field="division")
    if not unit.strip():
        raise CaseError(_("Name the unit."), field="unit")
    if not title.strip():
        raise CaseError(_("Give the position a title."), field="title")
    if slots < 1:
        raise CaseError(_("A position needs at least one slot."), field="slots")
    if not 1 <= term_limit_months <= 120:
        raise CaseError(_("The term limit must be between 1 and 120 months."), field="term_limit_months")
    pos = PublicWelfarePosition.objects.create(
        division=division,
        unit=unit,
        title=title,
        slots=slots,
        term_limit_months=term_limit_months,
        employer=employer,
    )
    _audit(pos, by, "position_created", slots=slots, term_limit_months=term_limit_months)
    return pos


def months_used(person: Person, position_limit_from: dt.date | None = None, on: dt.date | None = None) -> int:
    """Months a person has already spent in public-welfare positions (any position, ended or current)."""
    on = on or _today()
    total = 0
    for start, end, term_end in Placement.objects.filter(person=person).values_list(
        "start_date", "ended_on", "term_end"
    ):
        stop = min(end or term_end, on) if (end or term_end) else on
        if stop < start:
            continue
        total += (
            (stop.year - start.year) * 12 + (stop.month - start.month) + (1 if stop.day >= start.day else 0)
        )
    return total


def place_in_position(
    case: Case,
    position: PublicWelfarePosition,
    *,
    by: Any,
    person: Person | None = None,
    start: dt.date | None = None,
) -> Placement:
    """Place the case's person (or a household member) in a public-welfare position.

    Refused when the position has no free slot on the start date, the person already holds a current
    placement, or their months already served reach the position's term limit; the term ends when the
    remaining months run out."""
    _check_caseworker(case, by)
    _check_open(case)
    start = start or _today()
    person = person or case.person
    if person is None:
        raise CaseError(_("Choose the household member to place."), field="person")
    if not _member_of(case, person):
        raise CaseError(
            _("This person is not the case's person or a member of its household."), field="person"
        )
    if not PublicWelfarePosition.objects.visible_to(by).filter(pk=position.pk).exists():
        raise CaseError(_("This position is outside your area."), field="position")
    if not position.is_active:
        raise CaseError(_("This position is closed."), field="position")
    with transaction.atomic():
        taken = Placement.objects.filter(position=position).current(start).count()
        if taken >= position.slots:
            raise CaseError(_("No free slot in this position."), field="position")
        if Placement.objects.filter(person=person).current(start).exists():
            raise CaseError(_("This person already holds a public-welfare position."), field="person")
        used = months_used(person, on=start)
        remaining = position.term_limit_months - used
        if remaining <= 0:
            raise CaseError(
                _("Term limit reached: %(used)s of %(limit)s months already served.")
                % {"used": used, "limit": position.term_limit_months},
                field="person",
            )
        term_end = add_months(start, remaining) - dt.timedelta(days=1)
        placement = Placement.objects.create(
            position=position, person=person, case=case, start_date=start, term_end=term_end, placed_by=by
        )
        ActionPlanItem.objects.create(
            case=case,
            kind=ActionKind.PUBLIC_WELFARE_POSITION,
            status=ActionStatus.DONE,
            title=position.title[:200],
            person=person,
            placement=placement,
            created_by=by,
        )
        case.status = CaseStatus.PLACED
        case.save(update_fields=["status", "updated_at"])
    _audit(
        case, by, "case_placed", placement=placement.pk, position=position.pk, term_end=term_end.isoformat()
    )
    return placement


def end_placement(
    placement: Placement, *, reason: str, by: Any = None, on: dt.date | None = None
) -> Placement:
    on = on or _today()
    if reason not in ExitReason.values:
        raise CaseError(_("Unknown exit reason %(reason)s.") % {"reason": reason}, field="reason")
    if by is not None:
        if (
            not getattr(by, "works_on_cases", False)
            or not Placement.objects.visible_to(by).filter(pk=placement.pk).exists()
        ):
            raise CaseError(_("This placement is outside your area."))
    if placement.ended_on is not None:
        raise CaseError(_("This placement has already ended."), field="placement")
    if on < placement.start_date:
        raise CaseError(_("A placement cannot end before it starts."), field="on")
    placement.ended_on = min(on, placement.term_end)
    placement.exit_reason = reason
    placement.save(update_fields=["ended_on", "exit_reason", "updated_at"])
    case = placement.case
    if case is not None and case.status == CaseStatus.PLACED and reason != ExitReason.FOUND_JOB:
        case.status = CaseStatus.IN_ASSISTANCE
        case.save(update_fields=["status", "updated_at"])
    _audit(placement, by, "placement_ended", reason=reason, on=placement.ended_on.isoformat())
    return placement


def end_expired_placements(on: dt.date | None = None, *, actor: Any = None) -> int:
    """Placements past their term end close with "term limit reached" (the term limit is enforced)."""
    on = on or _today()
    n = 0
    for p in Placement.objects.filter(ended_on__isnull=True, term_end__lt=on).select_related(
        "case", "position__division"
    ):
        end_placement(p, reason=ExitReason.TERM_ENDED, on=p.term_end)
        n += 1
    return n


def _close(case: Case, on: dt.date, reason: str, by: Any, *, follow_up: bool = True) -> Case:
    case.status = CaseStatus.CLOSED
    case.closed_at = timezone.now()
    case.closed_on = on
    case.closed_reason = reason
    case.follow_up_due = add_months(on, FOLLOW_UP_MONTHS) if follow_up else None
    case.save(
        update_fields=["status", "closed_at", "closed_on", "closed_reason", "follow_up_due", "updated_at"]
    )
    _audit(case, by, "case_closed", reason=reason, on=on.isoformat())
    return case


def close_case(case: Case, *, reason: str, by: Any, on: dt.date | None = None) -> Case:
    """A caseworker closes a case (declined, moved, other). Household cases follow the list only."""
    _check_caseworker(case, by)
    _check_open(case)
    if reason not in (ClosedReason.DECLINED, ClosedReason.MOVED, ClosedReason.OTHER):
        raise CaseError(_("Choose declined, moved or other."), field="reason")
    if case.is_household:
        raise CaseError(
            _("A household case closes when the household leaves the zero-employment list."), field="reason"
        )
    return _close(case, on or _today(), reason, by)


# ---------------------------------------------------------------------------------------------
# Dynamic management
# ---------------------------------------------------------------------------------------------


def _months_back(on: dt.date, n: int) -> list[dt.date]:
    first = month_start(on)
    return [add_months(first, -i) for i in range(n)]


def stable_employment(person_ids: list[int], on: dt.date) -> set[int]:
    """Persons with contributions paid in STABLE_MONTHS consecutive months ending in the reference month or the
    month before (contributions are reported a month late)."""
    window = _months_back(on, STABLE_MONTHS + 1)
    months: dict[int, set[dt.date]] = defaultdict(set)
    for pid, m in ContributionRecord.objects.filter(
        person_id__in=person_ids, month__in=window, amount_paid__gt=0
    ).values_list("person_id", "month"):
        months[pid].add(m)
    runs = [set(window[i : i + STABLE_MONTHS]) for i in range(2)]
    return {pid for pid, ms in months.items() if any(r <= ms for r in runs)}


def close_stable_employment(on: dt.date | None = None, *, division=None, actor: Any = None) -> int:
    on = on or _today()
    cases = Case.objects.open().for_persons()
    if division is not None:
        cases = cases.filter(
            Q(division__path=division.path) | Q(division__path__startswith=division.path + "/")
        )
    by_person = {c.person_id: c for c in cases.select_related("division")}
    stable = stable_employment(list(by_person), on) if by_person else set()
    for pid in sorted(stable):
        _close(by_person[pid], on, ClosedReason.STABLE_EMPLOYMENT, actor)
    return len(stable)


def reopen_on_job_loss(on: dt.date | None = None, *, division=None, actor: Any = None) -> int:
    """A case closed for stable employment (or after a placement) reopens when, after its closure, a spell of
    the person ended or the person registered as unemployed; the first-contact deadline runs again."""
    on = on or _today()
    cases = Case.objects.closed().for_persons().filter(closed_reason=ClosedReason.STABLE_EMPLOYMENT)
    if division is not None:
        cases = cases.filter(
            Q(division__path=division.path) | Q(division__path__startswith=division.path + "/")
        )
    n = 0
    for case in cases.select_related("division"):
        if Case.objects.open().filter(person_id=case.person_id).exists():
            continue
        lost = (
            EmploymentSpell.objects.filter(
                person_id=case.person_id, end_date__gt=case.closed_on, end_date__lte=on
            ).exists()
            or UnemploymentRegistration.objects.filter(
                person_id=case.person_id,
                registered_on__gt=case.closed_on,
                registered_on__lte=on,
                status=RegistrationStatus.OPEN,
            ).exists()
        )
        if not lost:
            continue
        case.status = CaseStatus.REOPENED
        case.reopened_at = timezone.now()
        case.reopened_count += 1
        case.first_contact_at = None
        case.escalated_at = None
        case.first_contact_due = add_working_days(on, FIRST_CONTACT_WORKING_DAYS)
        previous = case.closed_on.isoformat()
        case.closed_at = case.closed_on = None
        case.closed_reason = ""
        case.follow_up_due = None
        case.save()
        _audit(case, actor, "case_reopened", closed_on=previous, on=on.isoformat())
        n += 1
    return n


# ---------------------------------------------------------------------------------------------
# Data conflicts
# ---------------------------------------------------------------------------------------------


def detect_conflicts(on: dt.date | None = None, *, division=None, actor: Any = None) -> dict[str, int]:
    """Surface contradictions between sources; never resolve them (only a caseworker does).

    - employed_in_zero_employment_household: a household on the zero-employment list with a working-age member
      whose labour status says employed or flexibly employed (the comparison reads spells, wage income and
      contributions, not the labour status), or who has contributions paid in the last 3 months that the list
      has not caught up with (an area not recomputed since). Both sides are kept: the worklist entry and the
      contribution record (or the labour status and the source that last set the person's record).
    - registered_unemployed_with_spell: an open unemployment registration and a current employment spell.
    """
    on = on or _today()
    inside = Q()
    if division is not None:
        inside = Q(division__path=division.path) | Q(division__path__startswith=division.path + "/")
    counts = {"new": 0, "still_open": 0}
    window = _months_back(on, CONFLICT_MONTHS)
    found: list[tuple[str, int | None, int | None, int, list]] = []

    entries = WorklistEntry.objects.open().of_kind(WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD).filter(inside)
    entry_of = {e.household_id: e for e in entries.select_related("household")}
    if entry_of:
        # Working-age members only, as in the comparison (a member past working age may work without
        # contradicting the list).
        members = HouseholdMembership.objects.filter(
            Q(until__isnull=True) | Q(until__gte=on),
            household_id__in=list(entry_of),
            person__birth_date__lte=years_before(on, WORKLIST_DEFAULTS.working_age_min),
            person__birth_date__gt=years_before(on, WORKLIST_DEFAULTS.working_age_max + 1),
        ).values_list("household_id", "person_id", "person__labour_status", "person__source__code")
        by_person = defaultdict(list)
        for hid, pid, status, src in members:
            by_person[pid].append((hid, status, src))
        contributions = {}
        for rec in (
            ContributionRecord.objects.filter(
                person_id__in=list(by_person), month__in=window, amount_paid__gt=0
            )
            .select_related("source")
            .order_by("month")
        ):
            contributions[rec.person_id] = rec
        for pid, rows in by_person.items():
            for hid, status, src in rows:
                e = entry_of[hid]
                side_a = {
                    "source": "comparisons",
                    "model": "comparisons.worklistentry",
                    "id": e.pk,
                    "facts": {
                        "kind": e.kind,
                        "first_seen": e.first_seen.date().isoformat(),
                        "reasons": e.reasons,
                    },
                }
                rec = contributions.get(pid)
                if rec is not None:
                    side_b = {
                        "source": rec.source.code if rec.source_id else "",
                        "model": "registry.contributionrecord",
                        "id": rec.pk,
                        "facts": {
                            "month": rec.month.isoformat(),
                            "scheme": rec.scheme,
                            "employer": rec.employer_id,
                        },
                    }
                elif status in (LabourStatus.EMPLOYED, LabourStatus.FLEXIBLE):
                    side_b = {
                        "source": src or "",
                        "model": "registry.person",
                        "id": pid,
                        "facts": {"labour_status": status},
                    }
                else:
                    continue
                found.append(
                    (
                        ConflictKind.EMPLOYED_IN_ZERO_EMPLOYMENT_HOUSEHOLD,
                        pid,
                        hid,
                        e.household.division_id,
                        [side_a, side_b],
                    )
                )

    regs = UnemploymentRegistration.objects.open().filter(registered_on__lte=on)
    if division is not None:
        regs = regs.filter(
            Q(person__division__path=division.path)
            | Q(person__division__path__startswith=division.path + "/")
        )
    spells = {
        s.person_id: s
        for s in EmploymentSpell.objects.current(on)
        .filter(person_id__in=regs.values("person_id"))
        .select_related("source")
        .order_by("start_date")
    }
    for reg in regs.filter(person_id__in=list(spells)).select_related("source", "person"):
        s = spells[reg.person_id]
        if s.start_date <= reg.registered_on:
            pass  # registered while a spell was running: still a contradiction
        found.append(
            (
                ConflictKind.REGISTERED_UNEMPLOYED_WITH_SPELL,
                reg.person_id,
                None,
                reg.person.division_id,
                [
                    {
                        "source": reg.source.code if reg.source_id else "",
                        "model": "registry.unemploymentregistration",
                        "id": reg.pk,
                        "facts": {"registered_on": reg.registered_on.isoformat(), "status": reg.status},
                    },
                    {
                        "source": s.source.code if s.source_id else "",
                        "model": "registry.employmentspell",
                        "id": s.pk,
                        "facts": {"start": s.start_date.isoformat(), "employer": s.employer_id},
                    },
                ],
            )
        )

    with transaction.atomic():
        for kind, pid, hid, division_id, sources in found:
            existing = DataConflict.objects.open().filter(kind=kind, person_id=pid, household_id=hid).first()
            if existing is not None:
                existing.last_seen_on = on
                existing.sources = sources
                existing.save(update_fields=["last_seen_on", "sources", "updated_at"])
                counts["still_open"] += 1
                continue
            case_q = Case.objects.open().filter(Q(household_id=hid) if hid else Q(person_id=pid))
            conflict = DataConflict.objects.create(
                kind=kind,
                person_id=pid,
                household_id=hid,
                division_id=division_id,
                sources=sources,
                detected_on=on,
                last_seen_on=on,
                case=case_q.first(),
            )
            _audit(conflict, actor, "conflict_detected", kind=kind, sources=[s["model"] for s in sources])
            counts["new"] += 1
    return counts


def resolve_conflict(conflict: DataConflict, *, by: Any, resolution: str) -> DataConflict:
    if (
        not getattr(by, "works_on_cases", False)
        or not DataConflict.objects.visible_to(by).filter(pk=conflict.pk).exists()
    ):
        raise CaseError(_("This conflict is outside your area."))
    if conflict.status != ConflictStatus.OPEN:
        raise CaseError(_("This conflict is already resolved."), field="conflict")
    if not resolution.strip():
        raise CaseError(_("Say how the conflict was resolved."), field="resolution")
    conflict.status = ConflictStatus.RESOLVED
    conflict.resolved_by = by
    conflict.resolved_at = timezone.now()
    conflict.resolution = resolution
    conflict.save(update_fields=["status", "resolved_by", "resolved_at", "resolution", "updated_at"])
    _audit(conflict, by, "conflict_resolved", kind=conflict.kind)
    return conflict


# ---------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------


def _district_code(path: str) -> str:
    parts = path.split("/")
    return parts[2] if len(parts) >= 3 else parts[-1]


def zero_employment_clearance(scope: Any, on: dt.date | None = None) -> dict[str, Any]:
    """Time to clear zero-employment households: per household case (opened, cleared, days) and per district
    (open, cleared, mean and median days to clear). `scope` is a user (what they may see) or a Division."""
    from jiuye.geography.models import Division

    on = on or _today()
    cases = Case.objects.for_households().select_related("household", "division")
    if isinstance(scope, Division):
        cases = cases.filter(Q(division__path=scope.path) | Q(division__path__startswith=scope.path + "/"))
    elif scope is not None:
        cases = cases.visible_to(scope)
    households = []
    districts: dict[str, dict[str, Any]] = {}
    for c in cases.order_by("opened_on", "pk"):
        cleared = c.status == CaseStatus.CLOSED and c.closed_reason == ClosedReason.LEFT_LIST
        days = ((c.closed_on if cleared else on) - c.opened_on).days
        households.append(
            {
                "case": c.pk,
                "household": c.household.number,
                "division": c.division.code,
                "opened_on": c.opened_on,
                "cleared_on": c.closed_on if cleared else None,
                "days": days,
                "cleared": cleared,
            }
        )
        d = districts.setdefault(_district_code(c.division.path), {"open": 0, "cleared": 0, "days": []})
        if cleared:
            d["cleared"] += 1
            d["days"].append(days)
        elif c.is_open:
            d["open"] += 1
    names = dict(Division.objects.filter(code__in=list(districts)).values_list("code", "name_zh"))
    per_district = [
        {
            "division": code,
            "name": names.get(code, ""),
            "open": d["open"],
            "cleared": d["cleared"],
            "mean_days_to_clear": round(statistics.fmean(d["days"]), 1) if d["days"] else None,
            "median_days_to_clear": statistics.median(d["days"]) if d["days"] else None,
        }
        for code, d in sorted(districts.items())
    ]
    return {"households": households, "districts": per_district}


def suitable_postings(case: Case, *, top: int = 10, person: Person | None = None) -> list:
    """Live postings for the case's person (or a household member) from the recommendation engine, for the
    older-worker and disability journeys ("suitable postings flagged"). The caller has checked the scope."""
    from jiuye.matching.recommendations import recommend_jobs

    person = person or case.person
    if person is None:
        return []
    return recommend_jobs(person, top=top)


# ---------------------------------------------------------------------------------------------
# The whole refresh
# ---------------------------------------------------------------------------------------------


def refresh_cases(
    on: dt.date | None = None, *, division=None, run: Any = None, actor: Any = None
) -> dict[str, Any]:
    """Identify, open, follow the zero-employment list, close on stable employment, reopen on job loss, end
    expired placements, escalate missed deadlines, surface conflicts. Called after each completed import
    (signal `jiuye.ingestion.pipeline.import_completed`) and by `cases_refresh`. One audit event with counts."""
    on = on or _today()
    with transaction.atomic():
        counts: dict[str, Any] = {}
        counts["households"] = sync_zero_employment_cases(on, division=division, actor=actor)
        counts["identification"] = open_cases_from_identification(on, division=division, actor=actor)
        counts["closed_stable"] = close_stable_employment(on, division=division, actor=actor)
        counts["reopened"] = reopen_on_job_loss(on, division=division, actor=actor)
        counts["placements_ended"] = end_expired_placements(on, actor=actor)
        counts["escalated"] = escalate_overdue(on, division=division, actor=actor)
        counts["conflicts"] = detect_conflicts(on, division=division, actor=actor)
        record_event(
            None,
            actor=actor or SYSTEM,
            kind=EventKind.RECORD_UPDATED,
            division_path=division.path if division is not None else "",
            data={
                "action": "cases_refreshed",
                "on": on.isoformat(),
                "run": getattr(run, "pk", None),
                "counts": counts,
            },
        )
    return counts
