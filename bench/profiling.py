"""Benchmark `profiling`: risk of long-term unemployment, cross-validated, by group (issue 6, item 1).

    python bench/profiling.py            # nested CV: model family chosen on an inner 3-fold CV per outer fold
    python bench/profiling.py --quick    # outer 5-fold CV of the family the full run chooses (binned logit)

Data: ../shared/data/datasets/unemployment-duration (never copied). Targets (see jiuye/cases/profiling/data.py):
jobless and UnempDur — still jobless after 26 weeks (spell > 13 two-week intervals; 12 months leaves 33 long
spells); Unemployment (Romeo) — duration > 26 weeks. Censored spells at or below the threshold are excluded
(counted below). Benefits has no duration variable and is not modelled.

For each data set: outer stratified 5-fold CV (seed 20261128): AUC, Brier, 10 equal-count calibration bins,
and by sex / age band / race (whichever the file has): AUC, Brier, FNR and FPR with the top 30% of scores
flagged, mean score, flagged share and the ratio of flagged shares (max/min) — compare with Flanders' 2.6× for
foreign-origin job seekers. A non-protected rule baseline is evaluated in the same folds. Then the transferred
`ProfileModel` terms (six registry-compatible variables) are cross-validated on jobless the same way.

Main data set: jobless (the richest covariates). Last line:
BENCH profiling auc=… brier=… baseline_auc=… auc_gap_sex=… auc_gap_age=… (jobless) plus per-dataset keys.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sklearn.linear_model import LogisticRegression  # noqa: E402

from jiuye.cases.profiling.data import (  # noqa: E402
    MAIN_DATASET,
    PROTECTED_COLUMNS,
    Dataset,
    load_all,
    load_benefits,
    load_jobless,
)
from jiuye.cases.profiling.evaluate import CANDIDATES, FLAG_SHARE, CVResult, cross_validate  # noqa: E402
from jiuye.cases.profiling.model import WEIGHTED_TERMS, terms_from_jobless  # noqa: E402

QUICK_FAMILY = "logit_bins"


def _f(value, digits: int = 3) -> str:
    return "   -  " if value is None else f"{value:.{digits}f}"


def print_groups(title: str, groups: dict) -> None:
    print(f"  {title}")
    print(
        f"    {'attribute':10} {'group':9} {'n':>5} {'prev':>6} {'AUC':>6} {'Brier':>6} {'FNR':>6} {'FPR':>6} "
        f"{'mean':>6} {'flagged':>7}"
    )
    for attribute, rep in groups.items():
        for group, m in rep["groups"].items():
            print(
                f"    {attribute:10} {group:9} {m['n']:5d} {_f(m['prevalence'])} {_f(m['auc'])} {_f(m['brier'])} "
                f"{_f(m['fnr'])} {_f(m['fpr'])} {_f(m['mean_score'])} {_f(m['flagged_share']):>7}"
            )
        print(
            f"    {attribute:10} flagged-share ratio max/min = {_f(rep['flagged_share_ratio'], 2)}, "
            f"AUC gap = {_f(rep['auc_gap'])}"
        )


def print_calibration(title: str, bins: list[dict]) -> None:
    print(f"  {title}: bin  n  mean_predicted  observed")
    for b in bins:
        print(f"    {b['bin']:2d} {b['n']:5d}  {_f(b['mean_predicted'])}  {_f(b['observed'])}")


def report(ds: Dataset, r: CVResult, seconds: float) -> None:
    print(f"\n=== {ds.name}: {ds.description}")
    print(f"  target: {ds.target}")
    print(
        f"  spells {ds.n_total}; excluded (censored at or below the threshold) {ds.n_excluded_censored}; "
        f"censored but already long (label 1) {ds.n_censored_long}; used {ds.n}; long-term share {ds.prevalence:.3f}"
    )
    print(f"  features ({len(ds.feature_names)}): {', '.join(ds.feature_names)}")
    print(f"  kept out of the features (group report only): {', '.join(sorted(PROTECTED_COLUMNS[ds.name]))}")
    if any(r.inner_auc.values()):
        print("  inner-CV AUC per outer fold (model family chosen by the highest):")
        for name, values in r.inner_auc.items():
            if values:
                print(
                    f"    {name:13} "
                    + " ".join(f"{v:.3f}" for v in values)
                    + f"   mean {sum(values) / len(values):.3f}"
                )
    print(f"  chosen per fold: {', '.join(r.chosen)}")
    print(
        f"  outer-CV AUC per fold: {' '.join(f'{v:.3f}' for v in r.fold_auc)}; Brier: "
        f"{' '.join(f'{v:.4f}' for v in r.fold_brier)}"
    )
    print(
        f"  MODEL    pooled OOF AUC {r.auc:.3f}  Brier {r.brier:.4f}  (base-rate Brier {r.prevalence * (1 - r.prevalence):.4f})"
        f"  threshold {r.threshold:.3f} flags the top {FLAG_SHARE:.0%}: FNR {r.overall['fnr']:.3f} FPR {r.overall['fpr']:.3f}"
    )
    b = r.baseline
    print(f"  BASELINE {b['rule']}")
    print(
        f"           AUC {_f(b['auc'])}  Brier {b['brier']:.4f}  flags {b['overall']['flagged_share']:.3f}: "
        f"FNR {_f(b['overall']['fnr'])} FPR {_f(b['overall']['fpr'])}"
    )
    m = b["model_at_rule_share"]
    print(
        f"  MODEL at the rule's flagged share ({m['flagged_share']:.3f}): FNR {_f(m['fnr'])} FPR {_f(m['fpr'])}"
    )
    print_calibration("model calibration", r.calibration)
    print_groups("model by group (top 30% flagged)", r.groups)
    print_groups("baseline rule by group (rule flag)", b["groups"])
    print(f"  ({seconds:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    candidates = {QUICK_FAMILY: CANDIDATES[QUICK_FAMILY]} if args.quick else CANDIDATES
    t_all = time.perf_counter()

    datasets = load_all()
    results: dict[str, CVResult] = {}
    for name, ds in datasets.items():
        t0 = time.perf_counter()
        results[name] = cross_validate(ds, candidates=candidates)
        report(ds, results[name], time.perf_counter() - t0)

    benefits = load_benefits()
    print(f"\n=== Benefits: {benefits['n_total']} rows, not modelled: {benefits['why']}")

    # The transferred ProfileModel terms, cross-validated on jobless (one family: plain logistic regression).
    jl = load_jobless()
    transfer = Dataset(
        name="jobless",
        description="ProfileModel terms on jobless (registry-compatible variables only)",
        target=jl.target,
        X=terms_from_jobless(jl),
        feature_names=WEIGHTED_TERMS,
        continuous=(),
        y=jl.y,
        groups=jl.groups,
        baseline=jl.baseline,
        baseline_rule=jl.baseline_rule,
        n_total=jl.n_total,
        n_excluded_censored=jl.n_excluded_censored,
        n_censored_long=jl.n_censored_long,
    )
    t0 = time.perf_counter()
    tr = cross_validate(
        transfer, candidates={"points_logit": lambda ds, seed: LogisticRegression(C=1.0, max_iter=2000)}
    )
    print("\n=== ProfileModel transfer (six terms, plain logistic regression) on jobless")
    print(f"  pooled OOF AUC {tr.auc:.3f}  Brier {tr.brier:.4f}")
    print_groups("by group (top 30% flagged)", tr.groups)
    print(f"  ({time.perf_counter() - t0:.1f} s)")

    main = results[MAIN_DATASET]
    g = main.groups
    keys = {
        "auc": f"{main.auc:.4f}",
        "brier": f"{main.brier:.4f}",
        "baseline_auc": f"{main.baseline['auc']:.4f}",
        "baseline_brier": f"{main.baseline['brier']:.4f}",
        "auc_gap_sex": f"{g['sex']['auc_gap']:.4f}",
        "auc_gap_age": f"{g['age_band']['auc_gap']:.4f}",
        "auc_gap_race": f"{g['race']['auc_gap']:.4f}",
        "flag_ratio_sex": f"{g['sex']['flagged_share_ratio']:.3f}",
        "flag_ratio_age": f"{g['age_band']['flagged_share_ratio']:.3f}",
        "flag_ratio_race": f"{g['race']['flagged_share_ratio']:.3f}",
        "n": str(main.n),
        "excluded_censored": str(datasets[MAIN_DATASET].n_excluded_censored),
    }
    for name, r in results.items():
        if name == MAIN_DATASET:
            continue
        key = name.lower()
        keys[f"{key}_auc"] = f"{r.auc:.4f}"
        keys[f"{key}_brier"] = f"{r.brier:.4f}"
        keys[f"{key}_baseline_auc"] = f"{r.baseline['auc']:.4f}"
        for attribute, rep in r.groups.items():
            short = {"age_band": "age"}.get(attribute, attribute)
            if rep["auc_gap"] is not None:
                keys[f"{key}_auc_gap_{short}"] = f"{rep['auc_gap']:.4f}"
    keys["profile_model_auc"] = f"{tr.auc:.4f}"
    keys["quick"] = "1" if args.quick else "0"
    keys["seconds"] = f"{time.perf_counter() - t_all:.1f}"
    print("BENCH profiling " + " ".join(f"{k}={v}" for k, v in keys.items()))


if __name__ == "__main__":
    main()
