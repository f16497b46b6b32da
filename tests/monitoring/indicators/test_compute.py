"""The Django round trip: library rows → extracts → DuckDB → IndicatorValue, idempotent, audited, scoped.
The library is described in conftest.py; each expected figure is worked out in the comments."""

from __future__ import annotations

import datetime as dt
import json
import re

import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command

from jiuye.core.models import AuditEvent
from jiuye.monitoring.models import Indicator, IndicatorValue
from jiuye.monitoring.services import compute_indicators, ensure_indicators

from .conftest import FEB, JAN

pytestmark = pytest.mark.django_db


def cell(code, division, month, group=""):
    return IndicatorValue.objects.get(indicator__code=code, division__code=division, month=month, group=group)


def test_catalogue_is_loaded_once(db):
    created, updated = ensure_indicators()
    assert created == Indicator.objects.count() == 13 and updated == 0
    assert ensure_indicators() == (0, 0)
    rate = Indicator.objects.get(code="registered_unemployment_rate")
    assert rate.unit == "rate" and rate.denominator and rate.name_zh == "城镇登记失业率"


def test_round_trip_gives_the_hand_computed_values(library, tmp_path):
    result = compute_indicators(JAN, FEB, workdir=tmp_path)
    assert result.created > 0 and result.updated == 0
    # Registered unemployed, January: 雨湖路 p2, p3 = 2; 书院路 p5 = 1; 雨湖区 2; 湘潭 and 湖南 3.
    assert cell("registered_unemployed", "430302001", JAN).value == 2
    assert cell("registered_unemployed", "430304001", JAN).value == 1
    assert cell("registered_unemployed", "4303", JAN).value == 3
    assert cell("registered_unemployed", "43", JAN).value == 3
    # February: p2's registration ended on the 10th → 雨湖路 p3 = 1; 湘潭 1 + 1 = 2.
    assert cell("registered_unemployed", "430302001", FEB).value == 1
    assert cell("registered_unemployed", "4303", FEB).value == 2
    # Rate, January, 雨湖路: 2 registered / (p1 employed + p2, p3 registered) = 2 / 3.
    rate = cell("registered_unemployment_rate", "430302001", JAN)
    assert (rate.numerator, rate.denominator) == (2, 3) and rate.value == pytest.approx(2 / 3)
    # New urban jobs: p2 starts on 11 February, not employed at the end of January → 1 in February, 0 in January.
    assert cell("new_urban_jobs", "430302001", FEB).value == 1
    assert cell("new_urban_jobs", "430302001", JAN).value == 0
    # Re-employment: p2 registered at the end of January, employed at the end of February → 1 of 2 (p2, p3).
    reemployed = cell("reemployed_unemployed", "430302001", FEB)
    assert (reemployed.value, reemployed.denominator) == (1, 2)
    # Key group "disabled": p4, not employed → 0 / 1.
    disabled = cell("key_group_employment_rate", "430302001", JAN, "key_group:disabled")
    assert (disabled.value, disabled.numerator, disabled.denominator) == (0, 0, 1)
    # Pension cover of the employed: January p1 paid (1 / 1); February p1 (no contribution), p2 → 0 / 2.
    assert cell("social_insurance_coverage", "430302001", JAN).value == 1
    assert cell("social_insurance_coverage", "430302001", FEB).value == 0
    # The posting: 3 openings in January and February (filled on 4 February, so live until then).
    assert cell("vacancies", "430302001", JAN).value == 3 and cell("vacancies", "430302001", FEB).value == 3
    # Openings per applicant, January, 雨湖路: 3 openings / seekers p2, p3 = 1.5.
    assert cell("openings_applicants_ratio", "430302001", JAN).value == 1.5
    # Median posted pay, January: (4000 + 6000) / 2 = 5000 over 1 posting; time to fill, February: 25 days.
    assert cell("median_posted_pay", "430302001", JAN).value == 5000
    assert cell("time_to_fill", "430302001", FEB).value == 25
    # Every value says which engine and when.
    assert not IndicatorValue.objects.filter(engine="").exists()
    assert not IndicatorValue.objects.filter(computed_at__isnull=True).exists()


def test_small_cells_are_kept_but_suppressed_with_the_reason(library, tmp_path):
    compute_indicators(JAN, FEB, workdir=tmp_path)
    count = cell("registered_unemployed", "430302001", JAN)
    assert count.suppressed and count.suppression_reason == "count_below_5" and count.value == 2
    rate = cell("registered_unemployment_rate", "430302001", JAN)
    assert rate.suppressed and rate.suppression_reason == "denominator_below_5"
    zero = cell("new_urban_jobs", "430302001", JAN)
    assert not zero.suppressed  # zero is published
    assert not cell("vacancies", "430302001", JAN).suppressed  # openings are not persons


def test_rerun_is_idempotent_and_a_change_updates_only_what_changed(library, tmp_path):
    first = compute_indicators(JAN, FEB, workdir=tmp_path)
    total = IndicatorValue.objects.count()
    again = compute_indicators(JAN, FEB, workdir=tmp_path)
    assert (again.created, again.updated, again.deleted) == (0, 0, 0)
    assert again.unchanged == first.created == total == IndicatorValue.objects.count()
    # p3 leaves the register on 20 February: February's counts change, January's do not.
    registration = library["registration"]
    registration.ended_on = dt.date(2026, 2, 20)
    registration.save()
    third = compute_indicators(JAN, FEB, workdir=tmp_path)
    assert third.updated > 0 and third.created == 0
    assert cell("registered_unemployed", "430302001", FEB).value == 0
    assert cell("registered_unemployed", "430302001", JAN).value == 2


def test_one_audit_event_per_run_without_personal_data(library, tmp_path):
    before = AuditEvent.objects.count()
    compute_indicators(JAN, FEB, workdir=tmp_path, actor="monitoring_compute")
    events = list(AuditEvent.objects.order_by("-id")[: AuditEvent.objects.count() - before])
    assert len(events) == 1
    data = json.dumps(events[0].data, ensure_ascii=False)
    assert events[0].data["what"] == "indicator_values" and events[0].data["months"] == ["2026-01", "2026-02"]
    for person in library["persons"]:
        assert person.name not in data
        # The ID's last four digits as a number of their own: inside a longer run of digits (the run's timestamp
        # id, e.g. 20261128T161645566917) they are chance, not the person.
        assert not re.search(rf"(?<!\d){person.resident_id_masked[-4:]}(?!\d)", data)


def test_extract_holds_hashes_not_names_or_ids(library, tmp_path):
    result = compute_indicators(JAN, FEB, workdir=tmp_path)
    table = pq.read_table(result.directory / "person_month.parquet")
    assert table.num_rows == 10  # five persons × two months
    hashes = set(table.column("person_hash").to_pylist())
    assert len(hashes) == 5
    ids = {str(p.pk) for p in library["persons"]}
    assert not hashes & ids and all(len(h) == 20 for h in hashes)
    text = " ".join(str(v) for column in table.columns for v in column.to_pylist())
    for person in library["persons"]:
        assert person.name not in text


def test_a_scoped_run_writes_only_its_divisions(library, tree, tmp_path):
    compute_indicators(JAN, FEB, workdir=tmp_path, scope=tree["430304"])
    codes = set(IndicatorValue.objects.values_list("division__code", flat=True))
    # 岳塘区 and its township only: 湘潭 and 湖南 would be partial sums, so nothing is written above the scope.
    assert codes == {"430304", "430304001"}
    assert cell("registered_unemployed", "430304", JAN).value == 1


def test_command_dry_run_keeps_nothing_and_wet_run_stores(library, tmp_path, settings, capsys):
    settings.JIUYE_ANALYTICS_DIR = tmp_path
    call_command("monitoring_compute", "--months", "2026-01:2026-02")
    out = capsys.readouterr().out
    assert "dry run" in out and '"created": ' in out
    assert IndicatorValue.objects.count() == 0 and not any(tmp_path.iterdir())
    call_command("monitoring_compute", "--months", "2026-01:2026-02", "--wet-run")
    assert IndicatorValue.objects.count() > 0 and len(list(tmp_path.iterdir())) == 1


@pytest.mark.parametrize("months", ["2026-13", "2026-02:2026-01", "January", ""])
def test_command_names_a_bad_months_argument(db, months):
    with pytest.raises(CommandError, match="--months"):
        call_command("monitoring_compute", "--months", months)


def test_command_names_an_unknown_division(db):
    with pytest.raises(CommandError, match="--division"):
        call_command("monitoring_compute", "--months", "2026-01", "--division", "999999")


def test_months_may_be_given_as_a_list(library, tmp_path):
    result = compute_indicators([FEB, JAN], workdir=tmp_path)
    assert result.months == [JAN, FEB]
    assert cell("registered_unemployed", "430302001", FEB).value == 1


def test_last_months_are_the_whole_months_before_the_current_one():
    import datetime as dt

    from jiuye.monitoring.management.commands.monitoring_compute import last_months

    assert last_months(24, dt.date(2026, 11, 28)) == (dt.date(2024, 11, 1), dt.date(2026, 10, 1))
    assert last_months(1, dt.date(2026, 1, 1)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 1))
    with pytest.raises(ValueError):
        last_months(0)


def test_command_names_a_bad_last_argument(db):
    with pytest.raises(CommandError, match="--last"):
        call_command("monitoring_compute", "--last", "0")
