"""Early warning: open warnings, evidence, trend with the threshold, event history, response checklist (issue 8,
part 4).

For leaders, analysts and administrators. Every page starts from `Warning.objects.visible_to(user)`, so a
district leader sees the district's warnings, a city analyst the city's; another area's warning is a 404.
Acknowledging, resolving and ticking a checklist step go through `jiuye.monitoring.early_warning.services`
(each an event of the warning and an audit record).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jiuye.monitoring.early_warning import services
from jiuye.monitoring.early_warning.enums import WarningLevel, WarningStatus
from jiuye.monitoring.early_warning.models import ChecklistItem, Warning, WarningRule

from ..display import paginate

LEVEL_COLOURS = {
    "none": "#6b7280",
    "blue": "#1f5fa8",
    "yellow": "#d4a017",
    "orange": "#e67e22",
    "red": "#c0392b",
}
# What the value of each rule is, for the chart's axis and the evidence table.
VALUE_LABELS = {
    "sahm": "pp",
    "michaillat_saez": "pp",
    "enterprise": "",
    "postings_drop": "share",
    "registrations_rise": "share",
    "benefit_claims_rise": "share",
}


# The evidence's keys in words (the key itself stays on the row for machines and tests).
FACT_LABELS = {
    "month": gettext_lazy("Month"),
    "rate": gettext_lazy("Unemployment rate (%)"),
    "moving_average": gettext_lazy("3-month average (%)"),
    "low": gettext_lazy("Lowest 3-month average of the previous 12 months (%)"),
    "low_month": gettext_lazy("Month of that low"),
    "indicator": gettext_lazy("Indicator value (pp)"),
    "window": gettext_lazy("Months averaged"),
    "lookback": gettext_lazy("Months looked back"),
    "unemployment_rate": gettext_lazy("Unemployment rate (%)"),
    # xgettext:no-python-format
    "vacancy_rate": gettext_lazy("Vacancy rate (% of the labour force)"),
    "unemployment_indicator": gettext_lazy("Rise of unemployment above its low (pp)"),
    "vacancy_indicator": gettext_lazy("Fall of vacancies below their high (pp)"),
    "binding": gettext_lazy("Smaller of the two"),
    "count": gettext_lazy("Count this month"),
    "direction": gettext_lazy("Direction watched"),
    "min_history": gettext_lazy("Months of history needed"),
    "min_count": gettext_lazy("Smallest count considered"),
    "months": gettext_lazy("Months of history with data"),
    "average": gettext_lazy("Average of the previous months"),
    "sd": gettext_lazy("Standard deviation"),
    "ratio": gettext_lazy("Ratio to the average"),
    "z": gettext_lazy("z-score"),
    "change": gettext_lazy("Change against the average"),
    "employers": gettext_lazy("Employers"),
    "insured_before": gettext_lazy("Insured at the end of the previous month"),
    "insured_after": gettext_lazy("Insured at the end of the month"),
    "net_fall": gettext_lazy("Net fall"),
    "fall_share": gettext_lazy("Share of the insured lost"),
    "min_workforce": gettext_lazy("Smallest workforce for the share"),
    "layoff_employers": gettext_lazy("Employers meeting art. 41"),
    "laid_off": gettext_lazy("Persons laid off by them"),
    "laid_off_level": gettext_lazy("Level by persons laid off"),
    "fall_share_level": gettext_lazy("Level by share lost"),
    "decided_by": gettext_lazy("Decided by"),
}


REASON_LABELS = {
    "no_data": gettext_lazy("no value for this month"),
    "insufficient_history": gettext_lazy("not enough earlier months to compare with"),
    "too_few": gettext_lazy("too few cases to mean anything"),
    "no_vacancy_data": gettext_lazy("no vacancy figures"),
}


def warnings_staff_required(view):
    """Leaders, analysts and administrators (staff second factor enforced by the site middleware)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not services.can_act(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def open_warnings_for(user, limit: int = 8) -> list[Warning]:
    """The most severe open warnings in the user's scope, for the workspace panel."""
    if not services.can_act(user):
        return []
    return list(
        Warning.objects.visible_to(user)
        .open()
        .select_related("rule", "division", "industry")
        .by_severity()[:limit]
    )


@warnings_staff_required
def warning_list(request):
    qs = Warning.objects.visible_to(request.user).select_related("rule", "division", "industry")
    status = request.GET.get("status", "open")
    if status == "open":
        qs = qs.open()
    elif status in WarningStatus.values:
        qs = qs.filter(status=status)
    else:
        status = "all"
    level = request.GET.get("level", "")
    if level in WarningLevel.values:
        qs = qs.filter(level=level)
    rule = request.GET.get("rule", "")
    if rule:
        qs = qs.filter(rule__code=rule)
    page = paginate(request, qs.by_severity())
    return render(
        request,
        "web/warnings/list.html",
        {
            "page": page,
            "status": status,
            "level": level,
            "rule": rule,
            "rules": WarningRule.objects.all(),
            "levels": [c for c in WarningLevel if c != WarningLevel.NONE],
            "statuses": WarningStatus.choices,
            "colours": LEVEL_COLOURS,
        },
    )


def _chart(warning: Warning) -> dict:
    """The trend of the rule's value over the months in the evidence, with the thresholds as lines."""
    evidence = warning.evidence or {}
    inner = evidence.get("evidence") or {}
    history = inner.get("history") or []
    key = "count" if warning.rule.family == "leading" else "indicator"
    months = [row.get("month") for row in history]
    values = [row.get(key) for row in history]
    thresholds = evidence.get("thresholds") or {}
    if warning.rule.family == "leading":
        # The rule compares the count with its history; the lines are the counts each level stands for.
        average = inner.get("average")
        direction = inner.get("direction")
        lines = []
        if average is not None:
            for lv, t in thresholds.items():
                limit = average * (1 + t) if direction == "rise" else average * (1 - t)
                lines.append({"level": lv, "value": round(limit, 2), "colour": LEVEL_COLOURS.get(lv)})
    else:
        lines = [
            {"level": lv, "value": t, "colour": LEVEL_COLOURS.get(lv)}
            for lv, t in thresholds.items()
            if "." not in lv
        ]
    return {"months": months, "values": values, "lines": lines, "name": str(warning.rule.name)}


@warnings_staff_required
def warning_detail(request, pk: int):
    warning = get_object_or_404(
        Warning.objects.visible_to(request.user).select_related("rule", "division", "industry"), pk=pk
    )
    evidence = warning.evidence or {}
    inner = evidence.get("evidence") or {}
    facts = [(k, FACT_LABELS.get(k, k), v) for k, v in inner.items() if not isinstance(v, list | dict)]
    return render(
        request,
        "web/warnings/detail.html",
        {
            "warning": warning,
            "evidence": evidence,
            "facts": facts,
            "layoffs": inner.get("layoffs") or [],
            "reason": REASON_LABELS.get(evidence.get("reason") or "", evidence.get("reason") or ""),
            "parameters": evidence.get("parameters") or {},
            # level codes as their translated names ("红色"), for the thresholds table
            "thresholds": {
                dict(WarningLevel.choices).get(level, level): limit
                for level, limit in (evidence.get("thresholds") or {}).items()
            },
            "events": warning.events.select_related("actor").order_by("-at", "-id"),
            "checklist": warning.checklist.select_related("done_by"),
            "chart": _chart(warning),
            "colours": LEVEL_COLOURS,
            "unit": VALUE_LABELS.get(warning.rule.code, ""),
        },
    )


@require_POST
@warnings_staff_required
def warning_action(request, pk: int):
    warning = get_object_or_404(Warning.objects.visible_to(request.user), pk=pk)
    action = request.POST.get("action", "")
    note = request.POST.get("note", "")
    try:
        if action == "acknowledge":
            services.acknowledge_warning(warning, by=request.user, note=note, request=request)
            messages.success(request, _("Warning acknowledged."))
        elif action == "resolve":
            services.resolve_warning(warning, by=request.user, note=note, request=request)
            messages.success(request, _("Warning resolved."))
        else:
            messages.error(request, _("action: expected acknowledge or resolve."))
    except services.WarningError as exc:
        messages.error(request, str(exc))
    return redirect("web:warning_detail", pk=warning.pk)


@require_POST
@warnings_staff_required
def checklist_tick(request, pk: int, item: int):
    warning = get_object_or_404(Warning.objects.visible_to(request.user), pk=pk)
    step = get_object_or_404(ChecklistItem.objects.filter(warning=warning), pk=item)
    done = request.POST.get("done", "1") == "1"
    try:
        services.tick_checklist_item(
            step, by=request.user, done=done, note=request.POST.get("note", ""), request=request
        )
    except services.WarningError as exc:
        messages.error(request, str(exc))
    return redirect("web:warning_detail", pk=warning.pk)
