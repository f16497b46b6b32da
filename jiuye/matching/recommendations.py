"""Recommendations on the platform: jobs for a seeker, candidates for a posting, the seeker's profile, invitations
and the fairness report.

The pure engine (``jiuye.matching.recommend``) ranks; this module feeds it. It builds the engine's records
(``JobFeatures`` from live postings, ``SeekerFeatures`` from profiles and the library's records of education,
work and training) and turns the engine's reason codes into words.

Fairness: the feature builders and services never read sex, date of birth or age, ethnicity, hukou or marital
status. Only ``recommendation_report`` — at the end of this file, after the ranking is done — reads sex and date
of birth, to group the results for analysts. ``tests/matching/test_no_protected_features.py`` parses this file
and fails if any other function touches an attribute or lookup named in ``recommend.types.PROTECTED``.

Built indexes are kept per process and rebuilt when a cheap stamp of their inputs changes (row counts and the
latest ``updated_at`` of the tables they read, the day, and the hour for what applications feed in).
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.jobs import responsiveness as responsiveness_mod
from jiuye.jobs.coding import normalise
from jiuye.jobs.models import JobApplication, JobPosting
from jiuye.jobs.services import can_manage_posting, notify
from jiuye.registry.models import (
    EmploymentSpell,
    GraduateRecord,
    JobSeekerRegistration,
    Person,
    TrainingRecord,
)
from jiuye.taxonomy.models import Occupation

from .models import CandidateInvitation, CodedBy, SeekerProfile
from .recommend.types import JobFeatures, Reason, Recommendation, SeekerFeatures

DEFAULT_TOP = 20


class ProfileError(ValidationError):
    """A profile cannot be saved; ``message_dict`` names the fields."""


class InvitationError(Exception):
    """A candidate cannot be invited."""


# --- features (never read protected attributes) --------------------------------------------------------------


class _DivisionPoints:
    """Division centres, walking up the tree when a division has no coordinates. Memoised per build."""

    def __init__(self) -> None:
        self._rows: dict[int, tuple[float | None, float | None, int | None]] = {}

    def _load(self, ids: Iterable[int]) -> None:
        todo = {i for i in ids if i is not None and i not in self._rows}
        while todo:
            found = Division.objects.filter(pk__in=todo).values_list(
                "pk", "latitude", "longitude", "parent_id"
            )
            todo = set()
            for pk, lat, lon, parent in found:
                self._rows[pk] = (lat, lon, parent)
                if (lat is None or lon is None) and parent is not None and parent not in self._rows:
                    todo.add(parent)

    def point(self, division_id: int | None) -> tuple[float | None, float | None]:
        seen = 0
        while division_id is not None and seen < 8:
            if division_id not in self._rows:
                self._load([division_id])
            lat, lon, parent = self._rows.get(division_id, (None, None, None))
            if lat is not None and lon is not None:
                return lat, lon
            division_id, seen = parent, seen + 1
        return None, None


def _skills(text: str) -> frozenset[str]:
    from .recommend.skills import extract_skills

    return frozenset(extract_skills(text or ""))


def job_features(
    postings: Iterable[JobPosting],
    *,
    responsiveness: dict | None = None,
    points: _DivisionPoints | None = None,
) -> list[JobFeatures]:
    """The engine's view of postings (select_related occupation and education first)."""
    postings = list(postings)
    points = points or _DivisionPoints()
    points._load({p.division_id for p in postings})
    if responsiveness is None:
        responsiveness = responsiveness_mod.employer_responsiveness({p.employer_id for p in postings})
    out = []
    for p in postings:
        lat, lon = (
            (p.latitude, p.longitude)
            if p.latitude is not None and p.longitude is not None
            else (points.point(p.division_id))
        )
        resp = responsiveness.get(p.employer_id)
        out.append(
            JobFeatures(
                id=p.pk,
                occupation_code=p.occupation.code if p.occupation_id else "",
                lat=lat,
                lon=lon,
                pay_min=p.pay_min or 0,
                pay_max=p.pay_max or p.pay_min or 0,
                education_rank=p.education.rank if p.education_id else 0,
                experience_years=p.experience_years or 0,
                skills=_skills(f"{p.title}\n{p.description}"),
                posted_on=p.posted_on(),
                responsiveness=resp.share if resp is not None else None,
            )
        )
    return out


def _years_worked(intervals: list[tuple[dt.date, dt.date]]) -> int:
    """Whole years covered by the union of the intervals (overlapping spells count once)."""
    days, end_so_far = 0, None
    for start, end in sorted(intervals):
        if end < start:
            continue
        if end_so_far is None or start > end_so_far:
            days += (end - start).days
            end_so_far = end
        elif end > end_so_far:
            days += (end - end_so_far).days
            end_so_far = end
    return int(days / 365.25)


def _add(codes: list[str], code: str | None) -> None:
    if code and code not in codes:
        codes.append(code)


def seeker_features(
    persons: Iterable[Person], *, today: dt.date | None = None, points: _DivisionPoints | None = None
) -> list[SeekerFeatures]:
    """The engine's view of seekers: their profile if they have one, and what the library knows of their
    education, work and training. Reads only the fields named here."""
    today = today or timezone.localdate()
    persons = list(persons)
    ids = [p.pk for p in persons]
    points = points or _DivisionPoints()
    points._load({p.division_id for p in persons})
    profiles = {
        sp.person_id: sp
        for sp in SeekerProfile.objects.filter(person_id__in=ids).select_related("desired_occupation")
    }
    spells: dict[int, list] = defaultdict(list)
    for person_id, code, start, end in (
        EmploymentSpell.objects.filter(person_id__in=ids)
        .order_by("-start_date")
        .values_list("person_id", "occupation__code", "start_date", "end_date")
    ):
        spells[person_id].append((code, start, end))
    trainings: dict[int, list] = defaultdict(list)
    for person_id, code, programme, certificate in (
        TrainingRecord.objects.filter(person_id__in=ids)
        .order_by("-start_date")
        .values_list("person_id", "occupation__code", "programme", "certificate_level")
    ):
        trainings[person_id].append((code, programme, certificate))
    registered: dict[int, list] = defaultdict(list)
    for person_id, code, on in (
        JobSeekerRegistration.objects.filter(person_id__in=ids)
        .order_by("-registered_on")
        .values_list("person_id", "desired_occupation__code", "registered_on")
    ):
        registered[person_id].append((code, on))
    applied = dict(
        JobApplication.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(last=Max("submitted_at"))
        .values_list("person_id", "last")
    )
    education = dict(Person.objects.filter(pk__in=ids).values_list("pk", "education__rank"))
    # A graduation the education department reported counts too (the person's own field may lag behind).
    for person_id, rank in (
        GraduateRecord.objects.filter(person_id__in=ids)
        .values("person_id")
        .annotate(rank=Max("education__rank"))
        .values_list("person_id", "rank")
    ):
        education[person_id] = max(education.get(person_id) or 0, rank or 0)
    current = dict(Person.objects.filter(pk__in=ids).values_list("pk", "occupation__code"))

    out = []
    for person in persons:
        pid = person.pk
        profile = profiles.get(pid)
        codes: list[str] = []
        if profile is not None and profile.desired_occupation_id:
            _add(codes, profile.desired_occupation.code)
        for code, _start, _end in spells[pid]:
            _add(codes, code)
        for code, _programme, _cert in trainings[pid]:
            _add(codes, code)
        for code, _on in registered[pid]:
            _add(codes, code)
        _add(codes, current.get(pid))
        years = _years_worked([(start, end or today) for _code, start, end in spells[pid]])
        if profile is not None and profile.experience_years is not None:
            years = max(years, profile.experience_years)
        text = " ".join(f"{programme} {cert}" for _code, programme, cert in trainings[pid])
        if profile is not None:
            text = f"{profile.desired_title}\n{profile.skills_text}\n{text}"
        if profile is not None and profile.latitude is not None and profile.longitude is not None:
            lat, lon = profile.latitude, profile.longitude
        else:
            lat, lon = points.point(person.division_id)
        active = [
            d
            for d in (
                timezone.localtime(profile.updated_at).date()
                if profile is not None and profile.updated_at
                else None,
                timezone.localtime(applied[pid]).date() if applied.get(pid) else None,
                registered[pid][0][1] if registered[pid] else None,
            )
            if d is not None
        ]
        out.append(
            SeekerFeatures(
                id=pid,
                occupation_codes=tuple(codes),
                lat=lat,
                lon=lon,
                pay_expected=(profile.pay_expected or 0) if profile is not None else 0,
                education_rank=education.get(pid) or 0,
                experience_years=years,
                skills=_skills(text),
                max_distance_km=profile.max_distance_km if profile is not None else None,
                active_on=max(active) if active else None,
            )
        )
    return out


# --- indexes kept per process ----------------------------------------------------------------------------------

_lock = threading.Lock()
_indexes: dict[str, tuple[Any, Any]] = {}


def clear_cache() -> None:
    with _lock:
        _indexes.clear()


def _table_stamp(qs) -> tuple:
    row = qs.aggregate(n=Count("pk"), at=Max("updated_at"))
    return row["n"], row["at"]


# Applications feed only slow-moving figures (an employer's 180-day responsiveness, a seeker's last activity), so
# they refresh the indexes at most once an hour rather than on every application: a rebuild over 20,000 postings
# takes about 3 s. Which postings a seeker already applied to is checked per query, not in the index.
APPLICATION_REFRESH = dt.timedelta(hours=1)


def _application_bucket() -> int:
    return int(timezone.now().timestamp() // APPLICATION_REFRESH.total_seconds())


def _job_stamp(today: dt.date) -> tuple:
    return (today, _table_stamp(JobPosting.objects.live(today)), _application_bucket())


def _seeker_stamp(today: dt.date) -> tuple:
    return (
        today,
        _table_stamp(SeekerProfile.objects.open_to_offers()),
        _table_stamp(EmploymentSpell.objects.all()),
        _table_stamp(TrainingRecord.objects.all()),
        _table_stamp(GraduateRecord.objects.all()),
        _application_bucket(),
        _table_stamp(Person.objects.filter(seeker_profile__open_to_offers=True)),
    )


def _cached(kind: str, stamp: tuple, build) -> Any:
    with _lock:
        hit = _indexes.get(kind)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    index = build()
    with _lock:
        _indexes[kind] = (stamp, index)
    return index


def _live_postings(today: dt.date):
    return JobPosting.objects.live(today).select_related("occupation", "education").order_by("pk")


def job_index(today: dt.date | None = None):
    """The engine's index of today's live postings, rebuilt when postings or applications changed."""
    from .recommend.engine import JobIndex

    today = today or timezone.localdate()

    def build():
        points = _DivisionPoints()
        resp = responsiveness_mod.employer_responsiveness()
        features: list[JobFeatures] = []
        qs = _live_postings(today)
        ids = list(qs.values_list("pk", flat=True))
        for start in range(0, len(ids), 2000):
            chunk = qs.filter(pk__in=ids[start : start + 2000])
            features.extend(job_features(chunk, responsiveness=resp, points=points))
        return JobIndex(features)

    return _cached("jobs", _job_stamp(today), build)


def seeker_index(today: dt.date | None = None):
    """The engine's index of seekers who agreed to be shown to employers."""
    from .recommend.engine import SeekerIndex

    today = today or timezone.localdate()

    def build():
        points = _DivisionPoints()
        features: list[SeekerFeatures] = []
        ids = list(
            SeekerProfile.objects.open_to_offers().order_by("person_id").values_list("person_id", flat=True)
        )
        for start in range(0, len(ids), 2000):
            persons = Person.objects.filter(pk__in=ids[start : start + 2000]).only("pk", "division_id")
            features.extend(seeker_features(persons, today=today, points=points))
        return SeekerIndex(features)

    return _cached("seekers", _seeker_stamp(today), build)


# --- reasons in words ------------------------------------------------------------------------------------------


def _number(value: Any) -> str:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"


_OCCUPATION_REASONS = {
    "same_occupation_unit": gettext_lazy("Same occupation"),  # same 细类
    "same_occupation": gettext_lazy("Within the occupation group wished for"),  # inside a coarser wish
    "same_occupation_minor": gettext_lazy("Same minor occupation group"),  # 小类
    "same_occupation_middle": gettext_lazy("Same middle occupation group"),  # 中类
}


def reason_text(reason: Reason, *, for_seeker: bool) -> str:
    """One reason in the reader's language. `for_seeker`: worded for the seeker (jobs for me) or for whoever
    looks at candidates for a posting."""
    p = reason.params or {}
    code = reason.code
    if code in _OCCUPATION_REASONS:
        text = str(_OCCUPATION_REASONS[code])
        if p.get("desired") is False:
            text = _("%(reason)s (from past work or training)") % {"reason": text}
        return text
    if code == "within_km":
        return _("Within %(km)s km") % {"km": _number(p.get("km"))}
    if code == "pay_in_range":
        if for_seeker:
            return _("Pay within your expected range")
        return _("Expected pay within the posting's range")
    if code == "education_met":
        return (
            _("Meets the education requirement")
            if not for_seeker
            else _("You meet the education requirement")
        )
    if code == "experience_met":
        return (
            _("Meets the experience requirement")
            if not for_seeker
            else _("You meet the experience requirement")
        )
    if code == "skills_shared":
        skills = p.get("skills") or ()
        if isinstance(skills, str):
            skills = [skills]
        return _("Shared skills: %(skills)s") % {"skills": "、".join(sorted(str(s) for s in skills))}
    if code == "recent":
        days = p.get("days")
        if not isinstance(days, int):
            return _("Recent")
        if for_seeker:
            if days == 0:
                return _("Posted today")
            return ngettext("Posted %(days)s day ago", "Posted %(days)s days ago", days) % {"days": days}
        if days == 0:
            return _("Active today")
        return ngettext("Active in the last %(days)s day", "Active in the last %(days)s days", days) % {
            "days": days
        }
    if code == "responsive_employer":
        share = p.get("share")
        percent = round(float(share) * 100) if isinstance(share, int | float) else "?"
        return _("The employer answers %(percent)s%% of applications within 7 days") % {"percent": percent}
    return code


# --- services --------------------------------------------------------------------------------------------------


@dataclass
class JobRow:
    posting: JobPosting
    score: float
    reasons: list[str]
    codes: list[str] = field(default_factory=list)
    params: list[dict] = field(default_factory=list)


@dataclass
class CandidateRow:
    person: Person
    profile: SeekerProfile | None
    score: float
    reasons: list[str]
    token: str
    label: str
    distance_km: float | None
    experience_years: int = 0  # from the work history, or as stated if more
    invited: bool = False
    codes: list[str] = field(default_factory=list)


def _rows(
    recs: list[Recommendation], objects: dict, *, for_seeker: bool
) -> list[tuple[Any, Recommendation, list]]:
    return [
        (objects[r.id], r, [reason_text(x, for_seeker=for_seeker) for x in r.reasons])
        for r in recs
        if r.id in objects
    ]


def recommend_jobs(person: Person, *, top: int = DEFAULT_TOP, today: dt.date | None = None) -> list[JobRow]:
    """Live postings for a person, best first, each with the reasons in words. The caller has checked that the
    user may act for this person (the person themselves, or a caseworker in scope)."""
    today = today or timezone.localdate()
    seeker = seeker_features([person], today=today)[0]
    applied = set(JobApplication.objects.filter(person=person).values_list("posting_id", flat=True))
    recs = [
        r
        for r in job_index(today).recommend(seeker, top=top + len(applied), today=today)
        if r.id not in applied
    ][:top]
    postings = (
        JobPosting.objects.filter(pk__in=[r.id for r in recs])
        .select_related("employer", "division", "occupation", "education")
        .in_bulk()
    )
    return [
        JobRow(
            posting=obj,
            score=r.score,
            reasons=texts,
            codes=[x.code for x in r.reasons],
            params=[dict(x.params or {}) for x in r.reasons],
        )
        for obj, r, texts in _rows(recs, postings, for_seeker=True)
    ]


def candidate_label(posting: JobPosting, person_id: int) -> tuple[str, str]:
    """(token, label) for a candidate of a posting: an opaque, posting-specific pseudonym. The same person has
    different tokens on different postings, so employers cannot follow a candidate across postings."""
    digest = salted_hmac("jiuye.matching.candidate", f"{posting.pk}:{person_id}").hexdigest()
    return digest[:20], digest[:6].upper()


def _km(a_lat, a_lon, b_lat, b_lon) -> float | None:
    if None in (a_lat, a_lon, b_lat, b_lon):
        return None
    p1, p2 = math.radians(a_lat), math.radians(b_lat)
    dp, dl = p2 - p1, math.radians(b_lon - a_lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def recommend_candidates(
    posting: JobPosting, *, top: int = DEFAULT_TOP, today: dt.date | None = None
) -> list[CandidateRow]:
    """Seekers who agreed to be shown to employers, best first for this posting, minus those who applied."""
    today = today or timezone.localdate()
    posting = JobPosting.objects.select_related("occupation", "education").get(pk=posting.pk)
    job = job_features([posting])[0]
    applied = set(JobApplication.objects.filter(posting=posting).values_list("person_id", flat=True))
    recs = [
        r
        for r in seeker_index(today).recommend(job, top=top + len(applied), today=today)
        if r.id not in applied
    ][:top]
    ids = [r.id for r in recs]
    persons = (
        Person.objects.filter(pk__in=ids, seeker_profile__open_to_offers=True)
        .select_related("education", "seeker_profile__desired_occupation")
        .in_bulk()
    )
    features = {s.id: s for s in seeker_features(list(persons.values()), today=today)}
    invited = set(
        CandidateInvitation.objects.filter(posting=posting, person_id__in=ids).values_list(
            "person_id", flat=True
        )
    )
    rows = []
    for person, r, texts in _rows(recs, persons, for_seeker=False):
        token, label = candidate_label(posting, person.pk)
        s = features.get(person.pk)
        rows.append(
            CandidateRow(
                person=person,
                profile=getattr(person, "seeker_profile", None),
                score=r.score,
                reasons=texts,
                token=token,
                label=label,
                distance_km=_km(job.lat, job.lon, s.lat, s.lon) if s else None,
                experience_years=s.experience_years if s else 0,
                invited=person.pk in invited,
                codes=[x.code for x in r.reasons],
            )
        )
    return rows


def candidate_by_token(posting: JobPosting, token: str) -> Person | None:
    """The open-to-offers seeker behind a candidate token of this posting, or None."""
    token = (token or "").strip()
    if not token:
        return None
    for row in recommend_candidates(posting, top=200):
        if row.token == token:
            return row.person
    return None


def _may_act_for(by: Any, person: Person) -> bool:
    if getattr(by, "is_citizen", False):
        return bool(by.person_id) and by.person_id == person.pk
    if getattr(by, "works_on_cases", False):
        return Person.objects.visible_to(by).filter(pk=person.pk).exists()
    return False


PROFILE_FIELDS = (
    "desired_title",
    "pay_expected",
    "skills_text",
    "experience_years",
    "max_distance_km",
    "latitude",
    "longitude",
    "open_to_offers",
)


def _profile_errors(values: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def check(name: str, ok: bool, message: str) -> None:
        if name in values and values[name] is not None and not ok:
            errors.setdefault(name, []).append(message)

    v = values
    check("desired_title", len(v.get("desired_title") or "") <= 120, _("At most 120 characters."))
    check(
        "pay_expected",
        isinstance(v.get("pay_expected"), int) and 0 <= v["pay_expected"] <= 1_000_000,
        _("Give the expected monthly pay in yuan, between 0 and 1,000,000."),
    )
    check(
        "experience_years",
        isinstance(v.get("experience_years"), int) and 0 <= v["experience_years"] <= 60,
        _("Years of experience should be between 0 and 60."),
    )
    check(
        "max_distance_km",
        isinstance(v.get("max_distance_km"), int | float) and 0 < v["max_distance_km"] <= 1000,
        _("The distance should be more than 0 and at most 1000 km."),
    )
    check(
        "latitude",
        isinstance(v.get("latitude"), int | float) and -90 <= v["latitude"] <= 90,
        _("Latitude is between -90 and 90."),
    )
    check(
        "longitude",
        isinstance(v.get("longitude"), int | float) and -180 <= v["longitude"] <= 180,
        _("Longitude is between -180 and 180."),
    )
    if (v.get("latitude") is None) != (v.get("longitude") is None) and ("latitude" in v or "longitude" in v):
        errors.setdefault("longitude" if v.get("longitude") is None else "latitude", []).append(
            _("Give both latitude and longitude, or neither.")
        )
    return errors


def _code_title(title: str):
    from jiuye.jobs.occupation import code_title

    return code_title(title, source="seeker")


def suggestions_for(title: str, *, top: int = 3) -> list:
    """The coder's best occupations for a title (OccupationSuggestion: occupation, confidence)."""
    if not (title or "").strip():
        return []
    from jiuye.jobs.occupation import suggest_occupations

    return list(suggest_occupations(title, top=top))


@transaction.atomic
def save_profile(person: Person, *, by: Any, **values: Any) -> SeekerProfile:
    """Create or change a person's profile. A new desired title is coded to an occupation; a change of consent
    is stamped. Raises ProfileError naming the fields, PermissionError when `by` may not act for the person."""
    if not _may_act_for(by, person):
        raise PermissionError(_("You may not change this person's job wishes."))
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ProfileError({name: [_("Unknown field.")] for name in sorted(unknown)})
    values = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    errors = _profile_errors(values)
    if errors:
        raise ProfileError(errors)
    profile = SeekerProfile.objects.select_for_update().filter(person=person).first()
    created = profile is None
    if created:
        profile = SeekerProfile(person=person)
    own = getattr(by, "is_citizen", False) and by.person_id == person.pk
    if (
        not own
        and bool(values.get("open_to_offers")) != profile.open_to_offers
        and "open_to_offers" in values
    ):
        raise ProfileError({"open_to_offers": [_("Only the job seeker can give or withdraw this consent.")]})
    changed = [name for name, value in values.items() if getattr(profile, name) != value]
    if "open_to_offers" in changed or (created and values.get("open_to_offers")):
        profile.open_to_offers_changed_at = timezone.now()
    for name, value in values.items():
        setattr(
            profile, name, value if value is not None or name not in ("desired_title", "skills_text") else ""
        )
    key = normalise(profile.desired_title)[:120]
    if key != profile.desired_title_key or (key and profile.desired_occupation_id is None and created):
        profile.desired_title_key = key
        suggestion = _code_title(profile.desired_title) if key else None
        if suggestion is not None:
            profile.desired_occupation = suggestion.occupation
            profile.desired_occupation_confidence = float(suggestion.confidence)
            profile.coded_by = CodedBy.AUTO
        else:
            profile.desired_occupation, profile.desired_occupation_confidence, profile.coded_by = (
                None,
                None,
                "",
            )
        changed.append("desired_occupation")
    profile.save()
    record_event(
        profile,
        actor=by,
        kind=EventKind.RECORD_CREATED if created else EventKind.RECORD_UPDATED,
        data={"fields": sorted(set(changed)), "open_to_offers": profile.open_to_offers},
    )
    return profile


@transaction.atomic
def choose_occupation(profile: SeekerProfile, code: str, *, by: Any) -> SeekerProfile:
    """The seeker (or their caseworker) picks one of the coder's suggestions for the desired title."""
    if not _may_act_for(by, profile.person):
        raise PermissionError(_("You may not change this person's job wishes."))
    chosen = next(
        (s for s in suggestions_for(profile.desired_title, top=5) if s.occupation.code == code), None
    )
    if chosen is None:
        raise ProfileError(
            {"occupation": [_("Choose one of the occupations suggested for your desired job.")]}
        )
    profile.desired_occupation = chosen.occupation
    profile.desired_occupation_confidence = float(chosen.confidence)
    profile.coded_by = CodedBy.SEEKER if getattr(by, "is_citizen", False) else CodedBy.STAFF
    profile.save(
        update_fields=["desired_occupation", "desired_occupation_confidence", "coded_by", "updated_at"]
    )
    record_event(
        profile,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        data={"fields": ["desired_occupation"], "occupation": code, "coded_by": profile.coded_by},
    )
    return profile


def recode_title(key: str, occupation: Occupation) -> int:
    """Staff confirmed the occupation of a title: profiles with that title that no person chose by hand follow.
    Returns how many profiles changed."""
    if not key:
        return 0
    n = 0
    for profile in (
        SeekerProfile.objects.filter(desired_title_key=key)
        .exclude(coded_by=CodedBy.SEEKER)
        .select_related("person__division")
    ):
        if profile.desired_occupation_id == occupation.pk and profile.coded_by == CodedBy.STAFF:
            continue
        profile.desired_occupation, profile.desired_occupation_confidence = occupation, 1.0
        profile.coded_by = CodedBy.STAFF
        profile.save(
            update_fields=["desired_occupation", "desired_occupation_confidence", "coded_by", "updated_at"]
        )
        record_event(
            profile,
            actor=None,
            kind=EventKind.RECORD_UPDATED,
            data={
                "fields": ["desired_occupation"],
                "occupation": occupation.code,
                "coded_by": "staff",
                "action": "title_confirmed",
            },
        )
        n += 1
    return n


@transaction.atomic
def invite_candidate(posting: JobPosting, person: Person, by: Any) -> CandidateInvitation:
    """An employer (or staff managing the posting) invites an open-to-offers seeker to apply. The seeker is told
    on the platform with a link to the posting; the employer learns who they are only if they apply."""
    if not can_manage_posting(by, posting):
        raise InvitationError(_("You may not invite candidates to this posting."))
    if not posting.is_live():
        raise InvitationError(_("This posting is not open for applications."))
    if not SeekerProfile.objects.open_to_offers().filter(person=person).exists():
        raise InvitationError(_("This candidate is no longer available."))
    if JobApplication.objects.filter(posting=posting, person=person).exists():
        raise InvitationError(_("This candidate has already applied."))
    if CandidateInvitation.objects.filter(posting=posting, person=person).exists():
        raise InvitationError(_("This candidate has already been invited."))
    invitation = CandidateInvitation.objects.create(
        posting=posting, person=person, invited_by=by if getattr(by, "is_authenticated", False) else None
    )
    from jiuye.accounts.models import User

    link = reverse("web:job_detail", args=[posting.pk])
    text = _("An employer invites you to apply to %(title)s") % {"title": posting.title}
    notify(User.objects.filter(person=person, is_active=True), text, link)
    record_event(
        posting,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        data={"action": "candidate_invited", "invitation": invitation.pk},
    )
    return invitation


# =============================================================================================================
# Reporting. The ONLY function in this file that may read protected attributes (sex, date of birth): it runs the
# same ranking as everyone gets, and only afterwards groups the outcomes by sex and by age band for analysts.
# =============================================================================================================

REPORT_LIMIT = 2000
AGE_BANDS = ((16, 24), (25, 34), (35, 44), (45, 54), (55, 64))


@dataclass
class ReportRow:
    group: str
    n: int
    covered: int
    coverage: float | None
    mean_score: float | None
    mean_count: float | None


@dataclass
class RecommendationReport:
    seekers: int
    truncated: bool
    top: int
    overall: ReportRow
    by_sex: list[ReportRow]
    by_age: list[ReportRow]


def recommendation_report(
    scope_user: Any, *, top: int = 10, limit: int = REPORT_LIMIT, today: dt.date | None = None
) -> RecommendationReport:
    """Jobs for each seeker with a profile in the user's scope (at most `limit`, lowest ids first), then — after
    ranking — coverage (share with at least one recommendation), mean best score and mean number of
    recommendations, overall, by sex and by age band."""
    from jiuye.registry.enums import Sex

    today = today or timezone.localdate()
    profiles = SeekerProfile.objects.visible_to(scope_user).order_by("person_id")
    total = profiles.count()
    ids = list(profiles.values_list("person_id", flat=True)[:limit])
    index = job_index(today)
    outcome: dict[int, tuple[int, float]] = {}
    points = _DivisionPoints()
    for start in range(0, len(ids), 500):
        persons = Person.objects.filter(pk__in=ids[start : start + 500]).only("pk", "division_id")
        for seeker in seeker_features(persons, today=today, points=points):
            recs = index.recommend(seeker, top=top, today=today)
            outcome[seeker.id] = (len(recs), max((r.score for r in recs), default=0.0))

    # Ranking is done; from here on the protected attributes are read, for grouping only.
    groups = dict(Person.objects.filter(pk__in=ids).values_list("pk", "sex"))
    births = dict(Person.objects.filter(pk__in=ids).values_list("pk", "birth_date"))

    def band(born: dt.date | None) -> str:
        if born is None:
            return _("Unknown")
        years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        for lo, hi in AGE_BANDS:
            if lo <= years <= hi:
                return f"{lo}–{hi}"
        return _("Under 16") if years < AGE_BANDS[0][0] else f"{AGE_BANDS[-1][1] + 1}+"

    def row(label: str, members: list[int]) -> ReportRow:
        counts = [outcome[m][0] for m in members if m in outcome]
        covered = [outcome[m][1] for m in members if m in outcome and outcome[m][0] > 0]
        n = len(counts)
        return ReportRow(
            group=label,
            n=n,
            covered=len(covered),
            coverage=round(len(covered) / n, 3) if n else None,
            mean_score=round(statistics.fmean(covered), 3) if covered else None,
            mean_count=round(statistics.fmean(counts), 1) if counts else None,
        )

    by_sex: dict[str, list[int]] = defaultdict(list)
    by_age: dict[str, list[int]] = defaultdict(list)
    for pid in ids:
        code = groups.get(pid) or ""
        by_sex[str(Sex(code).label) if code in Sex.values else _("Unknown")].append(pid)
        by_age[band(births.get(pid))].append(pid)
    order = [f"{lo}–{hi}" for lo, hi in AGE_BANDS]
    return RecommendationReport(
        seekers=total,
        truncated=total > len(ids),
        top=top,
        overall=row(_("All seekers"), ids),
        by_sex=[row(label, members) for label, members in sorted(by_sex.items())],
        by_age=[
            row(label, by_age[label])
            for label in sorted(by_age, key=lambda b: (order.index(b) if b in order else len(order), b))
        ],
    )
