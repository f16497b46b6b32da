"""Services and commands of the releases on the real test database."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from jiuye.core.models import AuditEvent
from jiuye.monitoring.releases import services
from jiuye.monitoring.releases.models import MajorOutcome, MajorWarning, WageCell, WageRelease

from .conftest import AS_OF


def test_majors_outcomes_and_warnings(tree, majors_library):
    counts = services.compute_majors(tree["4303"], 2025, as_of=AS_OF)
    region = MajorOutcome.objects.get(division=tree["4303"], cohort=2025, major_key="护理", institution="")
    assert region.graduates == 12
    assert region.employed_at_graduation == 5
    assert region.employed_6m == 5 and region.employed_12m == 5
    assert region.matching == 5 and region.matching_base == 5  # nurses working as nurses
    # Pay months 7–18 after graduation: February and March 2026; workers 0–4 earn 4,000–4,400.
    assert region.median_pay == 4200 and region.pay_n == 5
    inst = MajorOutcome.objects.get(
        division=tree["4303"], cohort=2025, major_key="护理", institution="湘潭大学"
    )
    assert inst.graduates == 12
    county = MajorOutcome.objects.get(division=tree["430302"], cohort=2025, major_key="护理")
    assert county.graduates == 12
    red = MajorWarning.objects.get(outcome=region, rule_code="moe_below_60_two_years")
    assert red.level == "red" and red.status == "flagged"
    assert red.evidence["values"] == {"2024": 0.5, "2025": 0.4167}
    assert red.evidence["threshold"] == 0.6 and red.rule_source
    acc = MajorWarning.objects.get(
        outcome__division=tree["4303"],
        outcome__cohort=2025,
        outcome__major_key="会计学",
        outcome__institution="",
        rule_code="moe_below_60_two_years",
    )
    assert acc.status == "not_flagged"
    small = MajorWarning.objects.get(
        outcome__division=tree["4303"],
        outcome__major_key="哲学",
        outcome__institution="",
        rule_code="moe_below_60_two_years",
    )
    assert small.status == "small_cell" and small.evidence["graduates"] == 3
    assert counts["red"] >= 1
    assert AuditEvent.objects.filter(data__action="majors_computed").count() == 1


def test_majors_idempotent(tree, majors_library):
    first = services.compute_majors(tree["4303"], 2025, as_of=AS_OF)
    n = MajorOutcome.objects.count(), MajorWarning.objects.count()
    second = services.compute_majors(tree["4303"], 2025, as_of=AS_OF)
    assert first == second
    assert (MajorOutcome.objects.count(), MajorWarning.objects.count()) == n


def test_outcomes_not_yet_observable_are_empty(tree, majors_library):
    services.compute_majors(tree["4303"], 2025, as_of=AS_OF.replace(year=2025, month=10))
    o = MajorOutcome.objects.get(division=tree["4303"], cohort=2025, major_key="护理", institution="")
    assert o.employed_6m is None and o.employed_12m is None and o.median_pay is None


def test_bad_year_named(tree):
    with pytest.raises(services.ReleaseError) as err:
        services.compute_majors(tree["4303"], 2099, as_of=AS_OF)
    assert err.value.field == "year"


def test_wage_release_cells(tree, wage_library):
    release = services.compute_wage_release(tree["4303"], 2026, b=100)
    assert release.status == "draft" and release.counts["tax"] == 36 and release.counts["posted"] == 5
    tax = WageCell.objects.get(
        release=release, table="occupation", source="tax", occupation_code="2-05-08-01"
    )
    assert tax.n == 36 and tax.n_employers == 4 and not tax.suppressed
    # Workers i = 0..35 earn 4,500 + 25 i: P50 = 4,500 + 25 × 17.5 = 4,937.5.
    assert tax.p50 == pytest.approx(4937.5) and tax.p10 <= tax.p25 <= tax.p50 <= tax.p75 <= tax.p90
    assert tax.bootstrap == "employer_clusters" and tax.rse_p50 is not None
    posted = WageCell.objects.get(
        release=release, table="occupation", source="posted", occupation_code="2-05-08-01"
    )
    assert posted.suppressed and "n_below_min" in posted.reasons
    assert posted.p50 == pytest.approx(5100)  # midpoints 5000, 5050, 5100, 5150, 5200
    assert "type 7" in release.method_notes


def test_wage_release_recompute_and_publish_rules(tree, wage_library, users):
    release = services.compute_wage_release(tree["4303"], 2026, b=20)
    n = WageCell.objects.filter(release=release).count()
    again = services.compute_wage_release(tree["4303"], 2026, b=20)
    assert again.pk == release.pk and WageCell.objects.filter(release=release).count() == n
    services.publish_wage_release(release, by=users["analyst_city"])
    with pytest.raises(services.ReleaseError):
        services.compute_wage_release(tree["4303"], 2026, b=20)
    with pytest.raises(services.ReleaseError):
        services.publish_wage_release(release, by=users["analyst_city"])


def test_wage_release_without_data_refused(tree):
    with pytest.raises(services.ReleaseError) as err:
        services.compute_wage_release(tree["4301"], 2026)
    assert err.value.field == "year"
    assert not WageRelease.objects.exists()


def test_commands_dry_run_and_wet_run(tree, majors_library, wage_library):
    out = io.StringIO()
    call_command("releases_majors", "--region", "4303", "--year", "2025", "--as-of", "2026-11-28", stdout=out)
    assert "dry run" in out.getvalue() and not MajorOutcome.objects.exists()
    call_command(
        "releases_majors",
        "--region",
        "4303",
        "--year",
        "2025",
        "--as-of",
        "2026-11-28",
        "--wet-run",
        stdout=out,
    )
    assert MajorOutcome.objects.exists()
    call_command("releases_wages", "--region", "4303", "--year", "2026", "--b", "20", stdout=out)
    assert not WageRelease.objects.exists()
    call_command(
        "releases_wages",
        "--region",
        "4303",
        "--year",
        "2026",
        "--b",
        "20",
        "--wet-run",
        "--publish",
        stdout=out,
    )
    assert WageRelease.objects.get().status == "published"


def test_commands_bad_input_named(tree):
    with pytest.raises(CommandError, match="--region"):
        call_command("releases_majors", "--region", "9999", "--year", "2025")
    with pytest.raises(CommandError, match="--as-of"):
        call_command("releases_majors", "--region", "4303", "--year", "2025", "--as-of", "yesterday")
    with pytest.raises(CommandError, match="--b"):
        call_command("releases_wages", "--region", "4303", "--year", "2026", "--b", "1")


def test_rating_a_later_cohort_keeps_the_earlier_findings(tree, majors_library):
    services.compute_majors(tree["4303"], 2024, as_of=AS_OF)
    earlier = MajorWarning.objects.filter(outcome__cohort=2024).count()
    assert earlier > 0
    services.compute_majors(tree["4303"], 2025, as_of=AS_OF)
    assert MajorWarning.objects.filter(outcome__cohort=2024).count() == earlier
    assert MajorWarning.objects.filter(outcome__cohort=2025).exists()
