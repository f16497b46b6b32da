"""Identification of key-group members from the library, criteria as dated data.

The thresholds, the legal references and the regional overrides are in `criteria/key_group_criteria.yaml`
(loaded with the policy engine's parameter loader); this module holds one test per criterion, each reading
the facts of one person (`PersonFacts`, loaded in bulk) and the parameters in force for the person's
division on the reference date.

`evaluate(...)` gives every criterion with a status: "met", "not_met" or "unknown" (the library has no
source for it — land-lost farmers — or a fact is missing). `identify(person, on)` keeps the met ones as
(group code, criteria) pairs; `identify_all(scope, on)` does the same for every person of a scope in a
few queries per batch.

Age and hukou are read here only because the law defines these groups by them (older workers by years
to statutory retirement, youth by age, rural migrant workers by hukou). Identification decides who is
offered a service; nothing here ranks anybody.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from django.db.models import Q

from jiuye.comparisons.enums import WorklistKind
from jiuye.comparisons.models import WorklistEntry
from jiuye.comparisons.parameters import add_months
from jiuye.policies.engine.parameters import PolicyParameters, load_policy_file
from jiuye.policies.situations import years_to_retirement
from jiuye.registry.enums import GraduateDestination, HukouType, LabourStatus, RegistrationStatus
from jiuye.registry.models import (
    DisabilityCertificate,
    EmploymentSpell,
    GraduateRecord,
    HouseholdAssistance,
    HouseholdMembership,
    Person,
    UnemploymentRegistration,
)

CRITERIA_FILE = Path(__file__).resolve().parent / "criteria" / "key_group_criteria.yaml"
BATCH = 500

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"

# Labour statuses that say "not working and not out of the labour market for a stated reason".
WITHOUT_WORK_STATUSES = frozenset({LabourStatus.UNEMPLOYED, LabourStatus.INACTIVE})
# Graduate destinations that end the follow-up.
SETTLED_DESTINATIONS = frozenset(
    {GraduateDestination.EMPLOYED, GraduateDestination.FURTHER_STUDY, GraduateDestination.SELF_EMPLOYED}
)


class CriteriaError(ValueError):
    pass


@lru_cache(maxsize=4)
def load_criteria(path: Path = CRITERIA_FILE) -> PolicyParameters:
    """The criteria file, validated by the policy engine's loader (bad dates, overlaps, unknown divisions or
    missing legal references are refused with the file and key named)."""
    return load_policy_file(Path(path))


@dataclass
class PersonFacts:
    """What the criteria read about one person on one date (no names, no identifiers)."""

    person_id: int
    division_code: str
    sex: str
    birth_date: dt.date | None
    labour_status: str
    hukou_type: str
    hukou_division_code: str
    disability_grade: int | None = None
    certificate_grade: int | None = None
    is_veteran: bool = False
    discharge_date: dt.date | None = None
    registered_since: dt.date | None = None  # earliest open unemployment registration in force
    has_current_spell: bool = False
    last_spell_end: dt.date | None = None
    last_spell_employer_division: str = ""
    household_ids: list[int] = field(default_factory=list)
    assistance_kinds: set[str] = field(default_factory=set)
    zero_employment_households: list[int] = field(default_factory=list)
    graduation_date: dt.date | None = None
    graduate_destination: str = ""

    def age_on(self, on: dt.date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))

    def years_to_retirement(self, on: dt.date) -> float | None:
        return years_to_retirement(self.sex, self.birth_date, on)

    @property
    def without_work(self) -> bool:
        """No current employment spell, and registered unemployed or not otherwise occupied."""
        return not self.has_current_spell and (
            self.registered_since is not None or self.labour_status in WITHOUT_WORK_STATUSES
        )

    @property
    def unemployed(self) -> bool:
        """Registered unemployed (an open registration) or recorded as unemployed, without a current spell."""
        return not self.has_current_spell and (
            self.registered_since is not None or self.labour_status == LabourStatus.UNEMPLOYED
        )


class Params:
    """The criteria parameters in force on `on` for one division."""

    def __init__(self, criteria: PolicyParameters, on: dt.date, division_code: str):
        self.criteria, self.on, self.division = criteria, on, division_code

    def __call__(self, name: str):
        p = self.criteria.parameters.get(name)
        if p is None:
            raise CriteriaError(f"{self.criteria.file}: parameters.{name}: missing")
        return p.value(self.on, self.division)

    def reference(self, name: str) -> str:
        return self.criteria.parameters[name].reference


class Result(NamedTuple):
    status: str
    facts: dict


def _working_age(f: PersonFacts, on: dt.date, p: Params) -> bool | None:
    age, ytr = f.age_on(on), f.years_to_retirement(on)
    if age is None or ytr is None:
        return None
    return age >= p("working_age_min") and ytr > 0


def older_worker(f: PersonFacts, on: dt.date, p: Params) -> Result:
    n = p("older_worker.years_to_retirement_max")
    ytr = f.years_to_retirement(on)
    if ytr is None or n is None:
        return Result(UNKNOWN, {"missing": "birth date, sex or parameter"})
    ok = 0 < ytr <= n and f.unemployed
    return Result(
        MET if ok else NOT_MET, {"years_to_retirement": round(ytr, 2), "max": n, "unemployed": f.unemployed}
    )


def disabled(f: PersonFacts, on: dt.date, p: Params) -> Result:
    grades = {int(g) for g in (p("disabled.grades") or ())}
    grade = f.certificate_grade or f.disability_grade
    wa = _working_age(f, on, p)
    ok = grade is not None and grade in grades and bool(wa) and f.without_work
    return Result(
        MET if ok else NOT_MET,
        {
            "grade": grade,
            "certificate": f.certificate_grade is not None,
            "working_age": wa,
            "without_work": f.without_work,
        },
    )


def long_term_unemployed(f: PersonFacts, on: dt.date, p: Params) -> Result:
    months = p("long_term_unemployed.min_months")
    since = f.registered_since
    ok = since is not None and not f.has_current_spell and since <= add_months(on, -int(months))
    return Result(
        MET if ok else NOT_MET,
        {"registered_since": since.isoformat() if since else None, "min_months": months},
    )


def assistance_household(f: PersonFacts, on: dt.date, p: Params) -> Result:
    kinds = set(p("assistance_household.kinds") or ())
    found = sorted(f.assistance_kinds & kinds)
    wa = _working_age(f, on, p)
    ok = bool(found) and bool(wa) and f.without_work
    return Result(
        MET if ok else NOT_MET, {"assistance": found, "working_age": wa, "without_work": f.without_work}
    )


def zero_employment_household(f: PersonFacts, on: dt.date, p: Params) -> Result:
    wa = _working_age(f, on, p)
    ok = bool(f.zero_employment_households) and bool(wa) and not f.has_current_spell
    return Result(
        MET if ok else NOT_MET, {"households": list(f.zero_employment_households), "working_age": wa}
    )


def land_lost_farmer(f: PersonFacts, on: dt.date, p: Params) -> Result:
    # No department file in the library reports land requisition (natural resources / agriculture), so the
    # criterion cannot be decided; the caseworker records it from the person's own documents.
    return Result(UNKNOWN, {"missing": "no land-requisition source in the library"})


def graduate(f: PersonFacts, on: dt.date, p: Params) -> Result:
    months = p("graduate.months_since_graduation")
    g = f.graduation_date
    ok = (
        g is not None
        and add_months(on, -int(months)) <= g <= on
        and f.graduate_destination not in SETTLED_DESTINATIONS
        and not f.has_current_spell
    )
    return Result(
        MET if ok else NOT_MET,
        {
            "graduated_on": g.isoformat() if g else None,
            "destination": f.graduate_destination,
            "months": months,
        },
    )


def unemployed_youth(f: PersonFacts, on: dt.date, p: Params) -> Result:
    age = f.age_on(on)
    top, low = p("unemployed_youth.age_max"), p("working_age_min")
    ok = age is not None and low <= age <= top and f.unemployed
    return Result(MET if ok else NOT_MET, {"age_max": top, "unemployed": f.unemployed})


def veteran(f: PersonFacts, on: dt.date, p: Params) -> Result:
    years = p("veteran.years_since_discharge_max")
    d = f.discharge_date
    if f.is_veteran and d is None:
        return Result(UNKNOWN, {"missing": "discharge date"})
    ok = f.is_veteran and d is not None and add_months(on, -12 * int(years)) <= d <= on and f.without_work
    return Result(
        MET if ok else NOT_MET,
        {"discharged_on": d.isoformat() if d else None, "years": years, "without_work": f.without_work},
    )


def rural_returnee(f: PersonFacts, on: dt.date, p: Params) -> Result:
    """Rural hukou, a spell with an employer seated outside the hukou's prefecture that ended within the
    window, and no current spell: a migrant worker who came home."""
    months = p("rural_returnee.months_since_return")
    end, where = f.last_spell_end, f.last_spell_employer_division
    away = bool(where) and where[:4] != f.hukou_division_code[:4]
    ok = (
        f.hukou_type == HukouType.RURAL
        and end is not None
        and away
        and add_months(on, -int(months)) <= end <= on
        and not f.has_current_spell
    )
    return Result(
        MET if ok else NOT_MET,
        {"last_spell_end": end.isoformat() if end else None, "worked_away": away, "months": months},
    )


@dataclass(frozen=True)
class Criterion:
    name: str  # the prefix of its parameters in the criteria file
    test: Any
    groups: tuple[str, ...]  # the taxonomy.KeyGroup codes it identifies
    difficulty: bool  # a national category of persons with employment difficulties


CRITERIA: tuple[Criterion, ...] = (
    Criterion("older_worker", older_worker, ("older_worker",), True),
    Criterion("disabled", disabled, ("disabled",), True),
    Criterion("long_term_unemployed", long_term_unemployed, ("long_term_unemployed",), True),
    Criterion("assistance_household", assistance_household, ("dibao_member", "low_income_member"), True),
    Criterion("zero_employment_household", zero_employment_household, ("zero_employment_household",), True),
    Criterion("land_lost_farmer", land_lost_farmer, ("land_lost_farmer",), True),
    Criterion("graduate", graduate, ("graduate",), False),
    Criterion("unemployed_youth", unemployed_youth, ("unemployed_youth",), False),
    Criterion("veteran", veteran, ("veteran",), False),
    Criterion("rural_returnee", rural_returnee, ("rural_migrant",), False),
)
CRITERION_BY_NAME = {c.name: c for c in CRITERIA}


def _group_of(c: Criterion, result: Result, facts: PersonFacts) -> str:
    if c.name == "assistance_household":
        return "low_income_member" if result.facts["assistance"] == ["low_income"] else "dibao_member"
    return c.groups[0]


class Evaluation(NamedTuple):
    criterion: str
    group: str
    status: str
    facts: dict
    reference: str
    difficulty: bool


class Identified(NamedTuple):
    group: str
    criteria: dict  # {"criterion", "facts", "reference", "difficulty"}


def evaluate_facts(
    facts: PersonFacts, on: dt.date, criteria: PolicyParameters | None = None
) -> list[Evaluation]:
    criteria = criteria or load_criteria()
    p = Params(criteria, on, facts.division_code)
    out = []
    for c in CRITERIA:
        enabled = p(f"{c.name}.enabled")
        ref = p.reference(f"{c.name}.enabled")
        if enabled is None:
            out.append(
                Evaluation(c.name, c.groups[0], UNKNOWN, {"missing": "no value in force"}, ref, c.difficulty)
            )
            continue
        if not enabled:
            out.append(Evaluation(c.name, c.groups[0], NOT_MET, {"disabled_here": True}, ref, c.difficulty))
            continue
        r = c.test(facts, on, p)
        out.append(Evaluation(c.name, _group_of(c, r, facts), r.status, r.facts, ref, c.difficulty))
    return out


def identified_from(evaluations: Iterable[Evaluation]) -> list[Identified]:
    return [
        Identified(
            e.group,
            {
                "criterion": e.criterion,
                "facts": e.facts,
                "reference": e.reference,
                "difficulty": e.difficulty,
            },
        )
        for e in evaluations
        if e.status == MET
    ]


# ---------------------------------------------------------------------------------------------
# Facts, in bulk
# ---------------------------------------------------------------------------------------------


def _chunks(ids: list[int], size: int = BATCH) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def load_facts(person_ids: list[int], on: dt.date) -> dict[int, PersonFacts]:
    facts: dict[int, PersonFacts] = {}
    for chunk in _chunks(person_ids):
        facts.update(_load_chunk(chunk, on))
    return facts


def _load_chunk(ids: list[int], on: dt.date) -> dict[int, PersonFacts]:
    facts: dict[int, PersonFacts] = {}
    for row in Person.objects.filter(pk__in=ids).values(
        "pk",
        "division__code",
        "sex",
        "birth_date",
        "labour_status",
        "hukou_type",
        "hukou_division__code",
        "disability_grade",
        "is_veteran",
        "discharge_date",
    ):
        facts[row["pk"]] = PersonFacts(
            person_id=row["pk"],
            division_code=row["division__code"],
            sex=row["sex"],
            birth_date=row["birth_date"],
            labour_status=row["labour_status"],
            hukou_type=row["hukou_type"],
            hukou_division_code=row["hukou_division__code"] or "",
            disability_grade=row["disability_grade"],
            is_veteran=row["is_veteran"],
            discharge_date=row["discharge_date"],
        )
    for pid, since in UnemploymentRegistration.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on),
        person_id__in=ids,
        status=RegistrationStatus.OPEN,
        registered_on__lte=on,
    ).values_list("person_id", "registered_on"):
        f = facts[pid]
        f.registered_since = since if f.registered_since is None else min(f.registered_since, since)
    for pid, _start, end, emp_div in EmploymentSpell.objects.filter(
        person_id__in=ids, start_date__lte=on
    ).values_list("person_id", "start_date", "end_date", "employer__division__code"):
        f = facts[pid]
        if end is None or end >= on:
            f.has_current_spell = True
        elif f.last_spell_end is None or end > f.last_spell_end:
            f.last_spell_end, f.last_spell_employer_division = end, emp_div or ""
    for pid, grade in DisabilityCertificate.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=on), person_id__in=ids, issued_on__lte=on
    ).values_list("person_id", "grade"):
        f = facts[pid]
        f.certificate_grade = grade if f.certificate_grade is None else min(f.certificate_grade, grade)
    members: dict[int, list[int]] = defaultdict(list)
    for pid, hid in HouseholdMembership.objects.filter(
        Q(until__isnull=True) | Q(until__gte=on), Q(since__isnull=True) | Q(since__lte=on), person_id__in=ids
    ).values_list("person_id", "household_id"):
        facts[pid].household_ids.append(hid)
        members[hid].append(pid)
    if members:
        hids = list(members)
        for hid, kind in HouseholdAssistance.objects.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=on), household_id__in=hids, start_date__lte=on
        ).values_list("household_id", "kind"):
            for pid in members[hid]:
                facts[pid].assistance_kinds.add(kind)
        for hid in (
            WorklistEntry.objects.open()
            .of_kind(WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD)
            .filter(household_id__in=hids)
            .values_list("household_id", flat=True)
        ):
            for pid in members[hid]:
                facts[pid].zero_employment_households.append(hid)
    for pid, date, dest in (
        GraduateRecord.objects.filter(person_id__in=ids, graduation_date__lte=on)
        .order_by("graduation_date")
        .values_list("person_id", "graduation_date", "destination")
    ):
        facts[pid].graduation_date, facts[pid].graduate_destination = date, dest
    return facts


# ---------------------------------------------------------------------------------------------
# Entry points
# ---------------------------------------------------------------------------------------------


def evaluate(person: Person, on: dt.date, criteria: PolicyParameters | None = None) -> list[Evaluation]:
    """Every criterion for one person, met or not or unknown, with the figures it read."""
    facts = load_facts([person.pk], on)[person.pk]
    return evaluate_facts(facts, on, criteria)


def identify(person: Person, on: dt.date, criteria: PolicyParameters | None = None) -> list[Identified]:
    """The key groups `person` belongs to on `on`: [(group code, criteria met)]."""
    return identified_from(evaluate(person, on, criteria))


def _people_in(scope: Any):
    """A scope: None (the whole library), a Division, a user (what they may see) or a Person queryset."""
    from jiuye.geography.models import Division

    qs = Person.objects.all()
    if scope is None:
        return qs
    if isinstance(scope, Division):
        return qs.filter(Q(division__path=scope.path) | Q(division__path__startswith=scope.path + "/"))
    if hasattr(scope, "model") and scope.model is Person:
        return scope
    return Person.objects.visible_to(scope)


def identify_all(
    scope: Any = None, on: dt.date | None = None, criteria: PolicyParameters | None = None
) -> dict[int, list[Identified]]:
    """{person id: [(group, criteria)]} for every person of `scope` in at least one key group."""
    from django.utils import timezone

    on = on or timezone.localdate()
    criteria = criteria or load_criteria()
    ids = list(_people_in(scope).order_by("pk").values_list("pk", flat=True))
    out: dict[int, list[Identified]] = {}
    for chunk in _chunks(ids):
        for pid, facts in _load_chunk(chunk, on).items():
            found = identified_from(evaluate_facts(facts, on, criteria))
            if found:
                out[pid] = found
    return out
