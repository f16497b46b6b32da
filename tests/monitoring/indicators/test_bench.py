"""Smoke run of `bench/indicators.py --quick` (200,000 person-months, a few seconds): DuckDB and pandas agree."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[3] / "bench" / "indicators.py"


def test_quick_benchmark_prints_an_identical_bench_line(capsys):
    spec = importlib.util.spec_from_file_location("bench_indicators", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--quick"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("BENCH indicators person_months=200000 ")
    assert " identical=1" in last and " seconds=" in last and " baseline_seconds=" in last
