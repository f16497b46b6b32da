"""warnings_evaluate and warnings_notify: dry run by default, idempotent, clear errors; the benchmark's smoke run."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from jiuye.jobs.models import Notification
from jiuye.monitoring.early_warning.models import Warning, WarningEvent

from .helpers import put_rates

ROOT = Path(__file__).resolve().parents[3]
BASE = [4.0] * 12 + [4.3, 4.6, 4.9]  # Sahm 0.6 in 2026-03


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_evaluate_dry_run_then_wet_run_then_again(tree, users, english):
    put_rates(tree["430302"], BASE)
    dry = _run("warnings_evaluate", "--month", "2026-03", "--rule", "sahm")
    assert "2026-03 sahm: 1 evaluated (yellow 1), 1 event(s)" in dry and "Dry run" in dry
    assert not Warning.objects.exists()
    _run("warnings_evaluate", "--from", "2026-02", "--to", "2026-03", "--rule", "sahm", "--wet-run")
    assert Warning.objects.get().level == "yellow" and WarningEvent.objects.count() == 1
    again = _run("warnings_evaluate", "--month", "2026-03", "--rule", "sahm", "--wet-run")
    assert "0 event(s) over 1 month(s)" in again
    assert "1 event(s) pending" in _run("warnings_notify")
    assert "1 event(s) claimed by t1, 2 message(s) sent" in _run(
        "warnings_notify", "--worker", "t1", "--wet-run"
    )
    assert Notification.objects.count() == 2
    assert "0 event(s) claimed" in _run("warnings_notify", "--worker", "t2", "--wet-run")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--month", "2026-13"], "a month as YYYY-MM"),
        (["--from", "2026-05"], "--from and --to go together"),
        (["--from", "2026-05", "--to", "2026-01"], "--to is before --from"),
        (["--month", "2026-01", "--last", "3"], "Give one of"),
        (["--last", "99"], "--last: between 1 and 36"),
        (["--rule", "okun"], "--rule: unknown okun"),
    ],
)
def test_evaluate_bad_arguments(args, words, english):
    with pytest.raises(CommandError) as err:
        call_command("warnings_evaluate", *args, stdout=StringIO())
    assert words in str(err.value)


def test_notify_bad_limit(english):
    with pytest.raises(CommandError, match="--limit: between 1 and 10000"):
        call_command("warnings_notify", "--limit", "0", stdout=StringIO())


DATA = ROOT.parent / "shared" / "data" / "datasets" / "us-unemployment-fred-states"


@pytest.mark.skipif(not DATA.exists(), reason="FRED mirror not present")
def test_backtest_quick_smoke():
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "early_warning_backtest.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    last = run.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH early_warning_backtest ")
    values = dict(kv.split("=") for kv in last.split()[2:])
    assert float(values["sahm_max_abs_diff"]) < 0.005 and values["series"] == "6"
