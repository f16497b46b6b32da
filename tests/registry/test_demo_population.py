"""The pure demo generator: determinism, calibration to the census, valid identifiers, consistency."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.conf import settings

from jiuye.registry.demo import population as gen
from jiuye.registry.demo.reference import AGE_BANDS, load_region, read_occupations
from jiuye.registry.identifiers import parse_resident_id, validate_credit_code

AS_OF = dt.date(2025, 6, 30)
REFDATA = settings.JIUYE_REFDATA


@pytest.fixture(scope="module")
def region():
    return load_region(REFDATA, "4303")


@pytest.fixture(scope="module")
def occupations():
    return read_occupations(REFDATA)


@pytest.fixture(scope="module")
def pop(occupations):
    # a fresh Region: the generator registers migrants' hukou counties on it
    return gen.generate(load_region(REFDATA, "4303"), occupations=occupations, rate=500, seed=7, as_of=AS_OF)


def _signature(p: gen.Population):
    return (
        [(x.name, x.resident_id, x.phone, x.division, x.hukou_division, x.labour_status, x.occupation, x.household)
         for x in p.persons],
        [(h.number, h.assistance_status, h.is_zero_employment) for h in p.households],
        [(e.credit_code, e.name, e.workers) for e in p.employers],
        [(s.person, s.employer, s.start_date, s.end_date) for s in p.spells],
        [(r.person, r.registered_on, r.status) for r in p.registrations],
        [(k.person, k.code, k.since) for k in p.key_groups],
    )


def test_deterministic_by_seed(occupations):
    def make(seed):
        return gen.generate(load_region(REFDATA, "4303"), occupations=occupations, rate=2000, seed=seed, as_of=AS_OF)

    assert _signature(make(3)) == _signature(make(3))
    assert _signature(make(3)) != _signature(make(4))


def test_real_counties_and_townships(region, pop):
    codes = {c.code for c in region.counties}
    assert {"430302", "430304", "430321", "430381", "430382"} <= codes
    townships = {t.code for c in region.counties for t in c.townships}
    assert "430302001" in townships  # 雨湖路街道
    assert {p.division for p in pop.persons} <= townships
    assert pop.division_path("430302001") == "43/4303/430302/430302001"


def test_marginals_match_the_census(pop):
    census = list(pop.census.values())
    total = sum(c.population for c in census)
    persons = pop.persons
    n = len(persons)
    assert n == pytest.approx(total / 500, rel=0.01)
    male = sum(sum(c.age_sex[0]) for c in census)
    female = sum(sum(c.age_sex[1]) for c in census)
    assert sum(p.sex == "M" for p in persons) / n == pytest.approx(male / (male + female), abs=0.01)
    # age bands, by sex: the census bands hold to within one percentage point
    for sex, idx in (("M", 0), ("F", 1)):
        ages = Counter()
        for p in persons:
            if p.sex == sex:
                a = p.age_on(AS_OF)
                band = next(k for k, (lo, hi) in enumerate(AGE_BANDS) if lo <= min(a, 100) <= hi)
                ages[band] += 1
        want = [sum(c.age_sex[idx][k] for c in census) for k in range(len(AGE_BANDS))]
        for k in range(len(AGE_BANDS)):
            assert ages[k] / n == pytest.approx(want[k] / total, abs=0.01), AGE_BANDS[k]
    urban = sum(c.urban for c in census) / total
    assert sum(p.urban for p in persons) / n == pytest.approx(urban, abs=0.02)
    # households: the census average size and one-person share
    members = Counter(m.household for m in pop.memberships)
    census_size = sum(c.household_persons for c in census) / sum(c.households for c in census)
    assert len(pop.memberships) / len(pop.households) == pytest.approx(census_size, abs=0.15)
    one = sum(c.one_person for c in census) / sum(c.households for c in census)
    assert sum(1 for v in members.values() if v == 1) / len(pop.households) == pytest.approx(one, abs=0.06)
    # hukou elsewhere (人户分离)
    elsewhere = sum(sum(c.hukou_elsewhere) for c in census) / total
    assert sum(1 for p in persons if p.migrant) / n == pytest.approx(elsewhere, abs=0.04)
    # employment ratio of the population aged 15+
    adults = [p for p in persons if p.age_on(AS_OF) >= 15]
    at_work = sum(p.labour_status in (gen.EMPLOYED, gen.FLEXIBLE) for p in adults) / len(adults)
    ratio = sum(sum(c.occupations) for c in census) / sum(c.pop15_longform for c in census)
    assert at_work == pytest.approx(ratio, abs=0.04)
    # tertiary education share of the population aged 3+, by the census
    edu = sum(c.education[s][5] + c.education[s][6] for c in census for s in (0, 1))
    edu_all = sum(sum(c.education[s]) for c in census for s in (0, 1))
    tertiary = sum(p.education in gen.TERTIARY for p in persons) / n
    assert tertiary == pytest.approx(edu / edu_all, abs=0.03)


def test_every_identifier_is_valid_and_unique(pop):
    ids = set()
    for p in pop.persons:
        parsed = parse_resident_id(p.resident_id, today=AS_OF)
        assert parsed.birth_date == p.birth_date
        assert parsed.sex == p.sex
        ids.add(p.resident_id)
        assert not p.phone or (len(p.phone) == 11 and p.phone.isdigit() and p.phone[0] == "1")
        assert 2 <= len(p.name) <= 4
    assert len(ids) == len(pop.persons)
    codes = [validate_credit_code(e.credit_code) for e in pop.employers]
    assert len(set(codes)) == len(codes)
    assert all(e.credit_code[2:8] == e.division[:6] for e in pop.employers)


def test_labour_status_is_consistent_with_spells_and_registrations(pop):
    current = defaultdict(list)
    for s in pop.spells:
        assert s.end_date is None or s.start_date < s.end_date
        person = pop.persons[s.person]
        assert s.start_date >= person.birth_date.replace(year=person.birth_date.year + 16) - dt.timedelta(days=2)
        if s.employer >= 0:
            assert s.start_date >= pop.employers[s.employer].registered_on
            assert s.establishment < 0 or pop.establishments[s.establishment].employer == s.employer
        if s.end_date is None:
            current[s.person].append(s)
    open_regs = Counter(r.person for r in pop.registrations if r.status == "open")
    for i, p in enumerate(pop.persons):
        spells = current.get(i, [])
        if p.labour_status == gen.EMPLOYED:
            assert len(spells) == 1 and spells[0].employer >= 0
            assert spells[0].contract_type not in ("self", "task")
            assert pop.employers[spells[0].employer].industry == p.industry
        elif p.labour_status == gen.FLEXIBLE:
            assert len(spells) == 1 and spells[0].contract_type in ("self", "task")
        else:
            assert spells == []
        assert open_regs[i] == (1 if p.labour_status == gen.UNEMPLOYED else 0)
        a = p.age_on(AS_OF)
        if a < 16:
            assert p.labour_status in (gen.STUDENT, gen.INACTIVE)
        if p.labour_status == gen.RETIRED:
            assert a >= 50
    assert Counter(p.labour_status for p in pop.persons)[gen.UNEMPLOYED] > 0


def test_zero_employment_households_have_no_one_at_work(pop):
    members = defaultdict(list)
    for m in pop.memberships:
        members[m.household].append(pop.persons[m.person])
    zero = [h for h, hh in enumerate(pop.households) if hh.is_zero_employment]
    assert zero
    for h in zero:
        people = members[h]
        assert not any(p.labour_status in (gen.EMPLOYED, gen.FLEXIBLE) for p in people)
        working_age = [p for p in people if gen.is_working_age(p.sex, p.age_on(AS_OF))]
        assert any(p.labour_status == gen.UNEMPLOYED for p in working_age)
    # and every household that fits the definition is flagged
    for h, hh in enumerate(pop.households):
        if not hh.is_zero_employment:
            people = members[h]
            able = [p for p in people if gen.is_working_age(p.sex, p.age_on(AS_OF))
                    and p.labour_status not in (gen.STUDENT, gen.RETIRED) and p.disability_grade not in (1, 2)]
            assert not able or any(p.labour_status != gen.UNEMPLOYED for p in able) or any(
                p.labour_status in (gen.EMPLOYED, gen.FLEXIBLE) for p in people)


def test_households_have_one_head_and_members_once(pop):
    heads = Counter(m.household for m in pop.memberships if m.relation == "head")
    assert all(heads[h] == 1 for h in range(len(pop.households)))
    seen = Counter(m.person for m in pop.memberships)
    assert max(seen.values()) == 1
    assert all(pop.persons[m.person].household == m.household for m in pop.memberships)


def test_key_groups_are_real_looking(pop):
    by_code = defaultdict(set)
    for k in pop.key_groups:
        assert k.since <= AS_OF
        by_code[k.code].add(k.person)
    assert set(by_code) <= set(gen.KEY_GROUP_CODES)
    open_reg = {r.person: r for r in pop.registrations if r.status == "open"}
    for i in by_code["long_term_unemployed"]:
        assert (AS_OF - open_reg[i].registered_on).days >= 365
    for i in by_code["veteran"]:
        assert pop.persons[i].is_veteran and pop.persons[i].discharge_date
    for i in by_code["disabled"]:
        assert pop.persons[i].disability_grade in (1, 2, 3, 4)
    for i in by_code["graduate"]:
        p = pop.persons[i]
        assert p.major and p.graduation_year and p.education in gen.TERTIARY
    for code in ("disabled", "veteran", "graduate", "older_worker", "long_term_unemployed"):
        assert by_code[code], code


def test_county_region_and_bad_codes():
    county = load_region(REFDATA, "430382")  # 韶山市
    assert [c.code for c in county.counties] == ["430382"]
    with pytest.raises(ValueError):
        load_region(REFDATA, "43")
    with pytest.raises(ValueError):
        gen.generate(county, occupations={"1-01": ["1-01-00-01"]}, rate=0, as_of=AS_OF)
