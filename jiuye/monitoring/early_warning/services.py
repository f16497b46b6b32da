"""Early-warning services: evaluate the rules for a month, record each status change, notify once, staff actions.

`evaluate_warnings(month)` reads the library (indicator values, layoff alerts and insured headcounts, postings,
unemployment registrations, benefit claims), runs the pure rules of `jiuye.analytics.warning` with the
thresholds in force that month, and moves each `Warning` to the level found. Only a change writes a
`WarningEvent`, so running it twice for the same month adds nothing. A month older than the one a warning
was last evaluated for is skipped for that warning (a warning never goes back in time).

`claim_and_notify(worker)` is the notification worker: it claims each pending event with a conditional
UPDATE (… WHERE claimed_at IS NULL) as the first statement of its own transaction, and sends only if that
UPDATE changed a row — so two workers running at once never notify twice, on SQLite (IMMEDIATE transactions
serialise the writers) as on PostgreSQL (the second UPDATE waits for the first and then matches nothing).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DateField, DateTimeField
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jiuye.analytics.warning import leading, regional
from jiuye.analytics.warning.enterprise import EmployerMonth, aggregate, enterprise_rule
from jiuye.analytics.warning.levels import RuleResult, level_rank
from jiuye.analytics.warning.parameters import RuleSpec, Version, WarningParameters, load_parameters
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.models import Division

from .enums import NOTIFIED_KINDS, WarningEventKind, WarningLevel, WarningStatus
from .models import ChecklistItem, Warning, WarningEvent, WarningRule

PARAMETERS_FILE = Path(__file__).resolve().parent / "parameters" / "warning_rules.yaml"
BENEFIT_POLICY = "unemployment_insurance_benefit"
HISTORY_MONTHS = 24  # months of history kept in the evidence for the trend chart
# Regional rules run for provinces, cities and counties: a township's rate moves by whole persons out of a few
# hundred, so a 0.5 pp rise there is one or two registrations, not a regional signal.
REGIONAL_MAX_DEPTH = 3
NOTIFY_ROLES = ("leader", "analyst")


class WarningError(Exception):
    """A staff action that cannot be done (the message says why)."""


@functools.cache
def _cached_parameters(path: str, mtime: float) -> WarningParameters:
    return load_parameters(path)


def parameters(path: Path | str | None = None) -> WarningParameters:
    """The checked parameters file (reloaded when it changes on disk)."""
    path = Path(path or PARAMETERS_FILE)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _cached_parameters(str(path), mtime)


# ------------------------------------------------------------------------------------------------------------
# Months
# ------------------------------------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(first: dt.date, last: dt.date) -> list[dt.date]:
    out, m = [], month_start(first)
    while m <= last:
        out.append(m)
        m = add_months(m, 1)
    return out


def parse_month(text: str) -> dt.date:
    """'2026-10' or '2026-10-01' → the first of that month; ValueError naming what was expected."""
    text = (text or "").strip()
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(text + "-01")
        return month_start(dt.date.fromisoformat(text))
    except ValueError:
        raise ValueError(_("a month as YYYY-MM, got “%(v)s”") % {"v": text[:20]}) from None


# ------------------------------------------------------------------------------------------------------------
# Rules → results by division
# ------------------------------------------------------------------------------------------------------------


@dataclass
class Finding:
    rule: str
    division: Division
    industry_id: int | None
    result: RuleResult


def _ancestors(path: str, depths: Iterable[int]) -> list[str]:
    """Division codes of `path` at the given depths (1 = province, 2 = city, 3 = county) that exist."""
    parts = path.split("/")
    return [parts[d - 1] for d in depths if len(parts) >= d]


def _divisions(codes: Iterable[str]) -> dict[str, Division]:
    return {d.code: d for d in Division.objects.filter(code__in=set(codes))}


def _indicator_rows(code: str, months: list[dt.date]):
    """(unit, [(division id, month, value, denominator)]) of an indicator's published, ungrouped values."""
    from jiuye.monitoring.models import Indicator, IndicatorValue

    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        return None, []
    rows = (
        IndicatorValue.objects.of(indicator)
        .ungrouped()
        .published()
        .filter(month__gte=months[0], month__lte=months[-1], value__isnull=False)
        .values_list("division_id", "month", "value", "denominator")
    )
    return indicator.unit, list(rows)


def _indicator_series(code: str, months: list[dt.date]) -> dict[int, dict[dt.date, float]]:
    """{division id: {month: value}} of an indicator; rates (stored 0–1) in percent, as the thresholds are in pp."""
    from jiuye.monitoring.enums import Unit

    unit, rows = _indicator_rows(code, months)
    scale = 100.0 if unit == Unit.RATE else 1.0
    out: dict[int, dict[dt.date, float]] = defaultdict(dict)
    for division_id, month, value, _denominator in rows:
        out[division_id][month] = value * scale
    return out


def _vacancy_rates(
    vacancy_code: str, unemployment_code: str, months: list[dt.date]
) -> dict[int, dict[dt.date, float]]:
    """The vacancy rate in percent of the labour force, as Michaillat and Saez use it (V / L).

    A rate indicator is used as it is. A count of vacancies (the indicator system's `vacancies`: openings of
    live postings) is divided by the labour force of the same division and month — the denominator of the
    unemployment rate (persons employed or registered unemployed)."""
    from jiuye.monitoring.enums import Unit

    unit, rows = _indicator_rows(vacancy_code, months)
    if unit == Unit.RATE:
        return _indicator_series(vacancy_code, months)
    _u_unit, u_rows = _indicator_rows(unemployment_code, months)
    labour = {(d, m): den for d, m, _v, den in u_rows if den}
    out: dict[int, dict[dt.date, float]] = defaultdict(dict)
    for division_id, month, value, _denominator in rows:
        force = labour.get((division_id, month))
        if force:
            out[division_id][month] = 100.0 * value / force
    return out


def _labels(months: list[dt.date]) -> list[str]:
    return [f"{m:%Y-%m}" for m in months]


def _regional_divisions(ids) -> dict[int, Division]:
    return {
        d.pk: d for d in Division.objects.filter(pk__in=set(ids)) if d.path.count("/") < REGIONAL_MAX_DEPTH
    }


def _too_few_unemployed(code: str, months: list[dt.date], window: int, minimum: int) -> dict[int, float]:
    """{division id: average registered unemployed over the last `window` months} of the divisions below
    `minimum`: too few people for a rise of half a point to mean more than a handful of registrations."""
    if not minimum:
        return {}
    _unit, rows = _indicator_rows(code, months)
    counts: dict[int, list[float]] = defaultdict(list)
    for division_id, month, value, denominator in rows:
        if month in months[-window:] and denominator:
            counts[division_id].append(value * denominator)
    return {d: sum(c) / len(c) for d, c in counts.items() if sum(c) / len(c) < minimum}


def _not_rated(spec: RuleSpec, version: Version, month: dt.date, unemployed: float) -> RuleResult:
    evidence = {
        "month": f"{month:%Y-%m}",
        "unemployed": round(unemployed, 1),
        "min_unemployed": version.settings["min_unemployed"],
    }
    return RuleResult(spec.code, "none", None, None, dict(version.thresholds), evidence, "too_few")


def regional_findings(spec: RuleSpec, version: Version, month: dt.date) -> tuple[list[Finding], str]:
    """Sahm or Michaillat–Saez per division with a value this month; (findings, note when nothing ran).
    Divisions with fewer registered unemployed than `min_unemployed` get level none with reason "too_few"."""
    s = version.settings
    span = s["window"] - 1 + s["lookback"]
    months = month_range(add_months(month, -max(span, HISTORY_MONTHS - 1)), month)
    labels = _labels(months)
    few = _too_few_unemployed(
        s.get("indicator") or s.get("unemployment_indicator"),
        months,
        s["window"],
        s.get("min_unemployed") or 0,
    )
    if spec.code == "sahm":
        series = _indicator_series(s["indicator"], months)
        if not series:
            return [], "no_indicator_values"
        by_id = _regional_divisions(series)
        out = []
        for division_id, values in series.items():
            if division_id not in by_id or month not in values:
                continue
            if division_id in few:
                out.append(
                    Finding(
                        spec.code,
                        by_id[division_id],
                        None,
                        _not_rated(spec, version, month, few[division_id]),
                    )
                )
                continue
            rates = [values.get(m) for m in months]
            result = regional.sahm_rule(
                labels,
                rates,
                version.thresholds,
                window=s["window"],
                lookback=s["lookback"],
                keep=HISTORY_MONTHS,
            )
            out.append(Finding(spec.code, by_id[division_id], None, result))
        return out, ""
    unemployment = _indicator_series(s["unemployment_indicator"], months)
    vacancies = _vacancy_rates(s["vacancy_indicator"], s["unemployment_indicator"], months)
    if not unemployment:
        return [], "no_indicator_values"
    if not vacancies:
        return [], "no_vacancy_data"
    by_id = _regional_divisions(set(unemployment) & set(vacancies))
    out = []
    for division_id in by_id:
        u, v = unemployment[division_id], vacancies[division_id]
        if month not in u or month not in v:
            continue
        if division_id in few:
            out.append(
                Finding(
                    spec.code, by_id[division_id], None, _not_rated(spec, version, month, few[division_id])
                )
            )
            continue
        result = regional.michaillat_saez_rule(
            labels,
            [u.get(m) for m in months],
            [v.get(m) for m in months],
            version.thresholds,
            window=s["window"],
            lookback=s["lookback"],
            keep=HISTORY_MONTHS,
        )
        out.append(Finding(spec.code, by_id[division_id], None, result))
    return out, ""


def enterprise_findings(spec: RuleSpec, version: Version, month: dt.date) -> tuple[list[Finding], str]:
    """Art. 41 layoffs and insured-headcount falls by county-level division × industry section."""
    from jiuye.registry.models import Employer
    from jiuye.supervision.inspections import layoffs

    previous = add_months(month, -1)
    heads = layoffs.monthly_headcount([previous, month])
    before, after = heads.get(previous, {}), heads.get(month, {})
    if not before and not after:
        return [], "no_headcount_data"
    alerts: dict[int, str] = {}
    for root in Division.objects.filter(parent__isnull=True):
        for alert in layoffs.layoff_alerts(root, month):
            alerts[alert.employer_id] = alert.rule
    employers = Employer.objects.filter(pk__in=set(before) | set(after)).values_list(
        "pk", "division__path", "industry__code"
    )
    rows = []
    for pk, path, industry in employers:
        county = _ancestors(path, [3]) or [path.split("/")[-1]]
        rows.append(
            EmployerMonth(
                division=county[0],
                industry=industry or "",
                before=before.get(pk, 0),
                after=after.get(pk, 0),
                layoff_rule=alerts.get(pk, ""),
                employer=str(pk),
            )
        )
    from jiuye.taxonomy.models import Industry

    industries = dict(Industry.objects.values_list("code", "pk"))
    cells = aggregate(rows)
    divisions = _divisions(code for code, _i in cells)
    out = []
    for (code, industry), cell in cells.items():
        if code not in divisions:
            continue
        result = enterprise_rule(
            cell,
            version.thresholds,
            version.settings["fall_share_thresholds"],
            min_workforce=version.settings["min_workforce"],
        )
        out.append(Finding(spec.code, divisions[code], industries.get(industry), result))
    return out, ""


def _monthly_counts(queryset, date_field: str, path_field: str, months: list[dt.date]) -> dict[str, dict]:
    """{division code (city and county levels): {month: count}} of rows by the month of `date_field`."""
    start, end = months[0], add_months(months[-1], 1)
    if isinstance(queryset.model._meta.get_field(date_field), DateTimeField):
        tz = timezone.get_current_timezone()
        start, end = (dt.datetime(d.year, d.month, 1, tzinfo=tz) for d in (start, end))
    rows = (
        queryset.filter(**{f"{date_field}__gte": start, f"{date_field}__lt": end})
        .annotate(_m=TruncMonth(date_field, output_field=DateField()))
        .values(path_field, "_m")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        m = row["_m"]
        m = m.date() if isinstance(m, dt.datetime) else m
        for code in _ancestors(row[path_field], [2, 3]):
            out[code][m] += row["n"]
    return out


def _first_month(queryset, date_field: str) -> dt.date | None:
    first = queryset.order_by(date_field).values_list(date_field, flat=True).first()
    if first is None:
        return None
    if isinstance(first, dt.datetime):
        first = timezone.localtime(first).date() if timezone.is_aware(first) else first.date()
    return month_start(first)


def leading_findings(spec: RuleSpec, version: Version, month: dt.date) -> tuple[list[Finding], str]:
    """A monthly count against its own history, per city and county with data in the window."""
    s = version.settings
    months = month_range(add_months(month, -s["lookback"]), month)
    if spec.code == "postings_drop":
        from jiuye.jobs.models import JobPosting

        qs, date_field, path_field, direction = (
            JobPosting.objects.filter(published_at__isnull=False),
            "published_at",
            "division__path",
            leading.DROP,
        )
    elif spec.code == "registrations_rise":
        from jiuye.registry.models import UnemploymentRegistration

        qs, date_field, path_field, direction = (
            UnemploymentRegistration.objects.all(),
            "registered_on",
            "division__path",
            leading.RISE,
        )
    else:
        from jiuye.policies.models import PolicyApplication

        qs, date_field, path_field, direction = (
            PolicyApplication.objects.filter(policy=BENEFIT_POLICY, submitted_at__isnull=False),
            "submitted_at",
            "division__path",
            leading.RISE,
        )
    first = _first_month(qs, date_field)
    if first is None:
        return [], "no_data"
    counts = _monthly_counts(qs, date_field, path_field, months)
    divisions = _divisions(counts)
    labels = _labels(months)
    out = []
    for code, by_month in counts.items():
        if code not in divisions:
            continue
        # Before the source's first month there is no data (None); after it, a month without rows counted 0.
        series = [None if m < first else float(by_month.get(m, 0)) for m in months]
        result = leading.count_signal(
            spec.code,
            labels,
            series,
            version.thresholds,
            direction=direction,
            lookback=s["lookback"],
            min_history=s["min_history"],
            min_count=s["min_count"],
        )
        out.append(Finding(spec.code, divisions[code], None, result))
    return out, ""


FINDERS = {
    "regional": regional_findings,
    "enterprise": enterprise_findings,
    "leading": leading_findings,
}


# ------------------------------------------------------------------------------------------------------------
# Warnings and their events
# ------------------------------------------------------------------------------------------------------------


def sync_rules(params: WarningParameters) -> dict[str, WarningRule]:
    """One `WarningRule` row per rule of the parameters (names refreshed; `is_active` left to staff)."""
    out = {}
    for code, spec in params.rules.items():
        rule, _created = WarningRule.objects.update_or_create(
            code=code,
            defaults={"family": spec.family, "name_zh": spec.name["zh"], "name_en": spec.name["en"]},
        )
        out[code] = rule
    return out


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and (math.isinf(value) or math.isnan(value)):
        return None
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value


def _evidence(finding: Finding, version: Version, month: dt.date) -> dict:
    data = finding.result.as_dict()
    data["parameters"] = version.as_dict()
    data["month"] = f"{month:%Y-%m}"
    data["division"] = finding.division.code
    return _json_safe(data)


def _ensure_checklist(warning: Warning, params: WarningParameters) -> None:
    existing = set(warning.checklist.values_list("code", flat=True))
    new = [
        ChecklistItem(
            warning=warning,
            code=entry.code,
            level=entry.level,
            text_zh=entry.text["zh"],
            text_en=entry.text["en"],
            position=i,
        )
        for i, entry in enumerate(params.checklist_up_to(warning.level))
        if entry.code not in existing
    ]
    ChecklistItem.objects.bulk_create(new)


def _finite(x: float | None) -> float | None:
    return None if x is None or math.isinf(x) or math.isnan(x) else x


def apply_finding(
    rule: WarningRule,
    finding: Finding,
    month: dt.date,
    version: Version,
    params: WarningParameters,
    actor=None,
) -> WarningEvent | None:
    """Move the warning of (rule, division, industry) to the level found; an event only when something changed."""
    result = finding.result
    new_level = result.level
    lookup = {"rule": rule, "division": finding.division, "industry_id": finding.industry_id}
    warning = Warning.objects.filter(**lookup).first()
    evidence = _evidence(finding, version, month)
    value, threshold = _finite(result.value), _finite(result.threshold)
    if warning is None:
        if new_level == WarningLevel.NONE:
            return None
        warning = Warning.objects.create(
            **lookup,
            level=new_level,
            status=WarningStatus.OPEN,
            first_month=month,
            last_month=month,
            value=value,
            threshold=threshold,
            evidence=evidence,
        )
        _ensure_checklist(warning, params)
        return _event(warning, WarningEventKind.FLIP_UP, month, "none", "", evidence, actor)
    if month < warning.last_month:
        return None  # an older month: the warning already moved past it
    old_level, old_status = warning.level, warning.status
    warning.last_month, warning.value, warning.threshold, warning.evidence = month, value, threshold, evidence
    if new_level == old_level:
        warning.save(update_fields=["last_month", "value", "threshold", "evidence", "updated_at"])
        return None
    if level_rank(new_level) > level_rank(old_level):
        kind = WarningEventKind.FLIP_UP
        if old_status != WarningStatus.OPEN:  # a rise needs attention again, even if acknowledged or resolved
            warning.status = WarningStatus.OPEN
            warning.acknowledged_at = warning.acknowledged_by = None
            warning.resolved_at = warning.resolved_by = None
            if old_status == WarningStatus.RESOLVED or old_level == WarningLevel.NONE:
                warning.first_month = month
    elif new_level == WarningLevel.NONE:
        kind = WarningEventKind.RESOLVED
        if warning.status != WarningStatus.RESOLVED:
            warning.status = WarningStatus.RESOLVED
            warning.resolved_at, warning.resolved_by = timezone.now(), None
    else:
        kind = WarningEventKind.FLIP_DOWN
    warning.level = new_level
    warning.save()
    if kind == WarningEventKind.FLIP_UP:
        _ensure_checklist(warning, params)
    # A warning already resolved by staff that keeps falling is recorded, not announced.
    announce = not (old_status == WarningStatus.RESOLVED and kind != WarningEventKind.FLIP_UP)
    return _event(warning, kind, month, old_level, old_status, evidence, actor, notify=announce)


def _event(
    warning: Warning,
    kind: str,
    month: dt.date | None,
    from_level: str,
    from_status: str,
    evidence: dict,
    actor=None,
    *,
    note: str = "",
    notify: bool | None = None,
    request=None,
) -> WarningEvent:
    user = actor if getattr(actor, "is_authenticated", False) else None
    event = WarningEvent.objects.create(
        warning=warning,
        kind=kind,
        month=month,
        from_level=from_level,
        to_level=warning.level,
        from_status=from_status,
        to_status=warning.status,
        value=warning.value,
        threshold=warning.threshold,
        evidence=evidence,
        actor=user,
        note=note,
        notify=(kind in NOTIFIED_KINDS) if notify is None else notify,
    )
    record_event(
        warning,
        actor=actor or "warnings_evaluate",
        kind=EventKind.RECORD_CREATED
        if from_level == "none" and not from_status
        else EventKind.RECORD_UPDATED,
        request=request,
        data={
            "warning_event": event.pk,
            "kind": kind,
            "level": [from_level, warning.level],
            "status": [from_status, warning.status],
            "month": f"{month:%Y-%m}" if month else "",
        },
    )
    return event


@transaction.atomic
def evaluate_warnings(
    month: dt.date, *, actor=None, params: WarningParameters | None = None, rules: Iterable[str] | None = None
) -> dict[str, Any]:
    """Evaluate every active rule for `month`; returns counts per rule and the events written."""
    month = month_start(month)
    params = params or parameters()
    rows = sync_rules(params)
    wanted = set(rules) if rules is not None else None
    summary: dict[str, Any] = {"month": f"{month:%Y-%m}", "rules": {}, "events": 0}
    for code, spec in params.rules.items():
        rule = rows[code]
        if (wanted is not None and code not in wanted) or not rule.is_active:
            continue
        version = spec.on(month)
        if version is None:
            summary["rules"][code] = {"note": "no_parameters_in_force"}
            continue
        findings, note = FINDERS[spec.family](spec, version, month)
        levels: dict[str, int] = defaultdict(int)
        events = 0
        for finding in findings:
            levels[finding.result.level] += 1
            if apply_finding(rule, finding, month, version, params, actor) is not None:
                events += 1
        summary["rules"][code] = {
            "evaluated": len(findings),
            "levels": dict(levels),
            "events": events,
            "note": note,
        }
        summary["events"] += events
    return summary


# ------------------------------------------------------------------------------------------------------------
# Notification worker
# ------------------------------------------------------------------------------------------------------------


def recipients_for(division: Division):
    """Active leaders and analysts whose scope covers `division` (their division or one above it)."""
    from jiuye.accounts.models import User

    paths = ["/".join(division.path.split("/")[:i]) for i in range(1, len(division.path.split("/")) + 1)]
    return User.objects.filter(is_active=True, role__in=NOTIFY_ROLES, division__path__in=paths).order_by("pk")


def notification_text(event: WarningEvent) -> str:
    w = event.warning
    with translation.override(settings.LANGUAGE_CODE):
        level = WarningLevel(event.to_level).label
        place = w.division.name + (f" · {w.industry.name}" if w.industry_id else "")
        month = f"{event.month:%Y-%m}" if event.month else ""
        if event.kind == WarningEventKind.RESOLVED:
            return _("Warning lifted: %(rule)s — %(place)s, %(month)s.") % {
                "rule": w.rule.name,
                "place": place,
                "month": month,
            }
        text = _("%(level)s warning: %(rule)s — %(place)s, %(month)s") % {
            "level": level,
            "rule": w.rule.name,
            "place": place,
            "month": month,
        }
        if event.value is not None and event.threshold is not None:
            text += _(" (%(value)s ≥ %(threshold)s)") % {
                "value": f"{event.value:.2f}",
                "threshold": f"{event.threshold:g}",
            }
        return text + "."


def claim_and_notify(worker: str = "worker", *, limit: int = 500) -> dict[str, int]:
    """Claim pending events one by one and notify each once; returns counts (claimed, sent, lost races)."""
    from jiuye.jobs.services import notify

    pending = list(WarningEvent.objects.unclaimed().order_by("pk").values_list("pk", flat=True)[:limit])
    claimed = sent = lost = 0
    for pk in pending:
        with transaction.atomic():
            # The claim is the transaction's first statement: on SQLite it takes the write lock at once
            # (IMMEDIATE), on PostgreSQL a concurrent claim waits for this row and then matches nothing.
            won = WarningEvent.objects.filter(pk=pk, claimed_at__isnull=True).update(
                claimed_at=timezone.now(), claimed_by=worker[:64]
            )
            if not won:
                lost += 1
                continue
            claimed += 1
            event = WarningEvent.objects.select_related(
                "warning__division", "warning__rule", "warning__industry"
            ).get(pk=pk)
            link = reverse("web:warning_detail", args=[event.warning_id])
            count = notify(list(recipients_for(event.warning.division)), notification_text(event), link)
            WarningEvent.objects.filter(pk=pk).update(notified_at=timezone.now(), recipients=count)
            sent += count
    return {"pending": len(pending), "claimed": claimed, "sent": sent, "lost": lost}


# ------------------------------------------------------------------------------------------------------------
# Staff actions (each an event and an audit record)
# ------------------------------------------------------------------------------------------------------------


def can_act(user) -> bool:
    """Leaders, analysts and administrators act on warnings (within their scope, by the view's queryset)."""
    return bool(
        getattr(user, "is_superuser", False) or getattr(user, "role", "") in ("leader", "analyst", "admin")
    )


@transaction.atomic
def acknowledge_warning(warning: Warning, *, by, note: str = "", request=None) -> Warning:
    if not can_act(by):
        raise WarningError(_("Only leaders, analysts and administrators act on warnings."))
    if warning.status != WarningStatus.OPEN or warning.level == WarningLevel.NONE:
        raise WarningError(_("Only an open warning can be acknowledged."))
    warning.status = WarningStatus.ACKNOWLEDGED
    warning.acknowledged_at, warning.acknowledged_by = timezone.now(), by
    warning.save(update_fields=["status", "acknowledged_at", "acknowledged_by", "updated_at"])
    _event(
        warning,
        WarningEventKind.ACKNOWLEDGED,
        warning.last_month,
        warning.level,
        WarningStatus.OPEN,
        warning.evidence,
        by,
        note=note[:500],
        request=request,
    )
    return warning


@transaction.atomic
def resolve_warning(warning: Warning, *, by, note: str, request=None) -> Warning:
    if not can_act(by):
        raise WarningError(_("Only leaders, analysts and administrators act on warnings."))
    if warning.status == WarningStatus.RESOLVED:
        raise WarningError(_("This warning is already resolved."))
    if not (note or "").strip():
        raise WarningError(_("Say why the warning is resolved (note)."))
    old = warning.status
    warning.status = WarningStatus.RESOLVED
    warning.resolved_at, warning.resolved_by = timezone.now(), by
    warning.save(update_fields=["status", "resolved_at", "resolved_by", "updated_at"])
    _event(
        warning,
        WarningEventKind.RESOLVED_BY_STAFF,
        warning.last_month,
        warning.level,
        old,
        warning.evidence,
        by,
        note=note.strip()[:500],
        request=request,
    )
    return warning


@transaction.atomic
def tick_checklist_item(
    item: ChecklistItem, *, by, done: bool, note: str = "", request=None
) -> ChecklistItem:
    if not can_act(by):
        raise WarningError(_("Only leaders, analysts and administrators act on warnings."))
    if done and item.done_at is not None:
        raise WarningError(_("This step is already ticked."))
    if not done and item.done_at is None:
        raise WarningError(_("This step is not ticked."))
    item.done_at, item.done_by = (timezone.now(), by) if done else (None, None)
    item.note = (note or "").strip()[:300]
    item.save(update_fields=["done_at", "done_by", "note", "updated_at"])
    record_event(
        item.warning,
        actor=by,
        kind=EventKind.RECORD_UPDATED,
        request=request,
        data={"checklist_item": item.code, "done": done},
    )
    return item
