"""Benchmark `linkage_speed`: link two noisy 1M-person department extracts on DuckDB, against the known truth.

    python bench/linkage_speed.py            # 1,000,000 × 1,000,000
    python bench/linkage_speed.py --quick    # 20,000 × 20,000
    python bench/linkage_speed.py --n 200000

The extracts come from `jiuye.linkage.synthetic`: 90% of the persons are in both, seen through each
department's errors (homophone and typo names, one-digit and day/month-swapped birth dates, 10% missing and 1%
invalid resident IDs, 8% legacy 15-digit IDs upgraded to 18 before hashing, missing or changed phones, moved
residence). `link_records` runs with training on (u sampling + EM on the residue), as in production; the time
covers preparation, exact linking, training, prediction and the one-to-one decision — not data generation
or the separate count of comparisons. Precision/recall/F1 are of the "link" decisions.

Baseline, same run: the same splink model given *all* records (no exact ID step), at a size it can finish
(`--baseline-n`, default 100,000 per side), next to the engine at that size.

Last line: BENCH linkage_speed n_left=… n_right=… comparisons=… seconds=… records_per_s=… precision=… recall=…
f1=… exact_pairs=… residue_left=… review=… baseline_n=… baseline_seconds=… engine_seconds_at_baseline_n=…
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jiuye.linkage.engine import link_records, link_tables  # noqa: E402
from jiuye.linkage.settings import PERSON  # noqa: E402
from jiuye.linkage.synthetic import department_extracts, pair_scores  # noqa: E402


def run(n: int, *, seed: int, count: bool) -> dict:
    t0 = time.perf_counter()
    left, right, truth = department_extracts(n, n, seed=seed)
    gen_s = time.perf_counter() - t0
    stats: dict = {"count_comparisons": count}
    t0 = time.perf_counter()
    out = link_records(left, right, stats=stats).to_pandas()
    wall = time.perf_counter() - t0 - stats.get("count_s", 0.0)
    links = out[out["decision"] == "link"]
    precision, recall, f1 = pair_scores(links, truth)
    return {
        "n": n, "gen_s": gen_s, "seconds": wall, "precision": precision, "recall": recall, "f1": f1,
        "review": int((out["decision"] == "review").sum()), "true_pairs": len(truth), **stats,
    }


def baseline(n: int, *, seed: int) -> dict:
    """The whole extracts through splink, ID hash only as a comparison: what exact-first saves."""
    left, right, truth = department_extracts(n, n, seed=seed)
    no_exact = replace(PERSON, exact_key=None)
    t0 = time.perf_counter()
    out = link_tables(left, right, profile=no_exact).to_pandas()
    seconds = time.perf_counter() - t0
    precision, recall, f1 = pair_scores(out[out["decision"] == "link"], truth)
    return {"seconds": seconds, "f1": f1}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="20,000 × 20,000")
    ap.add_argument("--n", type=int, help="persons per extract (default 1,000,000)")
    ap.add_argument("--baseline-n", type=int, help="size of the all-splink baseline (default 100,000)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    n = args.n or (20_000 if args.quick else 1_000_000)
    base_n = args.baseline_n or (min(n, 10_000) if args.quick else min(n, 100_000))

    print(f"baseline: all records through splink, {base_n:,} × {base_n:,} …", flush=True)
    base = baseline(base_n, seed=args.seed)
    small = run(base_n, seed=args.seed, count=False)
    print(f"  all-splink {base['seconds']:.1f} s (F1 {base['f1']:.4f}); "
          f"exact-first engine {small['seconds']:.1f} s (F1 {small['f1']:.4f})", flush=True)

    print(f"engine: {n:,} × {n:,} …", flush=True)
    r = run(n, seed=args.seed, count=True)
    print(f"  generated in {r['gen_s']:.1f} s; true pairs {r['true_pairs']:,}")
    print(f"  exact ID links {r['exact_pairs']:,}; residue {r['residue_left']:,} × {r['residue_right']:,}; "
          f"comparisons scored {r['comparisons']:,}; trained={r['trained']}")
    print(f"  stages: prepare {r['prepare_s']:.1f} s, exact {r['exact_s']:.1f} s, train {r['train_s']:.1f} s, "
          f"predict {r['predict_s']:.1f} s, decide {r['decide_s']:.1f} s; total {r['seconds']:.1f} s")
    print(f"  precision {r['precision']:.4f} recall {r['recall']:.4f} F1 {r['f1']:.4f}; "
          f"review queue {r['review']:,}")
    records_per_s = 2 * n / r["seconds"]
    print(
        f"BENCH linkage_speed n_left={n} n_right={n} comparisons={r['comparisons']} seconds={r['seconds']:.1f} "
        f"records_per_s={records_per_s:.0f} precision={r['precision']:.4f} recall={r['recall']:.4f} "
        f"f1={r['f1']:.4f} exact_pairs={r['exact_pairs']} residue_left={r['residue_left']} "
        f"review={r['review']} baseline_n={base_n} baseline_seconds={base['seconds']:.1f} "
        f"baseline_f1={base['f1']:.4f} engine_seconds_at_baseline_n={small['seconds']:.1f}"
    )


if __name__ == "__main__":
    main()
