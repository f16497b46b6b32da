"""Services of the vacancy survey: the only code that writes rounds, answers, reminders and estimates.

- `create_round`: frame from the employer registry on the reference date (active employers of the area, size class
  from the insured headcount, GB/T 4754 section, county), allocation and seeded selection by the pure engine
  (`jiuye.analytics.survey.design`); the design is recorded on the round and every frame entry keeps its stratum
  and inclusion probability, so the sample can be reproduced and checked. Sampled employers' users get an inbox
  message.
- `save_answers`: draft or submit the questionnaire (own employer users, or staff on the employer's behalf);
  errors name the field; a re-submission before the close replaces the lines and the audit event keeps the
  previous totals.
- `send_reminders`: one inbox message per outstanding employer per wave (a second run of the same wave sends
  nothing).
- `close_round`, `estimate_round`: weights, calibration to the frame's totals, estimates with SEs and
  suppression by `jiuye.analytics.survey`; headline values also written as `IndicatorValue` rows.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jiuye.analytics.survey import design as sdesign
from jiuye.analytics.survey import pipeline
from jiuye.analytics.survey.estimate import Line, Respondent
from jiuye.analytics.survey.weights import CALIBRATION_METHODS, SampledUnit
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division
from jiuye.jobs.services import notify
from jiuye.monitoring.enums import Frequency, Unit
from jiuye.monitoring.models import Indicator, IndicatorValue
from jiuye.registry.models import Employer
from jiuye.supervision.inspections.layoffs import latest_data_month, month_start, monthly_headcount
from jiuye.taxonomy.models import Occupation

from . import permissions
from .enums import HardToFillReason, ResponseStatus, RoundStatus
from .models import FrameEntry, Reminder, ResponseLine, SurveyEstimate, SurveyResponse, SurveyRound

ROUND_CODE = re.compile(r"^(\d{4})Q([1-4])$")
MIN_YEAR, MAX_YEAR = 2000, 2100
LARGE_FACTOR = 10  # vacancies above 10 × the insured headcount must be confirmed
MAX_NUMBER = 1_000_000
NUMBER_FIELDS = ("vacancies", "hard_to_fill", "planned_hires", "planned_layoffs")
INDICATOR_CODE = "vacancy_survey_vacancies"


class SurveyError(ValueError):
    """Bad input: `field` names the parameter, the message says what was expected."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class AnswerError(ValueError):
    """The questionnaire's field errors: {field name: [messages]}; `needs_confirmation` when only the large-number
    check stopped the submission."""

    def __init__(self, errors: dict[str, list[str]], needs_confirmation: bool = False):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors
        self.needs_confirmation = needs_confirmation


def _is_user(actor: Any) -> bool:
    """A signed-in user (checked against roles and area); commands pass their name as a string."""
    return getattr(actor, "is_authenticated", False)


# ------------------------------------------------------------------------------------------------- rounds


def quarter_bounds(code: str) -> tuple[dt.date, dt.date]:
    match = ROUND_CODE.match((code or "").strip())
    if not match:
        raise SurveyError("code", _("a year and quarter like 2026Q4"))
    year, q = int(match[1]), int(match[2])
    if not MIN_YEAR <= year <= MAX_YEAR:  # 0000Q1 and 9999Q4 would be dates Python cannot make
        raise SurveyError("code", _("a year from %(low)s to %(high)s") % {"low": MIN_YEAR, "high": MAX_YEAR})
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def default_reference_date(code: str) -> dt.date:
    """The last day of the quarter's middle month (vacancies are counted on one day of the quarter)."""
    start, _end = quarter_bounds(code)
    middle = dt.date(start.year, start.month + 1, 1)
    return dt.date(middle.year, middle.month + 1, 1) - dt.timedelta(days=1)


def _county(path: str) -> str:
    parts = path.split("/")
    return parts[2] if len(parts) >= 3 else parts[-1]


def build_frame(division: Division, reference_date: dt.date) -> tuple[list[sdesign.FrameUnit], dict, dict]:
    """(frame units, {employer id: division id}, facts about the frame)."""
    employers = Employer.objects.active().filter(
        Q(division__path=division.path) | Q(division__path__startswith=division.path + "/")
    )
    rows = list(employers.values_list("pk", "industry__code", "size_class", "division_id", "division__path"))
    month = latest_data_month(reference_date)
    heads = monthly_headcount([month], employers.values("pk")).get(month_start(month), {})
    units, where = [], {}
    declared = 0
    for pk, industry, size, division_id, path in rows:
        count = heads.get(pk, 0)
        if count:
            size_class = sdesign.size_class_for(count)
        else:
            # No insured worker on file: the registry's declared size stands in (counted in the design facts).
            size_class = size or "micro"
            declared += 1
        units.append(sdesign.FrameUnit(pk, size_class, industry or "?", _county(path), count))
        where[pk] = division_id
    facts = {"headcount_month": month.isoformat(), "size_from_registry_declaration": declared}
    return units, where, facts


def _int(value: Any, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise SurveyError(field, _("a whole number, got “%(v)s”") % {"v": str(value)[:20]}) from None
    if not low <= number <= high:
        raise SurveyError(field, _("between %(low)s and %(high)s") % {"low": low, "high": high})
    return number


@transaction.atomic
def create_round(
    *,
    actor: Any,
    code: str,
    division: Division,
    sample_size: Any,
    seed: Any,
    allocation: str = sdesign.PROPORTIONAL,
    min_per_stratum: Any = 2,
    take_all: tuple[str, ...] | list[str] = ("large",),
    reference_date: dt.date | None = None,
    closes_on: dt.date | None = None,
    request=None,
) -> SurveyRound:
    """Open a round: frame, allocation, selection, recorded design; invite the sampled employers."""
    code = (code or "").strip().upper()
    start, end = quarter_bounds(code)
    if _is_user(actor) and not permissions.can_manage(actor, division):
        raise SurveyError("division", _("outside your area, or your role cannot open survey rounds"))
    if SurveyRound.objects.filter(division=division, code=code).exists():
        raise SurveyError("code", _("a round %(code)s already exists for this area") % {"code": code})
    sample_size = _int(sample_size, "sample_size", 1, 100_000)
    seed = _int(seed, "seed", 0, 2**31 - 1)
    min_per_stratum = _int(min_per_stratum, "min_per_stratum", 1, 100)
    reference_date = reference_date or default_reference_date(code)
    if not start <= reference_date <= end:
        raise SurveyError("reference_date", _("a date inside the quarter %(code)s") % {"code": code})
    closes_on = closes_on or (reference_date + dt.timedelta(days=30))
    if closes_on < reference_date:
        raise SurveyError("closes_on", _("on or after the reference date"))
    units, where, facts = build_frame(division, reference_date)
    if not units:
        raise SurveyError("division", _("no active employer in this area on the reference date"))
    try:
        alloc = sdesign.allocate(
            units, sample_size, method=allocation, min_per_stratum=min_per_stratum, take_all=tuple(take_all)
        )
    except sdesign.DesignError as exc:
        raise SurveyError(exc.field, exc.message) from None
    chosen = sdesign.select(units, alloc, seed)
    strata = alloc.by_key()
    survey_round = SurveyRound.objects.create(
        division=division,
        code=code,
        reference_date=reference_date,
        closes_on=closes_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        design={
            "strata_by": ["size_class", "industry", "county"],
            "allocation": allocation,
            "sample_size": sample_size,
            "min_per_stratum": min_per_stratum,
            "take_all": list(alloc.take_all),
            "seed": seed,
            "frame_size": len(units),
            "frame_sha256": sdesign.frame_digest(units),
            "sampled": alloc.total,
            "notes": alloc.notes,
            **facts,
            "strata": [s.as_dict() for s in alloc.strata],
        },
    )
    entries = FrameEntry.objects.bulk_create(
        [
            FrameEntry(
                round=survey_round,
                employer_id=u.id,
                division_id=where[u.id],
                county_code=u.division,
                industry_code=u.industry,
                size_class=u.size_class,
                headcount=u.headcount,
                stratum=u.stratum,
                sampled=u.id in chosen,
                inclusion_probability=strata[u.stratum].pi,
                design_weight=(1 / strata[u.stratum].pi) if u.id in chosen else None,
            )
            for u in units
        ],
        batch_size=500,
    )
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(round=survey_round, employer_id=e.employer_id, entry=e, division_id=e.division_id)
            for e in entries
            if e.sampled
        ],
        batch_size=500,
    )
    invited = _invite(survey_round)
    survey_round.design["invited_users"] = invited
    survey_round.save(update_fields=["design", "updated_at"])
    record_event(
        survey_round,
        actor=actor,
        kind=EventKind.RECORD_CREATED,
        request=request,
        data={
            "model": "vacancy_survey.surveyround",
            "code": code,
            "frame_size": len(units),
            "sampled": alloc.total,
            "seed": seed,
            "frame_sha256": survey_round.design["frame_sha256"],
        },
    )
    return survey_round


def _employer_users(employer_ids):
    from jiuye.accounts.models import User

    users: dict[int, list] = defaultdict(list)
    for user in User.objects.filter(employer_id__in=list(employer_ids), is_active=True):
        users[user.employer_id].append(user)
    return users


def _link(response: SurveyResponse) -> str:
    return f"/survey/answer/{response.pk}/"


def _invite(survey_round: SurveyRound) -> int:
    responses = list(survey_round.responses.all())
    users = _employer_users(r.employer_id for r in responses)
    sent = 0
    for r in responses:
        sent += notify(
            users.get(r.employer_id, []),
            _("Your organisation was selected for the job-vacancy survey %(code)s. Please answer by %(due)s.")
            % {"code": survey_round.code, "due": survey_round.closes_on.isoformat()},
            _link(r),
        )
    return sent


def redraw(survey_round: SurveyRound) -> dict[int, str]:
    """Draw again from the recorded frame with the recorded design (for checking; writes nothing)."""
    d = survey_round.design
    units = [
        sdesign.FrameUnit(e.employer_id, e.size_class, e.industry_code, e.county_code, e.headcount)
        for e in survey_round.frame.all()
    ]
    alloc = sdesign.allocate(
        units,
        d["sample_size"],
        method=d["allocation"],
        min_per_stratum=d["min_per_stratum"],
        take_all=tuple(d["take_all"]),
    )
    return sdesign.select(units, alloc, d["seed"])


# ---------------------------------------------------------------------------------------------- answers


def _number(raw: Any, name: str, errors: dict[str, list[str]]) -> int:
    if raw in (None, ""):
        return 0
    try:
        value = int(str(raw).strip())
    except ValueError:
        errors[name] = [_("Enter a whole number.")]
        return 0
    if value < 0:
        errors[name] = [_("Must be zero or more.")]
        return 0
    if value > MAX_NUMBER:
        errors[name] = [_("At most %(max)s.") % {"max": MAX_NUMBER}]
        return 0
    return value


def check_answers(
    lines: list[dict], *, headcount: int, confirm_large: bool, submit: bool, employees: Any = None
) -> tuple[list[dict], int | None, dict[str, list[str]], bool]:
    """(clean lines, employees, field errors, needs confirmation). Field names are `employees` and
    `lines-<i>-<field>`; blank rows are skipped."""
    errors: dict[str, list[str]] = {}
    staff = _number(employees, "employees", errors) if employees not in (None, "") else None
    if staff is None and submit and "employees" not in errors:
        errors["employees"] = [_("Give the number of employees on the reference date.")]
    clean: list[dict] = []
    seen: dict[str, str] = {}
    codes = {str(x.get("occupation") or "").strip() for x in lines} - {""}
    known = {o.code: o for o in Occupation.objects.filter(code__in=codes, level=4)}
    for i, raw in enumerate(lines):
        prefix = f"lines-{i}-"
        code = str(raw.get("occupation") or "").strip()
        numbers = {f: _number(raw.get(f), prefix + f, errors) for f in NUMBER_FIELDS}
        reasons = [str(r) for r in (raw.get("reasons") or [])]
        if (
            not code
            and not any(str(raw.get(f) or "").strip() not in ("", "0") for f in NUMBER_FIELDS)
            and not reasons
        ):
            continue
        if not code:
            errors[prefix + "occupation"] = [_("Choose the occupation (a detailed code like 2-02-10-03).")]
        elif code not in known:
            errors[prefix + "occupation"] = [
                _("Unknown occupation code “%(code)s”: search the classification for a detailed code.")
                % {"code": code[:20]}
            ]
        elif code in seen:
            errors[prefix + "occupation"] = [_("This occupation is already on another line.")]
        else:
            seen[code] = prefix
        if numbers["hard_to_fill"] > numbers["vacancies"] and prefix + "hard_to_fill" not in errors:
            errors[prefix + "hard_to_fill"] = [_("Cannot be more than the vacancies.")]
        bad = [r for r in reasons if r not in HardToFillReason.values]
        if bad:
            errors[prefix + "reasons"] = [_("Unknown reason: %(r)s.") % {"r": ", ".join(b[:20] for b in bad)}]
        elif numbers["hard_to_fill"] and not reasons:
            errors[prefix + "reasons"] = [_("Say why the vacancies are hard to fill.")]
        elif reasons and not numbers["hard_to_fill"]:
            errors[prefix + "reasons"] = [_("Reasons are asked only for hard-to-fill vacancies.")]
        clean.append({"occupation": known.get(code), **numbers, "reasons": sorted(set(reasons))})
    total = sum(x["vacancies"] for x in clean)
    needs_confirmation = False
    base = max(headcount, staff or 0, 1)
    if submit and not errors and total > LARGE_FACTOR * base and not confirm_large:
        needs_confirmation = True
        errors["confirm_large"] = [
            _(
                "%(total)s vacancies is more than %(factor)s times your %(heads)s employees: check the "
                "numbers, and tick the box to confirm them."
            )
            % {"total": total, "factor": LARGE_FACTOR, "heads": base}
        ]
    return clean, staff, errors, needs_confirmation


@transaction.atomic
def save_answers(
    response: SurveyResponse,
    *,
    actor: Any,
    lines: list[dict],
    submit: bool,
    employees: Any = None,
    confirm_large: bool = False,
    comment: str = "",
    request=None,
) -> SurveyResponse:
    """Save a draft or submit. Staff answering for the employer are recorded (`on_behalf`, audit)."""
    response = SurveyResponse.objects.select_for_update().select_related("round", "entry").get(pk=response.pk)
    if not response.round.is_open:
        raise AnswerError({"__all__": [_("This survey round is closed: answers can no longer be changed.")]})
    if _is_user(actor) and not permissions.can_answer(actor, response):
        raise AnswerError({"__all__": [_("You cannot answer for this employer.")]})
    was_submitted = response.status == ResponseStatus.SUBMITTED
    if was_submitted and not submit:
        raise AnswerError(
            {"__all__": [_("This questionnaire was submitted: submit it again to replace it.")]}
        )
    clean, staff_count, errors, needs_confirmation = check_answers(
        lines,
        headcount=response.entry.headcount,
        confirm_large=confirm_large,
        submit=submit,
        employees=employees,
    )
    if errors:
        raise AnswerError(errors, needs_confirmation and len(errors) == 1)
    previous = response.totals()
    previous_lines = response.lines.count()
    response.lines.all().delete()
    ResponseLine.objects.bulk_create(
        [
            ResponseLine(
                response=response,
                occupation=x["occupation"],
                vacancies=x["vacancies"],
                hard_to_fill=x["hard_to_fill"],
                reasons=x["reasons"],
                planned_hires=x["planned_hires"],
                planned_layoffs=x["planned_layoffs"],
            )
            for x in clean
        ]
    )
    staff = _is_user(actor) and not getattr(actor, "is_employer_user", False)
    response.comment = (comment or "").strip()[:300]
    response.employees = staff_count
    response.confirmed_large = bool(confirm_large)
    if submit:
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = timezone.now()
        response.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
        response.submissions += 1
        response.on_behalf = staff
    else:
        response.status = ResponseStatus.DRAFT
    response.save()
    action = ("resubmit" if was_submitted else "submit") if submit else "draft"
    data = {"action": action, "lines": len(clean), "totals": response.totals(), "on_behalf": staff}
    if was_submitted:
        data["replaced"] = {"lines": previous_lines, "totals": previous}
    record_event(response, actor=actor, kind=EventKind.RECORD_UPDATED, request=request, data=data)
    return response


# -------------------------------------------------------------------------------------------- follow-up


def send_reminders(survey_round: SurveyRound, *, wave: int, actor: Any = None, dry_run: bool = False) -> dict:
    """Remind the outstanding employers (in the actor's area) once per wave; counts of what was (or would be) sent."""
    if wave < 1 or wave > 20:
        raise SurveyError("wave", _("between 1 and 20"))
    if not survey_round.is_open:
        raise SurveyError("round", _("the round is closed"))
    outstanding = survey_round.responses.outstanding()
    if _is_user(actor):
        if not permissions.can_follow_up(actor):
            raise SurveyError("role", _("your role cannot send survey reminders"))
        outstanding = outstanding.visible_to(actor)
    outstanding = list(outstanding.select_related("employer"))
    done = set(Reminder.objects.filter(round=survey_round, wave=wave).values_list("response_id", flat=True))
    users = _employer_users(r.employer_id for r in outstanding)
    counts = {"outstanding": len(outstanding), "already": 0, "sent": 0, "recipients": 0, "unreachable": 0}
    for r in outstanding:
        if r.pk in done:
            counts["already"] += 1
            continue
        recipients = users.get(r.employer_id, [])
        if not recipients:
            counts["unreachable"] += 1
            continue
        if dry_run:
            counts["sent"] += 1
            counts["recipients"] += len(recipients)
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    round=survey_round,
                    response=r,
                    wave=wave,
                    recipients=len(recipients),
                    sent_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
                notify(
                    recipients,
                    _("Reminder: the job-vacancy survey %(code)s is waiting for your answer (due %(due)s).")
                    % {"code": survey_round.code, "due": survey_round.closes_on.isoformat()},
                    _link(r),
                )
        except IntegrityError:  # another run sent this wave meanwhile
            counts["already"] += 1
            continue
        counts["sent"] += 1
        counts["recipients"] += len(recipients)
    if not dry_run and counts["sent"]:
        record_event(
            survey_round,
            actor=actor,
            kind=EventKind.RECORD_UPDATED,
            data={"action": "remind", "wave": wave, **counts},
        )
    return counts


@transaction.atomic
def close_round(survey_round: SurveyRound, *, actor: Any, request=None) -> SurveyRound:
    if _is_user(actor) and not permissions.can_manage(actor, survey_round.division):
        raise SurveyError("round", _("your role or area cannot close this round"))
    if survey_round.status != RoundStatus.OPEN:
        raise SurveyError("round", _("the round is already closed"))
    survey_round.status = RoundStatus.CLOSED
    survey_round.closed_at = timezone.now()
    survey_round.save(update_fields=["status", "closed_at", "updated_at"])
    counts = response_counts(survey_round.responses.all())
    record_event(
        survey_round,
        actor=actor,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        data={"action": "close", **counts},
    )
    return survey_round


def tracking_by_size(rows: list[dict]) -> list[dict]:
    """The stratum rows of `tracking` summed by size class (size order)."""
    out: dict[str, dict] = {}
    for r in rows:
        t = out.setdefault(
            r["size_class"], {"size_class": r["size_class"], "sampled": 0, "submitted": 0, "draft": 0}
        )
        for key in ("sampled", "submitted", "draft"):
            t[key] += r[key]
    return list(out.values())


def response_counts(responses) -> dict:
    sampled = responses.count()
    submitted = responses.filter(status=ResponseStatus.SUBMITTED).count()
    return {
        "sampled": sampled,
        "submitted": submitted,
        "rate": round(submitted / sampled, 4) if sampled else None,
    }


def tracking(survey_round: SurveyRound, user: Any) -> list[dict]:
    """Response rate by stratum for the sampled employers the user may see."""
    rows: dict[str, dict] = {}
    qs = survey_round.responses.visible_to(user) if user is not None else survey_round.responses.all()
    for stratum, status in qs.values_list("entry__stratum", "status"):
        row = rows.setdefault(stratum, {"stratum": stratum, "sampled": 0, "submitted": 0, "draft": 0})
        row["sampled"] += 1
        row["submitted"] += status == ResponseStatus.SUBMITTED
        row["draft"] += status == ResponseStatus.DRAFT
    strata = {s["key"]: s for s in survey_round.design.get("strata", [])}
    sizes = {size: k for k, size in enumerate(sdesign.SIZE_CLASSES)}
    out = []
    for key in sorted(rows, key=lambda k: (sizes.get(k.split("|")[0], 9), k)):
        row = rows[key]
        size, industry, county = key.split("|")
        s = strata.get(key, {})
        out.append(
            {
                **row,
                "size_class": size,
                "industry": industry,
                "county": county,
                "N": s.get("N"),
                "n": s.get("n"),
                "take_all": s.get("take_all", False),
                "rate": row["submitted"] / row["sampled"] if row["sampled"] else None,
            }
        )
    return out


def estimates_for(survey_round: SurveyRound, user: Any):
    """The round's estimates the user may read. A user whose area lies inside the round's (a district office in a
    city-wide round) reads the whole-area, size-class, industry and reason cells — aggregates of the round's area,
    like the parent area's series on an indicator page — but of the by-county cells only those of counties inside
    their own area: another district's estimate is another district's figure, as in the indicator system."""
    estimates = survey_round.estimates.all()
    if user is None or getattr(user, "sees_everything", False):
        return estimates
    if permissions.in_scope(user, survey_round.division.path):
        return estimates
    counties = set(estimates.filter(dimension="division").values_list("group", flat=True))
    own = [
        code
        for code, path in Division.objects.filter(code__in=counties).values_list("code", "path")
        if permissions.in_scope(user, path)
    ]
    return estimates.exclude(Q(dimension="division") & ~Q(group__in=own))


# ------------------------------------------------------------------------------------------- estimation


def _inputs(survey_round: SurveyRound):
    frame = list(survey_round.frame.all())
    strata = {s["key"]: (s["N"], s["n"]) for s in survey_round.design["strata"] if s["n"]}
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for e in frame:
        t = totals[f"{e.size_class}|{e.industry_code}"]
        t[0] += 1
        t[1] += e.headcount
    responses = {
        r.entry_id: r
        for r in survey_round.responses.prefetch_related("lines__occupation").select_related("entry")
    }
    sample, respondents = [], []
    for e in frame:
        if not e.sampled:
            continue
        r = responses.get(e.pk)
        responded = r is not None and r.status == ResponseStatus.SUBMITTED
        unit = SampledUnit(e.employer_id, e.stratum, e.size_class, e.industry_code, e.headcount, responded)
        sample.append(unit)
        if responded:
            lines = tuple(
                Line(
                    major=x.occupation.code.split("-")[0],
                    vacancies=x.vacancies,
                    hard_to_fill=x.hard_to_fill,
                    planned_hires=x.planned_hires,
                    planned_layoffs=x.planned_layoffs,
                    reasons=tuple(x.reasons or ()),
                )
                for x in r.lines.all()
            )
            respondents.append(Respondent(unit, e.county_code, lines, r.employees))
    expected = {
        "size_class": sorted({e.size_class for e in frame}),
        "industry": sorted({e.industry_code for e in frame}),
        "division": sorted({e.county_code for e in frame}),
        "reason": list(HardToFillReason.values),
    }
    return frame, strata, {k: (v[0], v[1]) for k, v in totals.items()}, sample, respondents, expected


@transaction.atomic
def estimate_round(
    survey_round: SurveyRound,
    *,
    actor: Any = None,
    calibration: str = "raking",
    variance: str = "jackknife",
    cv_max: Any = 0.3,
    min_respondents: Any = 3,
    publish: bool = True,
    request=None,
) -> dict:
    """Weights and estimates of a closed round; replaces earlier estimates. Returns the estimation summary."""
    if _is_user(actor) and not permissions.can_manage(actor, survey_round.division):
        raise SurveyError("round", _("your role or area cannot estimate this round"))
    if survey_round.status == RoundStatus.OPEN:
        raise SurveyError("round", _("close the round before estimating"))
    if calibration not in CALIBRATION_METHODS:
        raise SurveyError("calibration", _("linear or raking"))
    if variance not in pipeline.VARIANCE_METHODS:
        raise SurveyError("variance", _("jackknife or linearisation"))
    try:
        cv_max = float(cv_max)
    except (TypeError, ValueError):
        raise SurveyError("cv_max", _("a number between 0.01 and 1")) from None
    if not 0.01 <= cv_max <= 1:
        raise SurveyError("cv_max", _("a number between 0.01 and 1"))
    min_respondents = _int(min_respondents, "min_respondents", 1, 100)
    frame, strata, totals, sample, respondents, expected = _inputs(survey_round)
    if not respondents:
        raise SurveyError("round", _("no employer answered: nothing to estimate"))
    result = pipeline.run(
        sample,
        strata,
        totals,
        respondents,
        calibration=calibration,
        cv_max=cv_max,
        min_respondents=min_respondents,
        expected=expected,
        variance=variance,
    )
    for e in frame:
        e.adjusted_weight = result.adjusted_weights.get(e.employer_id)
        e.final_weight = result.final_weights.get(e.employer_id)
    FrameEntry.objects.bulk_update(frame, ["adjusted_weight", "final_weight"], batch_size=500)
    survey_round.estimates.all().delete()
    SurveyEstimate.objects.bulk_create(
        [
            SurveyEstimate(
                round=survey_round,
                dimension=c.dimension,
                group=c.group,
                measure=c.measure,
                value=c.value,
                se=c.se,
                cv=c.cv,
                respondents=c.n,
                suppressed=c.suppressed,
                reason=c.reason,
            )
            for c in result.cells
        ]
    )
    summary = {
        **result.summary(),
        "cv_max": cv_max,
        "min_respondents": min_respondents,
        "sampled": len(sample),
        "nonresponse": [
            {
                "key": g.key,
                "strata": len(g.strata),
                "N": g.N,
                "sampled": g.sampled,
                "respondents": g.respondents,
            }
            for g in result.nonresponse
            if len(g.strata) > 1
        ],
    }
    survey_round.estimation = summary
    survey_round.status = RoundStatus.ESTIMATED
    survey_round.estimated_at = timezone.now()
    survey_round.save(update_fields=["estimation", "status", "estimated_at", "updated_at"])
    if publish:
        summary["indicator_values"] = publish_indicator(survey_round)
    record_event(
        survey_round,
        actor=actor,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        data={
            "action": "estimate",
            "calibration": result.calibration.method,
            "respondents": len(respondents),
        },
    )
    return summary


def publish_indicator(survey_round: SurveyRound) -> int:
    """Total vacancies of the round's area, of each county and of each industry as `IndicatorValue` rows."""
    indicator, _created = Indicator.objects.update_or_create(
        code=INDICATOR_CODE,
        defaults={
            "name_zh": "岗位空缺数（岗位调查）",
            "name_en": "Job vacancies (vacancy survey)",
            "numerator": "Weighted sum of vacancies reported by sampled employers on the reference date "
            "(calibrated to registry employers and insured employees by size class × industry)",
            "denominator": "",
            "source": "Job-vacancy survey of employers (jiuye.monitoring.survey)",
            "frequency": Frequency.QUARTERLY,
            "unit": Unit.COUNT,
            "higher_is_better": None,
            "group_by": "industry",
        },
    )
    month = month_start(survey_round.reference_date)
    counties = {d.code: d for d in Division.objects.filter(code__in=survey_round.frame.values("county_code"))}
    cells = survey_round.estimates.filter(measure="vacancies", dimension__in=["all", "division", "industry"])
    now = timezone.now()
    written = 0
    for c in cells:
        if c.dimension == "division":
            division, group = counties.get(c.group), ""
            if division is None or division.pk == survey_round.division_id:
                continue
        else:
            division = survey_round.division
            group = "" if c.dimension == "all" else f"industry:{c.group}"
        IndicatorValue.objects.update_or_create(
            indicator=indicator,
            division=division,
            month=month,
            group=group,
            defaults={
                "value": None if c.suppressed else c.value,
                "numerator": None if c.suppressed else c.value,
                "denominator": None,
                "suppressed": c.suppressed,
                "suppression_reason": c.reason,
                "engine": "survey",
                "computed_at": now,
            },
        )
        written += 1
    return written
