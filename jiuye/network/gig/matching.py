"""Matching workers who checked in with day jobs, by distance and skills (pure: no Django).

The inputs carry only what matching may use: where the worker is available (station or own location), the
skills they name, whether they checked in at the job's station, and the job's place and skills. Sex, age,
ethnicity, hukou and marital status are not fields of these types, so no score or reason can depend on them.

Score (0–1) = 0.55 × distance score + 0.45 × skills score; distance score = 1 at 0 km falling linearly to 0 at
`MAX_KM`; skills score = the share of the job's skills the worker has (1 when the job asks for none). A
worker further than `MAX_KM` is not matched. Every match carries its reasons as (code, params) pairs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MAX_KM = 30.0
W_DISTANCE = 0.55
W_SKILLS = 0.45
REASON_CODES = frozenset({"distance", "same_station", "skills_shared", "skills_missing", "no_skills_asked"})

# Casual-labour trades as workers and employers write them, beyond the certificate lexicon of
# jiuye.matching.recommend.skills: canonical name → aliases.
GIG_LEXICON: dict[str, tuple[str, ...]] = {
    "搬运": ("搬运", "搬家", "装卸", "卸货", "装车", "moving", "loading"),
    "保洁": ("保洁", "清洁", "打扫", "cleaning"),
    "家政": ("家政", "保姆", "做饭", "housekeeping"),
    "小工": ("小工", "杂工", "普工", "labourer", "general labour"),
    "泥瓦工": ("泥瓦", "瓦工", "砌墙", "贴砖", "mason"),
    "木工": ("木工", "木匠", "carpenter"),
    "水电工": ("水电", "水管", "电工", "electrician", "plumber"),
    "油漆工": ("油漆", "刷漆", "涂料", "painter"),
    "钢筋工": ("钢筋", "rebar"),
    "园林绿化": ("绿化", "园林", "除草", "gardening"),
    "采摘": ("采摘", "摘果", "收割", "picking", "harvest"),
    "分拣打包": ("分拣", "打包", "包装", "sorting", "packing"),
    "配送": ("配送", "送货", "快递", "delivery"),
    "厨房帮工": ("帮厨", "洗碗", "配菜", "kitchen"),
    "服务员": ("服务员", "传菜", "waiter", "waitress"),
    "礼仪促销": ("促销", "发传单", "礼仪", "promotion"),
    "保安": ("保安", "门卫", "security"),
}


def _canonical_gig(term: str) -> set[str]:
    low = term.lower()
    return {name for name, aliases in GIG_LEXICON.items() if name in term or any(a in low for a in aliases)}


def normalise_skills(terms) -> tuple[str, ...]:
    """Canonical skill names from free terms (a list or a comma/space separated string), in a stable order.
    A term that is in neither lexicon is kept as written (trimmed), so nothing the user typed is lost."""
    from jiuye.matching.recommend.skills import extract_skills

    if isinstance(terms, str):
        for sep in "，、；;\n":
            terms = terms.replace(sep, ",")
        terms = terms.split(",")
    out: list[str] = []
    for raw in terms or ():
        term = " ".join(str(raw).split())[:40]
        if not term:
            continue
        found = sorted(_canonical_gig(term) | set(extract_skills(term)))
        for name in found or [term]:
            if name not in out:
                out.append(name)
    return tuple(out)


@dataclass(frozen=True)
class Worker:
    """One check-in: who (an id), where they are available, which station, which skills."""

    checkin_id: int
    latitude: float | None
    longitude: float | None
    skills: tuple[str, ...] = ()
    station_id: int | None = None


@dataclass(frozen=True)
class Job:
    job_id: int
    latitude: float
    longitude: float
    skills: tuple[str, ...] = ()
    station_id: int | None = None


@dataclass(frozen=True)
class Match:
    job_id: int
    checkin_id: int
    score: float
    distance_km: float | None
    reasons: tuple[tuple[str, dict], ...] = field(default_factory=tuple)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def match(worker: Worker, job: Job) -> Match | None:
    """Score one pair, with its reasons; None when the worker is too far away."""
    reasons: list[tuple[str, dict]] = []
    km = None
    if worker.latitude is not None and worker.longitude is not None:
        km = round(haversine_km(worker.latitude, worker.longitude, job.latitude, job.longitude), 1)
        if km > MAX_KM:
            return None
        d_score = 1.0 - km / MAX_KM
        reasons.append(("distance", {"km": km}))
    else:
        d_score = 0.5
    if worker.station_id is not None and worker.station_id == job.station_id:
        reasons.append(("same_station", {}))
        d_score = max(d_score, 0.9)
    if job.skills:
        have = {s.lower() for s in worker.skills}
        shared = [s for s in job.skills if s.lower() in have]
        missing = [s for s in job.skills if s.lower() not in have]
        s_score = len(shared) / len(job.skills)
        if shared:
            reasons.append(("skills_shared", {"skills": shared}))
        if missing:
            reasons.append(("skills_missing", {"skills": missing}))
    else:
        s_score = 1.0
        reasons.append(("no_skills_asked", {}))
    score = round(W_DISTANCE * d_score + W_SKILLS * s_score, 4)
    return Match(job.job_id, worker.checkin_id, score, km, tuple(reasons))


def jobs_for(worker: Worker, jobs: list[Job], top: int = 20) -> list[Match]:
    """The best jobs for one worker, best first (ties: nearer first, then lower id, so the order is stable)."""
    found = [m for m in (match(worker, j) for j in jobs) if m is not None]
    found.sort(key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else MAX_KM, m.job_id))
    return found[:top]


def workers_for(job: Job, workers: list[Worker], top: int = 20) -> list[Match]:
    """The best available workers for one job, best first."""
    found = [m for m in (match(w, job) for w in workers) if m is not None]
    found.sort(key=lambda m: (-m.score, m.distance_km if m.distance_km is not None else MAX_KM, m.checkin_id))
    return found[:top]
