"""bench/coverage.py --quick runs end to end (one prefecture) and prints its BENCH line."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_coverage_bench_quick():
    out = subprocess.run(
        [sys.executable, "-W", "ignore::DeprecationWarning", str(ROOT / "bench" / "coverage.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=ROOT,
    ).stdout
    last = out.strip().splitlines()[-1]
    assert last.startswith("BENCH coverage townships=70 ")
    values = dict(kv.split("=", 1) for kv in last.split()[2:])
    assert 0 < float(values["covered_share"]) < 1
    assert float(values["siting_gain"]) > 0
    assert values["method"] == "straight_line"
