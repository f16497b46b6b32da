"""Two-way recommendation engine: jobs for a seeker (`JobIndex`), candidates for a posting (`SeekerIndex`).

Pure: numpy only, no Django. Both indexes hold their rows as numpy columns, sorted by latitude. A query scores
every row that can qualify in a few vectorised passes, takes a shortlist with `argpartition`, orders it by
`(-score, id)` and attaches reasons (the shortlist grows if too many of its rows have nothing to say).

How a query stays fast (ADR 0010): categorical parts are per-query lookup tables gathered by a per-row code —
occupation (one score per distinct code or code tuple), skills (one per distinct skill set, from an inverted list
of skill → sets), and education + experience + hard education constraint + unknown-pay flag (+ commuting-limit
flag for seekers) as one small table; pay is five array operations; distance is computed only for the latitude
band of rows that can lie within DISTANCE_CUTOFF_KM (a slice of the sorted rows), and a seeker with a commuting
limit is scored only on that band and on the rows without coordinates.

Score (0..1) = the pair score (the same function of a (seeker, posting) pair in both directions, weights 0.90 in
total) + a side score (0.10):

| feature        | weight | how                                                                                  |
|----------------|--------|--------------------------------------------------------------------------------------|
| occupation     | 0.35   | 大典 tree: 1.0 when the posting's code lies inside the seeker's code (same code, or a  |
|                |        | finer code under a coarser wish); otherwise by the deepest shared level: 细类 1.0,     |
|                |        | 小类 0.75, 中类 0.45, 大类 0.15. The seeker's first code is the wish (×1.0); later    |
|                |        | codes (past or trained occupations, at most 3 in all) count ×0.7. Best code wins.    |
| skills         | 0.20   | shared canonical skills / sqrt(seeker skills × posting skills) (cosine of sets)      |
| distance       | 0.15   | exp(-km / 15), equirectangular km, 0 beyond 100 km; 0.5 when either side has no      |
|                |        | coordinates                                                                          |
| pay            | 0.10   | 1.0 posting minimum ≥ expectation, 0.85 expectation inside the range, then falling  |
|                |        | linearly to 0 at a maximum 50% below the expectation; 0.5 when either is unknown     |
| education      | 0.05   | 1.0 met; 0.4 one level short (the posting may accept it)                             |
| experience     | 0.05   | 1.0 met, minus 1/3 per missing year (years above 20 count as 20)                     |
| recency        | 0.05 (jobs) / 0.10 (candidates) | 1 / (1 + days / 14): days since posted; for candidates days  |
|                |        | since the seeker was last active (0.3 when unknown)                                  |
| responsiveness | 0.05 (jobs only) | the employer's share of applications answered in time (0.5 unknown)         |

Hard constraints (a row failing one is never recommended, in either direction):
- the distance is beyond the seeker's own `max_distance_km` (rows without coordinates are kept; a limit of
  100 km or more counts as no limit);
- the seeker's education is two or more levels below the posting's requirement (levels of
  taxonomy.EducationLevel with 普通高中 and 中等职业教育 counted as one level).
Everything else is a soft score. A result must also carry at least one reason; rows with none are skipped.

Never used: sex, age, ethnicity, hukou, marital status — the records do not carry them (`types.PROTECTED`).

Reasons (stable codes, params for the words): `same_occupation_unit` {code} (same 细类), `same_occupation` {code}
(inside the seeker's coarser wish), `same_occupation_minor` {code}, `same_occupation_middle` {code} — each with
`desired` (True when through the seeker's first code); `within_km` {km} (≤ 30 km, rounded up to 1/2/3/5/10/20/30);
`pay_in_range` {pay_min, pay_max} (the posting's maximum reaches the expectation); `education_met` {rank};
`experience_met` {years}; `skills_shared` {skills: up to 5, sorted}; `recent` {days} (≤ 14 days; for candidates:
active ≤ 14 days ago); `responsive_employer` {share} (≥ 0.7).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from .types import JobFeatures, Reason, Recommendation, SeekerFeatures

FEATURES: tuple[str, ...] = (
    "occupation",
    "skills",
    "distance",
    "pay",
    "education",
    "experience",
    "recency",
    "responsiveness",
)
WEIGHTS = {
    "occupation": 0.35,
    "skills": 0.20,
    "distance": 0.15,
    "pay": 0.10,
    "education": 0.05,
    "experience": 0.05,
}
JOB_SIDE_WEIGHTS = {"recency": 0.05, "responsiveness": 0.05}
SEEKER_SIDE_WEIGHTS = {"recency": 0.10}

OCC_BY_SHARED_DEPTH = np.array([0.0, 0.15, 0.45, 0.75, 1.0], dtype=np.float32)
LATER_CODE_FACTOR = 0.7
MAX_SEEKER_CODES = 3
DISTANCE_SCALE_KM = 15.0
UNKNOWN_DISTANCE = 0.5
UNKNOWN_PAY = 0.5
UNKNOWN_RESPONSIVENESS = 0.5
UNKNOWN_ACTIVITY = 0.3
RECENCY_DAYS = 14.0
# education rank (taxonomy.EducationLevel.rank 0..8) -> level; senior (3) and vocational (4) are one level.
EDU_LEVEL = np.array([0, 1, 2, 3, 3, 4, 5, 6, 7], dtype=np.int8)
EDU_ONE_SHORT = 0.4
KM_STEPS = (1, 2, 3, 5, 10, 20, 30)
RECENT_DAYS = 14
RESPONSIVE_SHARE = 0.7
SHORTLIST_FACTOR = 4
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320
DISTANCE_CUTOFF_KM = 100.0  # distance score 0 beyond; commuting limits at or beyond it count as no limit
EXP_CAP = 20  # experience years above this count as this many, on both sides
N_RANKS = 9


# ---------------------------------------------------------------------------------------------------------------
# Shared pieces


def code_levels(code: str) -> tuple[str, ...]:
    """'2-02-10-03' -> ('2', '2-02', '2-02-10', '2-02-10-03'); '' -> ()."""
    parts = [p for p in (code or "").strip().split("-") if p]
    return tuple("-".join(parts[: i + 1]) for i in range(min(4, len(parts))))


class _Codes:
    """A table of distinct occupation codes with an integer id per tree level (prefix)."""

    def __init__(self, codes: Sequence[str]):
        self.codes = list(codes)
        self.prefix_ids: dict[str, int] = {}
        self.levels = np.full((len(self.codes) + 1, 4), -1, dtype=np.int32)  # last row: "no code" padding
        self.depth = np.zeros(len(self.codes) + 1, dtype=np.int8)
        for i, code in enumerate(self.codes):
            levels = code_levels(code)
            self.depth[i] = len(levels)
            for j, prefix in enumerate(levels):
                self.levels[i, j] = self.prefix_ids.setdefault(prefix, len(self.prefix_ids))

    def query(self, code: str) -> tuple[np.ndarray, int]:
        """The query code's level ids (-2 for a prefix the table has never seen: matches nothing) and depth."""
        levels = code_levels(code)
        ids = np.full(4, -2, dtype=np.int32)
        for j, prefix in enumerate(levels):
            ids[j] = self.prefix_ids.get(prefix, -2)
        return ids, len(levels)

    def shared_depth(self, q_ids: np.ndarray, q_depth: int) -> np.ndarray:
        """Per table code: how many leading levels it shares with the query code."""
        shared = np.zeros(len(self.depth), dtype=np.int8)
        for j in range(q_depth):
            shared += self.levels[:, j] == q_ids[j]
        return shared


def _encode_codes(values: Sequence[str]) -> tuple[_Codes, np.ndarray]:
    arr = np.asarray(values, dtype=object)
    if len(arr) == 0:
        return _Codes([]), np.zeros(0, dtype=np.int32)
    uniq, inverse = np.unique(arr.astype(str), return_inverse=True)
    return _Codes([str(u) for u in uniq]), inverse.astype(np.int32)


class _Skills:
    """Skill sets as patterns: rows share a pattern id; an inverted list per skill over patterns."""

    def __init__(self, sets: Sequence[Iterable[str]]):
        pattern_of: dict[frozenset, int] = {}
        row_pattern = np.empty(len(sets), dtype=np.int32)
        for i, s in enumerate(sets):
            key = s if isinstance(s, frozenset) else frozenset(s)
            row_pattern[i] = pattern_of.setdefault(key, len(pattern_of))
        self.row_pattern = row_pattern
        self.patterns: list[frozenset] = list(pattern_of)
        self.names: dict[str, int] = {}
        lists: dict[int, list[int]] = {}
        sizes = np.zeros(len(self.patterns), dtype=np.float32)
        for p, pattern in enumerate(self.patterns):
            sizes[p] = len(pattern)
            for name in pattern:
                lists.setdefault(self.names.setdefault(name, len(self.names)), []).append(p)
        self.pattern_size = sizes
        self.inverted = {sid: np.asarray(ps, dtype=np.int32) for sid, ps in lists.items()}

    def pattern_scores(self, skills: frozenset[str]) -> np.ndarray:
        """Cosine of skill sets between the query and each pattern."""
        sids = [self.names[s] for s in skills if s in self.names]
        if not sids or not skills:
            return np.zeros(len(self.patterns), dtype=np.float32)
        hits = np.bincount(np.concatenate([self.inverted[s] for s in sids]), minlength=len(self.patterns))
        return hits.astype(np.float32) / np.sqrt(np.maximum(self.pattern_size, 1) * len(skills))

    def of_row(self, row: int) -> frozenset[str]:
        return self.patterns[self.row_pattern[row]]


def _distance_km(lat, lon, lat0: float | None, lon0: float | None) -> np.ndarray:
    """Equirectangular distance in km (NaN when either side has no coordinates)."""
    if lat0 is None or lon0 is None or math.isnan(lat0) or math.isnan(lon0):
        return np.full(np.shape(lat), np.nan, dtype=np.float32)
    k = np.float32(KM_PER_DEG_LON * math.cos(math.radians(lat0)))
    dx = (lon - np.float32(lon0)) * k
    dy = (lat - np.float32(lat0)) * np.float32(KM_PER_DEG_LAT)
    return np.sqrt(dx * dx + dy * dy)


def _recency(days, unknown: float) -> np.ndarray:
    days = np.asarray(days, dtype=np.float32)
    return np.where(
        np.isnan(days), np.float32(unknown), 1 / (1 + np.maximum(days, 0) / np.float32(RECENCY_DAYS))
    )


def _numbers(name: str, values, dtype) -> np.ndarray:
    """A whole column as numbers, or ValueError naming the column (e.g. a None pay or a text rank)."""
    try:
        out = np.asarray(values, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: every value must be a number ({exc})") from None
    if out.ndim != 1:
        raise ValueError(f"{name}: expected one value per row")
    if out.dtype.kind == "f" and np.isnan(out).any():
        raise ValueError(f"{name}: missing values (use 0 for an unknown pay)")
    return out


def _float_column(values, n: int) -> np.ndarray:
    if values is None:
        return np.full(n, np.nan, dtype=np.float32)
    return np.array(
        [np.nan if v is None else v for v in values] if isinstance(values, list) else values, dtype=np.float32
    )


def _day_column(values, n: int) -> np.ndarray:
    """Dates or day ordinals -> float32 ordinals (NaN unknown)."""
    if values is None:
        return np.full(n, np.nan, dtype=np.float64)
    if isinstance(values, np.ndarray) and values.dtype.kind in "iuf":
        out = values.astype(np.float64)
        out[out <= 0] = np.nan
        return out
    return np.array(
        [np.nan if v is None else (v.toordinal() if isinstance(v, date) else v) for v in values],
        dtype=np.float64,
    )


def _km_step(km: float) -> int | None:
    for step in KM_STEPS:
        if km <= step:
            return step
    return None


def _top_rows(score: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Row indexes of the k best scores (ineligible rows are -inf), ordered by (-score, id).

    Ties at the cut are resolved by id too: every row scoring the k-th best score takes part in the order."""
    k = min(k, len(score))
    if k <= 0:
        return np.zeros(0, dtype=np.int64)
    if k < len(score):
        part = np.argpartition(-score, k - 1)[:k]
        kth = score[part].min()
        rows = np.flatnonzero(score >= kth) if kth > -np.inf else part
        if len(rows) > 50 * k:  # a huge tie: keep the partition's choice rather than sort it all
            rows = part
    else:
        rows = np.arange(len(score))
    rows = rows[score[rows] > -np.inf]
    return rows[np.lexsort((ids[rows], -score[rows]))][:k]


def _collect(scores: np.ndarray, ids: np.ndarray, top: int, reasons_of) -> list[Recommendation]:
    """The `top` best rows that have at least one reason, in (-score, id) order. The shortlist starts at
    SHORTLIST_FACTOR × top and grows only when too many of its rows have nothing to say."""
    out: list[Recommendation] = []
    eligible = None
    k, done = top * SHORTLIST_FACTOR, 0
    while True:
        shortlist = _top_rows(scores, ids, k)
        for pos in shortlist[done:]:
            reasons = reasons_of(pos)
            if reasons:
                out.append(Recommendation(int(ids[pos]), round(float(scores[pos]), 4), tuple(reasons)))
                if len(out) == top:
                    return out
        done = len(shortlist)
        if eligible is None:
            eligible = int(np.count_nonzero(scores > -np.inf))
        if done >= eligible or len(shortlist) < k:
            return out
        k *= 4


def _occupation_reason(
    shared: int, full: bool, seeker_code: str, job_code: str, desired: bool
) -> Reason | None:
    if shared >= 4:
        return Reason("same_occupation_unit", {"code": job_code, "desired": desired})
    if full:
        return Reason("same_occupation", {"code": seeker_code, "desired": desired})
    if shared == 3:
        return Reason("same_occupation_minor", {"code": code_levels(job_code)[2], "desired": desired})
    if shared == 2:
        return Reason("same_occupation_middle", {"code": code_levels(job_code)[1], "desired": desired})
    return None


def _best_code(seeker_codes: Sequence[str], job_code: str) -> tuple[float, int, bool, str, bool]:
    """Scalar version of the occupation score for one pair: (score, shared depth, full, seeker code, desired)."""
    best = (0.0, 0, False, "", False)
    job = code_levels(job_code)
    for i, code in enumerate(seeker_codes[:MAX_SEEKER_CODES]):
        mine = code_levels(code)
        shared = 0
        while shared < min(len(mine), len(job)) and mine[shared] == job[shared]:
            shared += 1
        full = bool(mine) and shared == len(mine)
        score = (1.0 if full else float(OCC_BY_SHARED_DEPTH[shared])) * (1.0 if i == 0 else LATER_CODE_FACTOR)
        if score > best[0] + 1e-9:
            best = (score, shared, full, code, i == 0)
    return best


def _pair_reasons(
    *,
    seeker_codes: Sequence[str],
    job_code: str,
    km: float,
    expected: int,
    pay_min: int,
    pay_max: int,
    required_rank: int,
    have_rank: int,
    required_years: int,
    have_years: int,
    seeker_skills: frozenset[str],
    job_skills: frozenset[str],
) -> list[Reason]:
    reasons = []
    _, shared, full, seeker_code, desired = _best_code(seeker_codes, job_code)
    if reason := _occupation_reason(shared, full, seeker_code, job_code, desired):
        reasons.append(reason)
    common = sorted(seeker_skills & job_skills)
    if common:
        reasons.append(Reason("skills_shared", {"skills": common[:5]}))
    if not math.isnan(km) and (step := _km_step(km)) is not None:
        reasons.append(Reason("within_km", {"km": step}))
    if expected > 0 and pay_max > 0 and pay_max >= expected:
        reasons.append(Reason("pay_in_range", {"pay_min": int(pay_min), "pay_max": int(pay_max)}))
    if required_rank > 0 and EDU_LEVEL[min(have_rank, 8)] >= EDU_LEVEL[min(required_rank, 8)]:
        reasons.append(Reason("education_met", {"rank": int(required_rank)}))
    if required_years > 0 and have_years >= required_years:
        reasons.append(Reason("experience_met", {"years": int(required_years)}))
    return reasons


def _edu_exp_table(req_rank, have_rank, req_years, have_years) -> np.ndarray:
    """Weighted education + experience score for every combination (broadcast), -inf where education is two or
    more levels short (the hard constraint)."""
    gap = EDU_LEVEL[req_rank].astype(np.int16) - EDU_LEVEL[have_rank]
    edu = np.where(gap <= 0, 1.0, EDU_ONE_SHORT)
    exp = np.clip(1 - (np.asarray(req_years, dtype=np.float64) - have_years) / 3, 0, 1)
    score = WEIGHTS["education"] * edu + WEIGHTS["experience"] * exp
    return np.where(gap >= 2, -np.inf, score)


_RANKS = np.arange(N_RANKS)
_YEARS = np.arange(EXP_CAP + 1)


def _rank_years_code(rank, years) -> np.ndarray:
    rank = np.clip(np.asarray(rank, dtype=np.int64), 0, N_RANKS - 1)
    years = np.clip(np.asarray(years, dtype=np.int64), 0, EXP_CAP)
    return rank * (EXP_CAP + 1) + years


def _band(lat_sorted: np.ndarray, finite: int, lat0: float) -> tuple[int, int]:
    """Rows [a, b) of the latitude-sorted finite rows that can lie within DISTANCE_CUTOFF_KM of lat0."""
    dlat = DISTANCE_CUTOFF_KM / KM_PER_DEG_LAT
    head = lat_sorted[:finite]
    return int(np.searchsorted(head, lat0 - dlat, "left")), int(np.searchsorted(head, lat0 + dlat, "right"))


def _add_distance(score, lat, lon, lat0: float, lon0: float, limit) -> np.ndarray:
    """Adds the weighted distance score to `score` (rows of the band) in place; -inf beyond the commuting limit
    (`limit`: a number, an array, or None). Returns the km."""
    k = np.float32(KM_PER_DEG_LON * math.cos(math.radians(lat0)))
    dx = lon - np.float32(lon0)
    dx *= k
    dy = lat - np.float32(lat0)
    dy *= np.float32(KM_PER_DEG_LAT)
    dx *= dx
    dy *= dy
    dx += dy
    km = np.sqrt(dx, out=dx)
    part = km * np.float32(-1 / DISTANCE_SCALE_KM)
    np.exp(part, out=part)
    np.putmask(part, km > np.float32(DISTANCE_CUTOFF_KM), 0)
    part *= np.float32(WEIGHTS["distance"])
    score += part
    if limit is not None:
        np.putmask(score, km > limit, -np.inf)
    return km


def _sort_by_lat(lat: np.ndarray) -> np.ndarray:
    return np.argsort(lat, kind="stable")  # NaN last


def _query_point(lat, lon) -> tuple[float, float] | None:
    if lat is None or lon is None or math.isnan(lat) or math.isnan(lon):
        return None
    return float(lat), float(lon)


# ---------------------------------------------------------------------------------------------------------------
# Jobs for a seeker


class JobIndex:
    """Live postings as numpy columns; `.recommend(seeker)` returns the best postings for one seeker.

    Rows are kept sorted by latitude (postings without coordinates last) so that the distance is computed only
    for the band of rows that can be within DISTANCE_CUTOFF_KM; `ids` follows the same order."""

    def __init__(self, jobs: Iterable[JobFeatures]):
        jobs = list(jobs)
        self._init(
            ids=[j.id for j in jobs],
            occupation_codes=[j.occupation_code for j in jobs],
            lat=[j.lat for j in jobs],
            lon=[j.lon for j in jobs],
            pay_min=[j.pay_min for j in jobs],
            pay_max=[j.pay_max for j in jobs],
            education_rank=[j.education_rank for j in jobs],
            experience_years=[j.experience_years for j in jobs],
            skills=[j.skills for j in jobs],
            posted_on=[j.posted_on for j in jobs],
            responsiveness=[j.responsiveness for j in jobs],
        )

    @classmethod
    def from_columns(
        cls,
        *,
        ids,
        occupation_codes: Sequence[str],
        lat,
        lon,
        pay_min,
        pay_max,
        education_rank,
        experience_years,
        skills: Sequence[Iterable[str]],
        posted_on,
        responsiveness=None,
    ) -> JobIndex:
        """Build from columns (arrays or lists of equal length). `posted_on`: dates or day ordinals
        (`date.toordinal()`); `lat`/`lon`/`responsiveness`: NaN or None when unknown."""
        self = cls.__new__(cls)
        self._init(
            ids=ids,
            occupation_codes=occupation_codes,
            lat=lat,
            lon=lon,
            pay_min=pay_min,
            pay_max=pay_max,
            education_rank=education_rank,
            experience_years=experience_years,
            skills=skills,
            posted_on=posted_on,
            responsiveness=responsiveness,
        )
        return self

    def _init(
        self,
        *,
        ids,
        occupation_codes,
        lat,
        lon,
        pay_min,
        pay_max,
        education_rank,
        experience_years,
        skills,
        posted_on,
        responsiveness,
    ) -> None:
        ids = _numbers("ids", ids, np.int64)
        n = len(ids)
        codes, code_row = _encode_codes(occupation_codes)
        lat, lon = _float_column(lat, n), _float_column(lon, n)
        pay_min = _numbers("pay_min", pay_min, np.float32)
        pay_max = _numbers("pay_max", pay_max, np.float32)
        rank = _numbers("education_rank", education_rank, np.int64)
        years = _numbers("experience_years", experience_years, np.int64)
        skill_sets = _Skills(skills)
        posted = _day_column(posted_on, n)
        resp = _float_column(responsiveness, n)
        columns = (code_row, lat, lon, pay_min, pay_max, rank, years, skill_sets.row_pattern, posted, resp)
        lengths = {len(a) for a in columns}
        if lengths - {n}:
            raise ValueError(f"columns have different lengths: ids {n}, others {sorted(lengths)}")
        lon[np.isnan(lat)] = np.nan
        lat[np.isnan(lon)] = np.nan
        order = _sort_by_lat(lat)
        self.order = order  # row -> position in the input
        self.ids = ids[order]
        self.codes, self.code_row = codes, code_row[order]
        self.lat, self.lon = lat[order], lon[order]
        self.finite = int(np.count_nonzero(~np.isnan(self.lat)))
        unknown_pay = (pay_max <= 0)[order]
        self.pay_min = pay_min[order]
        self.pay_max = pay_max[order]
        self._pay_min_f = np.where(unknown_pay, -np.inf, self.pay_min).astype(np.float32)
        self._pay_max_f = np.where(unknown_pay, 0, self.pay_max).astype(np.float32)
        self.education_rank = np.clip(rank, 0, N_RANKS - 1).astype(np.int8)[order]
        self.experience_years = np.clip(years, 0, None).astype(np.int16)[order]
        self._cat = (_rank_years_code(rank, years)[order] * 2 + unknown_pay).astype(np.int16)
        skill_sets.row_pattern = skill_sets.row_pattern[order]
        self.skills = skill_sets
        self.posted = posted[order]
        self.responsiveness = resp[order]
        # The side score does not depend on the seeker: cached per `today`.
        self._side_today: int | None = None
        self._side: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def _side_score(self, today: date) -> np.ndarray:
        if self._side_today != today.toordinal():
            days = today.toordinal() - self.posted
            resp = np.where(
                np.isnan(self.responsiveness), np.float32(UNKNOWN_RESPONSIVENESS), self.responsiveness
            )
            self._side = (
                np.float32(JOB_SIDE_WEIGHTS["recency"]) * _recency(days, 0.0)
                + np.float32(JOB_SIDE_WEIGHTS["responsiveness"]) * resp
            ).astype(np.float32)
            self._side_today = today.toordinal()
        return self._side

    def _occupation_table(self, seeker_codes: Sequence[str]) -> np.ndarray:
        table = np.zeros(len(self.codes.depth), dtype=np.float32)
        for i, code in enumerate(seeker_codes[:MAX_SEEKER_CODES]):
            q, depth = self.codes.query(code)
            if depth == 0:
                continue
            shared = self.codes.shared_depth(q, depth)
            score = np.where(shared == depth, np.float32(1), OCC_BY_SHARED_DEPTH[shared])
            np.maximum(table, score * np.float32(1.0 if i == 0 else LATER_CODE_FACTOR), out=table)
        return table

    def _scores(self, seeker: SeekerFeatures, today: date) -> tuple[np.ndarray, np.ndarray | None]:
        """(scores, rows): scores of the rows that can qualify (rows None: all rows, in row order); -inf where a
        hard constraint excludes the posting."""
        n = len(self)
        point = _query_point(seeker.lat, seeker.lon)
        limit = seeker.max_distance_km
        if limit is not None and (limit >= DISTANCE_CUTOFF_KM or point is None):
            limit = None
        a, b = _band(self.lat, self.finite, point[0]) if point else (0, 0)
        ranges = [(a, b), (self.finite, n)] if limit is not None else [(0, n)]
        occ = self._occupation_table(seeker.occupation_codes) * np.float32(WEIGHTS["occupation"])
        skill = self.skills.pattern_scores(seeker.skills) * np.float32(WEIGHTS["skills"])
        w_pay = WEIGHTS["pay"]
        expected = seeker.pay_expected
        cat = _edu_exp_table(
            _RANKS[:, None],
            min(max(seeker.education_rank, 0), N_RANKS - 1),
            _YEARS[None, :],
            min(max(seeker.experience_years, 0), EXP_CAP),
        ).reshape(-1, 1) + np.array([0.5 * w_pay if expected <= 0 else 0.0, 0.5 * w_pay])
        cat = cat.astype(np.float32).ravel()
        side = self._side_score(today)
        parts, rows = [], []
        for lo, hi in ranges:
            s = np.take(occ, self.code_row[lo:hi])
            s += np.take(skill, self.skills.row_pattern[lo:hi])
            s += np.take(cat, self._cat[lo:hi])
            s += side[lo:hi]
            if expected > 0:
                pay = self._pay_max_f[lo:hi] * np.float32(2 * w_pay / expected)
                pay -= np.float32(w_pay)
                np.clip(pay, 0, np.float32(0.85 * w_pay), out=pay)
                np.putmask(pay, self._pay_min_f[lo:hi] >= expected, np.float32(w_pay))
                s += pay
            # distance: the band's rows exactly, rows without coordinates the neutral score, others 0 (> cutoff)
            if point is not None:
                x, y = max(a, lo), min(b, hi)
                if x < y:
                    _add_distance(s[x - lo : y - lo], self.lat[x:y], self.lon[x:y], *point, limit)
                x = max(self.finite, lo)
                if x < hi:
                    s[x - lo :] += np.float32(WEIGHTS["distance"] * UNKNOWN_DISTANCE)
            else:
                s += np.float32(WEIGHTS["distance"] * UNKNOWN_DISTANCE)
            parts.append(s)
            rows.append((lo, hi))
        if len(ranges) == 1:
            return parts[0], None
        return np.concatenate(parts), np.concatenate([np.arange(lo, hi) for lo, hi in rows])

    def score_all(self, seeker: SeekerFeatures, *, today: date) -> np.ndarray:
        """Score of every posting for `seeker`, in the order the postings were given (float32; -inf where a
        hard constraint excludes it). For analysis and tests; `recommend` does not need it."""
        scores, rows = self._scores(seeker, today)
        full = np.full(len(self), -np.inf, dtype=np.float32)
        full[slice(None) if rows is None else rows] = scores
        out = np.empty_like(full)
        out[self.order] = full
        return out

    def recommend(self, seeker: SeekerFeatures, *, top: int = 20, today: date) -> list[Recommendation]:
        if top <= 0 or len(self) == 0:
            return []
        scores, rows = self._scores(seeker, today)
        ids = self.ids if rows is None else self.ids[rows]

        def reasons(pos: int) -> list[Reason]:
            return self._reasons(seeker, int(pos if rows is None else rows[pos]), today)

        return _collect(scores, ids, top, reasons)

    def _reasons(self, seeker: SeekerFeatures, row: int, today: date) -> list[Reason]:
        km = float(_distance_km(self.lat[row : row + 1], self.lon[row : row + 1], seeker.lat, seeker.lon)[0])
        reasons = _pair_reasons(
            seeker_codes=seeker.occupation_codes,
            job_code=self.codes.codes[self.code_row[row]] if len(self.codes.codes) else "",
            km=km,
            expected=seeker.pay_expected,
            pay_min=int(self.pay_min[row]),
            pay_max=int(self.pay_max[row]),
            required_rank=int(self.education_rank[row]),
            have_rank=seeker.education_rank,
            required_years=int(self.experience_years[row]),
            have_years=seeker.experience_years,
            seeker_skills=seeker.skills,
            job_skills=self.skills.of_row(row),
        )
        posted = self.posted[row]
        if not math.isnan(posted) and (days := max(0, today.toordinal() - int(posted))) <= RECENT_DAYS:
            reasons.append(Reason("recent", {"days": days}))
        resp = float(self.responsiveness[row])
        if not math.isnan(resp) and resp >= RESPONSIVE_SHARE:
            reasons.append(Reason("responsive_employer", {"share": round(resp, 2)}))
        return reasons


# ---------------------------------------------------------------------------------------------------------------
# Candidates for a posting


class SeekerIndex:
    """Active seekers as numpy columns; `.recommend(job)` returns the best candidates for one posting.

    Rows are sorted by latitude like JobIndex's."""

    def __init__(self, seekers: Iterable[SeekerFeatures]):
        seekers = list(seekers)
        self._init(
            ids=[s.id for s in seekers],
            occupation_codes=[s.occupation_codes for s in seekers],
            lat=[s.lat for s in seekers],
            lon=[s.lon for s in seekers],
            pay_expected=[s.pay_expected for s in seekers],
            education_rank=[s.education_rank for s in seekers],
            experience_years=[s.experience_years for s in seekers],
            skills=[s.skills for s in seekers],
            max_distance_km=[s.max_distance_km for s in seekers],
            active_on=[s.active_on for s in seekers],
        )

    @classmethod
    def from_columns(
        cls,
        *,
        ids,
        occupation_codes: Sequence[Sequence[str]],
        lat,
        lon,
        pay_expected,
        education_rank,
        experience_years,
        skills: Sequence[Iterable[str]],
        max_distance_km=None,
        active_on=None,
    ) -> SeekerIndex:
        """Build from columns. `occupation_codes`: one tuple of codes per seeker (wish first; at most 3 used);
        `max_distance_km`: NaN/None for no limit; `active_on`: dates or day ordinals, None/0 unknown."""
        self = cls.__new__(cls)
        self._init(
            ids=ids,
            occupation_codes=occupation_codes,
            lat=lat,
            lon=lon,
            pay_expected=pay_expected,
            education_rank=education_rank,
            experience_years=experience_years,
            skills=skills,
            max_distance_km=max_distance_km,
            active_on=active_on,
        )
        return self

    def _init(
        self,
        *,
        ids,
        occupation_codes,
        lat,
        lon,
        pay_expected,
        education_rank,
        experience_years,
        skills,
        max_distance_km,
        active_on,
    ) -> None:
        ids = _numbers("ids", ids, np.int64)
        n = len(ids)
        if len(occupation_codes) != n:
            raise ValueError(
                f"columns have different lengths: ids {n}, occupation_codes {len(occupation_codes)}"
            )
        # Distinct tuples first (many seekers share one), then their codes.
        tuple_of: dict[tuple, int] = {}
        row_tuple = np.empty(n, dtype=np.int32)
        for i, codes in enumerate(occupation_codes):
            key = tuple(codes)[:MAX_SEEKER_CODES]
            row_tuple[i] = tuple_of.setdefault(key, len(tuple_of))
        code_of: dict[str, int] = {}
        for key in tuple_of:
            for code in key:
                code_of.setdefault(code, len(code_of))
        self.codes = _Codes(list(code_of))
        pad = len(self.codes.codes)  # the table's padding row scores 0
        slots = np.full((MAX_SEEKER_CODES, len(tuple_of)), pad, dtype=np.int32)
        for t, key in enumerate(tuple_of):
            for s, code in enumerate(key):
                slots[s, t] = code_of[code]
        self.code_tuples = list(tuple_of)
        self.tuple_slots = slots
        lat, lon = _float_column(lat, n), _float_column(lon, n)
        expected = _numbers("pay_expected", pay_expected, np.float32)
        rank = _numbers("education_rank", education_rank, np.int64)
        years = _numbers("experience_years", experience_years, np.int64)
        skill_sets = _Skills(skills)
        limit = _float_column(max_distance_km, n)
        active = _day_column(active_on, n)
        lengths = {len(a) for a in (lat, lon, expected, rank, years, skill_sets.row_pattern, limit, active)}
        if lengths - {n}:
            raise ValueError(f"columns have different lengths: ids {n}, others {sorted(lengths)}")
        lon[np.isnan(lat)] = np.nan
        lat[np.isnan(lon)] = np.nan
        limit[limit >= DISTANCE_CUTOFF_KM] = np.nan  # a limit beyond the cutoff is no limit
        order = _sort_by_lat(lat)
        self.order = order
        self.ids = ids[order]
        self.row_tuple = row_tuple[order]
        self.lat, self.lon = lat[order], lon[order]
        self.finite = int(np.count_nonzero(~np.isnan(self.lat)))
        self.pay_expected = expected[order]
        unknown_pay = self.pay_expected <= 0
        self._expected_f = np.where(unknown_pay, np.inf, self.pay_expected).astype(np.float32)
        self._inv_expected = np.where(unknown_pay, 0, 1 / np.maximum(self.pay_expected, 1)).astype(np.float32)
        self.education_rank = np.clip(rank, 0, N_RANKS - 1).astype(np.int8)[order]
        self.experience_years = np.clip(years, 0, None).astype(np.int16)[order]
        self.max_distance_km = limit[order]
        has_limit = ~np.isnan(self.max_distance_km)
        self._cat = ((_rank_years_code(rank, years)[order] * 2 + has_limit) * 2 + unknown_pay).astype(
            np.int16
        )
        skill_sets.row_pattern = skill_sets.row_pattern[order]
        self.skills = skill_sets
        self.active = active[order]
        self._side_today: int | None = None
        self._side: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def _side_score(self, today: date) -> np.ndarray:
        if self._side_today != today.toordinal():
            days = today.toordinal() - self.active
            self._side = (
                np.float32(SEEKER_SIDE_WEIGHTS["recency"]) * _recency(days, UNKNOWN_ACTIVITY)
            ).astype(np.float32)
            self._side_today = today.toordinal()
        return self._side

    def _occupation_by_tuple(self, job_code: str) -> np.ndarray:
        q, depth = self.codes.query(job_code)
        shared = self.codes.shared_depth(q, depth)
        per_code = np.where(
            (shared == self.codes.depth) & (self.codes.depth > 0), np.float32(1), OCC_BY_SHARED_DEPTH[shared]
        ).astype(np.float32)
        per_code[-1] = 0  # padding
        best = per_code[self.tuple_slots[0]]
        for s in range(1, MAX_SEEKER_CODES):
            np.maximum(best, per_code[self.tuple_slots[s]] * np.float32(LATER_CODE_FACTOR), out=best)
        return best

    def _scores(self, job: JobFeatures, today: date) -> np.ndarray:
        """Scores of all rows in row order; -inf where a hard constraint excludes the pair."""
        n = len(self)
        point = _query_point(job.lat, job.lon)
        occ = self._occupation_by_tuple(job.occupation_code) * np.float32(WEIGHTS["occupation"])
        skill = self.skills.pattern_scores(job.skills) * np.float32(WEIGHTS["skills"])
        w_pay = WEIGHTS["pay"]
        pay_known = job.pay_max > 0
        base = _edu_exp_table(
            min(max(job.education_rank, 0), N_RANKS - 1),
            _RANKS[:, None],
            min(max(job.experience_years, 0), EXP_CAP),
            _YEARS[None, :],
        ).reshape(-1, 1, 1)
        unknown = np.array([0.0 if pay_known else 0.5 * w_pay, 0.5 * w_pay]).reshape(1, 1, 2)
        inside = (base + np.zeros((1, 2, 1)) + unknown).astype(np.float32).ravel()  # limit checked exactly
        outside = (base + np.array([0.0, -np.inf]).reshape(1, 2, 1) + unknown).astype(np.float32).ravel()
        s = np.take(occ, self.row_tuple)
        s += np.take(skill, self.skills.row_pattern)
        cat = np.empty(n, dtype=np.float32)
        if point is None:
            np.take(inside, self._cat, out=cat)
        else:
            a, b = _band(self.lat, self.finite, point[0])
            np.take(outside, self._cat[:a], out=cat[:a])
            np.take(inside, self._cat[a:b], out=cat[a:b])
            np.take(outside, self._cat[b : self.finite], out=cat[b : self.finite])
            np.take(inside, self._cat[self.finite :], out=cat[self.finite :])
        s += cat
        s += self._side_score(today)
        if pay_known:
            pay = self._inv_expected * np.float32(2 * w_pay * job.pay_max)
            pay -= np.float32(w_pay)
            np.clip(pay, 0, np.float32(0.85 * w_pay), out=pay)
            np.putmask(pay, self._expected_f <= np.float32(job.pay_min), np.float32(w_pay))
            s += pay
        if point is None:
            s += np.float32(WEIGHTS["distance"] * UNKNOWN_DISTANCE)
        else:
            if a < b:
                _add_distance(s[a:b], self.lat[a:b], self.lon[a:b], *point, self.max_distance_km[a:b])
            s[self.finite :] += np.float32(WEIGHTS["distance"] * UNKNOWN_DISTANCE)
        return s

    def score_all(self, job: JobFeatures, *, today: date) -> np.ndarray:
        """Score of every seeker for `job`, in the order the seekers were given (float32; -inf where a hard
        constraint excludes the pair). For analysis and tests; `recommend` does not need it."""
        out = np.empty(len(self), dtype=np.float32)
        out[self.order] = self._scores(job, today)
        return out

    def recommend(self, job: JobFeatures, *, top: int = 20, today: date) -> list[Recommendation]:
        if top <= 0 or len(self) == 0:
            return []
        return _collect(
            self._scores(job, today), self.ids, top, lambda row: self._reasons(job, int(row), today)
        )

    def _reasons(self, job: JobFeatures, row: int, today: date) -> list[Reason]:
        km = float(_distance_km(self.lat[row : row + 1], self.lon[row : row + 1], job.lat, job.lon)[0])
        reasons = _pair_reasons(
            seeker_codes=self.code_tuples[self.row_tuple[row]],
            job_code=job.occupation_code,
            km=km,
            expected=int(self.pay_expected[row]),
            pay_min=job.pay_min,
            pay_max=job.pay_max,
            required_rank=job.education_rank,
            have_rank=int(self.education_rank[row]),
            required_years=job.experience_years,
            have_years=int(self.experience_years[row]),
            seeker_skills=self.skills.of_row(row),
            job_skills=job.skills,
        )
        active = self.active[row]
        if not math.isnan(active) and (days := max(0, today.toordinal() - int(active))) <= RECENT_DAYS:
            reasons.append(Reason("recent", {"days": days}))
        return reasons
