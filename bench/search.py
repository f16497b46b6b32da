"""Benchmark `search`: 1,000,000 postings, 1,000 filtered queries, against a naive SQL LIKE baseline.

    python bench/search.py            # 1,000,000 postings, 1,000 queries
    python bench/search.py --quick    # 20,000 postings, 200 queries
    DATABASE_URL=postgres://… python bench/search.py --backend postgres -n 100000
                                      # the PostgreSQL full-text table (jiuye.matching.search_pg) instead

With ``--backend postgres`` the same postings and queries go into ``jiuye.matching.search_pg``'s table, created in a
schema of its own (``bench_search``, dropped afterwards) of the database at ``DATABASE_URL``; the timings are of
``PostgresIndex.search`` (two statements: facets and total by GROUPING SETS, then the page), over one connection.

Postings are recombined from the ~17,000 real 2019 BOSS直聘/拉勾 postings in
../shared/data/datasets/job-postings-zh: real titles (with their frequencies), description sentences and skill tags,
company names, pay text (parsed `15-20K·14薪` / `10k-20k` into monthly yuan), education and experience requirements.
They are placed in the real 湘潭 (4303) townships of streets.csv, with coordinates jittered around the county centre
from adcodes_with_coords_cpca.csv, and given 大典 2022 detailed occupation codes (half from the IT minor group
2-02-10, as the seed titles are IT jobs). Queries take one or two words from a random real title (jieba) and a random
mix of filters and sorts. The index is `jiuye.matching.search.SearchIndex` (the real code path) in a file under a
temporary directory; the baseline is the same rows in a plain SQLite table with indexes on the filter columns and
`(title LIKE '%w%' OR description LIKE '%w%')` for each word, returning a count and the first page (no facets).
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from jiuye.matching.search import PostingRecord, Query, SearchIndex  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
POSTINGS = DATA / "datasets" / "job-postings-zh"
DIVISIONS = DATA / "reference" / "china-admin-divisions"
OCCUPATIONS = DATA / "reference" / "china-occupation-classification" / "occupations_2022_flat.csv"
TODAY = date(2026, 11, 28)
EDUCATION = {
    "不限": 0,
    "初中及以下": 1,
    "中专/中技": 2,
    "高中": 3,
    "中专": 2,
    "大专": 4,
    "本科": 5,
    "硕士": 6,
    "博士": 7,
}
CONTRACTS = (("full_time", 70), ("fixed_term", 12), ("part_time", 8), ("internship", 6), ("flexible", 4))
SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]


def parse_pay(text: str) -> tuple[int, int] | None:
    m = re.search(r"(\d+(?:\.\d+)?)\s*[kK]?\s*-\s*(\d+(?:\.\d+)?)\s*[kK]", text or "")
    if not m:
        return None
    lo, hi = float(m.group(1)) * 1000, float(m.group(2)) * 1000
    return (int(lo), int(hi)) if 0 < lo <= hi else None


def parse_experience(text: str) -> int:
    m = re.search(r"(\d+)", text or "")
    return int(m.group(1)) if m and "以内" not in text else 0


def read_seeds() -> dict[str, list]:
    seeds: dict[str, list] = {"titles": [], "sentences": [], "companies": [], "pay": [], "edu": [], "exp": []}

    def add(title: str, text: str, company: str, pay: str, edu: str, exp: str) -> None:
        if not title:
            return
        seeds["titles"].append(title.strip())
        seeds["sentences"].extend(s.strip() for s in SENTENCE.findall(text or "") if len(s.strip()) >= 4)
        if company:
            seeds["companies"].append(company.strip().split("\n")[0])
        parsed = parse_pay(pay)
        if parsed:
            seeds["pay"].append(parsed)
        seeds["edu"].append(EDUCATION.get((edu or "").strip(), 0))
        seeds["exp"].append(parse_experience(exp))

    with open(POSTINGS / "boss_zhipin_2019_it_jobs.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            add(
                r["position"],
                r["desription"],
                r["company"],
                r["wage"],
                r["diploma_requirement"],
                r["experience"],
            )
    with open(POSTINGS / "lagou_2019_it_jobs.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            tags = "，".join(t for t in re.split(r"[,，\s]+", r["requirement"] or "") if t)
            add(
                r["position"],
                f"技能要求：{tags}。福利：{r['welfare']}。" if tags else r["welfare"],
                r["company"],
                r["wage"],
                r["diploma_requirement"],
                r["experience"],
            )
    with open(POSTINGS / "lagou_data_analyst_positions_with_coords.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            add(
                r["positionName"],
                f"{r['positionAdvantage']}。{r['positionLables']}。",
                r["companyFullName"],
                r["salary"],
                r["education"],
                r["workYear"],
            )
    return seeds


def read_places() -> list[tuple[str, float, float]]:
    centres: dict[str, tuple[float, float]] = {}
    with open(DIVISIONS / "adcodes_with_coords_cpca.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["adcode"].startswith("4303") and r["latitude"]:
                centres[r["adcode"][:6]] = (float(r["latitude"]), float(r["longitude"]))
    city = centres["430300"]
    places = []
    with open(DIVISIONS / "streets.csv", encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            if r["cityCode"] == "4303":
                lat, lon = centres.get(r["areaCode"], city)
                places.append((f"43/4303/{r['areaCode']}/{r['code']}", lat, lon))
    return places


def read_occupations() -> tuple[list[str], list[str]]:
    with open(OCCUPATIONS, encoding="utf-8-sig") as f:
        codes = [r["code"] for r in csv.DictReader(f) if r["level"] == "4"]
    return codes, [c for c in codes if c.startswith("2-02-10")]


def generate(n: int, seed: int = 4) -> list[PostingRecord]:
    rng = random.Random(seed)
    seeds, places = read_seeds(), read_places()
    codes, it_codes = read_occupations()
    titles, sentences, companies = seeds["titles"], seeds["sentences"], seeds["companies"]
    pays, edus, exps = seeds["pay"], seeds["edu"], seeds["exp"]
    contract_names = [c for c, _ in CONTRACTS]
    contract_weights = [w for _, w in CONTRACTS]
    contracts = rng.choices(contract_names, contract_weights, k=n)
    records = []
    for i in range(n):
        path, lat, lon = rng.choice(places)
        lo, hi = rng.choice(pays)
        scale = rng.uniform(0.35, 0.8)  # 2019 first-tier IT pay scaled to 湘潭 levels
        pay_min, pay_max = max(1900, int(lo * scale) // 100 * 100), max(2000, int(hi * scale) // 100 * 100)
        has_coords = rng.random() < 0.95
        records.append(
            PostingRecord(
                id=i + 1,
                title=rng.choice(titles),
                description="".join(rng.choices(sentences, k=rng.randint(1, 4))),
                employer_name=rng.choice(companies),
                division_path=path,
                lat=lat + rng.gauss(0, 0.06) if has_coords else None,
                lon=lon + rng.gauss(0, 0.06) if has_coords else None,
                occupation_code=rng.choice(it_codes) if rng.random() < 0.5 else rng.choice(codes),
                pay_min=pay_min,
                pay_max=max(pay_min, pay_max),
                education_rank=rng.choice(edus),
                experience_years=rng.choice(exps),
                contract_type=contracts[i],
                posted_on=TODAY - timedelta(days=rng.randint(0, 180)),
            )
        )
    return records


def make_queries(k: int, seed: int = 7) -> list[Query]:
    rng = random.Random(seed)
    seeds, places = read_seeds(), read_places()
    counties = sorted({p[0].rsplit("/", 1)[0] for p in places})
    centres = {p[0].rsplit("/", 1)[0]: (p[1], p[2]) for p in places}
    queries = []
    for _ in range(k):
        words = [
            w
            for w in jieba.lcut(rng.choice(seeds["titles"]))
            if re.search(r"\w", w) and (len(w) >= 2 or w.isascii())
        ]
        text = " ".join(rng.sample(words, min(len(words), 1 if rng.random() < 0.7 else 2))) if words else ""
        if rng.random() < 0.1:
            text = ""  # browsing by filters alone
        near = within = None
        division = ""
        r = rng.random()
        if r < 0.35:
            division = rng.choice(counties)
        elif r < 0.45:
            division = rng.choice(places)[0]
        if rng.random() < 0.3:
            lat, lon = centres[rng.choice(counties)]
            near = (lat + rng.gauss(0, 0.03), lon + rng.gauss(0, 0.03))
            within = rng.choice([3.0, 5.0, 10.0, 20.0]) if rng.random() < 0.8 else None
        occupation = rng.choice(["2", "2-02", "2-02-10", "4", "6"]) if rng.random() < 0.2 else ""
        pay_from = pay_to = None
        if rng.random() < 0.35:
            pay_from = rng.choice([3000, 4000, 5000, 6000, 8000, 10000])
            pay_to = pay_from + rng.choice([2000, 4000, 8000]) if rng.random() < 0.6 else None
        sorts = ["relevance"] * 5 + ["date"] * 2 + ["pay"] * 2 + (["distance"] * 2 if near else [])
        queries.append(
            Query(
                text=text,
                division_prefix=division,
                near=near,
                within_km=within,
                occupation_prefix=occupation,
                pay_from=pay_from,
                pay_to=pay_to,
                max_education_rank=rng.choice([3, 4, 5, 6]) if rng.random() < 0.3 else None,
                max_experience_years=rng.choice([0, 1, 3, 5]) if rng.random() < 0.3 else None,
                contract_types=tuple(
                    rng.sample(["full_time", "fixed_term", "part_time", "internship"], rng.randint(1, 2))
                )
                if rng.random() < 0.25
                else (),
                posted_within_days=rng.choice([7, 30, 90]) if rng.random() < 0.3 else None,
                today=TODAY,
                sort=rng.choice(sorts),
                page=1 if rng.random() < 0.8 else rng.randint(2, 5),
                per_page=20,
            )
        )
    return queries


def build_baseline(path: Path, records: list[PostingRecord]) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute(
        "CREATE TABLE postings (id INTEGER PRIMARY KEY, title TEXT, description TEXT, division_path TEXT, lat REAL,"
        " lon REAL, occupation_code TEXT, pay_min INT, pay_max INT, education_rank INT, experience_years INT,"
        " contract_type TEXT, posted_day INT)"
    )
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO postings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                r.id,
                r.title,
                r.description,
                r.division_path,
                r.lat,
                r.lon,
                r.occupation_code,
                r.pay_min,
                r.pay_max,
                r.education_rank,
                r.experience_years,
                r.contract_type,
                r.posted_on.toordinal(),
            )
            for r in records
        ),
    )
    conn.execute("COMMIT")
    for column in ("division_path", "occupation_code", "lat, lon", "posted_day", "pay_max, pay_min"):
        conn.execute(f"CREATE INDEX ix_{column.replace(', ', '_')} ON postings ({column})")
    conn.execute("ANALYZE")
    conn.close()


def baseline_search(conn: sqlite3.Connection, q: Query) -> tuple[int, list[int]]:
    """The naive way: LIKE on the raw text, the same filters, count and one page."""
    where, params = [], []
    for word in q.text.split():
        where.append("(title LIKE ? OR description LIKE ?)")
        params += [f"%{word}%", f"%{word}%"]
    if q.division_prefix:
        where.append("(division_path = ? OR division_path LIKE ?)")
        params += [q.division_prefix, q.division_prefix + "/%"]
    if q.occupation_prefix:
        where.append("(occupation_code = ? OR occupation_code LIKE ?)")
        params += [q.occupation_prefix, q.occupation_prefix + "-%"]
    dist = "NULL"
    if q.near:
        lat0, lon0 = q.near
        dist = f"haversine(lat, lon, {lat0!r}, {lon0!r})"
        if q.within_km:
            where.append(f"{dist} <= ?")
            params.append(q.within_km)
    if q.pay_from is not None:
        where.append("pay_max >= ?")
        params.append(q.pay_from)
    if q.pay_to is not None:
        where.append("pay_min <= ?")
        params.append(q.pay_to)
    if q.max_education_rank is not None:
        where.append("education_rank <= ?")
        params.append(q.max_education_rank)
    if q.max_experience_years is not None:
        where.append("experience_years <= ?")
        params.append(q.max_experience_years)
    if q.contract_types:
        where.append(f"contract_type IN ({','.join('?' * len(q.contract_types))})")
        params += list(q.contract_types)
    if q.posted_within_days is not None:
        where.append("posted_day >= ?")
        params.append(TODAY.toordinal() - q.posted_within_days)
    clause = " WHERE " + " AND ".join(where) if where else ""
    order = {
        "relevance": "id",
        "pay": "pay_max DESC, id",
        "date": "posted_day DESC, id",
        "distance": "coalesce(d, 1e12), id",
    }[q.sort]
    total = conn.execute(f"SELECT count(*) FROM postings{clause}", params).fetchone()[0]
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT id, {dist} AS d FROM postings{clause} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, q.per_page, (q.page - 1) * q.per_page],
        )
    ]
    return total, ids


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}/{five:.2f}/{fifteen:.2f}"


def run_postgres(n: int, records: list[PostingRecord], queries: list[Query], keep: bool = False) -> None:
    """The same postings and queries through the PostgreSQL full-text table."""
    import psycopg

    from jiuye.matching import search_pg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("--backend postgres needs DATABASE_URL=postgres://user@host:port/db (see .ci/run)")
    print(f"load average before build {load()}", flush=True)
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'bench_search'")
        reuse = keep and cursor.fetchone()[0] == 1
        if not reuse:
            cursor.execute("DROP SCHEMA IF EXISTS bench_search CASCADE")
            cursor.execute("CREATE SCHEMA bench_search")
        cursor.execute("SET search_path TO bench_search")  # never the real table in public
        try:
            index = search_pg.PostgresIndex(cursor)
            t0 = time.perf_counter()
            if reuse:  # --keep: the table of an earlier --keep run with the same -n (not rebuilt, not timed)
                print("reusing the bench_search table of an earlier --keep run", flush=True)
            else:
                with conn.transaction():
                    index.build(search_pg.row(r, "") for r in records)
            build_s = time.perf_counter() - t0
            cursor.execute("SELECT pg_total_relation_size(%s)", [f"bench_search.{search_pg.TABLE}"])
            size_mb = cursor.fetchone()[0] / 1e6
            print(
                f"PostgreSQL {version} table build: {build_s:.1f} s ({n / build_s:,.0f} postings/s), "
                f"table and indexes {size_mb:.0f} MB; load average {load()}",
                flush=True,
            )
            for q in queries[:20]:  # warm the buffer cache as a long-running server would be
                with conn.transaction():
                    index.search(q)
            latencies, totals = [], []
            capped = 0
            t_all = time.perf_counter()
            for q in queries:
                t0 = time.perf_counter()
                with conn.transaction():  # as search_pg.search: one transaction, for SET LOCAL work_mem
                    result = index.search(q)
                latencies.append((time.perf_counter() - t0) * 1000)
                totals.append(result.total)
                capped += getattr(result, "total_is_lower_bound", False)
            elapsed = time.perf_counter() - t_all
        finally:
            if not keep:
                cursor.execute("DROP SCHEMA IF EXISTS bench_search CASCADE")
    p50, p95, p99 = (percentile(latencies, x) for x in (0.50, 0.95, 0.99))
    qps = len(queries) / elapsed
    print(
        f"PostgreSQL full-text: {len(queries)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, "
        f"max {max(latencies):.1f} ms, {qps:.0f} queries/s; median matches {statistics.median(totals):,.0f}, "
        f"max {max(totals):,}; load average {load()}"
    )
    print(
        f"  counts capped at {search_pg.COUNT_CAP:,} (total a lower bound): {capped} of {len(queries)} queries"
    )
    by_text = [lat for lat, q in zip(latencies, queries, strict=True) if q.text]
    print(f"  with text: {len(by_text)} queries, p95 {percentile(by_text, 0.95):.1f} ms")
    for sort in ("relevance", "date", "pay", "distance"):
        of_sort = [lat for lat, q in zip(latencies, queries, strict=True) if q.sort == sort]
        if of_sort:
            print(
                f"  sort={sort}: {len(of_sort)} queries, p50 {percentile(of_sort, 0.5):.1f} ms, "
                f"p95 {percentile(of_sort, 0.95):.1f} ms"
            )
    slow = sorted(zip(latencies, queries, totals, strict=True), key=lambda t: -t[0])[:3]
    for lat, q, total in slow:
        print(
            f"  slowest {lat:.0f} ms: text={q.text!r} division={q.division_prefix!r} sort={q.sort} "
            f"within_km={q.within_km} matches={total:,}"
        )
    print(
        f"BENCH search backend=postgres n={n} build_s={build_s:.1f} p50_ms={p50:.1f} p95_ms={p95:.1f} "
        f"p99_ms={p99:.1f} qps={qps:.0f} table_mb={size_mb:.0f} load={load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("-n", type=int, default=None)
    parser.add_argument("--queries", type=int, default=None)
    parser.add_argument("--baseline-queries", type=int, default=40)
    parser.add_argument("--backend", choices=("embedded", "postgres"), default="embedded")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="postgres: keep the bench_search schema afterwards, and reuse it if there (for EXPLAIN between runs)",
    )
    args = parser.parse_args()
    n = args.n or (20_000 if args.quick else 1_000_000)
    k = args.queries or (200 if args.quick else 1_000)

    t0 = time.perf_counter()
    records = generate(n)
    queries = make_queries(k)
    print(
        f"generated {n:,} postings and {k:,} queries from real seeds in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    if args.backend == "postgres":
        run_postgres(n, records, queries, keep=args.keep)
        return
    print(f"load average before build {load()}", flush=True)

    with tempfile.TemporaryDirectory(prefix="bench_search_") as tmp:
        index_path = Path(tmp) / "search.sqlite3"
        t0 = time.perf_counter()
        index = SearchIndex(index_path)
        index.build(records)
        build_s = time.perf_counter() - t0
        size_mb = index_path.stat().st_size / 1e6
        print(
            f"index build: {build_s:.1f} s ({n / build_s:,.0f} postings/s), file {size_mb:.0f} MB", flush=True
        )

        for q in queries[:20]:  # warm the page cache as a long-running server would be
            index.search(q)
        latencies, totals = [], []
        t_all = time.perf_counter()
        for q in queries:
            t0 = time.perf_counter()
            result = index.search(q)
            latencies.append((time.perf_counter() - t0) * 1000)
            totals.append(result.total)
        elapsed = time.perf_counter() - t_all
        p50, p95, p99 = (percentile(latencies, x) for x in (0.50, 0.95, 0.99))
        qps = len(queries) / elapsed
        print(
            f"FTS5+jieba: {len(queries)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms, p99 {p99:.1f} ms, "
            f"max {max(latencies):.1f} ms, {qps:.0f} queries/s; median matches {statistics.median(totals):,.0f}, "
            f"max {max(totals):,}"
        )
        by_text = [lat for lat, q in zip(latencies, queries, strict=True) if q.text]
        print(f"  with text: {len(by_text)} queries, p95 {percentile(by_text, 0.95):.1f} ms")
        slow = sorted(zip(latencies, queries, totals, strict=True), key=lambda t: -t[0])[:3]
        for lat, q, total in slow:
            print(
                f"  slowest {lat:.0f} ms: text={q.text!r} division={q.division_prefix!r} sort={q.sort} "
                f"within_km={q.within_km} matches={total:,}"
            )
        # Cold: the per-term cache emptied before each query (a fresh process, or right after a write).
        cold = []
        for q in queries[: min(len(queries), 200)]:
            index._terms.clear()
            t0 = time.perf_counter()
            index.search(q)
            cold.append((time.perf_counter() - t0) * 1000)
        cold_p95 = percentile(cold, 0.95)
        print(
            f"  cold term cache: first {len(cold)} queries, p50 {percentile(cold, 0.5):.1f} ms, p95 {cold_p95:.1f} ms"
        )
        index.close()

        base_path = Path(tmp) / "baseline.sqlite3"
        t0 = time.perf_counter()
        build_baseline(base_path, records)
        print(f"baseline table build: {time.perf_counter() - t0:.1f} s", flush=True)
        conn = sqlite3.connect(base_path)
        conn.create_function("haversine", 4, _haversine, deterministic=True)
        conn.execute("PRAGMA cache_size = -262144")
        subset = queries[: min(len(queries), args.baseline_queries)]
        base_latencies = []
        for q in subset:
            t0 = time.perf_counter()
            baseline_search(conn, q)
            base_latencies.append((time.perf_counter() - t0) * 1000)
        conn.close()
        base_p95 = percentile(base_latencies, 0.95)
        print(
            f"baseline LIKE: first {len(subset)} of the {len(queries)} queries (it is slow), "
            f"p50 {percentile(base_latencies, 0.5):.0f} ms, p95 {base_p95:.0f} ms "
            f"(count + one page, no facets); p95 ratio {base_p95 / p95:.0f}x"
        )
    print(
        f"BENCH search n={n} build_s={build_s:.1f} p50_ms={p50:.1f} p95_ms={p95:.1f} p99_ms={p99:.1f} "
        f"qps={qps:.0f} baseline_p95_ms={base_p95:.0f} baseline_queries={len(subset)} cold_p95_ms={cold_p95:.1f} index_mb={size_mb:.0f}"
        f" load={load()}"
    )


def _haversine(lat1, lon1, lat2, lon2):
    from jiuye.matching.search.engine import haversine_km

    return haversine_km(lat1, lon1, lat2, lon2)


if __name__ == "__main__":
    main()
