"""A synthetic extract with realistic rates, for the benchmark and the engine-agreement tests (pure, seeded).

Persons move monthly between four states — employed, registered unemployed, unregistered jobless, out of the
labour force — by a Markov chain whose rates give about 68 % employed, 3–4 % registered unemployed and a
registered unemployment rate near 4 %. Persons are generated in chunks (numpy) and written to Parquet chunk by
chunk, so memory stays bounded whatever the size. Postings are proportionate to persons (about one new posting
per 50 persons a month, 1–3 months live, ~40 % filled); applicants are the registered unemployed plus some
other job seekers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .extract import (
    APPLICANTS_MONTH,
    DIVISION_ANCESTORS,
    KEY_GROUPS,
    PERSON_MONTH,
    POSTINGS_MONTH,
    PostingFacts,
    division_ancestor_rows,
    month_start,
    posting_month_rows,
)

KEY_GROUP_CODES = [
    ("graduate", False),
    ("unemployed_youth", False),
    ("veteran", False),
    ("rural_migrant", False),
    ("returning_migrant", False),
    ("older_worker", True),
    ("disabled", True),
    ("long_term_unemployed", True),
    ("dibao_member", True),
    ("low_income_member", True),
    ("zero_employment_household", True),
    ("land_lost_farmer", True),
    ("ex_offender", True),
]
DIFFICULTY_MASK = sum(1 << i for i, (_, difficulty) in enumerate(KEY_GROUP_CODES) if difficulty)

# States: 0 out of the labour force, 1 employed, 2 registered unemployed, 3 jobless but not registered.
_INITIAL = np.array([0.25, 0.68, 0.03, 0.04])
_TRANSITION = np.array(
    [
        [0.970, 0.020, 0.005, 0.005],
        [0.004, 0.986, 0.006, 0.004],
        [0.010, 0.140, 0.830, 0.020],
        [0.030, 0.100, 0.050, 0.820],
    ]
)


@dataclass
class Generated:
    person_months: int
    postings_months: int
    applicants_months: int
    persons: int
    months: int


def divisions(prefectures: int = 3, counties: int = 4, townships: int = 10) -> list[str]:
    """Paths of a province's townships: 43/4301/430101/430101001 …"""
    paths = []
    for p in range(1, prefectures + 1):
        pref = f"43{p:02d}"
        for c in range(1, counties + 1):
            county = f"{pref}{c:02d}"
            for t in range(1, townships + 1):
                paths.append(f"43/{pref}/{county}/{county}{t:03d}")
    return paths


def _hashes(rng: np.random.Generator, n: int, prefix: str) -> np.ndarray:
    hi = rng.integers(0, 2**32, size=n, dtype=np.uint64)
    lo = rng.integers(0, 2**48, size=n, dtype=np.uint64)
    return np.char.add(np.char.add(prefix, np.char.mod("%08x", hi)), np.char.mod("%012x", lo))


def _step(rng: np.random.Generator, state: np.ndarray) -> np.ndarray:
    cumulative = np.cumsum(_TRANSITION, axis=1)[state]
    draw = rng.random(len(state))[:, None]
    return (draw > cumulative).sum(axis=1).clip(0, 3)


def generate(
    directory: str | Path,
    *,
    person_months: int = 10_000_000,
    months: int = 20,
    first_month: dt.date = dt.date(2025, 1, 1),
    seed: int = 20261128,
    chunk_persons: int = 50_000,
) -> Generated:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    persons = person_months // months
    first_idx = first_month.year * 12 + first_month.month - 1
    month_idx = np.arange(first_idx, first_idx + months, dtype=np.int32)
    month_dates = np.array([month_start(int(i)) for i in month_idx], dtype="datetime64[D]")

    paths = divisions()
    leaves = np.array([p.rsplit("/", 1)[-1] for p in paths])
    weights = rng.dirichlet(np.full(len(leaves), 2.0))

    pq.write_table(
        pa.Table.from_pylist(
            [
                {"bit": 1 << i, "code": code, "difficulty": diff}
                for i, (code, diff) in enumerate(KEY_GROUP_CODES)
            ],
            schema=KEY_GROUPS,
        ),
        directory / "key_groups.parquet",
    )
    pq.write_table(
        pa.Table.from_pylist(
            [{"leaf_code": a, "code": b, "level": c} for a, b, c in division_ancestor_rows(paths)],
            schema=DIVISION_ANCESTORS,
        ),
        directory / "division_ancestors.parquet",
    )

    pm_writer = pq.ParquetWriter(directory / "person_month.parquet", PERSON_MONTH)
    ap_writer = pq.ParquetWriter(directory / "applicants_month.parquet", APPLICANTS_MONTH)
    n_pm = n_ap = 0
    done = 0
    while done < persons:
        n = min(chunk_persons, persons - done)
        done += n
        hashes = _hashes(rng, n, "")
        division = leaves[rng.choice(len(leaves), size=n, p=weights)]
        # Key groups: 12 % of persons in one, 3 % in two.
        mask = np.zeros(n, dtype=np.int64)
        first = rng.random(n) < 0.15
        mask[first] |= np.left_shift(1, rng.integers(0, len(KEY_GROUP_CODES), first.sum())).astype(np.int64)
        second = first & (rng.random(n) < 0.2)
        mask[second] |= np.left_shift(1, rng.integers(0, len(KEY_GROUP_CODES), second.sum())).astype(np.int64)
        difficulty = (mask & DIFFICULTY_MASK) != 0
        insured_when_employed = rng.random(n) < 0.78
        graduates = rng.random(n) < 0.03
        grad_month = np.where(
            graduates, first_idx - 12 + rng.integers(0, months + 12, n), np.iinfo(np.int32).max
        ).astype(np.int64)
        seeking = np.where(rng.random(n) < 0.8, rng.integers(1, 7, n).astype(str), None)

        prev_state = rng.choice(4, size=n, p=_INITIAL)
        prev_registered = (prev_state == 2) | ((prev_state == 1) & (rng.random(n) < 0.002))
        states, registered, started = [], [], []
        employed_prev, registered_prev = [], []
        for _ in range(months):
            state = _step(rng, prev_state)
            employed = state == 1
            reg = (state == 2) | (employed & (rng.random(n) < 0.002))
            job_started = (
                (employed & (prev_state != 1))
                | (employed & (prev_state == 1) & (rng.random(n) < 0.008))
                | (~employed & (rng.random(n) < 0.003))
            )
            states.append(state)
            registered.append(reg)
            started.append(job_started)
            employed_prev.append(prev_state == 1)
            registered_prev.append(prev_registered)
            prev_state, prev_registered = state, reg
        # Person-major order: rows of one person are consecutive, months ascending.
        state = np.stack(states, axis=1).ravel()
        employed = state == 1
        rows = n * months
        month_col = np.tile(month_idx, n)
        since = month_col.astype(np.int64) - np.repeat(grad_month, months)
        insured = (employed & np.repeat(insured_when_employed, months)) | (
            ~employed & (rng.random(rows) < 0.03)
        )
        registered_flat = np.stack(registered, axis=1).ravel()
        table = pa.table(
            {
                "person_hash": np.repeat(hashes, months),
                "division_code": np.repeat(division, months),
                "month": np.tile(month_dates, n),
                "month_idx": month_col,
                "employed": employed,
                "employed_prev": np.stack(employed_prev, axis=1).ravel(),
                "job_started": np.stack(started, axis=1).ravel(),
                "registered_unemployed": registered_flat,
                "registered_unemployed_prev": np.stack(registered_prev, axis=1).ravel(),
                "difficulty": np.repeat(difficulty, months),
                "key_group_mask": np.repeat(mask, months),
                "insured": insured,
                "months_since_graduation": pa.array(
                    np.where(since >= 0, since, 0).astype(np.int16), mask=since < 0
                ),
            },
            schema=PERSON_MONTH,
        )
        pm_writer.write_table(table)
        n_pm += rows
        # Applicants: the registered unemployed, plus 1 % of the other jobless and 0.5 % of the employed.
        other_seeker = (~employed & ~registered_flat & (state != 0) & (rng.random(rows) < 0.2)) | (
            employed & (rng.random(rows) < 0.005)
        )
        seeker = registered_flat | other_seeker
        person_row = np.repeat(np.arange(n), months)[seeker]
        applicants = pa.table(
            {
                "person_hash": hashes[person_row],
                "division_code": division[person_row],
                "month": np.tile(month_dates, n)[seeker],
                "month_idx": month_col[seeker],
                "occupation_major": pa.array(seeking[person_row], type=pa.string()),
            },
            schema=APPLICANTS_MONTH,
        )
        ap_writer.write_table(applicants)
        n_ap += len(applicants)
        del table, applicants
    pm_writer.close()
    ap_writer.close()

    n_po = _postings(directory, rng, persons, month_idx, leaves, weights)
    return Generated(n_pm, n_po, n_ap, persons, months)


def _postings(
    directory: Path,
    rng: np.random.Generator,
    persons: int,
    month_idx: np.ndarray,
    leaves: np.ndarray,
    weights: np.ndarray,
) -> int:
    months = [int(i) for i in month_idx]
    per_month = max(1, persons // 50)
    writer = pq.ParquetWriter(directory / "postings_month.parquet", POSTINGS_MONTH)
    total = 0
    serial = 0
    for idx in months:
        start = month_start(idx)
        days_in_month = (month_start(idx + 1) - start).days
        n = per_month
        published = rng.integers(0, days_in_month, n)
        duration = rng.integers(30, 91, n)
        fill_days = rng.geometric(1 / 25, n)
        filled = (rng.random(n) < 0.4) & (fill_days < duration)
        majors = rng.integers(1, 7, n)
        coded = rng.random(n) < 0.9
        headcount = np.minimum(1 + rng.geometric(0.4, n) - 1, 20)
        pay_min = (np.exp(rng.normal(np.log(5000), 0.35, n)) / 100).round() * 100
        spread = rng.uniform(1.1, 1.8, n)
        pay_kind = rng.random(n)  # < 0.10 no pay stated, < 0.15 only the lower bound
        division = leaves[rng.choice(len(leaves), size=n, p=weights)]
        rows = []
        for i in range(n):
            serial += 1
            pub = start + dt.timedelta(days=int(published[i]))
            lo = None if pay_kind[i] < 0.10 else int(pay_min[i])
            hi = None if pay_kind[i] < 0.15 else int((pay_min[i] * spread[i] / 100).round() * 100)
            code = f"{majors[i]}-0{majors[i]}-00-00" if coded[i] else None
            facts = PostingFacts(
                posting_hash=f"j{serial:019d}",
                employer_hash=f"e{serial % 9973:019d}",
                division_code=str(division[i]),
                occupation_code=code,
                headcount=int(headcount[i]),
                pay_min=lo,
                pay_max=hi,
                published_date=pub,
                valid_until=pub + dt.timedelta(days=int(duration[i])),
                filled_date=pub + dt.timedelta(days=int(fill_days[i])) if filled[i] else None,
            )
            rows.extend(posting_month_rows(facts, months))
        writer.write_table(pa.Table.from_pylist(rows, schema=POSTINGS_MONTH))
        total += len(rows)
    writer.close()
    return total
