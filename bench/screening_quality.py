"""Screening quality: Chinese rules per category on the held-out split, and the EMSCAD fraud classifier.

Chinese. tests/supervision/data/zh_screening_labelled.csv (built by build_zh_screening_set.py; README.md there says
how): real sentences from datasets/job-postings-zh (BOSS直聘/拉勾 2019 IT postings) sampled by trigger words and at
random, labelled by hand, plus crafted hard cases. Each sentence is screened alone as a posting description
(`screen_rules`, no field or pay checks); a category is predicted when any flag (block or warn) of that category is
raised. Per category precision and recall; the discrimination figures are micro-averaged over the eight
discrimination categories on the Chinese rows (rows with no CJK character are reported apart as English).

Splits, in the order they were used (the rules were written first, from the law and general knowledge):
- dev: half of the real sentences and of the first crafted batch (hash split); mistakes on it were fixed.
- test: the other half. First run: discrimination precision 0.976, recall 0.930 (43 positives); its 4 false
  negatives were then fixed, so it is no longer held out.
- test2: a second crafted batch (60). First run: precision 1.000, recall 0.629 (35 positives); its misses were then
  fixed (general patterns: shared exclusion words, bare sex in a requirements list, …), so no longer held out.
- test3: a third crafted batch (71), written after those fixes. First run: precision 0.960, recall 0.889 (27
  positives), below the 0.90 target; its misses were then fixed with general pattern families (sex-only openings
  and duties, a person word before an exclusion, HBV tests, papers kept by the employer, course loans, fake
  orders), so it is no longer held out.
- test4: 225 crafted cases and 100 fresh real sentences (325), written by another author blind to the rules while
  the test3 fixes were made. First run (rules only): precision 0.947, recall 0.567 (127 positives). Its misses were
  then fixed and it became a training batch of the wording classifier, so it is no longer held out.
- test5: 331 crafted cases across the whole labour market and 100 fresh real sentences (431), written by a further
  author blind to the rules, to the classifier and its training data, and to the earlier crafted batches, while the
  rules and the classifier were being built. First (reported) run, 2026-11-28, rules + classifier: discrimination
  precision 0.928, recall 0.913 (253 positives; rules alone 0.971 / 0.794) — precision below the 0.95 target. 7 of
  its 431 texts also occur, word for word, in a training file (stock phrases such as 民族要求：汉族 written
  independently by two authors); without them 0.926 / 0.911. Its errors were then fixed with general families and
  it became a training split of the classifier (thresholds re-chosen at leave-one-batch-out precision 0.98; see
  data/wording/README.md), so it is no longer held out.
- test6: 266 crafted Chinese cases, 10 English ones and 100 fresh real sentences (376), written by a sixth author
  blind to the rules, the classifier, its training data, the earlier crafted batches and test5, while the test5
  fixes were made; never read by them, never used to change either: the held-out figure in the BENCH line
  (`zh_disc_*`; `zh_disc_novel_*` leaves out texts that also occur word for word in a training file — 1 here).
  First (reported) run, 2026-11-28, rules + classifier: discrimination precision 0.955, recall 0.920 (163
  positives; rules alone 0.985 / 0.822). With 163 positives the sampling error is a few points either way (a 95%
  Wilson interval for precision 150/157 is about 0.91–0.98). Its 10 English rows: recall 0.375 (the classifier
  reads Chinese only; the English rules miss "Han nationality only", "need not apply" and the like).
  Those 10 English rows then became training material for the English rule families, so the English figure is no
  longer held out (the Chinese test6 figures stay held out and were not changed).

Rules and the wording classifier. The screening path (`screen_rules(text, wording=model)`) adds the
discriminatory-wording classifier's warnings (`jiuye.supervision.screening.wording`) for categories no rule flagged;
the model is `wording.load_or_train()` (var/screening/wording.pkl, trained in a few seconds from the package data
`jiuye/supervision/screening/data/wording/` when missing or stale: splits dev…test5 of the labelled set and the
train_a/train_b batches — never another split). Each split is reported rules-only and combined; the BENCH line's
`zh_disc_*` are the combined figures (`zh_disc_rules_*` the rules alone). `--rules-only` leaves the model out.

Leave-one-batch-out (`--lobo`, on by default): each training batch (dev+test, test2, test3, test4, test5,
train_a, train_b) is held out in turn; a model trained (and calibrated) on the other batches screens it through the same
path. Per batch and pooled: rules-only, classifier-only and combined discrimination precision/recall. The rules
were fixed from the misses of every one of these batches, so rules-only and combined figures are optimistic; the
classifier-only figures are out-of-batch. The last blind figures, taken on train_a/train_b before their misses were
fixed (rules fixed from test4 only, same classifier thresholds): rules-only train_a 0.983 / 0.727, train_b
0.979 / 0.710; combined train_a 0.968 / 0.848, train_b 0.966 / 0.906.

`--real` screens every distinct sentence of the real corpus (datasets/job-postings-zh, 16,677 sentences, cut as in
tests/supervision/data/build_zh_screening_set.py) rules-only and combined, and lists every flag the model adds.

EMSCAD. `jiuye.supervision.screening.fraud.cross_validate_emscad` (the fraud helper's) on
datasets/emscad, when present; otherwise the line says it is missing.

    python bench/screening_quality.py [--quick] [--split test6|test5|test4|test3|test2|test|dev|all] [--errors] [--datasets DIR]
                                      [--rules-only] [--no-lobo] [--real]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiuye.supervision.screening import wording as wording_module  # noqa: E402
from jiuye.supervision.screening.rules import screen_rules  # noqa: E402
from jiuye.supervision.screening.types import (  # noqa: E402
    DISCRIMINATION_CATEGORIES,
    TRAP_CATEGORIES,
    PostingText,
)

LABELS = ROOT / "tests" / "supervision" / "data" / "zh_screening_labelled.csv"
DEFAULT_DATASETS = Path(os.environ.get("JIUYE_DATASETS", ROOT.parent / "shared" / "data" / "datasets"))
CJK = re.compile(r"[\u4e00-\u9fff]")
CATS = DISCRIMINATION_CATEGORIES + tuple(
    c for c in TRAP_CATEGORIES if c not in ("missing_fields", "unrealistic_pay")
)


def load(split: str) -> list[dict]:
    with open(LABELS, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [r for r in rows if split == "all" or r["split"] == split]


def predict(text: str, wording=None) -> set[str]:
    return {f.category for f in screen_rules(PostingText(title="", description=text), wording)}


def predict_model_only(text: str, wording) -> set[str]:
    return {f.category for f in wording.flags("description", text)}


def score(rows: list[dict], show_errors: bool = False, wording=None, how=predict) -> tuple[dict, list[tuple]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    errors = []
    for r in rows:
        gold = {c for c in r["labels"].split(";") if c}
        pred = how(r["text"], wording) & set(CATS)
        for c in CATS:
            if c in pred and c in gold:
                tp[c] += 1
            elif c in pred:
                fp[c] += 1
                errors.append(("FP", c, r["id"], r["text"]))
            elif c in gold:
                fn[c] += 1
                errors.append(("FN", c, r["id"], r["text"]))
    return {"tp": tp, "fp": fp, "fn": fn}, errors


def pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r


def disc(counts: dict) -> tuple[int, int, int]:
    return tuple(sum(counts[k][c] for c in DISCRIMINATION_CATEGORIES) for k in ("tp", "fp", "fn"))


def lobo(errors: bool = False) -> dict:
    """Leave-one-batch-out over the wording model's training batches: rules-only, model-only and combined."""
    rows = wording_module.read_training_rows()
    batches = sorted({r.batch for r in rows})
    total = {k: Counter() for k in ("rules", "model", "combined")}
    print(
        "leave-one-batch-out (each batch screened by a model trained and calibrated on the others; discrimination):"
    )
    print(
        f"  {'held-out batch':14} {'n':>4} {'pos':>4}   {'rules P / R':>13}   {'model P / R':>13}   {'combined P / R':>14}"
    )
    for batch in batches:
        held = [
            {"text": r.text, "labels": ";".join(sorted(r.labels)), "id": batch}
            for r in rows
            if r.batch == batch
        ]
        model = wording_module.train([r for r in rows if r.batch != batch])
        line = []
        for name, how, w in (
            ("rules", predict, None),
            ("model", predict_model_only, model),
            ("combined", predict, model),
        ):
            counts, errs = score(held, wording=w, how=how)
            tp, fp, fn = disc(counts)
            total[name].update(tp=tp, fp=fp, fn=fn)
            line.append("{:.3f} / {:.3f}".format(*pr(tp, fp, fn)))
            if errors and name == "combined":
                for e in errs:
                    if e[1] in DISCRIMINATION_CATEGORIES:
                        print("   ", *e)
        n_pos = sum(len({c for c in h["labels"].split(";") if c in DISCRIMINATION_CATEGORIES}) for h in held)
        print(f"  {batch:14} {len(held):4d} {n_pos:4d}   {line[0]:>13}   {line[1]:>13}   {line[2]:>14}")
    out = {}
    line = []
    for name in ("rules", "model", "combined"):
        t = total[name]
        out[name] = pr(t["tp"], t["fp"], t["fn"])
        line.append("{:.3f} / {:.3f}".format(*out[name]))
    print(
        f"  {'pooled':14} {len(rows):4d} {total['rules']['tp'] + total['rules']['fn']:4d}   {line[0]:>13}   "
        f"{line[1]:>13}   {line[2]:>14}"
    )
    return out


def real_sentences(datasets: Path) -> dict[str, str]:
    """The distinct sentences of the real corpus (4–120 characters), cut as the labelled set's builder cuts them."""
    d = datasets / "job-postings-zh"
    out: dict[str, str] = {}

    def add(src: str, text: str) -> None:
        text = text.strip(" ,，、")
        if 4 <= len(text) <= 120 and text not in out:
            out[text] = src

    cut = re.compile(r"[。；;！!？?\n]|(?<=[^\d])[0-9]{1,2}[、.．)）](?=\D)")
    with open(d / "boss_zhipin_2019_it_jobs.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for field in ("desription", "welfare", "position"):
                for s in cut.split(row[field] or ""):
                    add(f"boss:{field}", s)
    with open(d / "lagou_2019_it_jobs.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for field in ("welfare", "position"):
                add(f"lagou:{field}", row[field] or "")
    with open(d / "lagou_data_analyst_positions_with_coords.csv", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            for field in ("positionAdvantage", "positionName"):
                add(f"lagou_da:{field}", row[field] or "")
    return out


def real_flags(datasets: Path, model) -> None:
    sents = real_sentences(datasets)
    rules_n = Counter()
    added = []
    for text in sents:
        flags = screen_rules(PostingText(title="", description=text), model)
        for f in flags:
            if f.source == "rule":
                rules_n[f.category] += 1
            else:
                added.append(f)
    print(
        f"real sentences: {len(sents)}; rule flags: {sum(rules_n.values())} {dict(sorted(rules_n.items()))}"
    )
    print(
        f"  flags the wording model adds: {len(added)} {dict(sorted(Counter(f.category for f in added).items()))}"
    )
    for f in sorted(added, key=lambda f: -f.score):
        print(f"    {f.category:20} {f.score:.2f} {f.matched_text}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--quick", action="store_true", help="skip the EMSCAD cross-validation (print it as skipped)"
    )
    ap.add_argument(
        "--split",
        default="test6",
        choices=["test6", "test5", "test4", "test3", "test2", "test", "dev", "all"],
    )
    ap.add_argument("--errors", action="store_true", help="print every false positive and false negative")
    ap.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    ap.add_argument("--rules-only", action="store_true", help="leave the wording classifier out")
    ap.add_argument("--no-lobo", action="store_true", help="skip the leave-one-batch-out table")
    ap.add_argument("--real", action="store_true", help="flags on every real sentence of the corpus")
    args = ap.parse_args()

    model = None
    if not args.rules_only:
        t0 = time.perf_counter()
        model = wording_module.load_or_train()
        print(
            f"wording model: {model.n_train} training sentences {model.info.get('batches')}, hash "
            f"{model.training_hash[:12]}, loaded or trained in {time.perf_counter() - t0:.1f} s"
        )
    else:
        print("wording model: left out (--rules-only)")

    rows = load(args.split)
    zh = [r for r in rows if CJK.search(r["text"])]
    en = [r for r in rows if not CJK.search(r["text"])]
    real = [r for r in zh if r["source"] != "crafted"]
    print(
        f"Chinese labelled set, split={args.split}: {len(zh)} Chinese rows ({len(real)} real sentences, "
        f"{len(zh) - len(real)} crafted), {len(en)} English rows"
    )
    rules_counts, _ = score(zh)
    counts, errors = score(zh, wording=model)
    print(f"{'category':24} {'n_pos':>5} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for c in CATS:
        tp, fp, fn = counts["tp"][c], counts["fp"][c], counts["fn"][c]
        p, r = pr(tp, fp, fn)
        print(f"{c:24} {tp + fn:5d} {tp:4d} {fp:4d} {fn:4d} {p:9.3f} {r:7.3f}")
    dtp = sum(counts["tp"][c] for c in DISCRIMINATION_CATEGORIES)
    dfp = sum(counts["fp"][c] for c in DISCRIMINATION_CATEGORIES)
    dfn = sum(counts["fn"][c] for c in DISCRIMINATION_CATEGORIES)
    dp, dr = pr(dtp, dfp, dfn)
    print(f"discrimination (micro)   {dtp + dfn:5d} {dtp:4d} {dfp:4d} {dfn:4d} {dp:9.3f} {dr:7.3f}")
    rtp_, rfp_, rfn_ = disc(rules_counts)
    rdp, rdr = pr(rtp_, rfp_, rfn_)
    print(
        f"  (rules only: tp={rtp_} fp={rfp_} fn={rfn_} precision={rdp:.3f} recall={rdr:.3f}; "
        f"{'combined with the wording model above' if model is not None else 'no model'})"
    )
    # Rows whose exact text is also in a training file (independent authors sometimes write the same stock phrase).
    trained_on = {r.text for r in wording_module.read_training_rows()}
    novel = [r for r in zh if r["text"] not in trained_on]
    ntp, nfp, nfn = disc(score(novel, wording=model)[0])
    ndp, ndr = pr(ntp, nfp, nfn)
    print(
        f"  (rows whose text is in no training file: n={len(novel)} of {len(zh)}, tp={ntp} fp={nfp} fn={nfn} "
        f"precision={ndp:.3f} recall={ndr:.3f})"
    )
    rc, _ = score(real, wording=model)
    rtp = sum(rc["tp"][c] for c in CATS)
    rfp = sum(rc["fp"][c] for c in CATS)
    rfn = sum(rc["fn"][c] for c in CATS)
    print(f"real sentences only, all categories: tp={rtp} fp={rfp} fn={rfn}")
    ec, eerr = score(en, wording=model)
    etp = sum(ec["tp"][c] for c in CATS)
    efp = sum(ec["fp"][c] for c in CATS)
    efn = sum(ec["fn"][c] for c in CATS)
    ep, er = pr(etp, efp, efn)
    print(f"English crafted rows, all categories: n={len(en)} precision={ep:.3f} recall={er:.3f}")
    if args.errors:
        for e in errors + eerr:
            print(" ", *e)

    print("discrimination categories by split (Chinese rows; the wording model was trained on all of these):")
    summary = {}
    for split in ("dev", "test", "test2", "test3", "test4", "test5"):
        part = [r for r in load(split) if CJK.search(r["text"])]
        rtp_, rfp_, rfn_ = disc(score(part)[0])
        stp, sfp, sfn = disc(score(part, wording=model)[0])
        summary[split] = (*pr(stp, sfp, sfn), len(part))
        print(
            f"  {split:6} n={len(part):4d} positives={stp + sfn:3d} precision={summary[split][0]:.3f} "
            f"recall={summary[split][1]:.3f} (rules only {pr(rtp_, rfp_, rfn_)[0]:.3f} / "
            f"{pr(rtp_, rfp_, rfn_)[1]:.3f})"
        )

    lobo_figures = {}
    if not args.no_lobo and not args.rules_only:
        lobo_figures = lobo(errors=args.errors)
    if args.real:
        real_flags(args.datasets, model)

    fraud = {}
    if args.quick:
        print("EMSCAD: skipped (--quick)")
    else:
        try:
            from jiuye.supervision.screening.fraud import cross_validate_emscad
        except ImportError as exc:
            print(f"EMSCAD: fraud classifier missing ({exc})")
        else:
            path = args.datasets / "emscad" / "emscad_train.csv"
            t0 = time.perf_counter()
            fraud = cross_validate_emscad(path, folds=5, seed=0)
            print(
                "EMSCAD 5-fold CV ({:.0f} s): n={} n_fraud={} precision={:.3f} recall={:.3f} f1={:.3f} "
                "pr_auc={:.3f}; at the 4.8% prior: precision={:.3f} recall={:.3f} f1={:.3f}".format(
                    time.perf_counter() - t0,
                    fraud.get("n"),
                    fraud.get("n_fraud"),
                    fraud.get("precision", float("nan")),
                    fraud.get("recall", float("nan")),
                    fraud.get("f1", float("nan")),
                    fraud.get("pr_auc", float("nan")),
                    fraud.get("precision_prior", float("nan")),
                    fraud.get("recall_prior", float("nan")),
                    fraud.get("f1_prior", float("nan")),
                )
            )

    def fmt(key):
        v = fraud.get(key)
        return "nan" if v is None else f"{v:.4f}"

    print(
        f"BENCH screening_quality fraud_f1={fmt('f1')} fraud_f1_prior={fmt('f1_prior')} "
        f"fraud_prauc={fmt('pr_auc')} zh_disc_precision={dp:.4f} zh_disc_recall={dr:.4f} zh_n={len(zh)} "
        f"zh_split={args.split} zh_test_precision={summary['test'][0]:.4f} zh_test_recall={summary['test'][1]:.4f} "
        f"zh_test_n={summary['test'][2]} zh_disc_rules_precision={rdp:.4f} zh_disc_rules_recall={rdr:.4f} "
        f"zh_model={'wording' if model is not None else 'none'} zh_disc_novel_precision={ndp:.4f} "
        f"zh_disc_novel_recall={ndr:.4f} zh_novel_n={len(novel)}"
        + "".join(
            f" lobo_{k}_precision={v[0]:.4f} lobo_{k}_recall={v[1]:.4f}" for k, v in lobo_figures.items()
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
