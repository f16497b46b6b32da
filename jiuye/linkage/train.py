"""Re-estimate the shipped person-model parameters (`params/person.json`) from synthetic extracts.

    python -m jiuye.linkage.train            # 200,000 × 200,000 synthetic persons, seed 1
    python -m jiuye.linkage.train --n 50000

Why ship parameters at all: `link_records(train=True)` re-trains on the data it is given whenever there are
enough records (EM needs thousands of candidate pairs to separate matches from non-matches). Small batches —
a single department's daily delta, and the unit tests — fall back to these parameters, as does
`train=False`, which also makes runs on the same model comparable over time. The values are learned the same
way as in production (u by random sampling, m by EM, no use of the truth), only on synthetic data, so they
contain nothing about real people.
"""

from __future__ import annotations

import argparse
import json

from .engine import _exact_pairs, _Model, export_params
from .settings import PERSON
from .synthetic import department_extracts


def train(n: int, seed: int) -> dict:
    left, right, _ = department_extracts(n, n, seed=seed)
    lf, rf = PERSON.prepare(left), PERSON.prepare(right)
    exact = _exact_pairs(lf, rf, PERSON.exact_key)
    lf = lf[~lf["unique_id"].isin(exact["left_id"])]
    rf = rf[~rf["unique_id"].isin(exact["right_id"])]
    model = _Model(PERSON, "link_only")
    linker = model.fit([lf, rf], backend="duckdb", train=True, spark_session=None)
    params = export_params(linker, link_type="link_only", sizes=[len(lf), len(rf)])
    params["trained_on"] = {"synthetic_persons_per_side": n, "seed": seed, "residue": [len(lf), len(rf)]}
    return params


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    params = train(args.n, args.seed)
    PERSON.params_path.parent.mkdir(exist_ok=True)
    PERSON.params_path.write_text(json.dumps(params, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {PERSON.params_path}")


if __name__ == "__main__":
    main()
