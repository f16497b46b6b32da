"""Synthetic population of a real city, calibrated to its 2020 census rows. Pure Python + numpy, no Django.

Persons are drawn first from each county's age × sex table, so those marginals hold exactly (up to
rounding). They are then grouped into households following the census household structure (one-person,
one-, two-, three- and four-generation households, average size), placed in real townships so that the
urban share matches, given hukou places in the census shares of 人户分离 (same county / rest of the province /
other provinces), education raked to the census by sex, labour status with the census employment ratio, and
an (industry, occupation group) pair from a joint table raked to both census marginals. Employers are built
to employ exactly the people generated as employed; spells and registrations follow the people.

Everything is deterministic given (region, rate, seed, as_of).
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from jiuye.registry.identifiers import make_credit_code, make_resident_id

from . import names as words
from .reference import (
    AGE_BANDS,
    INDUSTRY_SECTIONS,
    OCC_GROUPS,
    County,
    CountyCensus,
    Region,
    Township,
    add_county_division,
    load_region,
    read_occupations,
)

# Values of the registry's choices (jiuye.registry.enums), repeated here to stay Django-free;
# the loader checks they still exist.
EMPLOYED, FLEXIBLE, UNEMPLOYED, STUDENT, RETIRED, INACTIVE = (
    "employed", "flexible", "unemployed", "student", "retired", "inactive",
)
_STATUS = (INACTIVE, EMPLOYED, FLEXIBLE, UNEMPLOYED, STUDENT, RETIRED)  # index = code used internally
S_INACTIVE, S_EMPLOYED, S_FLEXIBLE, S_UNEMPLOYED, S_STUDENT, S_RETIRED = range(6)

EDU_CODES = ("none", "primary", "junior", "senior", "vocational", "junior_college", "bachelor", "master", "doctor")
TERTIARY = frozenset({"junior_college", "bachelor", "master", "doctor"})
_EDU_RANK = {c: i for i, c in enumerate(EDU_CODES)}
KEY_GROUP_CODES = (
    "graduate", "unemployed_youth", "veteran", "rural_migrant", "returning_migrant", "older_worker", "disabled",
    "long_term_unemployed", "dibao_member", "low_income_member", "zero_employment_household", "land_lost_farmer",
    "ex_offender",
)
ADULT_AGE = 16


def retirement_age(sex: str) -> int:
    """Statutory age used for working age and retirement (men 60, women 55)."""
    return 60 if sex == "M" else 55


def is_working_age(sex: str, age: int) -> bool:
    return ADULT_AGE <= age < retirement_age(sex)


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


# ---------------------------------------------------------------------------------------------- records


@dataclass(slots=True)
class GenPerson:
    name: str
    sex: str  # "M" / "F"
    birth_date: dt.date
    resident_id: str
    phone: str
    division: str  # residence township (9 digits)
    urban: bool  # lives in an urban area (census 城镇)
    hukou_division: str  # township (same county) or county code
    hukou_type: str  # "urban" / "rural"
    migrant: str  # "" | "county" | "province" | "out" — where the hukou is, if not the residence township
    ethnicity: str
    education: str | None
    major: str
    graduation_year: int | None
    labour_status: str
    occupation: str | None
    industry: str | None
    disability_grade: int | None
    is_veteran: bool
    discharge_date: dt.date | None
    household: int  # index in Population.households; -1 in a collective household (dormitory …)

    def age_on(self, on: dt.date) -> int:
        return age_on(self.birth_date, on)


@dataclass(slots=True)
class GenHousehold:
    number: str
    division: str
    urban: bool
    hukou_type: str
    address: str
    assistance_status: str  # none / low_income / dibao / tekun
    assistance_since: dt.date | None
    is_zero_employment: bool
    kind: str  # one_person / one_generation / two_generations / three_generations / four_generations


@dataclass(slots=True)
class GenMembership:
    household: int
    person: int
    relation: str  # head / spouse / child / parent / grandchild / other


@dataclass(slots=True)
class GenEmployer:
    credit_code: str
    name: str
    division: str  # township of the registered seat
    industry: str
    ownership: str
    size_class: str
    workers: int  # people of this population currently employed there
    registered_on: dt.date
    status: str
    address: str
    latitude: float | None
    longitude: float | None


@dataclass(slots=True)
class GenEstablishment:
    employer: int
    name: str
    division: str
    address: str
    latitude: float | None
    longitude: float | None


@dataclass(slots=True)
class GenSpell:
    person: int
    employer: int  # -1: no employer (own-account farming, platform gig work)
    establishment: int  # -1: none
    occupation: str | None
    contract_type: str
    start_date: dt.date
    end_date: dt.date | None
    end_reason: str
    monthly_wage: int | None


@dataclass(slots=True)
class GenRegistration:
    person: int
    division: str
    registered_on: dt.date
    ended_on: dt.date | None
    status: str  # open / employed / cancelled / expired
    previous_employer: int  # -1: none
    seeking_occupation: str | None


@dataclass(slots=True)
class GenKeyGroup:
    person: int
    code: str
    since: dt.date


@dataclass
class Population:
    region_code: str
    region_name: str
    rate: int
    seed: int
    as_of: dt.date
    divisions: dict[str, tuple[str, int, str]]  # every division referred to: code -> (name, level, parent)
    coords: dict[str, tuple[float, float]]
    persons: list[GenPerson] = field(default_factory=list)
    households: list[GenHousehold] = field(default_factory=list)
    memberships: list[GenMembership] = field(default_factory=list)
    employers: list[GenEmployer] = field(default_factory=list)
    establishments: list[GenEstablishment] = field(default_factory=list)
    spells: list[GenSpell] = field(default_factory=list)
    registrations: list[GenRegistration] = field(default_factory=list)
    key_groups: list[GenKeyGroup] = field(default_factory=list)
    census: dict[str, CountyCensus] = field(default_factory=dict)  # the rows it was calibrated to

    def counts(self) -> dict[str, int]:
        return {
            "persons": len(self.persons), "households": len(self.households), "memberships": len(self.memberships),
            "employers": len(self.employers), "establishments": len(self.establishments), "spells": len(self.spells),
            "registrations": len(self.registrations), "key_groups": len(self.key_groups),
        }

    @property
    def rows(self) -> int:
        return sum(self.counts().values())

    def division_path(self, code: str) -> str:
        parts = [code]
        while parts[-1] in self.divisions and (parent := self.divisions[parts[-1]][2]):
            parts.append(parent)
        return "/".join(reversed(parts))


# ----------------------------------------------------------------------------------------- calibration

# Education of adults (18+): prior shares (none, primary, junior, senior, college, bachelor+) by age group,
# roughly China 2020; raked to each county's census totals by sex.
_EDU_AGE_GROUPS = ((18, 24), (25, 34), (35, 44), (45, 54), (55, 64), (65, 74), (75, 200))
_EDU_PRIOR = np.array([
    [0.002, 0.02, 0.25, 0.30, 0.22, 0.21],
    [0.003, 0.04, 0.33, 0.20, 0.19, 0.24],
    [0.005, 0.08, 0.45, 0.20, 0.13, 0.13],
    [0.010, 0.15, 0.52, 0.21, 0.07, 0.04],
    [0.030, 0.30, 0.45, 0.17, 0.03, 0.02],
    [0.080, 0.48, 0.30, 0.11, 0.02, 0.01],
    [0.250, 0.52, 0.15, 0.06, 0.01, 0.01],
])
_EDU_URBAN = np.array([0.7, 0.75, 0.95, 1.1, 1.5, 1.7])  # urban residents relative to rural ones

# Employment propensity (men, women) by age, before scaling to the census employment ratio.
_EMP_AGES = (16, 20, 25, 30, 50, 55, 60, 65, 70, 75, 80)
_EMP_M = (0.35, 0.75, 0.92, 0.95, 0.90, 0.80, 0.55, 0.35, 0.20, 0.08, 0.02)
_EMP_F = (0.30, 0.70, 0.82, 0.85, 0.70, 0.55, 0.40, 0.25, 0.12, 0.04, 0.01)

# Affinity of industry sections (rows A–T) and occupation groups (columns 1,2,3,4,5,6,8); raked to the
# census marginals of both, so that farmers work in agriculture and teachers in education.
_AFFINITY = {
    "A": {"5": 1.0, "6": 0.03, "1": 0.01, "2": 0.01, "3": 0.01, "4": 0.02},
    "B": {"6": 0.8, "1": 0.03, "2": 0.07, "3": 0.05, "4": 0.05},
    "C": {"6": 0.75, "1": 0.04, "2": 0.08, "3": 0.06, "4": 0.07},
    "D": {"6": 0.5, "2": 0.2, "3": 0.1, "4": 0.15, "1": 0.05},
    "E": {"6": 0.75, "2": 0.08, "1": 0.04, "3": 0.05, "4": 0.08},
    "F": {"4": 0.85, "1": 0.05, "3": 0.04, "6": 0.04, "2": 0.02},
    "G": {"4": 0.55, "6": 0.3, "3": 0.07, "1": 0.03, "2": 0.03},
    "H": {"4": 0.9, "1": 0.04, "6": 0.04, "3": 0.02},
    "I": {"2": 0.45, "4": 0.35, "3": 0.1, "1": 0.08},
    "J": {"4": 0.45, "2": 0.3, "3": 0.15, "1": 0.1},
    "K": {"4": 0.7, "3": 0.1, "1": 0.08, "2": 0.08},
    "L": {"4": 0.6, "3": 0.15, "1": 0.1, "2": 0.1},
    "M": {"2": 0.6, "4": 0.2, "3": 0.1, "1": 0.08},
    "N": {"4": 0.7, "6": 0.1, "3": 0.1, "2": 0.05},
    "O": {"4": 0.85, "6": 0.08, "1": 0.03},
    "P": {"2": 0.75, "3": 0.1, "4": 0.1, "1": 0.05},
    "Q": {"2": 0.7, "4": 0.17, "3": 0.08, "1": 0.05},
    "R": {"2": 0.4, "4": 0.45, "3": 0.08, "1": 0.07},
    "S": {"3": 0.55, "1": 0.2, "2": 0.15, "4": 0.1},
    "T": {"3": 0.5, "2": 0.5},
}
# Which 大典 middle classes an (industry, group) pair draws its level-4 occupation from.
_OCC_MIDDLE = {
    ("A", "2"): ("2-03",), ("A", "6"): ("6-01",), ("B", "6"): ("6-16",), ("D", "6"): ("6-28",), ("D", "4"): ("4-11",),
    ("E", "6"): ("6-29", "6-30"), ("E", "2"): ("2-02",), ("F", "4"): ("4-01",), ("G", "4"): ("4-02",),
    ("G", "6"): ("6-30",), ("H", "4"): ("4-03",), ("I", "4"): ("4-04",), ("I", "2"): ("2-02",), ("J", "4"): ("4-05",),
    ("J", "2"): ("2-06",), ("K", "4"): ("4-06",), ("L", "4"): ("4-07",), ("M", "2"): ("2-01", "2-02"),
    ("M", "4"): ("4-08",), ("N", "4"): ("4-09",), ("O", "4"): ("4-10", "4-12"), ("P", "2"): ("2-08",),
    ("P", "4"): ("4-13",), ("Q", "2"): ("2-05",), ("Q", "4"): ("4-14",), ("R", "2"): ("2-09", "2-10"),
    ("R", "4"): ("4-14",), ("S", "1"): ("1-01", "1-02", "1-04", "1-05"), ("S", "3"): ("3-01",), ("S", "2"): ("2-07",),
    ("C", "6"): tuple(f"6-{i:02d}" for i in range(1, 28) if i != 16),
    ("A", "5"): ("5-01", "5-01", "5-01", "5-02", "5-03", "5-03", "5-04", "5-05"),
}
_OCC_SKILL = {"1": 4.0, "2": 5.0, "3": 3.5, "4": 2.0, "5": 0.3, "6": 1.5, "8": 1.0}
_WAGE_BASE = {"1": 9000, "2": 7200, "3": 5400, "4": 4300, "5": 3200, "6": 4900, "8": 3800}
_WAGE_INDUSTRY = {"I": 1.5, "J": 1.5, "D": 1.3, "M": 1.25, "K": 1.1, "B": 1.1, "H": 0.8, "A": 0.75, "O": 0.8}
MIN_WAGE = 1900  # yuan per month, Hunan class II (rounded)

# Provinces migrants come from when their hukou is outside Hunan (weights), as the 2020 census flows suggest.
_OUT_PROVINCES = (("44", 0.22), ("36", 0.15), ("42", 0.2), ("45", 0.1), ("52", 0.1), ("50", 0.06), ("51", 0.05),
                  ("41", 0.05), ("35", 0.04), ("32", 0.03))
# Functional zones (codes x7x) issue no resident IDs of their own: people there carry an older county code.
_ZONE_ID_PLACE = {"430371": "430304", "430372": "430304", "430373": "430302"}
_PHONE_PREFIXES = ("130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 173 175 176 177 "
                   "178 180 181 182 183 185 186 187 188 189 191 198 199").split()


def _largest_remainder(total: int, weights) -> list[int]:
    w = np.asarray(weights, dtype=float)
    if total <= 0 or w.sum() <= 0:
        return [0] * len(w)
    raw = w / w.sum() * total
    out = np.floor(raw).astype(int)
    rest = total - int(out.sum())
    if rest > 0:
        for i in np.argsort(-(raw - out), kind="stable")[:rest]:
            out[i] += 1
    return out.tolist()


def _rake_2d(prior: np.ndarray, rows: np.ndarray, cols: np.ndarray, iterations: int = 60) -> np.ndarray:
    m = prior.astype(float).copy()
    rows = rows.astype(float)
    cols = cols.astype(float) * rows.sum() / max(cols.sum(), 1e-9)
    for _ in range(iterations):
        rs = m.sum(axis=1)
        m *= np.divide(rows, rs, out=np.zeros_like(rows), where=rs > 0)[:, None]
        cs = m.sum(axis=0)
        m *= np.divide(cols, cs, out=np.zeros_like(cols), where=cs > 0)[None, :]
    return m


def _interp(ages: np.ndarray, knots, values) -> np.ndarray:
    idx = np.clip(np.searchsorted(np.asarray(knots), ages, side="right") - 1, 0, len(values) - 1)
    return np.asarray(values)[idx]


def _solve_scale(p: np.ndarray, target: float, cap: float = 0.97) -> np.ndarray:
    """Scale propensities so that their (capped) sum meets `target` as closely as possible."""
    if len(p) == 0 or target <= 0:
        return np.zeros_like(p)
    lo, hi = 0.0, 50.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if np.minimum(cap, p * mid).sum() < target:
            lo = mid
        else:
            hi = mid
    return np.minimum(cap, p * hi)


# ------------------------------------------------------------------------------------------- generator


class _Pool:
    """Persons not yet placed in a household, by sex and single year of age."""

    def __init__(self, order: list[int], sex: np.ndarray, age: np.ndarray, rnd: random.Random):
        self.rnd = rnd
        self.slots: list[list[list[int]]] = [[[] for _ in range(101)] for _ in range(2)]
        for i in order:
            self.slots[int(sex[i])][min(100, int(age[i]))].append(i)

    def take(self, s: int, lo: int, hi: int) -> int | None:
        for widen in (0, 3, 8):
            a0, a1 = max(0, lo - widen), min(100, hi + widen)
            if a0 > a1:
                continue
            slots = self.slots[s]
            total = sum(len(slots[a]) for a in range(a0, a1 + 1))
            if not total:
                continue
            r = self.rnd.random() * total
            for a in range(a0, a1 + 1):
                r -= len(slots[a])
                if r < 0:
                    return slots[a].pop()
            return slots[a1].pop() if slots[a1] else None
        return None

    def put_back(self, i: int, s: int, a: int) -> None:
        self.slots[s][min(100, a)].append(i)

    def has_children(self) -> bool:
        return any(self.slots[s][a] for s in (0, 1) for a in range(18))

    def remaining(self) -> list[int]:
        return [i for s in self.slots for a in s for i in a]


class _Generator:
    def __init__(self, region: Region, occupations: dict[str, list[str]], rate: int, seed: int, as_of: dt.date):
        if rate < 1:
            raise ValueError("rate must be 1 or more (1 = full scale, 50 = one person in fifty)")
        self.region, self.rate, self.seed, self.as_of = region, rate, seed, as_of
        self.rnd = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.occ_by_middle = occupations
        self.occ_by_group: dict[str, list[str]] = defaultdict(list)
        for middle, codes in sorted(occupations.items()):
            self.occ_by_group[middle.split("-")[0]].extend(codes)
        self.pop = Population(
            region_code=region.code, region_name=region.name, rate=rate, seed=seed, as_of=as_of,
            divisions=dict(region.divisions), coords={}, census={c.code: c.census for c in region.counties},
        )
        self.surnames = [s for s, _ in words.SURNAMES]
        w = np.array([x for _, x in words.SURNAMES], dtype=float)
        self.surname_cum = np.cumsum(w / w.sum())
        self.id_counters: dict[tuple[str, dt.date, str], int] = {}
        self.credit_codes: set[str] = set()
        self.hh_seq: Counter[str] = Counter()
        self.township_index = {t.code: (c, t) for c in region.counties for t in c.townships}
        self.deregistered: dict[str, list[int]] = defaultdict(list)  # county -> closed employers
        self.employers_by_county: dict[str, list[int]] = defaultdict(list)
        self.employers_by_cell: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.employer_establishments: dict[int, list[int]] = defaultdict(list)
        self._flex_kind: dict[int, str] = {}  # person -> farm / shop / gig, for flexible workers
        self._job_of: dict[int, int] = {}  # person -> employer of the current job
        self._county_slices: dict[str, tuple[int, int]] = {}  # county -> range of person indices

    # ---- helpers
    def date_before(self, end: dt.date, min_days: int, max_days: int) -> dt.date:
        return end - dt.timedelta(days=self.rnd.randint(min_days, max(min_days, max_days)))

    def pick_occupation(self, industry: str | None, group: str) -> str | None:
        middles = _OCC_MIDDLE.get((industry or "", group))
        if middles:
            pool = [c for m in middles for c in self.occ_by_middle.get(m, ())]
            if pool:
                return self.rnd.choice(pool)
        pool = self.occ_by_group.get(group)
        return self.rnd.choice(pool) if pool else None

    def township_weights(self, county: County, urban: bool) -> list[float]:
        table = {"street": (3.0, 0.15), "town": (1.0, 1.0), "township": (0.15, 1.0), "other": (0.5, 0.5)}
        return [table[t.kind][0 if urban else 1] for t in county.townships]

    def coords_near(self, county: County) -> tuple[float | None, float | None]:
        if county.latitude is None or county.longitude is None:
            return None, None
        return (round(county.latitude + self.rnd.gauss(0, 0.03), 6), round(county.longitude + self.rnd.gauss(0, 0.03), 6))

    def short_name(self, county: County) -> str:
        name = county.name
        if len(county.code) == 6 and county.code[4] == "7":  # functional zone: use the city's name
            name = self.region.city_name
        for suffix in ("示范区", "产业园区", "自治县", "区", "县", "市"):
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                return name[: -len(suffix)]
        return name

    def address(self, county: County, township: Township, urban: bool) -> str:
        r = self.rnd
        if urban:
            return (f"{county.name}{township.name}{r.choice(words.ROAD_WORDS)}路{r.randint(1, 399)}号"
                    f"{r.randint(1, 30)}栋{r.randint(1, 4)}单元{r.randint(1, 28)}0{r.randint(1, 4)}室")
        return f"{county.name}{township.name}{r.choice(words.VILLAGE_WORDS)}村{r.randint(1, 18)}组{r.randint(1, 99)}号"

    # ---- the run
    def run(self) -> Population:
        for county in self.region.counties:
            start = len(self.pop.persons)
            self.county(county)
            self._county_slices[county.code] = (start, len(self.pop.persons))
        for county in self.region.counties:
            self.employers(county)
        self.spells_and_registrations()
        self.key_groups()
        for code in self.pop.divisions:
            if code in self.region.coords:
                self.pop.coords[code] = self.region.coords[code]
        return self.pop

    # ------------------------------------------------------------------------------------ one county
    def county(self, county: County) -> None:
        c, rnd, npr, as_of = county.census, self.rnd, self.np, self.as_of
        n = max(1, round(c.population / self.rate))
        # 1. age and sex: exact census bands, uniform single years within a band (85+ tapering off).
        band_counts = _largest_remainder(n, list(c.age_sex[0]) + list(c.age_sex[1]))
        sex_l, age_l = [], []
        for k, cnt in enumerate(band_counts):
            if not cnt:
                continue
            s, (lo, hi) = divmod(k, len(AGE_BANDS))[0], AGE_BANDS[k % len(AGE_BANDS)]
            if lo == 85:
                w = 0.78 ** np.arange(hi - lo + 1)
                ages = npr.choice(np.arange(lo, hi + 1), size=cnt, p=w / w.sum())
            else:
                ages = npr.integers(lo, hi + 1, size=cnt)
            sex_l.append(np.full(cnt, s, dtype=np.int8))
            age_l.append(ages)
        sex = np.concatenate(sex_l)
        nominal = np.concatenate(age_l).astype(float)
        perm = npr.permutation(n)
        sex, nominal = sex[perm], nominal[perm]
        days = np.floor((nominal + npr.random(n)) * 365.2425).astype("int64")
        births = np.datetime64(as_of, "D") - days
        by = births.astype("datetime64[Y]").astype(int) + 1970
        bm = births.astype("datetime64[M]").astype(int) % 12 + 1
        bd = (births - births.astype("datetime64[M]")).astype(int) + 1
        age = as_of.year - by - ((bm > as_of.month) | ((bm == as_of.month) & (bd > as_of.day)))
        age = np.maximum(age, 0)
        birth_dates = births.astype(dt.date).tolist()

        # 2. households (persons in collective quarters — dormitories, barracks, care homes — are set aside
        #    first, mostly young adults), following the census mix of household types and sizes.
        n_hh_persons = min(n, round(c.household_persons / self.rate))
        n_coll = n - n_hh_persons
        w_coll = np.where((age >= 15) & (age <= 24), 5.0, np.where((age >= 25) & (age <= 34), 1.5,
                          np.where(age >= 80, 0.8, np.where(age < 15, 0.03, 0.35))))
        collective = set()
        if n_coll > 0:
            collective = set(npr.choice(n, size=n_coll, replace=False, p=w_coll / w_coll.sum()).tolist())
        order = [i for i in range(n) if i not in collective]
        pool = _Pool(order, sex, age, rnd)
        households, surname_from = self.build_households(c, pool, n_hh_persons, age, sex)
        leftovers = pool.remaining()
        multi = [h for h in households if len(h[1]) >= 2] or households
        for i in leftovers:  # whoever is left joins an existing household as another relative
            if multi:
                multi[rnd.randrange(len(multi))][1].append((i, "other"))
            else:
                households.append(("one_person", [(i, "head")]))
        hh_of = np.full(n, -1, dtype=np.int64)
        for h, (_, members) in enumerate(households):
            for i, _rel in members:
                hh_of[i] = h
        coll_idx = np.array(sorted(collective), dtype=np.int64)

        # 3. urban / rural and township: exact census urban share, households kept together.
        urban_target = round(n * c.urban_share)
        coll_urban = int(min(len(coll_idx), round(len(coll_idx) * min(1.0, c.urban_share * 1.25))))
        urban = np.zeros(n, dtype=bool)
        if len(coll_idx):
            urban[npr.permutation(coll_idx)[:coll_urban]] = True
        remaining_urban = urban_target - coll_urban
        hh_urban = [False] * len(households)
        for h in npr.permutation(len(households)).tolist():
            size = len(households[h][1])
            if remaining_urban >= size / 2 and remaining_urban > 0:
                hh_urban[h] = True
                remaining_urban -= size
        for h, (_, members) in enumerate(households):
            if hh_urban[h]:
                for i, _rel in members:
                    urban[i] = True
        townships = county.townships
        tw_urban = np.array(self.township_weights(county, True))
        tw_rural = np.array(self.township_weights(county, False))
        draw_urban = npr.choice(len(townships), size=len(households) + len(coll_idx), p=tw_urban / tw_urban.sum())
        draw_rural = npr.choice(len(townships), size=len(households) + len(coll_idx), p=tw_rural / tw_rural.sum())
        hh_town = [townships[int(draw_urban[h] if u else draw_rural[h])] for h, u in enumerate(hh_urban)]
        town_of: list[Township] = [townships[0]] * n
        for h, (_, members) in enumerate(households):
            for i, _rel in members:
                town_of[i] = hh_town[h]
        for k, i in enumerate(coll_idx.tolist(), start=len(households)):
            town_of[i] = townships[int(draw_urban[k] if urban[i] else draw_rural[k])]

        # 4. hukou: where it is registered (人户分离 in the census shares) and its type.
        migrant = self.assign_migrants(c, households, coll_idx, age, n)
        hukou_div: list[str] = [""] * n
        hukou_type: list[str] = [""] * n
        units = [[i for i, _ in members] for _, members in households] + [[i] for i in coll_idx.tolist()]
        for unit in units:
            head = unit[0]
            m = migrant[head]
            if m == "county":
                others = [t for t in townships if t.code != town_of[head].code] or list(townships)
                place = rnd.choice(others).code
            elif m == "province":
                place = self.hukou_county_in_province(county)
            elif m == "out":
                place = self.hukou_county_out_of_province()
            else:
                place = town_of[head].code
            if m in ("province", "out"):
                p_urban_hukou = 0.3
            elif urban[head]:
                p_urban_hukou = 0.72
            else:
                p_urban_hukou = 0.08
            if head in collective and 15 <= age[head] <= 24:
                p_urban_hukou = 0.85  # students' collective hukou at their college
            ht = "urban" if rnd.random() < p_urban_hukou else "rural"
            for i in unit:
                hukou_div[i], hukou_type[i] = place, ht
                migrant[i] = m

        # 5. education, raked to the census by sex.
        edu = self.assign_education(c, sex, age, urban)

        # 6. disability (certificate holders, ~2.4%) and veterans.
        disability = np.zeros(n, dtype=np.int8)
        prev = _interp(age, (0, 15, 45, 60, 75), (0.004, 0.012, 0.025, 0.045, 0.07))
        dis = npr.random(n) < prev
        grades = npr.choice([1, 2, 3, 4], size=n, p=[0.12, 0.26, 0.28, 0.34])
        disability[dis] = grades[dis]
        veteran = np.zeros(n, dtype=bool)
        p_vet = np.where(sex == 0, np.where((age >= 20) & (age <= 80), 0.05, 0.0),
                         np.where((age >= 20) & (age <= 60), 0.003, 0.0))
        veteran = npr.random(n) < p_vet
        discharge: list[dt.date | None] = [None] * n
        for i in np.flatnonzero(veteran).tolist():
            served = rnd.choice((2, 2, 2, 3, 5, 5, 8, 12, 16))
            leave_age = min(int(age[i]), rnd.randint(18, 20) + served)
            d = birth_dates[i] + dt.timedelta(days=round(leave_age * 365.25) + rnd.randint(0, 300))
            discharge[i] = min(d, as_of - dt.timedelta(days=rnd.randint(1, 200)))

        # 7. labour status.
        status, grad_year = self.assign_labour_status(c, sex, age, edu, urban, hukou_type, disability, birth_dates)

        # 8. zero-employment households: a small share of households where every working-age member
        #    able to work is registered unemployed.
        self.make_zero_employment(households, hh_urban, status, sex, age, disability, hukou_type)

        # 9. (industry, occupation group) of everyone at work; flexible work; occupations.
        industry, occupation, flex_kind = self.assign_jobs(c, status, edu, urban, age)

        # 10. households' social assistance and flags; names, IDs, phones.
        hh_base = len(self.pop.households)
        p_base = len(self.pop.persons)
        for h, (kind, members) in enumerate(households):
            town = hh_town[h]
            idxs = [i for i, _ in members]
            able = [i for i in idxs if self._able(sex[i], age[i], status[i], disability[i])]
            zero = bool(able) and all(status[i] == S_UNEMPLOYED for i in able) and not any(
                status[i] in (S_EMPLOYED, S_FLEXIBLE) for i in idxs)
            assistance, since = self.assistance(hh_urban[h], idxs, zero, status, age, disability)
            self.hh_seq[town.code] += 1
            self.pop.households.append(GenHousehold(
                number=f"DM{town.code}{self.hh_seq[town.code]:06d}", division=town.code, urban=hh_urban[h],
                hukou_type=hukou_type[idxs[0]], address=self.address(county, town, hh_urban[h]),
                assistance_status=assistance, assistance_since=since, is_zero_employment=zero, kind=kind,
            ))
            for i, rel in members:
                self.pop.memberships.append(GenMembership(hh_base + h, p_base + i, rel))

        surnames = self.draw_surnames(n)
        for i in range(n):  # children carry their father's (or single mother's) surname
            j, seen = i, 0
            while surname_from[j] >= 0 and seen < 5:
                j, seen = surname_from[j], seen + 1
            if j != i:
                surnames[i] = surnames[j]
        minority = npr.random(n) < c.minority_share
        eth_names = [e for e, _ in words.ETHNIC_MINORITIES]
        eth_w = np.array([w for _, w in words.ETHNIC_MINORITIES])
        eth_draw = npr.choice(len(eth_names), size=n, p=eth_w / eth_w.sum())
        for i in range(n):
            s = "M" if sex[i] == 0 else "F"
            birth = birth_dates[i]
            place = self.id_place(hukou_div[i])
            rid = self.resident_id(place, birth, s)
            a = int(age[i])
            phone = ""
            if a >= 14 and (a < 80 or rnd.random() < 0.4):
                phone = rnd.choice(_PHONE_PREFIXES) + f"{rnd.randrange(10**8):08d}"
            e = edu[i]
            major = ""
            gy = grad_year[i]
            if e in TERTIARY:
                major = rnd.choice(words.MAJORS_COLLEGE if e == "junior_college" else words.MAJORS_BACHELOR)
            occ_group = occupation[i]
            self.pop.persons.append(GenPerson(
                name=surnames[i] + self.given_name(s, birth.year), sex=s, birth_date=birth, resident_id=rid,
                phone=phone, division=town_of[i].code, urban=bool(urban[i]), hukou_division=hukou_div[i],
                hukou_type=hukou_type[i], migrant=migrant[i],
                ethnicity=eth_names[eth_draw[i]] if minority[i] else "汉族",
                education=e, major=major, graduation_year=gy, labour_status=_STATUS[status[i]],
                occupation=occ_group, industry=industry[i], disability_grade=int(disability[i]) or None,
                is_veteran=bool(veteran[i]), discharge_date=discharge[i],
                household=(hh_base + int(hh_of[i])) if hh_of[i] >= 0 else -1,
            ))
        self._flex_kind.update({p_base + i: k for i, k in flex_kind.items()})

    @staticmethod
    def _able(s, a, st, dis) -> bool:
        """Of working age and able to work (not in school, not retired, no grade 1–2 disability)."""
        sx = "M" if s == 0 else "F"
        return is_working_age(sx, int(a)) and st not in (S_STUDENT, S_RETIRED) and not (1 <= dis <= 2)

    # ---- households
    def build_households(self, c: CountyCensus, pool: _Pool, n_persons: int, age, sex):
        rnd = self.rnd
        g1, g2, g3, g4 = c.generations
        kinds = _largest_remainder(
            max(1, round(c.households / self.rate)), [c.one_person, max(0, g1 - c.one_person), g2, g3, g4])
        n1, n1g, n2g, n3g, n4g = kinds
        # children per multi-generation household, adjusted to the census household population
        kids = [1 + (rnd.random() < 0.45) + (rnd.random() < 0.08) for _ in range(n2g + n3g + n4g)]
        parents2 = [2 if rnd.random() < 0.86 else 1 for _ in range(n2g)]
        elders3 = [2 if rnd.random() < 0.55 else 1 for _ in range(n3g + n4g)]
        middle3 = [2 if rnd.random() < 0.8 else 1 for _ in range(n3g + n4g)]
        planned = n1 + 2 * n1g + sum(parents2) + sum(elders3) + sum(middle3) + n4g + sum(kids)
        while planned != n_persons and kids:
            j = rnd.randrange(len(kids))
            if planned > n_persons and kids[j] > 1:
                kids[j] -= 1
                planned -= 1
            elif planned < n_persons and kids[j] < 4:
                kids[j] += 1
                planned += 1
            elif all(k <= 1 for k in kids) and planned > n_persons:
                break
            elif all(k >= 4 for k in kids) and planned < n_persons:
                break
        surname_from: dict[int, int] = defaultdict(lambda: -1)
        out: list[tuple[str, list[tuple[int, str]]]] = []

        def couple(lo: int, hi: int) -> tuple[int | None, int | None]:
            man = pool.take(0, lo, hi)
            if man is None:
                woman = pool.take(1, lo, hi)
                return None, woman
            woman = pool.take(1, int(age[man]) - 5, int(age[man]) + 1) if rnd.random() < 0.97 else None
            return man, woman

        def children(father: int | None, mother: int | None, k: int) -> list[int]:
            ref = mother if mother is not None else father
            if ref is None:
                return []
            ra = int(age[ref])
            got = []
            for _ in range(k):
                ch = pool.take(0 if rnd.random() < 0.52 else 1, max(0, ra - 40), max(0, ra - 20))
                if ch is None:
                    break
                surname_from[ch] = father if father is not None else ref
                got.append(ch)
            return got

        def core(two: bool, k: int, lo: int, hi: int) -> tuple[int | None, int | None, list[int]]:
            """Parents and their children. While minors remain unplaced, start from a child so that every
            child lives with a parent; afterwards parents first, with grown-up children."""
            if pool.has_children():
                first = pool.take(0 if rnd.random() < 0.52 else 1, 0, 17)
                if first is not None:
                    ca = int(age[first])
                    man = woman = None
                    if two or rnd.random() < 0.65:
                        woman = pool.take(1, ca + 21, ca + 38)
                    if woman is not None and two:
                        man = pool.take(0, int(age[woman]) - 1, int(age[woman]) + 5)
                    if woman is None and man is None:
                        man = pool.take(0, ca + 22, ca + 40)
                    if man is None and woman is None:
                        pool.put_back(first, int(sex[first]), ca)
                        return None, None, []
                    surname_from[first] = man if man is not None else woman
                    return man, woman, [first] + children(man, woman, k - 1)
            if two:
                man, woman = couple(lo, hi)
            elif rnd.random() < 0.65:
                man, woman = None, pool.take(1, lo, hi)
            else:
                man, woman = pool.take(0, lo, hi), None
            return man, woman, children(man, woman, k)

        kid_iter = iter(kids)
        # four- and three-generation households: grandparents, a middle couple and their children
        for h in range(n4g + n3g):
            four = h < n4g
            man, woman, kids_h = core(middle3[h] == 2, next(kid_iter, 1), 25, 58)
            mid_ref = man if man is not None else woman
            if mid_ref is None:
                for k in kids_h:
                    pool.put_back(k, int(sex[k]), int(age[k]))
                continue
            ma = int(age[mid_ref])
            gpa = pool.take(0, ma + 22, ma + 35) if elders3[h] == 2 or rnd.random() < 0.35 else None
            gma = pool.take(1, ma + 20, ma + 33) if (elders3[h] == 2 or gpa is None) else None
            ggp = None
            if four:
                base = int(age[gpa if gpa is not None else (gma if gma is not None else mid_ref)])
                ggp = pool.take(1 if rnd.random() < 0.7 else 0, base + 20, base + 30)
            if man is not None and gpa is not None:
                surname_from[man] = gpa
            head_is_elder = gpa is not None and rnd.random() < (0.5 if h % 2 else 0.3)
            members: list[tuple[int, str]] = []
            if head_is_elder:
                members.append((gpa, "head"))
                if gma is not None:
                    members.append((gma, "spouse"))
                for x in (man, woman):
                    if x is not None:
                        members.append((x, "child" if x == man or man is None else "other"))
                members += [(k, "grandchild") for k in kids_h]
                if ggp is not None:
                    members.append((ggp, "parent"))
            else:
                members.append((mid_ref, "head"))
                if man is not None and woman is not None:
                    members.append((woman, "spouse"))
                members += [(x, "parent") for x in (gpa, gma) if x is not None]
                members += [(k, "child") for k in kids_h]
                if ggp is not None:
                    members.append((ggp, "other"))
            out.append(("four_generations" if four and ggp is not None else "three_generations", members))
        # two-generation households
        for h in range(n2g):
            man, woman, kids_h = core(parents2[h] == 2, next(kid_iter, 1), 24, 85)
            ref = man if man is not None else woman
            if ref is None:
                for k in kids_h:
                    pool.put_back(k, int(sex[k]), int(age[k]))
                continue
            members = [(ref, "head")]
            if man is not None and woman is not None:
                members.append((woman, "spouse"))
            members += [(k, "child") for k in kids_h]
            out.append(("two_generations" if kids_h else "one_generation", members))
        # one-generation households of two or more (couples, siblings)
        for _ in range(n1g):
            man, woman = couple(20, 95)
            ref = man if man is not None else woman
            if ref is None:
                continue
            members = [(ref, "head")] + ([(woman, "spouse")] if man is not None and woman is not None else [])
            if len(members) == 1:
                other = pool.take(rnd.randrange(2), int(age[ref]) - 8, int(age[ref]) + 8)
                if other is not None:
                    members.append((other, "other"))
            out.append(("one_generation" if len(members) > 1 else "one_person", members))
        for _ in range(n1):
            p = pool.take(rnd.randrange(2), 18, 100)
            if p is None:
                break
            out.append(("one_person", [(p, "head")]))
        return out, surname_from

    def assign_migrants(self, c: CountyCensus, households, coll_idx, age, n) -> list[str]:
        same, prov, out = c.hukou_elsewhere
        target = (same + prov + out) / max(1, c.population) * n
        unit_sizes, unit_w, unit_heads = [], [], []
        for _, members in households:
            head = members[0][0]
            a = int(age[head])
            unit_sizes.append(len(members))
            unit_w.append(1.5 if 20 <= a <= 45 else (0.5 if a >= 60 else 1.0))
            unit_heads.append(head)
        for i in coll_idx.tolist():
            unit_sizes.append(1)
            unit_w.append(2.5)
            unit_heads.append(i)
        sizes = np.array(unit_sizes, dtype=float)
        w = np.array(unit_w)
        lo, hi = 0.0, 10.0
        for _ in range(50):
            mid = (lo + hi) / 2
            if (np.minimum(0.95, w * mid) * sizes).sum() < target:
                lo = mid
            else:
                hi = mid
        p = np.minimum(0.95, w * hi)
        draws = self.np.random(len(p)) < p
        shares = np.array([same, prov, out], dtype=float)
        shares = shares / shares.sum() if shares.sum() else np.array([1.0, 0, 0])
        kinds = self.np.choice(3, size=len(p), p=shares)
        migrant = [""] * n
        for u, head in enumerate(unit_heads):
            if draws[u]:
                migrant[head] = ("county", "province", "out")[kinds[u]]
        return migrant

    def hukou_county_in_province(self, county: County) -> str:
        region = self.region
        same_city = [c.code for c in region.counties if c.code != county.code and c.code[4] != "7"]
        if len(region.code) == 6:
            same_city = [a for a, _ in region.areas_by_province.get(region.province_code, [])
                         if a.startswith(region.city_code) and a != county.code and a[4] != "7"]
        if same_city and self.rnd.random() < 0.4:
            code = self.rnd.choice(same_city)
        else:
            areas = [a for a, _ in region.areas_by_province.get(region.province_code, [])
                     if a != county.code and a[4] != "7"]
            code = self.rnd.choice(areas)
        add_county_division(region, code)
        self.pop.divisions[code] = region.divisions[code]
        for anc in (code[:4], code[:2]):
            self.pop.divisions[anc] = region.divisions[anc]
        return code

    def hukou_county_out_of_province(self) -> str:
        region = self.region
        provs = [(p, w) for p, w in _OUT_PROVINCES if p != region.province_code and region.areas_by_province.get(p)]
        r = self.rnd.random() * sum(w for _, w in provs)
        prov = provs[-1][0]
        for p, w in provs:
            r -= w
            if r < 0:
                prov = p
                break
        code = self.rnd.choice([a for a, _ in region.areas_by_province[prov] if a[4] != "7"])
        add_county_division(region, code)
        for k in (code, code[:4], code[:2]):
            self.pop.divisions[k] = region.divisions[k]
        return code

    def assign_education(self, c: CountyCensus, sex, age, urban) -> list[str | None]:
        n = len(age)
        npr = self.np
        edu: list[str | None] = [None] * n
        u = npr.random(n)
        for i in range(n):
            a = age[i]
            if a < 6:
                continue
            if a < 12:
                edu[i] = "primary"
            elif a < 15:
                edu[i] = "junior"
            elif a < 18:
                edu[i] = "junior" if u[i] < 0.15 else ("senior" if u[i] < 0.66 else "vocational")
        scale = n / max(1, c.population)
        adult = age >= 18
        group = np.clip(np.searchsorted([g[0] for g in _EDU_AGE_GROUPS], age, side="right") - 1, 0, 6)
        for s in (0, 1):
            census = np.array(c.education[s], dtype=float) * scale  # none, preschool, primary, junior, senior, college, bachelor+
            kids = (sex == s) & (age >= 6) & (age < 18)
            target = np.array([census[0], census[2], census[3], census[4], census[5], census[6]])
            target[1] -= ((age[kids] >= 6) & (age[kids] < 12)).sum()
            target[2] -= ((age[kids] >= 12) & (age[kids] < 15)).sum() + 0.15 * (age[kids] >= 15).sum()
            target[3] -= 0.85 * (age[kids] >= 15).sum()
            target = np.maximum(target, 0.002 * max(1.0, target.sum()))
            mask = adult & (sex == s)
            if not mask.any():
                continue
            target *= mask.sum() / target.sum()
            prior = _EDU_PRIOR[group[mask]].copy()
            if s == 1:
                old = age[mask] >= 55
                prior[old, 0] *= 1.8
                prior[old, 1] *= 1.2
            prior[urban[mask]] *= _EDU_URBAN
            w = np.ones(6)
            for _ in range(60):
                pw = prior * w
                expected = (pw / pw.sum(axis=1, keepdims=True)).sum(axis=0)
                w *= np.divide(target, expected, out=np.ones(6), where=expected > 0)
            pw = prior * w
            cum = np.cumsum(pw / pw.sum(axis=1, keepdims=True), axis=1)
            cat = (npr.random(mask.sum())[:, None] > cum).sum(axis=1)
            idx = np.flatnonzero(mask)
            r = npr.random(len(idx))
            for k, i in enumerate(idx.tolist()):
                cc = int(cat[k])
                if cc == 0:
                    e = "none"
                elif cc == 1:
                    e = "primary"
                elif cc == 2:
                    e = "junior"
                elif cc == 3:
                    e = "senior" if r[k] < 0.62 else "vocational"
                elif cc == 4:
                    e = "junior_college"
                elif r[k] < 0.015 and age[i] >= 27:
                    e = "doctor"
                elif r[k] < 0.12 and age[i] >= 24:
                    e = "master"
                else:
                    e = "bachelor"
                edu[i] = e
        return edu

    def assign_labour_status(self, c: CountyCensus, sex, age, edu, urban, hukou_type, disability, birth_dates):
        n = len(age)
        npr, as_of = self.np, self.as_of
        status = np.full(n, S_INACTIVE, dtype=np.int8)
        grad_year: list[int | None] = [None] * n
        years_to_degree = {"junior_college": 21, "bachelor": 22, "master": 25, "doctor": 28}
        r = npr.random(n)
        for i in range(n):
            a = int(age[i])
            e = edu[i]
            if 6 <= a < 16:
                status[i] = S_STUDENT
            elif a < 6:
                continue
            elif e in years_to_degree:
                gy = birth_dates[i].year + years_to_degree[e] + (1 if r[i] < 0.3 else 0)
                gy = max(gy, birth_dates[i].year + 19)
                grad_year[i] = gy
                if gy > as_of.year or (gy == as_of.year and as_of < dt.date(as_of.year, 7, 1)):
                    status[i] = S_STUDENT
            elif a < 18 and r[i] < 0.92:
                status[i] = S_STUDENT
            elif a < 20 and e in ("senior", "vocational") and r[i] < 0.3:
                status[i] = S_STUDENT
        # retirement (urban hukou: pensions at 60 for men, 50–55 for women)
        r = npr.random(n)
        male = sex == 0
        urban_hukou = np.array([h == "urban" for h in hukou_type])
        retire = urban_hukou & (
            (male & (age >= 60) & (r < 0.93)) | (~male & (age >= 55) & (r < 0.93)) | (~male & (age >= 50) & (r < 0.55)))
        status[retire & (status == S_INACTIVE)] = S_RETIRED
        # employment: scale the age profile to the census employment ratio of the population aged 15+
        cand = (status == S_INACTIVE) & (age >= ADULT_AGE)
        target = c.employment_ratio * (age >= 15).sum()
        prop = np.where(male, _interp(age, _EMP_AGES, _EMP_M), _interp(age, _EMP_AGES, _EMP_F))
        prop = prop * np.where((age >= 60) & ~urban, 1.6, 1.0)
        prop = prop * np.where(disability == 0, 1.0, np.where(disability <= 2, 0.15, 0.6))
        p = np.zeros(n)
        p[cand] = _solve_scale(prop[cand], target)
        status[cand & (npr.random(n) < p)] = S_EMPLOYED
        # registered unemployed, about 3.5% of the labour force, mostly in towns
        employed = int((status == S_EMPLOYED).sum())
        n_unemp = round(employed * 0.035 / 0.965)
        wa = np.array([is_working_age("M" if s == 0 else "F", int(a)) for s, a in zip(sex, age, strict=True)])
        pool = np.flatnonzero((status == S_INACTIVE) & wa & ~((disability >= 1) & (disability <= 2)))
        if len(pool) and n_unemp:
            w = np.where(urban[pool], 2.5, 1.0) * np.where((age[pool] >= 20) & (age[pool] < 30), 1.3, 1.0)
            chosen = npr.choice(pool, size=min(n_unemp, len(pool)), replace=False, p=w / w.sum())
            status[chosen] = S_UNEMPLOYED
        return status, grad_year

    def make_zero_employment(self, households, hh_urban, status, sex, age, disability, hukou_type) -> None:
        candidates = [
            h for h, (_, members) in enumerate(households)
            if len(members) >= 2 and any(self._able(sex[i], age[i], status[i], disability[i]) for i, _ in members)
        ]
        urban_first = [h for h in candidates if hh_urban[h]] or candidates
        k = min(len(urban_first), max(1, round(0.001 * len(households))))
        for h in self.rnd.sample(urban_first, k):
            for i, _ in households[h][1]:
                if self._able(sex[i], age[i], status[i], disability[i]):
                    status[i] = S_UNEMPLOYED
                elif status[i] in (S_EMPLOYED, S_FLEXIBLE):
                    status[i] = S_RETIRED if hukou_type[i] == "urban" and age[i] >= 50 else S_INACTIVE

    def assign_jobs(self, c: CountyCensus, status, edu, urban, age):
        n = len(status)
        rnd, npr = self.rnd, self.np
        workers = np.flatnonzero(status == S_EMPLOYED)
        industry: list[str | None] = [None] * n
        occupation: list[str | None] = [None] * n
        flex_kind: dict[int, str] = {}
        if len(workers):
            prior = np.array([[_AFFINITY[s].get(g, 0.0) + 0.002 for g in OCC_GROUPS] for s in INDUSTRY_SECTIONS])
            joint = _rake_2d(prior, np.array(c.industries, dtype=float), np.array(c.occupations, dtype=float))
            cells = _largest_remainder(len(workers), joint.ravel())
            pairs = [(INDUSTRY_SECTIONS[k // len(OCC_GROUPS)], OCC_GROUPS[k % len(OCC_GROUPS)])
                     for k, cnt in enumerate(cells) for _ in range(cnt)]
            pair_score = np.array([_OCC_SKILL[g] for _, g in pairs]) + npr.normal(0, 1.0, len(pairs))
            person_score = (np.array([_EDU_RANK.get(edu[i] or "none", 0) for i in workers]) * 0.8
                            + np.where(urban[workers], 0.8, 0.0) - np.where(age[workers] >= 50, 0.6, 0.0)
                            + npr.normal(0, 1.2, len(workers)))
            order_pairs = np.argsort(pair_score, kind="stable")
            order_people = np.argsort(person_score, kind="stable")
            for pi, wi in zip(order_pairs.tolist(), order_people.tolist(), strict=True):
                i = int(workers[wi])
                ind, grp = pairs[pi]
                industry[i] = ind
                occupation[i] = self.pick_occupation(ind, grp)
                r = rnd.random()
                if ind == "A" and grp == "5" and r < 0.85:
                    status[i], flex_kind[i] = S_FLEXIBLE, "farm"
                elif grp in ("4", "6") and ind in "EFGHOR" and r < 0.3:
                    status[i] = S_FLEXIBLE
                    flex_kind[i] = "shop" if ind in "EFGHOR" and rnd.random() < 0.6 else "gig"
                elif r < 0.04:
                    status[i], flex_kind[i] = S_FLEXIBLE, "gig"
        # the unemployed keep the occupation of their last job (if any) — decided with their spells
        return industry, occupation, flex_kind

    def assistance(self, is_urban: bool, idxs, zero: bool, status, age, disability) -> tuple[str, dt.date | None]:
        rnd = self.rnd
        base = 0.012 if is_urban else 0.035
        mult = 1.0
        if any(disability[i] for i in idxs):
            mult *= 3
        if any(status[i] == S_UNEMPLOYED for i in idxs):
            mult *= 2.5
        if len(idxs) == 1 and age[idxs[0]] >= 65:
            mult *= 2
        if any(status[i] in (S_EMPLOYED, S_FLEXIBLE) for i in idxs):
            mult *= 0.35
        p_dibao = 0.5 if zero else min(0.9, base * mult)
        r = rnd.random()
        since = self.date_before(self.as_of, 60, 365 * 8)
        if len(idxs) == 1 and not is_urban and (age[idxs[0]] >= 75 or 1 <= disability[idxs[0]] <= 2) and r < 0.08:
            return "tekun", since
        if r < p_dibao:
            return "dibao", since
        if r < p_dibao + min(0.9, 1.3 * base * mult):
            return "low_income", since
        return "none", None

    # ---- names and identifiers
    def draw_surnames(self, n: int) -> list[str]:
        idx = np.searchsorted(self.surname_cum, self.np.random(n) * self.surname_cum[-1], side="right")
        idx = np.minimum(idx, len(self.surnames) - 1)
        return [self.surnames[k] for k in idx.tolist()]

    def given_name(self, sex: str, birth_year: int) -> str:
        cohort = 0 if birth_year < 1965 else 1 if birth_year < 1985 else 2 if birth_year < 2000 else 3
        chars = words.GIVEN_CHARS[(sex, cohort)]
        r = self.rnd
        if r.random() < (0.78 if cohort < 2 else 0.88):
            a, b = r.choice(chars), r.choice(chars)
            if a == b and not (sex == "F" and r.random() < 0.5):
                b = r.choice(chars)
            return a + b
        return r.choice(chars)

    def id_place(self, hukou_div: str) -> str:
        county = hukou_div[:6]
        if county in _ZONE_ID_PLACE:
            return _ZONE_ID_PLACE[county]
        if county[4] == "7":  # another functional zone: the city's first ordinary county
            ordinary = [c.code for c in self.region.counties if c.code[:4] == county[:4] and c.code[4] != "7"]
            return ordinary[0] if ordinary else county
        return county

    def resident_id(self, place: str, birth: dt.date, sex: str) -> str:
        key = (place, birth, sex)
        k = self.id_counters.get(key)
        if k is None:
            k = self.rnd.randrange(0, 60)
        self.id_counters[key] = (k + 1) % 500
        return make_resident_id(place, birth, k * 2 + (1 if sex == "M" else 0))

    def credit_code(self, kind: str, county_code: str, registered_on: dt.date) -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        while True:
            if registered_on.year >= 2015:
                body = "MA" + "".join(self.rnd.choice(alphabet) for _ in range(6))
            else:
                body = f"{self.rnd.randrange(10**8):08d}"
            code = make_credit_code(kind[0], kind[1], county_code, body)
            if code not in self.credit_codes:
                self.credit_codes.add(code)
                return code

    # ------------------------------------------------------------------------------------- employers
    def employers(self, county: County) -> None:
        rnd = self.rnd
        people = self.pop.persons
        start = self._county_slices[county.code]
        idxs = range(*start)
        by_industry: dict[str, list[int]] = defaultdict(list)
        for i in idxs:
            p = people[i]
            if p.labour_status == EMPLOYED:
                by_industry[p.industry or "C"].append(i)
            elif p.labour_status == FLEXIBLE and self._flex_kind.get(i) == "shop":
                self.add_employer(county, p.industry or "F", size=1, getihu_owner=i)
        for ind in INDUSTRY_SECTIONS:
            workers = by_industry.get(ind, [])
            rnd.shuffle(workers)
            remaining = len(workers)
            pos = 0
            while remaining > 0:
                r = rnd.random()
                if r < 0.70:
                    size = int(math.exp(rnd.uniform(0, math.log(9.99))))
                elif r < 0.94:
                    size = int(math.exp(rnd.uniform(math.log(10), math.log(99.99))))
                elif r < 0.995:
                    size = int(math.exp(rnd.uniform(math.log(100), math.log(999.99))))
                else:
                    size = int(math.exp(rnd.uniform(math.log(1000), math.log(8000))))
                if size > remaining * 1.2 and size > 10:
                    size = max(1, int(remaining * rnd.uniform(0.3, 1.0)))
                size = max(1, min(size, remaining))
                e = self.add_employer(county, ind, size=size)
                for i in workers[pos:pos + size]:
                    self._job_of[i] = e
                pos += size
                remaining -= size
        # closed and abnormal employers, for past spells and supervision
        n_closed = max(1, len(self.employers_by_county[county.code]) // 40)
        for _ in range(n_closed):
            e = self.add_employer(county, rnd.choice("CEFGHL"), size=rnd.randint(3, 60), closed=True)
            self.deregistered[county.code].append(e)

    def add_employer(self, county: County, ind: str, *, size: int, getihu_owner: int | None = None,
                     closed: bool = False) -> int:
        rnd, as_of = self.rnd, self.as_of
        short = self.short_name(county)
        public_share = {"S": 1.0, "P": 0.75, "Q": 0.6, "N": 0.4, "R": 0.2, "D": 0.5}.get(ind, 0.0)
        urban_seat = ind != "A" or rnd.random() < 0.3
        tw = np.array(self.township_weights(county, urban_seat))
        town = county.townships[int(self.np.choice(len(county.townships), p=tw / tw.sum()))]
        town_short = town.name[:-2] if town.name.endswith("街道") else town.name[:-1]
        age_years = rnd.uniform(0.3, 12) if size < 10 else rnd.uniform(1, 30)
        registered_on = as_of - dt.timedelta(days=round(age_years * 365))
        if getihu_owner is not None:
            shop = rnd.choice(words.SHOP_WORDS.get(ind, words.SHOP_WORDS["F"]))
            surname = self.pop.persons[getihu_owner].name[:2 if self.pop.persons[getihu_owner].name[:2] in
                                                          ("欧阳", "司马", "诸葛") else 1]
            name, ownership, kind = f"{county.name}{town_short}{surname}记{shop}", "individual", "92"
        elif public_share and rnd.random() < public_share:
            pattern = rnd.choice(words.PUBLIC_BODIES.get(ind, ("{county}{town}服务中心",)))
            name = pattern.format(county=county.name if county.code[4] != "7" else self.region.city_name,
                                  town=town.name, n=rnd.choice("一二三四五六七八九十"))
            if ind == "D":
                ownership, kind = "state", "91"
            elif ind == "S" and name.endswith("局"):
                ownership, kind = "state", "11"
            else:
                ownership, kind = "institution", "12"
            registered_on = as_of - dt.timedelta(days=rnd.randint(365 * 15, 365 * 40))
        else:
            r = rnd.random()
            state_share = {"D": 0.6, "J": 0.3, "G": 0.15, "B": 0.2}.get(ind, 0.04)
            if r < state_share:
                ownership = "state"
            elif ind == "A" and r < state_share + 0.25:
                ownership = "collective"
            elif ind == "C" and r > 0.96:
                ownership = "foreign"
            else:
                ownership = "private"
            kind = "93" if ownership == "collective" and ind == "A" else "91"
            trade = rnd.choice(words.INDUSTRY_WORDS[ind])
            brand = rnd.choice(words.TRADE_WORDS)
            if kind == "93":
                name = f"{county.name}{town_short}{brand}{trade}专业合作社"
            else:
                suffix = "股份有限公司" if size >= 300 and rnd.random() < 0.5 else (
                    "有限责任公司" if rnd.random() < 0.3 else "有限公司")
                name = f"{short}{brand}{trade}{suffix}"
        size_class = "micro" if size < 10 else "small" if size < 100 else "medium" if size < 1000 else "large"
        status = "deregistered" if closed else ("abnormal" if ownership in ("private", "individual") and
                                                rnd.random() < 0.03 else "active")
        lat, lon = self.coords_near(county)
        employer = GenEmployer(
            # the credit code is completed once the registration date is final
            credit_code=kind + county.code, name=name, division=town.code, industry=ind, ownership=ownership,
            size_class=size_class, workers=0 if closed else size, registered_on=registered_on, status=status,
            address=f"{county.name}{town.name}{rnd.choice(words.ROAD_WORDS)}路{rnd.randint(1, 499)}号",
            latitude=lat, longitude=lon,
        )
        e = len(self.pop.employers)
        self.pop.employers.append(employer)
        if not closed:
            self.employers_by_county[county.code].append(e)
            self.employers_by_cell[(county.code, ind)].append(e)
        if getihu_owner is not None:
            self._job_of[getihu_owner] = e
        # establishments: the seat, plus branches for the bigger ones
        self.add_establishment(e, county, town, name)
        extra = 0
        if size_class == "medium":
            extra = int(self.np.poisson(0.4))
        elif size_class == "large":
            extra = 1 + int(self.np.poisson(1.5))
        for _ in range(extra):
            branch_county = county if rnd.random() < 0.7 else rnd.choice(self.region.counties)
            t = rnd.choice(branch_county.townships)
            label = t.name[:-2] if t.name.endswith("街道") else t.name
            self.add_establishment(e, branch_county, t, f"{name}{label}分公司")
        return e

    def add_establishment(self, e: int, county: County, town: Township, name: str) -> None:
        lat, lon = self.coords_near(county)
        self.employer_establishments[e].append(len(self.pop.establishments))
        self.pop.establishments.append(GenEstablishment(
            employer=e, name=name, division=town.code,
            address=f"{county.name}{town.name}{self.rnd.choice(words.ROAD_WORDS)}路{self.rnd.randint(1, 499)}号",
            latitude=lat, longitude=lon,
        ))

    # -------------------------------------------------------------------------- spells, registrations
    def wage(self, group: str | None, industry: str | None, urban: bool, years_ago: float = 0.0) -> int:
        base = _WAGE_BASE.get(group or "4", 4300) * _WAGE_INDUSTRY.get(industry or "", 1.0) * (1.08 if urban else 0.88)
        w = base * math.exp(self.rnd.gauss(0, 0.33)) * (0.95 ** years_ago)
        return max(MIN_WAGE, int(round(w, -1)))

    def contract_for(self, ownership: str) -> str:
        r = self.rnd.random()
        if ownership in ("state", "institution"):
            return "open_ended" if r < 0.6 else "fixed_term"
        if ownership == "individual":
            return "fixed_term" if r < 0.4 else ("part_time" if r < 0.75 else "open_ended")
        return "fixed_term" if r < 0.65 else "open_ended" if r < 0.85 else "dispatch" if r < 0.92 else "part_time"

    def other_employer(self, county_code: str, industry: str | None, exclude: int) -> int:
        rnd = self.rnd
        pool = self.employers_by_cell.get((county_code, industry or ""), []) if rnd.random() < 0.5 else []
        if not pool or (len(pool) == 1 and pool[0] == exclude):
            pool = self.employers_by_county.get(county_code) or [e for v in self.employers_by_county.values() for e in v]
        if not pool:
            return -1
        e = rnd.choice(pool)
        return e if e != exclude or len(pool) == 1 else rnd.choice(pool)

    def establishment_for(self, e: int) -> int:
        ests = self.employer_establishments.get(e, [])
        if not ests:
            return -1
        return ests[0] if len(ests) == 1 or self.rnd.random() < 0.5 else self.rnd.choice(ests)

    def spells_and_registrations(self) -> None:
        rnd, as_of, pop = self.rnd, self.as_of, self.pop
        end_reasons_job = (("resigned", 0.5), ("contract_ended", 0.25), ("dismissed", 0.1), ("employer_closed", 0.1),
                           ("other", 0.05))
        end_reasons_unemp = (("dismissed", 0.35), ("contract_ended", 0.3), ("employer_closed", 0.15),
                             ("resigned", 0.2))

        def weighted(options):
            r = rnd.random()
            for v, w in options:
                r -= w
                if r < 0:
                    return v
            return options[-1][0]

        def past_spell(i: int, end: dt.date, reason: str, county_code: str, industry: str | None,
                       years: tuple[float, float], exclude: int = -1) -> GenSpell | None:
            p = pop.persons[i]
            earliest = p.birth_date + dt.timedelta(days=int(18 * 365.25))
            start = end - dt.timedelta(days=round(rnd.uniform(*years) * 365))
            start = max(start, earliest)
            if start >= end:
                return None
            if reason == "employer_closed" and self.deregistered.get(county_code):
                e = rnd.choice(self.deregistered[county_code])
            else:
                e = self.other_employer(county_code, industry, exclude)
            if e < 0:
                return None
            emp = pop.employers[e]
            start = max(start, self.opened(emp, start))
            if start >= end:
                return None
            group = (p.occupation or "4-").split("-")[0]
            occ = p.occupation or self.pick_occupation(emp.industry, group)
            spell = GenSpell(i, e, self.establishment_for(e), occ, self.contract_for(emp.ownership), start, end,
                             reason, self.wage(group, emp.industry, p.urban, (as_of - end).days / 365))
            pop.spells.append(spell)
            return spell

        def current_start(p: GenPerson) -> dt.date:
            a = p.age_on(as_of)
            max_years = max(0.1, a - (18 if p.labour_status == EMPLOYED else 16))
            tenure = min(max_years, rnd.expovariate(1 / (6 if p.labour_status == EMPLOYED else 8)))
            earliest = p.birth_date + dt.timedelta(days=int(16 * 365.25))
            return max(earliest, as_of - dt.timedelta(days=max(30, round(tenure * 365))))

        # individual businesses opened when their owners started them: fix those dates first
        started: dict[int, dt.date] = {}
        for i, kind in sorted(self._flex_kind.items()):
            if kind == "shop":
                started[i] = current_start(pop.persons[i])
                pop.employers[self._job_of[i]].registered_on = started[i]

        for i, p in enumerate(pop.persons):
            county_code = p.division[:6]
            a = p.age_on(as_of)
            earliest = p.birth_date + dt.timedelta(days=int(16 * 365.25))
            if p.labour_status in (EMPLOYED, FLEXIBLE):
                kind = self._flex_kind.get(i, "")
                start = current_start(p)
                group = (p.occupation or "4-").split("-")[0]
                if p.labour_status == EMPLOYED:
                    e = self._job_of[i]
                    emp = pop.employers[e]
                    contract = self.contract_for(emp.ownership)
                    wage = self.wage(group, emp.industry, p.urban)
                elif kind == "shop":
                    e, contract, wage = self._job_of[i], "self", None
                    emp = pop.employers[e]
                else:
                    e, emp, contract = -1, None, ("self" if kind == "farm" else "task")
                    wage = None if kind == "farm" else self.wage(group, p.industry, p.urban)
                if kind == "shop":
                    start = started[i]
                elif emp is not None:
                    start = max(start, self.opened(emp, start))
                pop.spells.append(GenSpell(i, e, self.establishment_for(e) if e >= 0 else -1, p.occupation,
                                           contract, start, None, "", wage))
                if p.labour_status == EMPLOYED and a >= 24 and rnd.random() < 0.4:
                    gap = rnd.randint(1, 120)
                    past_spell(i, start - dt.timedelta(days=gap), weighted(end_reasons_job), county_code,
                               p.industry, (0.5, 8), exclude=e)
                    if rnd.random() < 0.08 and (as_of - start).days < 3 * 365:  # found this job through the office
                        reg_on = start - dt.timedelta(days=rnd.randint(30, max(31, gap + 200)))
                        pop.registrations.append(GenRegistration(
                            i, p.division, reg_on, start, "employed", -1, p.occupation))
            elif p.labour_status == UNEMPLOYED:
                months = min(60.0, 0.5 + rnd.expovariate(1 / 9))
                registered_on = max(earliest, as_of - dt.timedelta(days=round(months * 30.44)))
                previous = -1
                if a >= 19 and rnd.random() < 0.75:
                    end = max(earliest + dt.timedelta(days=200), registered_on - dt.timedelta(days=rnd.randint(0, 60)))
                    if end <= registered_on:
                        group = rnd.choice(("2", "3", "4", "4", "4", "6", "6"))
                        e_ind = rnd.choice(INDUSTRY_SECTIONS[:19])
                        p.occupation = self.pick_occupation(e_ind, group)
                        spell = past_spell(i, end, weighted(end_reasons_unemp), county_code, e_ind, (0.5, 10))
                        if spell is not None:
                            previous = spell.employer
                        else:
                            p.occupation = None
                if p.occupation is None:
                    group = "2" if p.education in TERTIARY and rnd.random() < 0.5 else rnd.choice(("3", "4", "4", "6"))
                    seeking = self.pick_occupation(None, group)
                else:
                    seeking = p.occupation if rnd.random() < 0.7 else self.pick_occupation(None, p.occupation[0])
                pop.registrations.append(GenRegistration(
                    i, p.division, registered_on, None, "open", previous, seeking))
            elif p.labour_status == RETIRED and rnd.random() < 0.6:
                ret = dt.date(p.birth_date.year + (60 if p.sex == "M" else rnd.choice((50, 55))),
                              p.birth_date.month, min(p.birth_date.day, 28))
                ret = min(ret, as_of - dt.timedelta(days=rnd.randint(1, 400)))
                group = rnd.choice(("1", "2", "2", "3", "4", "6", "6"))
                p_occ_before = p.occupation
                p.occupation = self.pick_occupation(None, group)
                past_spell(i, ret, "retired", county_code, None, (15, 35))
                p.occupation = p_occ_before
            elif p.labour_status == INACTIVE and is_working_age(p.sex, a) and a >= 25 and rnd.random() < 0.01:
                reg_on = self.date_before(as_of, 400, 365 * 4)
                ended = reg_on + dt.timedelta(days=rnd.randint(60, 365))
                pop.registrations.append(GenRegistration(
                    i, p.division, reg_on, min(ended, as_of - dt.timedelta(days=1)),
                    rnd.choice(("cancelled", "expired")), -1, None))
        self.past_registrations()
        for emp in pop.employers:
            emp.registered_on = min(emp.registered_on, as_of)
            emp.credit_code = self.credit_code(emp.credit_code[:2], emp.credit_code[2:], emp.registered_on)

    # Registrations that ended in a job before the reference date. Without them the library would hold only
    # today's registered unemployed, so the stock would seem to grow month after month towards `as_of` and every
    # early-warning rule would fire on the demo. Enough of today's workers are given a registration that ended
    # when their current job began for the outflow to match the stock's (stock ÷ mean duration per month) over
    # the last three years. A separate random stream keeps the rest of the region unchanged.
    HISTORY_MONTHS = 36
    MEAN_REGISTRATION_MONTHS = 9.5  # 0.5 + the exponential mean used for today's open registrations

    def past_registrations(self) -> None:
        pop, as_of = self.pop, self.as_of
        rnd = random.Random(f"{self.seed}-registration-history")
        stock = sum(1 for r in pop.registrations if r.status == "open")
        window_start = as_of - dt.timedelta(days=round(self.HISTORY_MONTHS * 30.44))
        already = sum(1 for r in pop.registrations
                      if r.status == "employed" and r.ended_on and r.ended_on > window_start)
        needed = round(stock / self.MEAN_REGISTRATION_MONTHS * self.HISTORY_MONTHS) - already
        if needed <= 0:
            return
        registered = {r.person for r in pop.registrations}
        last_end: dict[int, tuple[dt.date, int]] = {}
        current: dict[int, GenSpell] = {}
        for s in pop.spells:
            if s.end_date is None:
                current[s.person] = s
            elif s.person not in last_end or s.end_date > last_end[s.person][0]:
                last_end[s.person] = (s.end_date, s.employer)
        # Jobs began more often lately (tenures are exponential), so the registrations that end in them are
        # drawn month by month, the same number in each month, for an even outflow.
        by_month: dict[int, list[int]] = defaultdict(list)
        for i, s in current.items():
            if i not in registered and s.start_date > window_start and pop.persons[i].labour_status == EMPLOYED:
                by_month[int((as_of - s.start_date).days / 30.44)].append(i)
        per_month = needed / self.HISTORY_MONTHS
        for month in range(self.HISTORY_MONTHS):
            people = sorted(by_month.get(month, []))
            rnd.shuffle(people)
            take = round(per_month * (month + 1)) - round(per_month * month)
            for i in people:
                if take <= 0:
                    break
                p, start = pop.persons[i], current[i].start_date
                months = min(60.0, 0.5 + rnd.expovariate(1 / 9))
                registered_on = start - dt.timedelta(days=round(months * 30.44))
                previous_end, previous = last_end.get(i, (None, -1))
                # someone whose last job or schooling ended after this registration would have begun is passed
                # over, so the registrations keep their full durations
                if registered_on < p.birth_date + dt.timedelta(days=int(16 * 365.25)) or (
                        previous_end and previous_end >= registered_on):
                    continue
                take -= 1
                pop.registrations.append(GenRegistration(
                    i, p.division, registered_on, start, "employed", previous, p.occupation))

    def opened(self, emp: GenEmployer, start: dt.date) -> dt.date:
        """No one works for an employer before it exists: public bodies and state firms are old enough
        (their registration date moves back); a younger private firm's spells start when it opened."""
        if emp.registered_on > start and emp.ownership in ("state", "institution", "collective"):
            emp.registered_on = start - dt.timedelta(days=self.rnd.randint(0, 900))
        return emp.registered_on

    # ------------------------------------------------------------------------------------- key groups
    def key_groups(self) -> None:
        pop, as_of, rnd = self.pop, self.as_of, self.rnd
        open_reg = {r.person: r for r in pop.registrations if r.status == "open"}
        hh_members: dict[int, list[int]] = defaultdict(list)
        for m in pop.memberships:
            hh_members[m.household].append(m.person)
        out = pop.key_groups

        def add(i: int, code: str, since: dt.date) -> None:
            out.append(GenKeyGroup(i, code, min(since, as_of)))

        for i, p in enumerate(pop.persons):
            a = p.age_on(as_of)
            wa = is_working_age(p.sex, a)
            reg = open_reg.get(i)
            if p.graduation_year and p.education in TERTIARY:
                gy = p.graduation_year
                if gy == as_of.year or (gy == as_of.year - 1 and p.labour_status not in (EMPLOYED, FLEXIBLE)) or (
                        gy == as_of.year + 1 and as_of.month >= 9):
                    add(i, "graduate", dt.date(gy - 1, 9, 1))
            if reg is not None:
                if a <= 24:
                    add(i, "unemployed_youth", reg.registered_on)
                if (p.sex == "F" and a >= 40) or (p.sex == "M" and a >= 50):
                    add(i, "older_worker", reg.registered_on)
                if (as_of - reg.registered_on).days >= 365:
                    reg_plus = reg.registered_on
                    add(i, "long_term_unemployed", _add_years(reg_plus, 1))
            if p.is_veteran and wa and p.discharge_date and (as_of - p.discharge_date).days <= 365 * 10:
                add(i, "veteran", p.discharge_date)
            if p.disability_grade and wa:
                add(i, "disabled", self.date_before(as_of, 30, 365 * 10))
            if p.hukou_type == "rural" and p.migrant in ("province", "out") and p.labour_status in (EMPLOYED, FLEXIBLE) \
                    and p.industry != "A" and rnd.random() < 0.3:
                add(i, "rural_migrant", self.date_before(as_of, 30, 365 * 5))
            if p.hukou_type == "rural" and not p.migrant and self._flex_kind.get(i) == "shop" and 25 <= a <= 50 \
                    and rnd.random() < 0.3:
                add(i, "returning_migrant", self.date_before(as_of, 60, 365 * 4))
            if p.hukou_type == "rural" and wa and not p.migrant and p.division[6] == "0" and rnd.random() < 0.03:
                add(i, "land_lost_farmer", self.date_before(as_of, 365, 365 * 12))
            if wa and a >= 20 and rnd.random() < (0.0015 if p.sex == "M" else 0.0002):
                add(i, "ex_offender", self.date_before(as_of, 30, 365 * 3))
        for h, hh in enumerate(pop.households):
            members = hh_members.get(h, [])
            working_age = [i for i in members if is_working_age(pop.persons[i].sex, pop.persons[i].age_on(as_of))]
            if hh.assistance_status in ("dibao", "tekun", "low_income") and hh.assistance_since:
                code = "low_income_member" if hh.assistance_status == "low_income" else "dibao_member"
                for i in working_age:
                    add(i, code, hh.assistance_since)
            if hh.is_zero_employment:
                regs = [open_reg[i].registered_on for i in members if i in open_reg]
                since = max(regs) if regs else as_of
                for i in working_age:
                    add(i, "zero_employment_household", since)


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


# ------------------------------------------------------------------------------------------- public API


def generate(
    region: Region | str,
    *,
    refdata: Path | None = None,
    occupations: dict[str, list[str]] | None = None,
    rate: int = 50,
    seed: int = 1,
    as_of: dt.date | None = None,
) -> Population:
    """Generate the synthetic population of `region` (a Region, or a 4/6-digit code read from `refdata`).

    `rate` is the sampling rate as 1:rate (1 = full scale). Deterministic for the same arguments.
    """
    if isinstance(region, str):
        if refdata is None:
            raise ValueError("refdata is required when the region is given by its code")
        region = load_region(refdata, region)
    if occupations is None:
        if refdata is None:
            raise ValueError("refdata (or occupations) is required")
        occupations = read_occupations(refdata)
    as_of = as_of or dt.date.today()
    return _Generator(region, occupations, rate, seed, as_of).run()
