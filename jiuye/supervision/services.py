"""Moderation: the only code that writes screenings, flags, appeals, the abnormal-account list and qualification
checks. Every change writes an audit event.

- `screen_for_publication(posting)` is the publication check registered with `jiuye.jobs.checks` (see
  `SupervisionConfig.ready`): it screens the posting's text with the pure rules layer (with the discriminatory-
  wording classifier and the fraud model when they have been trained), records the screening and its flags, and returns the issues `publish_posting` acts on.
  Blocking flags refuse publication by field; warnings publish and notify the inspectors of the posting's area.
- A flag is identified across screenings by its rule, field and matched words (`PostingFlag.key`): a re-screen
  after an edit resolves the flags whose words are gone; a flag overturned on appeal does not block the same words
  again.
- The employer appeals blocking flags (`submit_appeal`); an inspector of the posting's area decides
  (`decide_appeal`): upheld flags keep blocking, overturned ones no longer do.
- `update_abnormal_accounts` lists repeat offenders and accounts with job-trap flags; `due_qualification_checks`
  and `record_qualification_check` re-check each posting employer's qualification every six months.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jiuye.accounts.enums import Role
from jiuye.core.artefacts import load_once
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.jobs.checks import PublicationIssue
from jiuye.jobs.enums import PostingStatus
from jiuye.jobs.models import JobPosting
from jiuye.jobs.services import notify
from jiuye.registry.enums import EmployerStatus
from jiuye.registry.identifiers import IdentifierError, validate_credit_code
from jiuye.registry.models import Employer

from .models import (
    AbnormalAccount,
    Appeal,
    AppealStatus,
    FlagStatus,
    PostingFlag,
    PostingScreening,
    QualificationCheck,
    QualificationResult,
    Severity,
)

# Abnormal-account list: this many blocking screenings within the window, or any job-trap flag in it.
ABNORMAL_BLOCKING_SCREENINGS = 3
ABNORMAL_WINDOW_DAYS = 90
# The job-trap categories that list an account at once (fees and deposits, training loans, brushing).
LISTING_TRAP_CATEGORIES = ("fees_deposits", "training_loan", "brushing")
QUALIFICATION_MONTHS = 6
# Warnings that concern the employer only (a missing or thin description): recorded on the posting, neither a
# publication issue nor a moderation notice for the inspectors.
NOT_NOTICES = ("missing_fields",)


class ModerationError(Exception):
    """A moderation step is refused; the message says why (already translated)."""


class AbnormalReason:
    REPEAT_BLOCKING = "repeat_blocking"
    TRAP_FLAG = "trap_flag"
    QUALIFICATION_FAILED = "qualification_failed"


# --- the screening -------------------------------------------------------------------------------------------


def posting_text(posting: JobPosting):
    """What the rules read from a posting."""
    from .screening.types import PostingText

    return PostingText(
        title=posting.title or "",
        description=posting.description or "",
        pay_min=posting.pay_min,
        pay_max=posting.pay_max,
        pay_text=posting.pay_text or "",
        occupation_code=posting.occupation.code if posting.occupation_id else "",
        division_code=posting.division.code if posting.division_id else "",
        address=posting.address or "",
        employer_name=posting.employer.name if posting.employer_id else "",
    )


_fraud: dict[str, Any] = {}
_wording: dict[str, Any] = {}


def fraud_model():
    """The EMSCAD fraud classifier (`var/screening/fraud-emscad.pkl`, `settings.JIUYE_FRAUD_MODEL`)."""
    from .screening import fraud

    return load_once(
        _fraud,
        "JIUYE_FRAUD_MODEL",
        fraud.DEFAULT_MODEL_PATH,
        fraud.FraudModel.load,
        "fraud",
        "screening English postings with the rules only",
    )


def wording_model():
    """The discriminatory-wording classifier (`var/screening/wording.pkl`, `settings.JIUYE_WORDING_MODEL`), trained
    by `make demo` or `python -m jiuye.supervision.screening.wording train`."""
    from .screening import wording

    return load_once(
        _wording,
        "JIUYE_WORDING_MODEL",
        wording.DEFAULT_MODEL_PATH,
        wording.WordingModel.load,
        "wording",
        "screening discrimination with the rules only",
    )


PAY_TABLE_SECONDS = 3600
_pay: dict[str, Any] = {"key": None, "at": 0.0, "table": None}


def pay_table(*, refresh: bool = False):
    """The reference for the unrealistic-pay rule: percentiles of the monthly pay floor of the postings published
    before today, by occupation major group and county, city and province (`screening.pay`). The wage release is not
    in the reference data, so the platform's own postings stand in for it; a cell is used from `pay.MIN_CELL_N`
    postings. Built at most once an hour per process, and never from today's postings, so a bulk import does not
    move its own yardstick."""
    from django.db import connection

    from .screening import pay

    today = timezone.localdate()
    key = (today, str(connection.settings_dict.get("NAME")))
    if not refresh and _pay["key"] == key and time.monotonic() - _pay["at"] < PAY_TABLE_SECONDS:
        return _pay["table"]
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    rows = list(
        JobPosting.objects.filter(
            status=PostingStatus.PUBLISHED,
            published_at__lt=start,
            pay_min__isnull=False,
            occupation__isnull=False,
        ).values_list("occupation__code", "division__code", "pay_min")
    )
    cells: dict = {}
    for digits in (2, 4, 6):  # province, city, county: the lookup walks from the county up
        cells.update(pay.table_from_postings((code, div[:digits], value) for code, div, value in rows).cells)
    _pay.update(key=key, at=time.monotonic(), table=pay.PayTable(cells) if rows else None)
    return _pay["table"]


def _versions(model, wording=None) -> tuple[str, str]:
    from . import screening

    rules = str(getattr(screening, "RULES_VERSION", "") or getattr(screening, "__version__", "") or "")
    model_version = ""
    if model is not None:
        info = getattr(model, "info", {}) or {}
        model_version = (
            f"fraud-emscad v{getattr(model, 'format_version', '')} n={getattr(model, 'n_train', '')}"
        )
        if info.get("seed") is not None:
            model_version += f" seed={info['seed']}"
    if wording is not None:
        model_version = (
            f"{model_version}; " if model_version else ""
        ) + f"wording v{wording.format_version} {wording.training_hash[:8]}"
    return rules[:40], model_version[:60]


def legal_basis_text(key: str) -> str:
    """The legal basis of a flag in the request's language, marked "to verify" where the rules layer has not
    checked it against the official text (its key when the rules layer does not know it)."""
    from .screening.legal import LEGAL_BASES

    basis = LEGAL_BASES.get(key)
    return basis.label(get_language() or "zh") if basis is not None else key


def flag_message(flag: PostingFlag) -> str:
    """What the employer reads at the field: the words, the reason and the suggested rewording."""
    if flag.matched_text:
        text = _("“%(words)s”: %(reason)s") % {"words": flag.matched_text, "reason": flag.reason}
    else:
        text = flag.reason
    if flag.suggestion:
        text += " " + _("Suggested: %(suggestion)s") % {"suggestion": flag.suggestion}
    return text


def _ancestor_paths(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def moderators_for(posting: JobPosting):
    """The inspectors whose area holds the posting."""
    from jiuye.accounts.models import User

    if not posting.division_id:
        return User.objects.none()
    return User.objects.filter(
        role=Role.INSPECTOR, is_active=True, division__path__in=_ancestor_paths(posting.division.path)
    )


def screen_for_publication(posting: JobPosting) -> list[PublicationIssue]:
    """The publication check: screen, record, and say what blocks (see the module docstring)."""
    from . import screening

    model = fraud_model()
    wording = wording_model()
    result = screening.screen_posting(
        posting_text(posting), model=model, pay_table=pay_table(), wording=wording
    )
    if posting.pk is None:  # nothing to attach a record to: report only
        return [
            PublicationIssue(
                field=f.field,
                message=_("“%(words)s”: %(reason)s")
                % {"words": f.matched_text, "reason": f.message(get_language() or "zh")},
                blocking=f.blocking,
                code=f.code,
            )
            for f in result.flags
        ]
    by = getattr(posting, "publication_by", None)
    rules_version, model_version = _versions(model, wording)
    now = timezone.now()
    with transaction.atomic():
        screening_row = PostingScreening.objects.create(
            posting=posting,
            at=now,
            rules_version=rules_version,
            model_version=model_version,
            by=by if getattr(by, "is_authenticated", False) else None,
        )
        known = {f.key: f for f in posting.flags.exclude(status=FlagStatus.RESOLVED).order_by("id")}
        seen: set[tuple[str, str, str]] = set()
        issues: list[PublicationIssue] = []
        new_warnings: list[PostingFlag] = []
        suppressed = 0
        for hit in result.flags:
            key = (hit.code, hit.field, hit.matched_text[:200])
            if key in seen:
                continue
            seen.add(key)
            flag = known.get(key)
            if flag is not None:
                flag.last_screening = screening_row
                flag.span_start, flag.span_end = hit.start, hit.end
                flag.save(update_fields=["last_screening", "span_start", "span_end", "updated_at"])
                if flag.status == FlagStatus.OVERTURNED:
                    suppressed += 1  # an inspector found these words lawful: they do not block again
                    continue
            else:
                flag = PostingFlag.objects.create(
                    screening=screening_row,
                    last_screening=screening_row,
                    posting=posting,
                    category=hit.category,
                    code=hit.code,
                    severity=Severity.BLOCK if hit.blocking else Severity.WARN,
                    field=hit.field,
                    span_start=hit.start,
                    span_end=hit.end,
                    matched_text=hit.matched_text[:200],
                    message_key=hit.message_key[:80],
                    reason_en=hit.message_en,
                    reason_zh=hit.message_zh,
                    legal_basis=hit.legal_basis_key[:60],
                    suggestion=hit.suggestion,
                    source=hit.source,
                    score=hit.score,
                )
                if flag.severity == Severity.WARN and flag.category not in NOT_NOTICES:
                    new_warnings.append(flag)
            if flag.severity == Severity.WARN and flag.category in NOT_NOTICES:
                continue  # recorded on the posting for the employer; not a publication issue
            issues.append(
                PublicationIssue(
                    field=flag.field,
                    message=flag_message(flag),
                    blocking=flag.severity == Severity.BLOCK,
                    code=flag.code,
                )
            )
        resolved = [f for k, f in known.items() if k not in seen and f.status != FlagStatus.OVERTURNED]
        for flag in resolved:
            flag.status, flag.resolved_at = FlagStatus.RESOLVED, now
            flag.save(update_fields=["status", "resolved_at", "updated_at"])
        screening_row.blocking = any(i.blocking for i in issues)
        screening_row.flag_count = len(seen)
        screening_row.save(update_fields=["blocking", "flag_count", "updated_at"])
        record_event(
            screening_row,
            actor=by,
            kind=EventKind.RECORD_CREATED,
            data={
                "action": "posting_screened",
                "posting": posting.pk,
                "blocking": screening_row.blocking,
                "codes": sorted({i.code for i in issues}),
                "resolved_by_edit": len(resolved),
                "overturned_not_blocking": suppressed,
                "rules_version": rules_version,
                "model_version": model_version,
            },
            division_path=posting.division.path if posting.division_id else "",
        )
        if new_warnings and not screening_row.blocking:
            notify(
                moderators_for(posting),
                _("Posting “%(title)s” (%(employer)s) is published with warnings: %(what)s")
                % {
                    "title": posting.title,
                    "employer": posting.employer.name,
                    "what": "; ".join(f"{f.matched_text} ({f.code})" for f in new_warnings),
                },
                "/moderation/notices/",
            )
    return issues


# --- appeals -------------------------------------------------------------------------------------------------


def can_decide_appeals(user: Any) -> bool:
    """Inspectors (and administrators) decide appeals, within their area."""
    return bool(
        getattr(user, "is_authenticated", False)
        and (
            getattr(user, "role", "") in (Role.INSPECTOR, Role.ADMIN) or getattr(user, "is_superuser", False)
        )
    )


@transaction.atomic
def submit_appeal(posting: JobPosting, flags: Iterable[PostingFlag], text: str, by: Any) -> Appeal:
    """The employer (or staff posting for it) contests open blocking flags of a draft posting."""
    from jiuye.jobs.services import can_manage_posting

    if not can_manage_posting(by, posting):
        raise ModerationError(_("You may not appeal for this posting."))
    text = (text or "").strip()
    if not text:
        raise ModerationError(_("Say why the flagged words are lawful in this posting."))
    if len(text) > 2000:
        raise ModerationError(_("Keep the reasons under 2000 characters."))
    flags = list(flags)
    if not flags:
        raise ModerationError(_("Choose the flags you appeal against."))
    for flag in flags:
        if flag.posting_id != posting.pk:
            raise ModerationError(_("A flag chosen is not about this posting."))
        if flag.severity != Severity.BLOCK or flag.status != FlagStatus.OPEN:
            raise ModerationError(
                _("Only open flags that block publication can be appealed: “%(words)s” is not one.")
                % {"words": flag.matched_text}
            )
    if Appeal.objects.filter(posting=posting, status=AppealStatus.PENDING, flags__in=flags).exists():
        raise ModerationError(_("An appeal against these flags is already waiting for an inspector."))
    appeal = Appeal.objects.create(posting=posting, text=text, submitted_by=by)
    appeal.flags.set(flags)
    record_event(
        appeal,
        actor=by,
        kind=EventKind.RECORD_CREATED,
        data={"action": "appeal_submitted", "posting": posting.pk, "flags": [f.pk for f in flags]},
        division_path=posting.division.path,
    )
    notify(
        moderators_for(posting),
        _("Appeal against screening flags on “%(title)s” waits for a decision.") % {"title": posting.title},
        f"/moderation/appeals/{appeal.pk}/",
    )
    return appeal


@transaction.atomic
def decide_appeal(appeal: Appeal, upheld: bool, reason: str, by: Any) -> Appeal:
    """An inspector of the posting's area decides: upheld flags keep blocking; overturned ones are lawful here and
    no longer block the same words."""
    if not can_decide_appeals(by) or not Appeal.objects.visible_to(by).filter(pk=appeal.pk).exists():
        raise ModerationError(_("Only an inspector of the posting's area may decide this appeal."))
    if appeal.submitted_by_id is not None and appeal.submitted_by_id == by.pk:
        raise ModerationError(_("You submitted this appeal; another inspector must decide it."))
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise ModerationError(_("This appeal has already been decided."))
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Give the reason for the decision; the employer reads it."))
    now = timezone.now()
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.OVERTURNED
    appeal.inspector, appeal.decided_at, appeal.reason = by, now, reason[:2000]
    appeal.save()
    flag_status = FlagStatus.UPHELD if upheld else FlagStatus.OVERTURNED
    changed = appeal.flags.filter(status=FlagStatus.OPEN).update(status=flag_status, updated_at=now)
    posting = appeal.posting
    record_event(
        appeal,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        data={
            "action": "appeal_decided",
            "status": appeal.status,
            "posting": posting.pk,
            "flags_changed": changed,
        },
        division_path=posting.division.path,
    )
    text = (
        _("Your appeal on “%(title)s” was not granted: the flags stand. Edit the posting to publish it.")
        if upheld
        else _(
            "Your appeal on “%(title)s” was granted: the flags are lifted and you may publish the posting."
        )
    ) % {"title": posting.title}
    recipients = list(posting.employer.users.filter(is_active=True))
    if appeal.submitted_by is not None and appeal.submitted_by not in recipients:
        recipients.append(appeal.submitted_by)
    notify(recipients, text, f"/moderation/postings/{posting.pk}/")
    return appeal


# --- abnormal accounts ---------------------------------------------------------------------------------------


@dataclass
class Listing:
    employer: Employer
    reasons: list[str]
    details: dict


def abnormal_candidates(on: dt.date | None = None) -> list[Listing]:
    """Employers that belong on the list as of `on`: at least ABNORMAL_BLOCKING_SCREENINGS blocking screenings
    within ABNORMAL_WINDOW_DAYS, or any flag of a listing trap category (not overturned) in that window."""
    on = on or timezone.localdate()
    start = timezone.make_aware(
        dt.datetime.combine(on - dt.timedelta(days=ABNORMAL_WINDOW_DAYS), dt.time.min)
    )
    end = timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=1), dt.time.min))
    blocking = dict(
        PostingScreening.objects.filter(blocking=True, at__gte=start, at__lt=end)
        .values_list("posting__employer_id")
        .annotate(n=Count("id"))
    )
    traps: dict[int, list[str]] = {}
    for employer_id, category in (
        PostingFlag.objects.filter(
            category__in=LISTING_TRAP_CATEGORIES, created_at__gte=start, created_at__lt=end
        )
        .exclude(status=FlagStatus.OVERTURNED)
        .values_list("posting__employer_id", "category")
        .distinct()
    ):
        traps.setdefault(employer_id, []).append(category)
    ids = {e for e, n in blocking.items() if n >= ABNORMAL_BLOCKING_SCREENINGS} | set(traps)
    out = []
    for employer in Employer.objects.filter(pk__in=ids).select_related("division").order_by("pk"):
        reasons, details = [], {}
        if blocking.get(employer.pk, 0) >= ABNORMAL_BLOCKING_SCREENINGS:
            reasons.append(AbnormalReason.REPEAT_BLOCKING)
            details["blocking_screenings"] = blocking[employer.pk]
        if employer.pk in traps:
            reasons.append(AbnormalReason.TRAP_FLAG)
            details["trap_categories"] = sorted(traps[employer.pk])
        details["window_days"] = ABNORMAL_WINDOW_DAYS
        out.append(Listing(employer, reasons, details))
    return out


def _list_employer(employer: Employer, reasons: list[str], details: dict, on: dt.date, by: Any = None):
    """Enter the employer on the list, or add reasons to its current entry. Returns the entry when it changed."""
    current = AbnormalAccount.objects.current().filter(employer=employer).first()
    if current is None:
        entry = AbnormalAccount.objects.create(
            employer=employer, reason_codes=reasons, details=details, since=on
        )
        action = "abnormal_listed"
    else:
        merged = sorted(set(current.reason_codes) | set(reasons))
        new_details = {**current.details, **details}
        if merged == sorted(current.reason_codes) and new_details == current.details:
            return None
        current.reason_codes, current.details = merged, new_details
        current.save(update_fields=["reason_codes", "details", "updated_at"])
        entry, action = current, "abnormal_reasons_added"
    record_event(
        entry,
        actor=by,
        kind=EventKind.RECORD_CREATED if action == "abnormal_listed" else EventKind.RECORD_UPDATED,
        data={"action": action, "reasons": entry.reason_codes, "details": entry.details},
        division_path=employer.division.path,
    )
    return entry


def update_abnormal_accounts(on: dt.date | None = None, *, dry_run: bool = False) -> list[Listing]:
    """List repeat offenders and accounts with trap flags (see `abnormal_candidates`). Returns the listings that
    are new or gained a reason (all candidates not yet listed with these reasons, when `dry_run`)."""
    on = on or timezone.localdate()
    changed = []
    for listing in abnormal_candidates(on):
        if dry_run:
            current = AbnormalAccount.objects.current().filter(employer=listing.employer).first()
            if current is None or not set(listing.reasons) <= set(current.reason_codes):
                changed.append(listing)
            continue
        with transaction.atomic():
            if _list_employer(listing.employer, listing.reasons, listing.details, on) is not None:
                changed.append(listing)
    return changed


@transaction.atomic
def clear_abnormal_account(account: AbnormalAccount, *, by: Any, reason: str) -> AbnormalAccount:
    """An inspector of the employer's area takes the account off the list, saying why."""
    if (
        not can_decide_appeals(by)
        or not AbnormalAccount.objects.visible_to(by).filter(pk=account.pk).exists()
    ):
        raise ModerationError(_("Only an inspector of the employer's area may clear this account."))
    if account.cleared_at is not None:
        raise ModerationError(_("This account is already cleared."))
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Say why the account is cleared."))
    account.cleared_at, account.cleared_by, account.clear_reason = timezone.now(), by, reason[:2000]
    account.save(update_fields=["cleared_at", "cleared_by", "clear_reason", "updated_at"])
    record_event(
        account,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        data={"action": "abnormal_cleared"},
        division_path=account.employer.division.path,
    )
    return account


# --- qualification re-checks ---------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class DueCheck:
    employer: Employer
    due: dt.date
    last_checked: dt.datetime | None


def due_qualification_checks(on: dt.date | None = None, *, user: Any = None) -> list[DueCheck]:
    """Employers with published postings whose qualification is due for its six-monthly re-check on `on`: six
    months after the last check, or, never checked, six months after their first publication (publication itself
    checks the credit code and registration). Scoped to `user`'s area when given."""
    on = on or timezone.localdate()
    employers = Employer.objects.all() if user is None else Employer.objects.visible_to(user)
    active = (
        JobPosting.objects.filter(status=PostingStatus.PUBLISHED, employer__in=employers)
        .values("employer_id")
        .annotate(first=Min("published_at"))
    )
    first_published = {row["employer_id"]: row["first"] for row in active}
    last = dict(
        QualificationCheck.objects.filter(employer_id__in=first_published)
        .values_list("employer_id")
        .annotate(last=Max("checked_at"))
    )
    out = []
    for employer in Employer.objects.filter(pk__in=first_published).select_related("division").order_by("pk"):
        start = last.get(employer.pk) or first_published[employer.pk]
        if start is None:
            continue
        due = add_months(timezone.localtime(start).date(), QUALIFICATION_MONTHS)
        if due <= on:
            out.append(DueCheck(employer, due, last.get(employer.pk)))
    return out


@transaction.atomic
def record_qualification_check(
    employer: Employer, *, by: Any = None, due: dt.date | None = None, on: dt.date | None = None
) -> QualificationCheck:
    """Re-check the employer's credit code (GB 32100 check digit) and that its registration is active. A failed
    check lists the account as abnormal and tells the inspectors of its area."""
    if by is not None and not (
        can_decide_appeals(by) and Employer.objects.visible_to(by).filter(pk=employer.pk).exists()
    ):
        raise ModerationError(_("Only an inspector of the employer's area may record this check."))
    on = on or timezone.localdate()
    try:
        validate_credit_code(employer.credit_code)
        code_ok = True
    except IdentifierError:
        code_ok = False
    active = employer.status == EmployerStatus.ACTIVE
    check = QualificationCheck.objects.create(
        employer=employer,
        due=due or on,
        result=QualificationResult.PASSED if code_ok and active else QualificationResult.FAILED,
        credit_code_valid=code_ok,
        registration_active=active,
        checked_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_event(
        check,
        actor=by,
        kind=EventKind.RECORD_CREATED,
        data={
            "action": "qualification_checked",
            "result": check.result,
            "credit_code_valid": code_ok,
            "registration_active": active,
        },
        division_path=employer.division.path,
    )
    if check.result == QualificationResult.FAILED:
        _list_employer(
            employer,
            [AbnormalReason.QUALIFICATION_FAILED],
            {"credit_code_valid": code_ok, "registration_active": active, "status": employer.status},
            on,
            by,
        )
        from jiuye.accounts.models import User

        inspectors = User.objects.filter(
            role=Role.INSPECTOR, is_active=True, division__path__in=_ancestor_paths(employer.division.path)
        )
        notify(
            inspectors,
            _("%(employer)s failed its qualification re-check and is listed as an abnormal account.")
            % {"employer": employer.name},
            "/moderation/abnormal/",
        )
    return check


def recheck(on: dt.date | None = None, *, dry_run: bool = True) -> dict[str, Any]:
    """The periodic run (`supervision_recheck`): qualification checks due, then the abnormal-account list."""
    on = on or timezone.localdate()
    due = due_qualification_checks(on)
    failed = 0
    if not dry_run:
        for item in due:
            check = record_qualification_check(item.employer, due=item.due, on=on)
            failed += check.result == QualificationResult.FAILED
    listed = update_abnormal_accounts(on, dry_run=dry_run)
    return {"due": due, "failed": failed, "listed": listed}


def standing_flags(posting: JobPosting):
    """The flags that stand against the posting's current text, for the posting form."""
    return (
        PostingFlag.objects.filter(posting=posting)
        .filter(Q(status__in=[FlagStatus.OPEN, FlagStatus.UPHELD]))
        .order_by("severity", "field", "span_start")
    )
