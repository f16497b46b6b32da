"""Occupation coding accuracy: O*NET alternate titles held out (SOC) and hand-labelled Chinese posting titles (大典 2022).

English: alternate titles are grouped by their normalised string; a fixed-seed 20% of the groups is held out, so no
title string sits in both train and test. The coder is built from the occupation titles plus the training rows.
Chinese: the coder is built from the 大典 names (plus a small hand-written seed lexicon; also measured without it),
evaluated on tests/jobs/data/zh_titles_labelled.csv (see how_labelled there).
Baseline in the same run: exact match of the normalised title, else the longest training title contained in it
(or containing it), else the most frequent code.

    python bench/occupation_coding.py [--quick] [--reference DIR]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiuye.jobs.coding import build_dadian_coder, build_onet_coder, normalise, truncate  # noqa: E402
from jiuye.jobs.coding.sources import read_dadian, read_onet  # noqa: E402

DEFAULT_REF = Path(os.environ.get("JIUYE_REFDATA", ROOT.parent / "shared" / "data" / "reference"))
ZH_LABELS = ROOT / "tests" / "jobs" / "data" / "zh_titles_labelled.csv"
SEED = "jiuye-occupation-coding-1"


def in_test(key: str, share: float = 0.2) -> bool:
    h = int(hashlib.sha256((SEED + key).encode()).hexdigest()[:8], 16)
    return h / 0xFFFFFFFF < share


class Baseline:
    def __init__(self, pairs: list[tuple[str, str]]):
        self.exact: dict[str, str] = {}
        for title, code in pairs:
            self.exact.setdefault(normalise(title), code)
        self.by_len = sorted(self.exact.items(), key=lambda kv: -len(kv[0]))
        self.fallback = Counter(code for _, code in pairs).most_common(1)[0][0]

    def predict(self, title: str) -> str:
        key = normalise(title)
        if key in self.exact:
            return self.exact[key]
        for name, code in self.by_len:
            if len(name) >= 2 and (name in key or (len(key) >= 2 and key in name)):
                return code
        return self.fallback


def accuracy(pairs, predict, scheme) -> dict[int, float]:
    """`predict(title, level)` returns a code; its ancestor at `level` is compared with the gold code's."""
    hits = Counter()
    for title, gold in pairs:
        for level in (1, 2, 3, 4):
            pred = predict(title, level)
            if pred and truncate(pred, level, scheme) == truncate(gold, level, scheme):
                hits[level] += 1
    n = len(pairs) or 1
    return {level: hits[level] / n for level in (1, 2, 3, 4)}


def top1(coder, pooled: bool = True):
    """Top-1 code; pooled: votes summed at the level asked for; else the detailed top-1, truncated."""

    def predict(title, level):
        cands = coder.code_title(title, level=level if pooled else None, top=1)
        return cands[0].code if cands else ""

    return predict


def baseline(pairs):
    b = Baseline(pairs)
    return lambda title, level: b.predict(title)


def show(label, acc, names=("major", "minor", "broad", "detail")):
    print(f"  {label:<28}" + "  ".join(f"{n}={acc[i + 1]:.3f}" for i, n in enumerate(names)))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="evaluate on 1,000 held-out English titles")
    ap.add_argument("--reference", type=Path, default=DEFAULT_REF)
    args = ap.parse_args()

    onet_dir = args.reference / "onet"
    names, alt = read_onet(onet_dir)
    test_rows = [r for r in alt if in_test(normalise(r["Alternate Title"]))]
    train_keys = {
        normalise(r["Alternate Title"]) for r in alt if not in_test(normalise(r["Alternate Title"]))
    }
    train_keys |= {normalise(t) for t in names.values()}
    test = [
        (r["Alternate Title"], r["O*NET-SOC Code"])
        for r in test_rows
        if normalise(r["Alternate Title"]) not in train_keys
    ]
    if args.quick:
        test = test[:: max(1, len(test) // 1000)][:1000]
    t0 = time.perf_counter()
    en = build_onet_coder(onet_dir, keep=lambda r: not in_test(normalise(r["Alternate Title"])))
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    en_acc = accuracy(test, top1(en), "soc")
    en_s = (time.perf_counter() - t0) / 4
    en_flat = accuracy(test, top1(en, pooled=False), "soc")
    train_pairs = [(t, c) for c, t in names.items()] + [
        (r["Alternate Title"], r["O*NET-SOC Code"])
        for r in alt
        if not in_test(normalise(r["Alternate Title"]))
    ]
    en_base = accuracy(test, baseline(train_pairs), "soc")
    print(
        f"O*NET-SOC: {len(test)} held-out titles, train {en.n_docs} docs, build {build_s:.1f}s, "
        f"{len(test) / en_s:.0f} titles/s"
    )
    show("coder (votes pooled by level)", en_acc)
    show("coder (detailed top-1 cut)", en_flat)
    show("baseline exact/substring", en_base)

    zh_path = args.reference / "china-occupation-classification" / "occupations_2022_flat.csv"
    with open(ZH_LABELS, encoding="utf-8", newline="") as fh:
        zh_test = [(r["title"], r["code"]) for r in csv.DictReader(fh)]
    zh = build_dadian_coder(zh_path)
    zh_plain = build_dadian_coder(zh_path, seeds=False)
    zh_acc = accuracy(zh_test, top1(zh), "dadian")
    zh_plain_acc = accuracy(zh_test, top1(zh_plain), "dadian")
    leaves = [(r["name"], r["code"]) for r in read_dadian(zh_path) if r["level"] == "4"]
    zh_base = accuracy(zh_test, baseline(leaves), "dadian")
    majority = Counter(c for _, c in zh_test).most_common(1)[0]
    names4 = ("大类", "中类", "小类", "细类")
    print(
        f"大典 2022: {len(zh_test)} labelled posting titles (majority code {majority[0]} = {majority[1] / len(zh_test):.2f})"
    )
    show("coder (names + seeds)", zh_acc, names4)
    show("coder (names only)", zh_plain_acc, names4)
    show("baseline substring on names", zh_base, names4)

    print(
        "BENCH occupation_coding "
        f"onet_major_acc={en_acc[1]:.3f} onet_minor_acc={en_acc[2]:.3f} onet_broad_acc={en_acc[3]:.3f} "
        f"onet_detail_acc={en_acc[4]:.3f} onet_n={len(test)} onet_baseline_major_acc={en_base[1]:.3f} "
        f"onet_baseline_detail_acc={en_base[4]:.3f} "
        f"zh_major_acc={zh_acc[1]:.3f} zh_middle_acc={zh_acc[2]:.3f} zh_minor_acc={zh_acc[3]:.3f} "
        f"zh_detail_acc={zh_acc[4]:.3f} zh_names_only_detail_acc={zh_plain_acc[4]:.3f} "
        f"zh_baseline_detail_acc={zh_base[4]:.3f} zh_n={len(zh_test)}"
    )


if __name__ == "__main__":
    main()
