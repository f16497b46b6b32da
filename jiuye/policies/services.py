"""Policy services: evaluate, push, consent, applications, review, payment. The only code that writes.

Names are stable (the web pages call them):
    evaluate_person, evaluate_employer, evaluate_subject, why_not
    push_policies, unknowns_worklist, set_consent, consent_state
    start_application, declare, submit_application, review_application, withdraw_application,
    mark_overdue, advance_payment
Errors are `PolicyError` subclasses with a message for the user (`str(e)`) and, for refusals, the
structured `reasons` ([{code, text}]).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.jobs.models import Notification
from jiuye.registry.models import Employer, Person
from jiuye.registry.permissions import in_scope

from .engine import MET, NEVER, UNKNOWN, Catalogue, Decision
from .models import (
    APPLIED_STATUSES,
    AWAITING_REVIEW,
    OPT_IN_CHANNELS,
    ApplicationStatus,
    Channel,
    PaymentOrder,
    PaymentStatus,
    PolicyApplication,
    PolicyApplicationEvent,
    PolicyConsent,
    PolicyPush,
    RejectionReason,
)
from .senders import Message, Sender, get_sender
from .situations import (
    SOURCES,
    build_employer_situation,
    build_person_situation,
    catalogue,
    employer_columns,
    person_columns,
)

S = ApplicationStatus

# Review must be done within this many working days (Monday–Friday) of submission. Public holidays
# and the adjusted working weekends (调休) are not in a calendar yet: the due date can be a day early.
REVIEW_WORKING_DAYS = 20


class PolicyError(Exception):
    """A refused action, with a message for the user."""

    def __init__(self, message: str, reasons: list[dict] | None = None):
        super().__init__(message)
        self.reasons = reasons or []


class NotAllowed(PolicyError):
    pass


class IllegalTransition(PolicyError):
    pass


class SubmissionRefused(PolicyError):
    """Submission refused (not eligible, stale or contradictory data); the application stays as it was."""


# ---------------------------------------------------------------------------------------------
# Subjects, catalogue, languages
# ---------------------------------------------------------------------------------------------


def _cat(cat: Catalogue | None) -> Catalogue:
    return cat or catalogue()


def subject_kind(subject) -> str:
    if isinstance(subject, Person):
        return "person"
    if isinstance(subject, Employer):
        return "employer"
    raise TypeError(f"a policy subject is a Person or an Employer, not {type(subject).__name__}")


def _subject_kw(subject) -> dict:
    return {subject_kind(subject): subject}


def _policy(policy_id: str, subject, cat: Catalogue | None = None):
    cat = _cat(cat)
    if policy_id not in cat.policies:
        raise PolicyError(_("Unknown policy: %(policy)s") % {"policy": policy_id})
    policy = cat[policy_id]
    if policy.subject != subject_kind(subject):
        raise PolicyError(
            _("The policy %(policy)s is for %(kind)s applicants.")
            % {"policy": policy_id, "kind": policy.subject}
        )
    return policy


def _zh() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")


def policy_title(policy_id: str, cat: Catalogue | None = None) -> str:
    title = _cat(cat)[policy_id].meta.title
    if isinstance(title, dict):
        return title.get("zh" if _zh() else "en") or title.get("zh") or policy_id
    return str(title or policy_id)


def condition_text(policy_id: str, code: str, cat: Catalogue | None = None) -> str:
    for c in _cat(cat)[policy_id].rule.conditions:
        if c.code == code:
            return c.text_zh if _zh() else c.text_en
    return code


def situation_for(subject, on: dt.date):
    if subject_kind(subject) == "person":
        return build_person_situation(subject, on)
    return build_employer_situation(subject, on)


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


def evaluate_person(
    person: Person, on: dt.date | None = None, *, catalogue: Catalogue | None = None
) -> list[Decision]:
    """Every person policy for this person on a date (single-case path, same data as the push)."""
    on = on or _today()
    return _cat(catalogue).evaluate_all(build_person_situation(person, on), on)


def evaluate_employer(
    employer: Employer, on: dt.date | None = None, *, catalogue: Catalogue | None = None
) -> list[Decision]:
    on = on or _today()
    return _cat(catalogue).evaluate_all(build_employer_situation(employer, on), on)


# Fields an applicant may declare when the library cannot answer them; a declaration never replaces
# a value the library holds (that is a contradiction, and the submission is refused).
DECLARABLE: dict[str, type] = {
    "student_loan": bool,
    "other_loans": bool,
    "poverty_relief_household": bool,
    "rural_migrant": bool,
    "ex_offender": bool,
    "job_seeking": bool,
    "veteran_self_placed": bool,
}


def _with_declared(situation, declared: dict | None):
    if not declared:
        return situation
    fill = {k: v for k, v in declared.items() if k in DECLARABLE and getattr(situation, k, None) is None}
    return dataclasses.replace(situation, **fill) if fill else situation


def evaluate_subject(
    subject,
    policy_id: str,
    on: dt.date | None = None,
    *,
    declared: dict | None = None,
    catalogue: Catalogue | None = None,
) -> Decision:
    """One policy for one subject, with the applicant's declarations filling what the library lacks."""
    on = on or _today()
    policy = _policy(policy_id, subject, catalogue)
    return policy.evaluate(_with_declared(situation_for(subject, on), declared), on)


def _json_value(v):
    if isinstance(v, dt.date):
        return "never" if v == NEVER else v.isoformat()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def snapshot(situation, on: dt.date) -> dict:
    """The prefilled data: every known field with the library source it came from."""
    fields = {}
    for f in dataclasses.fields(situation):
        v = getattr(situation, f.name)
        if v is not None:
            fields[f.name] = {"value": _json_value(v), "source": SOURCES.get(f.name, "")}
    return {"as_of": on.isoformat(), "fields": fields}


def decision_record(decision: Decision, *, verified: tuple[str, ...] = ()) -> dict:
    return {
        "policy": decision.policy,
        "on": decision.on.isoformat(),
        "status": decision.status,
        "met": list(decision.met),
        "unmet": list(decision.unmet),
        "unknown": list(decision.unknown),
        "verified_by_reviewer": list(verified),
        "benefits": {k: float(v) for k, v in decision.benefits.items()},
        "rule_version": decision.rule_version,
        "parameters": {k: _json_value(v) for k, v in decision.parameters.items()},
        "parameters_digest": decision.parameters_digest,
        "to_verify": list(decision.to_verify),
    }


# ---------------------------------------------------------------------------------------------
# Why not
# ---------------------------------------------------------------------------------------------


@dataclass
class WhyNotItem:
    code: str
    state: str  # unmet | unknown
    text: str
    hint: str


@dataclass
class WhyNot:
    decision: Decision
    items: list[WhyNotItem] = field(default_factory=list)


def _months_between(a: dt.date, b: dt.date) -> int:
    return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)


def _hint(code: str, s, params: dict, on: dt.date) -> str:
    p = params
    if (
        code == "ui_contribution_period"
        and s.ui_contribution_months is not None
        and p.get("min_contribution_months")
    ):
        more = int(p["min_contribution_months"]) - int(s.ui_contribution_months)
        return _(
            "Unemployment insurance has been paid for %(have)d months; %(more)d more months are needed."
        ) % {
            "have": s.ui_contribution_months,
            "more": more,
        }
    if code == "working_age" and s.birth_date is not None and p.get("min_age") is not None:
        reach = s.birth_date.replace(year=s.birth_date.year + int(p["min_age"]))
        return _("Possible from %(date)s, when the minimum age of %(age)d is reached.") % {
            "date": reach.isoformat(),
            "age": int(p["min_age"]),
        }
    if code == "certificate_in_window" and p.get("claim_window_months"):
        if s.certificate_on not in (None, NEVER):
            return _(
                "The certificate must be less than %(n)d months old; this one is %(age)d months old."
            ) % {
                "n": int(p["claim_window_months"]),
                "age": _months_between(s.certificate_on, on),
            }
        return _("Apply within %(n)d months of obtaining a certificate.") % {
            "n": int(p["claim_window_months"])
        }
    if code == "quota_met" and s.insured_headcount and p.get("quota_share") is not None:
        needed = math.ceil(float(p["quota_share"]) * s.insured_headcount - 1e-9) - int(
            s.disabled_employees or 0
        )
        return _("Employing %(n)d more persons with disabilities would meet the %(share)s%% quota.") % {
            "n": max(needed, 1),
            "share": f"{float(p['quota_share']) * 100:g}",
        }
    hints = {
        "registered_unemployed": _(
            "Register as unemployed at the public employment service of your district."
        ),
        "job_seeking": _(
            "Register as a job seeker (job-search registration) with the public employment service."
        ),
        "involuntary_separation": _(
            "Only people whose last job ended against their will qualify (contract ended, dismissed, employer closed)."
        ),
        "hard_to_employ": _(
            "Ask your caseworker whether you can be recognised as a person with employment difficulties."
        ),
        "training_completed": _("Complete an employment-skills or entrepreneurship training course."),
        "eligible_certificate": _("Obtain a vocational skill certificate of an eligible grade."),
        "runs_business": _("Register a business (individual business or small enterprise)."),
        "flexible_employment": _("Register your flexible employment with the public employment service."),
        "own_social_insurance": _("Pay social insurance as a flexibly employed person."),
        "ui_insured_now": _("Only for employees currently insured against unemployment."),
        "in_force": _("The policy is not in force on this date."),
        "graduating_year": _("Only in the year of graduation."),
        "within_subsidy_period": _("The subsidy period has ended."),
        "within_period": _("The period of the policy has ended."),
        "hired_young_people": _(
            "Hire a young person of the target groups and pay their unemployment insurance for a month."
        ),
        "hired_veterans": _("Hire a self-placed veteran on a contract of at least one year."),
        "has_employees": _("Only for employers with insured employees."),
        "active": _("Only for employers operating normally."),
    }
    return hints.get(code, "")


def why_not(subject, policy_id: str, on: dt.date | None = None, *, declared: dict | None = None) -> WhyNot:
    """The unmet and unknown conditions of one policy for one subject, and what would change them."""
    on = on or _today()
    policy = _policy(policy_id, subject)
    situation = _with_declared(situation_for(subject, on), declared)
    decision = policy.evaluate(situation, on)
    out = WhyNot(decision)
    for code in decision.unmet:
        out.items.append(
            WhyNotItem(
                code,
                "unmet",
                condition_text(policy_id, code),
                _hint(code, situation, decision.parameters, on),
            )
        )
    for code in decision.unknown:
        out.items.append(
            WhyNotItem(
                code,
                "unknown",
                condition_text(policy_id, code),
                _(
                    "The library does not hold this yet: a caseworker can verify it, or you can declare it when applying."
                ),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Consent
# ---------------------------------------------------------------------------------------------


def _latest_consents(kind: str, ids) -> dict[tuple[int, str], bool]:
    """(subject id, channel) → opted_out, from the latest row of each."""
    out: dict[tuple[int, str], bool] = {}
    qs = PolicyConsent.objects.filter(**{f"{kind}_id__in": ids}).order_by("changed_at", "id")
    for sid, channel, opted_out in qs.values_list(f"{kind}_id", "channel", "opted_out"):
        out[(sid, channel)] = opted_out
    return out


def consent_state(subject) -> dict[str, bool]:
    """channel → True when messages on that channel go out (inbox on by default, SMS/WeChat opt-in)."""
    kind = subject_kind(subject)
    latest = _latest_consents(kind, [subject.pk])
    return {c.value: not latest.get((subject.pk, c.value), c in OPT_IN_CHANNELS) for c in Channel}


def can_act_for(user: Any, subject) -> bool:
    """The subject themself (citizen / employer user) or a case-working staff member in scope."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    kind = subject_kind(subject)
    if getattr(user, "is_citizen", False):
        return kind == "person" and user.person_id == subject.pk
    if getattr(user, "is_employer_user", False):
        return kind == "employer" and user.employer_id == subject.pk
    return bool(getattr(user, "works_on_cases", False)) and in_scope(user, subject.division.path)


def set_consent(subject, channel: str, opted_out: bool, by: Any) -> PolicyConsent:
    """Record a change of choice for one channel (a new row; the history is kept)."""
    if channel not in Channel.values:
        raise PolicyError(_("Unknown channel: %(channel)s") % {"channel": channel})
    if not can_act_for(by, subject):
        raise NotAllowed(_("You may not change this choice."))
    with transaction.atomic():
        row = PolicyConsent.objects.create(
            division=subject.division,
            channel=channel,
            opted_out=bool(opted_out),
            changed_by=by,
            **_subject_kw(subject),
        )
        record_event(
            row,
            actor=by,
            kind=EventKind.RECORD_CREATED,
            data={"action": "policy_consent", "channel": channel, "opted_out": bool(opted_out)},
        )
    return row


# ---------------------------------------------------------------------------------------------
# Push
# ---------------------------------------------------------------------------------------------


def apply_link(policy_id: str) -> str:
    """The one-click prefilled application page (web layer), with a stable fallback path."""
    for name in ("web:policy_apply", "policy_apply"):
        try:
            return reverse(name, kwargs={"policy_id": policy_id})
        except NoReverseMatch:
            continue
    return f"/me/policies/{policy_id}/apply/"


def _notification_text(policy_id: str, met: tuple[str, ...], cat: Catalogue, language: str) -> str:
    with translation.override(language):
        reasons = (
            "；".join(condition_text(policy_id, c, cat) for c in met)
            if language.startswith("zh")
            else "; ".join(condition_text(policy_id, c, cat) for c in met)
        )
        text = _("You may qualify for %(policy)s: %(reasons)s. Apply with your data already filled in.") % {
            "policy": policy_title(policy_id, cat),
            "reasons": reasons,
        }
    return text if len(text) <= 300 else text[:299] + "…"


def _scoped(qs, division):
    if division is None:
        return qs
    return qs.filter(Q(division__path=division.path) | Q(division__path__startswith=division.path + "/"))


@dataclass
class PushResult:
    on: dt.date
    dry_run: bool
    counts: dict[str, int] = field(default_factory=dict)
    by_policy: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, policy: str, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n
        self.by_policy.setdefault(policy, {})
        self.by_policy[policy][key] = self.by_policy[policy].get(key, 0) + n


def push_policies(
    on: dt.date | None = None,
    *,
    scope_division=None,
    dry_run: bool = True,
    catalogue: Catalogue | None = None,
    sender: Sender | None = None,
) -> PushResult:
    """Evaluate every policy for every person and employer in scope (vectorised), and tell the eligible
    who have not applied, received or already been told: inbox notifications (unless opted out) and
    SMS/WeChat through the sender (only when opted in). `scope_division` is a Division or None."""
    on = on or _today()
    cat = _cat(catalogue)
    sender = sender or get_sender()
    result = PushResult(on, dry_run)
    for kind, model, columns in (
        ("person", Person, person_columns),
        ("employer", Employer, employer_columns),
    ):
        subjects = _scoped(model.objects.all(), scope_division)
        ids, cols = columns(subjects, on)
        result.counts[f"evaluated_{kind}s"] = len(ids)
        if not len(ids):
            continue
        decisions = cat.evaluate_population(kind, cols, on)
        eligible = {pid: ids[res.status == MET] for pid, res in decisions.items()}
        candidates = set().union(*(set(v.tolist()) for v in eligible.values())) if eligible else set()
        fk = f"{kind}_id"
        applied = set(
            PolicyApplication.objects.filter(
                **{f"{fk}__in": candidates}, status__in=APPLIED_STATUSES
            ).values_list(fk, "policy")
        )
        pushed = set(PolicyPush.objects.sent().filter(**{f"{fk}__in": candidates}).values_list(fk, "policy"))
        consents = _latest_consents(kind, candidates)
        users: dict[int, list[User]] = {}
        role = Role.CITIZEN if kind == "person" else Role.EMPLOYER
        for u in User.objects.filter(**{f"{kind}_id__in": candidates}, role=role, is_active=True):
            users.setdefault(getattr(u, fk), []).append(u)
        divisions = dict(model.objects.filter(pk__in=candidates).values_list("pk", "division_id"))
        pushes: list[PolicyPush] = []
        notes: list[Notification] = []
        messages: list[tuple[PolicyPush, Message]] = []
        for pid, policy in ((p, cat[p]) for p in decisions):
            res = decisions[pid]
            for n in np.flatnonzero(res.status == MET):
                sid = int(ids[n])
                result.add(pid, "eligible")
                if (sid, pid) in applied:
                    result.add(pid, "already_applied")
                    continue
                if (sid, pid) in pushed:
                    result.add(pid, "already_pushed")
                    continue
                channels = []
                if users.get(sid) and not consents.get((sid, Channel.INBOX), False):
                    channels.append(Channel.INBOX)
                for ch in (Channel.SMS, Channel.WECHAT):
                    if consents.get((sid, ch)) is False:  # opted in explicitly
                        channels.append(ch)
                if not channels:
                    opted_out = consents.get((sid, Channel.INBOX), False)
                    result.add(pid, "opted_out" if opted_out else "unreachable")
                    continue
                result.add(pid, "notified")
                if dry_run:
                    continue
                met = tuple(c for c, a in res.conditions.items() if int(a[n]) == MET)
                link = apply_link(pid)
                for ch in channels:
                    push = PolicyPush(
                        division_id=divisions[sid],
                        policy=pid,
                        on=on,
                        status="eligible",
                        reasons=list(met),
                        rule_version=policy.rule.version,
                        parameters_digest=policy.digest,
                        channel=ch,
                        notification_sent=ch == Channel.INBOX,
                        **{fk: sid},
                    )
                    pushes.append(push)
                    if ch == Channel.INBOX:
                        for u in users[sid]:
                            lang = u.preferred_language or "zh-hans"
                            notes.append(
                                Notification(
                                    recipient=u, text=_notification_text(pid, met, cat, lang), link=link
                                )
                            )
                    else:
                        messages.append((push, Message(ch, kind, sid, pid, None, link)))
        if dry_run:
            continue
        with transaction.atomic():
            PolicyPush.objects.bulk_create(pushes, batch_size=1000)
            Notification.objects.bulk_create(notes, batch_size=1000)
        result.add("_all", f"{kind}_notifications", len(notes))
        sent = []
        for push, msg in messages:
            # bulk_create sets ids on PostgreSQL and SQLite ≥ 3.35; the message carries it when known.
            if sender.send(dataclasses.replace(msg, push_id=push.pk)):
                sent.append(push.pk)
        if sent:
            PolicyPush.objects.filter(pk__in=sent).update(notification_sent=True)
        result.add("_all", f"{kind}_messages_sent", len(sent))
    result.by_policy.pop("_all", None)
    if not dry_run:
        record_event(
            None,
            kind=EventKind.RECORD_CREATED,
            actor="policies_push",
            division_path=getattr(scope_division, "path", ""),
            data={"action": "policies_push", "on": on.isoformat(), "counts": result.counts},
        )
    return result


# ---------------------------------------------------------------------------------------------
# Worklist for caseworkers
# ---------------------------------------------------------------------------------------------


@dataclass
class WorklistItem:
    person: Person
    policy: str
    title: str
    unknown: tuple[str, ...]
    met: tuple[str, ...]


def unknowns_worklist(
    user: Any, on: dt.date | None = None, *, catalogue: Catalogue | None = None
) -> list[WorklistItem]:
    """People in the user's scope who are likely eligible — no condition unmet, and at least as many
    met as unknown — with the unknown condition codes, for caseworkers to verify. People who have
    already applied for the policy are left out. Ordered by division and record id only."""
    if not getattr(user, "works_on_cases", False):
        return []
    on = on or _today()
    cat = _cat(catalogue)
    persons = Person.objects.visible_to(user)
    ids, cols = person_columns(persons, on)
    if not len(ids):
        return []
    found: list[tuple[int, str, tuple, tuple]] = []
    for pid, res in cat.evaluate_population("person", cols, on).items():
        for n in np.flatnonzero(res.status == UNKNOWN):
            states = {c: int(a[n]) for c, a in res.conditions.items()}
            unknown = tuple(c for c, s in states.items() if s == UNKNOWN)
            met = tuple(c for c, s in states.items() if s == MET)
            # "Likely": at least as many conditions met as unknown (someone the library knows nothing
            # about is not a lead, just a blank record).
            if len(met) >= len(unknown):
                found.append((int(ids[n]), pid, unknown, met))
    applied = set(
        PolicyApplication.objects.filter(
            person_id__in={f[0] for f in found}, status__in=APPLIED_STATUSES
        ).values_list("person_id", "policy")
    )
    people = Person.objects.select_related("division").in_bulk({f[0] for f in found})
    items = [
        WorklistItem(people[sid], pid, policy_title(pid, cat), unknown, met)
        for sid, pid, unknown, met in found
        if (sid, pid) not in applied
    ]
    items.sort(key=lambda i: (i.person.division.code, i.person.pk, i.policy))
    return items


# ---------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------


def add_working_days(start: dt.date, n: int) -> dt.date:
    d = start
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def _event(app: PolicyApplication, from_status: str, by: Any, reason: str = "", **data) -> None:
    PolicyApplicationEvent.objects.create(
        application=app,
        from_status=from_status,
        to_status=app.status,
        actor=by if getattr(by, "is_authenticated", False) else None,
        reason=reason or "",
        data=data,
    )
    record_event(
        app,
        actor=by,
        kind=EventKind.RECORD_UPDATED if from_status else EventKind.RECORD_CREATED,
        data={
            "action": "policy_application",
            "policy": app.policy,
            "from": from_status,
            "to": app.status,
            "reason": reason or "",
            **data,
        },
    )


def _applicant_users(app: PolicyApplication):
    if app.person_id:
        return User.objects.filter(person_id=app.person_id, role=Role.CITIZEN, is_active=True)
    return User.objects.filter(employer_id=app.employer_id, role=Role.EMPLOYER, is_active=True)


def application_link(app: PolicyApplication) -> str:
    for name in ("web:policy_application", "policy_application"):
        try:
            return reverse(name, kwargs={"pk": app.pk})
        except NoReverseMatch:
            continue
    return f"/policies/applications/{app.pk}/"


STATUS_MESSAGES = {
    S.APPROVED: gettext_noop("Your application for %(policy)s was approved."),
    S.REJECTED: gettext_noop("Your application for %(policy)s was rejected."),
    S.RETURNED: gettext_noop("Your application for %(policy)s was returned: more information is needed."),
    S.UNDER_REVIEW: gettext_noop("Your application for %(policy)s is being reviewed."),
}


def _notify_applicant(app: PolicyApplication) -> None:
    template = STATUS_MESSAGES.get(app.status)
    if not template:
        return
    notes = []
    for u in _applicant_users(app):
        with translation.override(u.preferred_language or "zh-hans"):
            text = _(template) % {"policy": policy_title(app.policy)}
        notes.append(Notification(recipient=u, text=text[:300], link=application_link(app)))
    Notification.objects.bulk_create(notes)


def start_application(subject, policy_id: str, *, by: Any, on: dt.date | None = None) -> PolicyApplication:
    """A draft prefilled from the library (nothing the government already has is asked again). An open
    or approved application for the same policy is returned instead of a second one."""
    on = on or _today()
    _policy(policy_id, subject)
    if not can_act_for(by, subject):
        raise NotAllowed(_("You may not apply for this applicant."))
    kw = _subject_kw(subject)
    existing = PolicyApplication.objects.filter(**kw, policy=policy_id, status__in=APPLIED_STATUSES).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        app = PolicyApplication.objects.create(
            division=subject.division,
            policy=policy_id,
            status=S.DRAFT,
            prefill=snapshot(situation_for(subject, on), on),
            created_by=by if getattr(by, "pk", None) else None,
            **kw,
        )
        _event(app, "", by)
    return app


def declare(app: PolicyApplication, values: dict, *, by: Any) -> PolicyApplication:
    """Record the applicant's answers for conditions the library cannot answer (draft or returned)."""
    if not can_act_for(by, app.subject):
        raise NotAllowed(_("You may not change this application."))
    if app.status not in (S.DRAFT, S.RETURNED):
        raise IllegalTransition(_("Only a draft or a returned application can be changed."))
    clean = {}
    for name, value in (values or {}).items():
        if name not in DECLARABLE:
            raise PolicyError(_("%(field)s cannot be declared by the applicant.") % {"field": name})
        if value is None:
            continue
        if not isinstance(value, DECLARABLE[name]):
            raise PolicyError(_("%(field)s must be yes or no.") % {"field": name})
        clean[name] = value
    app.declared = {**app.declared, **clean}
    app.save(update_fields=["declared", "updated_at"])
    record_event(
        app,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        data={"action": "policy_declaration", "fields": sorted(clean)},
    )
    return app


def _refuse(app: PolicyApplication, by: Any, code: str, message: str, reasons: list[dict], **data) -> None:
    app.save()
    PolicyApplicationEvent.objects.create(
        application=app,
        from_status=app.status,
        to_status=app.status,
        actor=by if getattr(by, "is_authenticated", False) else None,
        reason=code,
        data=data,
    )
    record_event(
        app,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        data={"action": "policy_submission_refused", "policy": app.policy, "reason": code, **data},
    )
    raise SubmissionRefused(message, reasons)


# Worked out from the date itself, not read from the library: a day passing is not stale data.
DERIVED_FROM_DATE = frozenset({"years_to_retirement"})


def submit_application(app: PolicyApplication, by: Any, on: dt.date | None = None) -> PolicyApplication:
    """Submit a draft (or resubmit a returned application), re-checking eligibility on the library's
    current data. Refused — and left as it was, with the reason — when:
      - the library's data changed since the draft was prefilled (stale): the draft is refreshed;
      - a declaration contradicts what the library holds;
      - the conditions are not met.
    Unknown conditions do not block: the reviewer verifies them."""
    on = on or _today()
    if not can_act_for(by, app.subject):
        raise NotAllowed(_("You may not submit this application."))
    if app.status not in (S.DRAFT, S.RETURNED):
        raise IllegalTransition(
            _("An application that is %(status)s cannot be submitted.") % {"status": app.get_status_display()}
        )
    policy = _policy(app.policy, app.subject)
    situation = situation_for(app.subject, on)
    current = snapshot(situation, on)
    before = (app.prefill or {}).get("fields", {})
    changed = sorted(
        k
        for k in (set(before) | set(current["fields"])) - DERIVED_FROM_DATE
        if (before.get(k) or {}).get("value") != (current["fields"].get(k) or {}).get("value")
    )
    if changed:
        app.prefill = current
        _refuse(
            app,
            by,
            "stale",
            _(
                "The library's data changed since this application was filled in (%(fields)s). "
                "Check the updated data and submit again."
            )
            % {"fields": ", ".join(changed)},
            [{"code": "stale", "fields": changed}],
            fields=changed,
        )
    contradictions = sorted(
        k
        for k, v in (app.declared or {}).items()
        if getattr(situation, k, None) is not None and getattr(situation, k) != v
    )
    if contradictions:
        _refuse(
            app,
            by,
            "contradictory",
            _(
                "What was declared contradicts the library (%(fields)s). Correct the declaration or ask the "
                "department that holds the data."
            )
            % {"fields": ", ".join(contradictions)},
            [{"code": "contradictory", "fields": contradictions}],
            fields=contradictions,
        )
    decision = policy.evaluate(_with_declared(situation, app.declared), on)
    app.eligibility = decision_record(decision)
    if decision.unmet:
        _refuse(
            app,
            by,
            "not_eligible",
            _("The conditions are not met: %(conditions)s.")
            % {"conditions": "; ".join(condition_text(app.policy, c) for c in decision.unmet)},
            [{"code": c, "text": condition_text(app.policy, c)} for c in decision.unmet],
            unmet=list(decision.unmet),
        )
    before_status = app.status
    with transaction.atomic():
        app.status = S.SUBMITTED if before_status == S.DRAFT else S.RESUBMITTED
        app.submitted_at = timezone.now()
        app.review_due = add_working_days(on, REVIEW_WORKING_DAYS)
        app.is_overdue = False
        app.save()
        _event(app, before_status, by, unknown=list(decision.unknown))
    return app


# Review moves: from → allowed targets (district staff in scope).
REVIEW_MOVES = {
    S.SUBMITTED: {S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.RETURNED},
    S.RESUBMITTED: {S.UNDER_REVIEW, S.APPROVED, S.REJECTED, S.RETURNED},
    S.UNDER_REVIEW: {S.APPROVED, S.REJECTED, S.RETURNED},
}
WITHDRAWABLE = frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.RETURNED, S.RESUBMITTED})


def can_review(user: Any, app: PolicyApplication) -> bool:
    """District staff who work on cases, in the scope of the applicant's division."""
    return (
        getattr(user, "is_authenticated", False)
        and bool(getattr(user, "works_on_cases", False))
        and in_scope(user, app.division.path)
    )


def _payment(app: PolicyApplication, decision: Decision) -> PaymentOrder | None:
    b = decision.benefits
    if "amount" in b:
        amount, months = b["amount"], None
    elif "monthly_amount" in b:
        months = int(b.get("duration_months") or b.get("max_months") or 1)
        amount = b["monthly_amount"] * months
    else:
        return None  # loans, tax reductions, quota: no payment from the employment fund here
    payee = {"payee_person_id": app.person_id} if app.person_id else {"payee_employer_id": app.employer_id}
    return PaymentOrder.objects.create(
        application=app,
        division_id=app.division_id,
        amount=Decimal(str(round(amount, 2))),
        months=months,
        **payee,
    )


def review_application(
    app: PolicyApplication,
    to: str,
    by: Any,
    reason: str | None = None,
    note: str = "",
    on: dt.date | None = None,
) -> PolicyApplication:
    """Take up, approve, reject (with a structured reason) or return (with what is missing).
    Approval re-evaluates on the library's data, records the decision (conditions, amounts, rule
    version, parameter values and fingerprint) and creates the payment order."""
    on = on or _today()
    if not can_review(by, app):
        raise NotAllowed(_("Only district staff of the applicant's area may review this application."))
    if to not in REVIEW_MOVES.get(app.status, ()):
        raise IllegalTransition(
            _("An application that is %(status)s cannot become %(to)s.")
            % {"status": app.get_status_display(), "to": S(to).label if to in S.values else to}
        )
    if to == S.REJECTED and reason not in RejectionReason.values:
        raise PolicyError(_("A rejection needs a reason."))
    if to == S.RETURNED and not (note or "").strip():
        raise PolicyError(_("Say what information is missing."))
    if to == S.APPROVED and app.created_by_id is not None and app.created_by_id == getattr(by, "pk", None):
        # Four eyes: staff who filled in an application for someone do not approve it themselves.
        raise NotAllowed(
            _("An application you filled in for the applicant must be approved by someone else.")
        )
    before = app.status
    decision = None
    if to in (S.APPROVED, S.REJECTED):
        decision = evaluate_subject(app.subject, app.policy, on, declared=app.declared)
        if to == S.APPROVED and decision.unmet:
            raise PolicyError(
                _("Cannot approve: conditions not met: %(conditions)s.")
                % {"conditions": "; ".join(condition_text(app.policy, c) for c in decision.unmet)},
                [{"code": c, "text": condition_text(app.policy, c)} for c in decision.unmet],
            )
    with transaction.atomic():
        app.status = to
        app.note = (note or "")[:500]
        if decision is not None:
            app.decision = decision_record(decision, verified=decision.unknown if to == S.APPROVED else ())
            app.decided_at = timezone.now()
            app.decided_by = by
            app.rejection_reason = reason if to == S.REJECTED else ""
            app.is_overdue = False
        app.save()
        order = _payment(app, decision) if to == S.APPROVED else None
        _event(app, before, by, reason=reason or "", payment_order=order.pk if order else None)
        _notify_applicant(app)
    return app


def withdraw_application(app: PolicyApplication, by: Any) -> PolicyApplication:
    """The applicant (or staff acting for them) withdraws before a decision."""
    if not can_act_for(by, app.subject):
        raise NotAllowed(_("You may not withdraw this application."))
    if app.status not in WITHDRAWABLE:
        raise IllegalTransition(
            _("An application that is %(status)s cannot be withdrawn.") % {"status": app.get_status_display()}
        )
    before = app.status
    with transaction.atomic():
        app.status = S.WITHDRAWN
        app.save()
        _event(app, before, by)
    return app


def mark_overdue(on: dt.date | None = None, *, dry_run: bool = False) -> list[PolicyApplication]:
    """Flag applications awaiting review past their due date. Returns them (flagged only without dry_run)."""
    on = on or _today()
    apps = list(
        PolicyApplication.objects.filter(status__in=AWAITING_REVIEW, review_due__lt=on, is_overdue=False)
        .select_related("division")
        .order_by("review_due", "pk")
    )
    if dry_run or not apps:
        return apps
    with transaction.atomic():
        PolicyApplication.objects.filter(pk__in=[a.pk for a in apps]).update(is_overdue=True)
        for a in apps:
            a.is_overdue = True
            record_event(
                a,
                actor="policies_overdue",
                kind=EventKind.RECORD_UPDATED,
                data={"action": "policy_application_overdue", "review_due": a.review_due.isoformat()},
            )
    return apps


PAYMENT_MOVES = {PaymentStatus.CREATED: PaymentStatus.SENT, PaymentStatus.SENT: PaymentStatus.PAID}


def advance_payment(order: PaymentOrder, to: str, by: Any) -> PaymentOrder:
    """created → sent → paid, by case-working staff in scope."""
    if not (getattr(by, "works_on_cases", False) and in_scope(by, order.division.path)):
        raise NotAllowed(_("You may not change this payment order."))
    if PAYMENT_MOVES.get(order.status) != to:
        raise IllegalTransition(_("This payment order cannot move to %(to)s.") % {"to": to})
    before = order.status
    order.status = to
    order.status_changed_at = timezone.now()
    order.save(update_fields=["status", "status_changed_at", "updated_at"])
    record_event(
        order,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        data={"action": "payment_order", "from": before, "to": to},
    )
    return order


__all__ = [
    "DECLARABLE",
    "IllegalTransition",
    "NotAllowed",
    "PolicyError",
    "PushResult",
    "SubmissionRefused",
    "WhyNot",
    "WorklistItem",
    "add_working_days",
    "advance_payment",
    "apply_link",
    "can_act_for",
    "can_review",
    "consent_state",
    "declare",
    "evaluate_employer",
    "evaluate_person",
    "evaluate_subject",
    "mark_overdue",
    "push_policies",
    "review_application",
    "set_consent",
    "start_application",
    "submit_application",
    "unknowns_worklist",
    "why_not",
    "withdraw_application",
]
