"""Screening speed: postings screened per second on one core.

Real postings: the 19,573 Chinese postings of datasets/job-postings-zh (BOSS直聘/拉勾 2019: title, description
excerpt, benefits, skill tags, pay as written; short texts; the IT files' column shift is undone, and the shifted
rows carry no description) — the headline `postings_per_s` — and the 1,223 English
EMSCAD postings (long texts, ~2,000 characters of description and requirements) as a second figure.

Each posting goes through `screen_posting` (pattern rules, mandatory-field checks and the pay check against a table
`pay.postings_pay_rows`: the same postings' pay parsed with jiuye.jobs.salary). `rules_only_per_s` is that alone;
`with_wording_per_s` adds the discriminatory-wording classifier (`wording.py`, `wording.load_or_train()`: every
sentence of every text field scored); when the fraud classifier (`fraud.py`, trained here in memory on EMSCAD) is
present, `with_model_per_s` adds it too (the screening path of the platform, and the headline): postings are
screened in batches of 1,000 with `screen_postings`, whose fraud-model call is vectorised (`score_many`). The model is
English-only, so on Chinese text its scores mean nothing; the figure is a speed figure only. BLAS/OpenMP threads
are pinned to 1 so the run uses one core, and rates are per CPU second of this process (`time.process_time`): the
machine is shared, so wall-clock rates (printed beside them) depend on the other jobs running.

    python bench/screening_speed.py [--quick] [--datasets DIR]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jiuye.jobs.salary import parse_salary  # noqa: E402
from jiuye.supervision.screening import PostingText, screen_posting, screen_postings  # noqa: E402
from jiuye.supervision.screening.pay import (  # noqa: E402
    it_postings_pay_text,
    postings_pay_rows,
    table_from_postings,
)

DEFAULT_DATASETS = Path(os.environ.get("JIUYE_DATASETS", ROOT.parent / "shared" / "data" / "datasets"))


def zh_postings(datasets: Path) -> list[PostingText]:
    d = datasets / "job-postings-zh"
    out = []

    def make(title, description, welfare, requirements, wage, city):
        pay = parse_salary(wage or "")
        return PostingText(
            title=title or "",
            description=description or "",
            welfare=welfare or "",
            requirements=requirements or "",
            pay_text=wage or "",
            pay_min=pay.monthly_min if pay else None,
            pay_max=pay.monthly_max if pay else None,
            occupation_code="2",  # IT professionals: major group 2 (专业技术人员)
            division_code=city or "",
            address=city or "",
        )

    # the IT files' column shift (see pay.it_postings_pay_text): in shifted rows the pay text is in `industry`,
    # the benefits in `size`, and the description was lost
    with open(d / "boss_zhipin_2019_it_jobs.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            shifted = it_postings_pay_text(r) != (r["wage"] or "").strip()
            welfare, description = (r["size"], "") if shifted else (r["welfare"], r["desription"])
            out.append(make(r["position"], description, welfare, "", it_postings_pay_text(r), r["city"]))
    with open(d / "lagou_2019_it_jobs.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            shifted = it_postings_pay_text(r) != (r["wage"] or "").strip()
            welfare, skills = (r["size"], "") if shifted else (r["welfare"], r["requirement"])
            out.append(make(r["position"], "", welfare, skills, it_postings_pay_text(r), r["city"]))
    with open(d / "lagou_data_analyst_positions_with_coords.csv", encoding="utf-8-sig") as fh:
        for r in csv.DictReader(fh):
            out.append(make(r["positionName"], "", r["positionAdvantage"], "", r["salary"], r["city"]))
    return out


def en_postings(datasets: Path) -> list[PostingText]:
    csv.field_size_limit(10**8)
    with open(datasets / "emscad" / "emscad_train.csv", encoding="utf-8") as fh:
        return [
            PostingText(
                title=r["title"],
                description=r["description"],
                requirements=r["requirements"],
                welfare=r["benefits"],
                pay_text=r["salary_range"],
                address=r["location"],
                employer_name=r["company_profile"],
            )
            for r in csv.DictReader(fh)
        ]


def rate(postings: list[PostingText], table, wording=None) -> tuple[float, float, int]:
    """(postings per CPU second of this process, per wall-clock second, postings with any flag)."""
    flagged = 0
    c0, t0 = time.process_time(), time.perf_counter()
    for p in postings:
        if screen_posting(p, pay_table=table, wording=wording).flags:
            flagged += 1
    return len(postings) / (time.process_time() - c0), len(postings) / (time.perf_counter() - t0), flagged


def rate_model(
    postings: list[PostingText], table, model, batch: int = 1000, wording=None
) -> tuple[float, float]:
    c0, t0 = time.process_time(), time.perf_counter()
    for i in range(0, len(postings), batch):
        screen_postings(postings[i : i + batch], model=model, pay_table=table, wording=wording)
    return len(postings) / (time.process_time() - c0), len(postings) / (time.perf_counter() - t0)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="2,000 Chinese and 200 English postings")
    ap.add_argument("--datasets", type=Path, default=DEFAULT_DATASETS)
    args = ap.parse_args()

    zh = zh_postings(args.datasets)
    en = en_postings(args.datasets)
    table = table_from_postings(postings_pay_rows(args.datasets / "job-postings-zh"))
    if args.quick:
        zh, en = zh[:2000], en[:200]
    screen_posting(zh[0])  # compile the patterns outside the timing

    zh_rate, zh_wall, zh_flagged = rate(zh, table)
    print(
        f"Chinese postings: n={len(zh)} rules only {zh_rate:,.0f}/s per CPU second ({zh_wall:,.0f}/s wall clock "
        f"on a shared machine); postings with any flag: {zh_flagged}"
    )
    en_rate, en_wall, en_flagged = rate(en, None)
    print(
        f"EMSCAD English postings: n={len(en)} rules only {en_rate:,.0f}/s per CPU second ({en_wall:,.0f}/s "
        f"wall); postings with any flag: {en_flagged}"
    )
    from jiuye.supervision.screening import wording as wording_module

    t0 = time.perf_counter()
    wording = wording_module.load_or_train()
    print(f"wording model loaded or trained in {time.perf_counter() - t0:.1f} s")
    w_rate, w_wall, w_flagged = rate(zh, table, wording)
    print(
        f"Chinese postings with the wording model: {w_rate:,.0f}/s per CPU second ({w_wall:,.0f}/s wall); "
        f"postings with any flag: {w_flagged} (rules only: {zh_flagged})"
    )

    model_rate = en_model_rate = None
    try:
        from jiuye.supervision.screening.fraud import read_emscad, train_fraud_model
    except ImportError as exc:
        print(f"fraud classifier missing ({exc}): rules only")
    else:
        t0 = time.perf_counter()
        model = train_fraud_model(read_emscad(args.datasets / "emscad" / "emscad_train.csv"))
        print(f"fraud model trained in memory on EMSCAD in {time.perf_counter() - t0:.1f} s")
        model_rate, model_wall = rate_model(zh, table, model, wording=wording)
        en_model_rate, en_model_wall = rate_model(en, None, model, wording=wording)
        print(
            f"with the wording and fraud models (batches of 1,000), per CPU second: Chinese {model_rate:,.0f}/s "
            f"({model_wall:,.0f}/s wall), English {en_model_rate:,.0f}/s ({en_model_wall:,.0f}/s wall)"
        )

    headline = model_rate if model_rate is not None else w_rate
    extra = (
        f" with_model_per_s={model_rate:.0f} en_with_model_per_s={en_model_rate:.0f}" if model_rate else ""
    )
    print(
        f"BENCH screening_speed postings_per_s={headline:.0f} rules_only_per_s={zh_rate:.0f} "
        f"en_rules_only_per_s={en_rate:.0f} with_wording_per_s={w_rate:.0f}{extra} n={len(zh)} n_en={len(en)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
