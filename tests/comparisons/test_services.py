"""Recompute: idempotency, resolution, new episodes, division-limited runs, audit, the command."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jiuye.comparisons.enums import WorklistKind
from jiuye.comparisons.models import WorklistEntry
from jiuye.comparisons.services import recompute_worklists
from jiuye.core.models import AuditEvent, EventKind

from .. import factories as f
from .conftest import ON, adult, m, register, wage

pytestmark = pytest.mark.django_db
HH = WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD
UNEMP = WorklistKind.UNEMPLOYED_WITH_INCOME


@pytest.fixture
def idle_households(yuhu, yuetang):
    a, b = adult(yuhu, name="赵一"), adult(yuetang, name="钱二")
    return f.make_household(yuhu, [a]), f.make_household(yuetang, [b])


def test_recompute_is_idempotent(idle_households):
    first = recompute_worklists(on=ON)
    assert first[HH] == {"new": 2, "still_open": 0, "resolved": 0, "open": 2}
    before = {e.pk: (e.first_seen, e.reasons) for e in WorklistEntry.objects.all()}
    second = recompute_worklists(on=ON)
    assert second[HH] == {"new": 0, "still_open": 2, "resolved": 0, "open": 2}
    after = {e.pk: (e.first_seen, e.reasons) for e in WorklistEntry.objects.all()}
    assert before == after
    assert all(e.last_seen >= e.first_seen for e in WorklistEntry.objects.all())
    assert set(first) == set(WorklistKind.values)


def test_entry_resolves_when_no_longer_found_and_reopens_as_new_episode(idle_households):
    yuhu_hh, _ = idle_households
    recompute_worklists(on=ON)
    person = yuhu_hh.members.get().person
    income = wage(person, m(2025, 6))
    counts = recompute_worklists(on=ON)
    assert counts[HH] == {"new": 0, "still_open": 1, "resolved": 1, "open": 1}
    resolved = WorklistEntry.objects.of_kind(HH).get(household=yuhu_hh)
    assert resolved.resolved_at is not None
    assert WorklistEntry.objects.open().of_kind(HH).count() == 1
    income.delete()
    counts = recompute_worklists(on=ON)
    assert counts[HH]["new"] == 1
    episodes = WorklistEntry.objects.of_kind(HH).filter(household=yuhu_hh)
    assert episodes.count() == 2 and episodes.open().count() == 1


def test_household_flag_follows_the_list(idle_households):
    yuhu_hh, yuetang_hh = idle_households
    assert not yuhu_hh.is_zero_employment
    recompute_worklists(on=ON)
    yuhu_hh.refresh_from_db()
    assert yuhu_hh.is_zero_employment
    wage(yuhu_hh.members.get().person, m(2025, 6))
    recompute_worklists(on=ON)
    yuhu_hh.refresh_from_db()
    yuetang_hh.refresh_from_db()
    assert not yuhu_hh.is_zero_employment and yuetang_hh.is_zero_employment


def test_reasons_are_refreshed_and_hold_no_personal_data(yuhu):
    p = adult(yuhu, name="孙三")
    register(p, dt.date(2025, 1, 10))
    wage(p, m(2025, 5))
    recompute_worklists(on=ON)
    wage(p, m(2025, 6))
    recompute_worklists(on=ON)
    e = WorklistEntry.objects.open().of_kind(UNEMP).get()
    assert e.reasons["wage_income_months"] == 2
    dumped = json.dumps(e.reasons, ensure_ascii=False)
    assert p.name not in dumped and p.reveal_resident_id() not in dumped


def test_division_limited_run_leaves_other_areas_alone(tree, idle_households):
    yuhu_hh, yuetang_hh = idle_households
    counts = recompute_worklists(on=ON, division="430302")
    assert counts[HH]["new"] == 1
    assert set(WorklistEntry.objects.open().values_list("household_id", flat=True)) == {yuhu_hh.pk}
    recompute_worklists(on=ON)
    # Yuetang's household gets work; a Yuhu-only run must not resolve it...
    wage(yuetang_hh.members.get().person, m(2025, 6))
    recompute_worklists(on=ON, division=tree["430302"])
    assert WorklistEntry.objects.open().filter(household=yuetang_hh).exists()
    # ...a Yuetang run does.
    assert recompute_worklists(on=ON, division="430304")[HH]["resolved"] == 1


def test_subject_moving_keeps_one_entry_and_follows_the_move(tree, yuhu, yuetang):
    p = adult(yuhu)
    register(p, dt.date(2025, 1, 10))
    wage(p, m(2025, 6))
    recompute_worklists(on=ON)
    p.division = yuetang
    p.save()
    counts = recompute_worklists(on=ON, division="430304")
    assert counts[UNEMP] == {"new": 0, "still_open": 1, "resolved": 0, "open": 1}
    assert WorklistEntry.objects.open().of_kind(UNEMP).get().division == yuetang


def test_recompute_records_one_audit_event_with_counts_only(idle_households):
    run_counts = recompute_worklists(on=ON, division="4303")
    event = AuditEvent.objects.of_kind(EventKind.RECORD_UPDATED).get()
    assert event.data["action"] == "worklists_recomputed"
    assert event.data["counts"] == run_counts and event.division_path == "43/4303"
    dumped = json.dumps(event.data, ensure_ascii=False)
    assert "赵一" not in dumped and "钱二" not in dumped


@pytest.mark.usefixtures("english")
def test_command_dry_run_writes_nothing(idle_households, capsys):
    call_command("comparisons_recompute", "--on", "2025-06-15")
    out = capsys.readouterr().out
    assert "zero_employment_household: 2 open" in out
    assert WorklistEntry.objects.count() == 0
    assert not AuditEvent.objects.exists()


def test_command_wet_run_writes(idle_households, capsys):
    call_command("comparisons_recompute", "--on", "2025-06-15", "--division", "430302", "--wet-run")
    assert WorklistEntry.objects.open().count() == 1
    assert AuditEvent.objects.of_kind(EventKind.RECORD_UPDATED).count() == 1


def test_command_unknown_division(db):
    with pytest.raises(CommandError):
        call_command("comparisons_recompute", "--division", "999999")


def test_rules_scale_by_query_count_not_population(yuhu, django_assert_max_num_queries):
    """Set-based: the number of queries does not grow with the number of people."""
    for _ in range(30):
        f.make_household(yuhu, [adult(yuhu)])
    # 6 rules (+2 month lookups each for two rules) + reading open entries + a few writes + audit
    with django_assert_max_num_queries(40):
        recompute_worklists(on=ON)
    with django_assert_max_num_queries(40):
        recompute_worklists(on=ON)
