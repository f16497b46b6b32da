"""Write a generated demo population into the registry, and set up demo offices and accounts.

Rows go in with `bulk_create` in batches inside the caller's transaction. Identifiers are encrypted,
hashed and masked with `jiuye.core.pii` directly (the same functions the model setters use). Demo rows are
recognised by their `DataSource` (kind `demo`), households by their number prefix `DM`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from jiuye.accounts.enums import Role
from jiuye.accounts.models import User
from jiuye.core import pii
from jiuye.core.audit import record_event
from jiuye.core.models import EventKind
from jiuye.geography.enums import OfficeKind
from jiuye.geography.models import Division, ServiceOffice
from jiuye.registry import enums
from jiuye.registry.models import (
    DataSource,
    Employer,
    EmploymentSpell,
    Establishment,
    Household,
    HouseholdMembership,
    Person,
    PersonKeyGroup,
    UnemploymentRegistration,
    years_before,
)
from jiuye.taxonomy.models import EducationLevel, Industry, KeyGroup, Occupation

from . import population as gen

BATCH = 2000
HOUSEHOLD_PREFIX = "DM"
DEMO_PASSWORD = "jiuye-demo-2025"
# Base32; `python manage.py accounts_totp_code <username>` prints the current code.
DEMO_TOTP_SECRET = "JIUYEDEMOJIUYEDEMOJIUYEDEMO23456"
TAXONOMY_DATA = Path(__file__).resolve().parents[2] / "taxonomy" / "data"


def source_code(region: str, rate: int, seed: int) -> str:
    return f"demo-{region}-r{rate}-s{seed}"


# The sources load_demo makes; other demo commands add demo sources of their own (releases_demo's graduates),
# which are not another region.
_REGION_SOURCE = r"^demo-[0-9]+-r[0-9]+-s[0-9]+$"


# ------------------------------------------------------------------------------------ reference rows


def ensure_reference(pop: gen.Population, refdata: Path) -> dict[str, int]:
    """Create whatever divisions and classifications the population needs and `refdata_load` has not
    loaded yet (a no-op once it has). Returns how many rows were added per model."""
    added = {"divisions": 0, "occupations": 0, "education_levels": 0, "industries": 0, "key_groups": 0}
    existing = set(Division.objects.filter(code__in=list(pop.divisions)).values_list("code", flat=True))
    missing = sorted((c for c in pop.divisions if c not in existing), key=lambda c: (pop.divisions[c][1], c))
    for code in missing:
        name, level, parent = pop.divisions[code]
        lat, lon = pop.coords.get(code, (None, None))
        Division.objects.create(
            code=code, name_zh=name, level=level, parent=Division.objects.get(code=parent) if parent else None,
            path=pop.division_path(code), latitude=lat, longitude=lon,
        )
        added["divisions"] += 1

    def flat(model: type[models.Model], filename: str, fields: tuple[str, ...], key: str) -> None:
        have = set(model.objects.values_list("code", flat=True))
        with (TAXONOMY_DATA / filename).open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["code"] not in have]
        model.objects.bulk_create([model(**{f: _coerce(f, r[f]) for f in fields}) for r in rows])
        added[key] += len(rows)

    flat(EducationLevel, "education_levels.csv", ("code", "rank", "name_zh", "name_en"), "education_levels")
    flat(Industry, "industries.csv", ("code", "name_zh", "name_en"), "industries")
    flat(KeyGroup, "key_groups.csv", ("code", "is_employment_difficulty", "name_zh", "name_en", "description_zh",
                                      "description_en"), "key_groups")
    needed_occ = {p.occupation for p in pop.persons if p.occupation} | {
        s.occupation for s in pop.spells if s.occupation} | {
        r.seeking_occupation for r in pop.registrations if r.seeking_occupation}
    have_occ = set(Occupation.objects.filter(code__in=needed_occ).values_list("code", flat=True))
    if needed_occ - have_occ:
        path = Path(refdata) / "china-occupation-classification" / "occupations_2022_flat.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        have = dict(Occupation.objects.values_list("code", "pk"))
        for level in ("1", "2", "3", "4"):
            new = []
            for r in rows:
                if r["level"] == level and r["code"] not in have:
                    parent = {"2": r["major_code"], "3": r["middle_code"], "4": r["minor_code"]}.get(level)
                    new.append(Occupation(code=r["code"], level=int(level), gbm_code=r["gbm_code"] or "",
                                          name_zh=r["name"], parent_id=have.get(parent) if parent else None))
            Occupation.objects.bulk_create(new, batch_size=BATCH)
            added["occupations"] += len(new)
            have = dict(Occupation.objects.values_list("code", "pk"))
    return added


def _coerce(field: str, value: str) -> Any:
    if field == "rank":
        return int(value)
    if field.startswith("is_"):
        return value.strip() in ("1", "true", "True", "yes")
    return value


# ------------------------------------------------------------------------------------------ the load


@contextmanager
def quiet_sql() -> Iterator[None]:
    """With DEBUG on, Django keeps (and formats) every statement in memory; a bulk load of personal data
    must not, both for speed and because the statements carry names."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


def _batched(items: Iterable[Any], size: int = BATCH) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _create(model: type[models.Model], rows: Iterable[Any], build: Callable[[Any], models.Model],
            batch_size: int = BATCH) -> list[int]:
    """bulk_create in batches; the new primary keys in input order."""
    ids: list[int] = []
    for batch in _batched(rows, batch_size):
        objs = model.objects.bulk_create([build(r) for r in batch], batch_size=batch_size)
        ids.extend(o.pk for o in objs)
    return ids


def check_choices() -> None:
    """The generator repeats the registry's choice values to stay Django-free; make sure they still exist."""
    pairs = [
        ({gen.EMPLOYED, gen.FLEXIBLE, gen.UNEMPLOYED, gen.STUDENT, gen.RETIRED, gen.INACTIVE}, enums.LabourStatus),
        ({"urban", "rural"}, enums.HukouType),
        ({"head", "spouse", "child", "parent", "grandchild", "other"}, enums.Relation),
    ]
    for values, choices in pairs:
        unknown = values - set(choices.values)
        if unknown:
            raise ValueError(f"demo generator uses values unknown to {choices.__name__}: {sorted(unknown)}")


def load_population(pop: gen.Population, source: DataSource, *, batch_size: int = BATCH,
                    on_step: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Insert every generated row. Call inside a transaction. Returns rows written per table."""
    check_choices()
    div = dict(Division.objects.filter(code__in=list(pop.divisions)).values_list("code", "pk"))
    occ = dict(Occupation.objects.values_list("code", "pk"))
    edu = dict(EducationLevel.objects.values_list("code", "pk"))
    ind = dict(Industry.objects.values_list("code", "pk"))
    kg = dict(KeyGroup.objects.values_list("code", "pk"))
    missing = {c for p in pop.persons for c in (p.division, p.hukou_division) if c not in div}
    if missing:
        raise ValueError(f"divisions not loaded: {sorted(missing)[:5]} (run refdata_load)")
    encrypt, keyed_hash, mask_id, mask_phone = pii.encrypt, pii.keyed_hash, pii.mask_resident_id, pii.mask_phone
    step = on_step or (lambda name, n: None)

    def person(p: gen.GenPerson) -> Person:
        return Person(
            name=p.name, sex=p.sex, birth_date=p.birth_date, ethnicity=p.ethnicity,
            resident_id_encrypted=encrypt(p.resident_id), resident_id_hash=keyed_hash(p.resident_id, purpose="ric"),
            resident_id_masked=mask_id(p.resident_id),
            phone_encrypted=encrypt(p.phone), phone_hash=keyed_hash(p.phone, purpose="phone"),
            phone_masked=mask_phone(p.phone),
            division_id=div[p.division], hukou_division_id=div[p.hukou_division], hukou_type=p.hukou_type,
            education_id=edu.get(p.education) if p.education else None, major=p.major,
            graduation_year=p.graduation_year, labour_status=p.labour_status,
            occupation_id=occ.get(p.occupation) if p.occupation else None,
            disability_grade=p.disability_grade, is_veteran=p.is_veteran, discharge_date=p.discharge_date,
            source=source,
        )

    person_ids = _create(Person, pop.persons, person, batch_size)
    step("persons", len(person_ids))
    household_ids = _create(Household, pop.households, lambda h: Household(
        number=h.number, division_id=div[h.division], hukou_type=h.hukou_type, address=h.address,
        assistance_status=h.assistance_status, is_zero_employment=h.is_zero_employment,
    ), batch_size)
    step("households", len(household_ids))
    n_members = len(_create(HouseholdMembership, pop.memberships, lambda m: HouseholdMembership(
        household_id=household_ids[m.household], person_id=person_ids[m.person], relation=m.relation,
    ), batch_size))
    step("memberships", n_members)
    employer_ids = _create(Employer, pop.employers, lambda e: Employer(
        credit_code=e.credit_code, name=e.name, division_id=div[e.division], industry_id=ind.get(e.industry),
        ownership=e.ownership, size_class=e.size_class, registered_on=e.registered_on, status=e.status,
        address=e.address, latitude=e.latitude, longitude=e.longitude, source=source,
    ), batch_size)
    step("employers", len(employer_ids))
    establishment_ids = _create(Establishment, pop.establishments, lambda e: Establishment(
        employer_id=employer_ids[e.employer], name=e.name, division_id=div[e.division], address=e.address,
        latitude=e.latitude, longitude=e.longitude,
    ), batch_size)
    step("establishments", len(establishment_ids))
    n_spells = len(_create(EmploymentSpell, pop.spells, lambda s: EmploymentSpell(
        person_id=person_ids[s.person], employer_id=employer_ids[s.employer] if s.employer >= 0 else None,
        establishment_id=establishment_ids[s.establishment] if s.establishment >= 0 else None,
        occupation_id=occ.get(s.occupation) if s.occupation else None, contract_type=s.contract_type,
        start_date=s.start_date, end_date=s.end_date, end_reason=s.end_reason, monthly_wage=s.monthly_wage,
        source=source,
    ), batch_size))
    step("spells", n_spells)
    n_regs = len(_create(UnemploymentRegistration, pop.registrations, lambda r: UnemploymentRegistration(
        person_id=person_ids[r.person], division_id=div[r.division], registered_on=r.registered_on,
        ended_on=r.ended_on, status=r.status,
        previous_employer_id=employer_ids[r.previous_employer] if r.previous_employer >= 0 else None,
        seeking_occupation_id=occ.get(r.seeking_occupation) if r.seeking_occupation else None, source=source,
    ), batch_size))
    step("registrations", n_regs)
    n_kg = len(_create(PersonKeyGroup, pop.key_groups, lambda k: PersonKeyGroup(
        person_id=person_ids[k.person], key_group_id=kg[k.code], since=k.since, source=source,
    ), batch_size))
    step("key_groups", n_kg)
    return {
        "persons": len(person_ids), "households": len(household_ids), "memberships": n_members,
        "employers": len(employer_ids), "establishments": len(establishment_ids), "spells": n_spells,
        "registrations": n_regs, "key_groups": n_kg,
    }


def wipe_demo() -> dict[str, int]:
    """Delete every demo-sourced row (and the demo households), children first."""
    sources = DataSource.objects.filter(kind=enums.SourceKind.DEMO)
    persons = Person.objects.filter(source__in=sources)
    counts = {}
    counts["key_groups"] = PersonKeyGroup.objects.filter(person__in=persons).delete()[0]
    counts["registrations"] = UnemploymentRegistration.objects.filter(person__in=persons).delete()[0]
    counts["spells"] = EmploymentSpell.objects.filter(
        models.Q(person__in=persons) | models.Q(employer__source__in=sources)).delete()[0]
    counts["memberships"] = HouseholdMembership.objects.filter(person__in=persons).delete()[0]
    counts["households"] = Household.objects.filter(
        number__startswith=HOUSEHOLD_PREFIX, members__isnull=True).delete()[0]
    User.objects.filter(person__in=persons).update(person=None)
    User.objects.filter(employer__source__in=sources).update(employer=None)
    # In chunks: the deletion collector's SET NULL updates list every primary key in one statement,
    # which SQLite refuses beyond its variable limit.
    counts["persons"] = _delete_in_chunks(persons)
    counts["employers"] = _delete_in_chunks(Employer.objects.filter(source__in=sources))
    sources.delete()
    return counts


def _delete_in_chunks(queryset: models.QuerySet, size: int = 500) -> int:
    ids = list(queryset.values_list("pk", flat=True))
    deleted = 0
    for start in range(0, len(ids), size):
        deleted += queryset.model.objects.filter(pk__in=ids[start:start + size]).delete()[1].get(
            queryset.model._meta.label, 0)
    return deleted


# --------------------------------------------------------------------------------- offices, accounts


def _jitter(code: str, lat: float | None, lon: float | None) -> tuple[float | None, float | None]:
    if lat is None or lon is None:
        return None, None
    h = hashlib.sha256(code.encode()).digest()
    return round(lat + (h[0] - 128) / 128 * 0.03, 6), round(lon + (h[1] - 128) / 128 * 0.03, 6)


def ensure_offices(pop: gen.Population) -> dict[str, ServiceOffice]:
    """A bureau for the province, the city and each county; a public employment service centre for the
    city and each county; a grassroots station in every township. Idempotent. Keyed by role: `bureau:<code>`,
    `centre:<code>`, `station:<code>`."""
    divisions = {d.code: d for d in Division.objects.filter(code__in=list(pop.divisions))}
    region_codes = [c for c, (_n, level, _p) in pop.divisions.items() if c.startswith(pop.region_code[:4])]
    province = pop.region_code[:2]
    city = pop.region_code[:4]
    out: dict[str, ServiceOffice] = {}

    def office(key: str, code: str, kind: str, name: str) -> None:
        d = divisions[code]
        lat, lon = _jitter(key, d.latitude, d.longitude)
        out[key], _ = ServiceOffice.objects.get_or_create(
            division=d, kind=kind, name=name, defaults={"latitude": lat, "longitude": lon,
                                                        "address": f"{d.name_zh}政务服务中心"})

    prov_name = divisions[province].name_zh
    office(f"bureau:{province}", province, OfficeKind.BUREAU, f"{prov_name}人力资源和社会保障厅")
    city_name = divisions[city].name_zh
    office(f"bureau:{city}", city, OfficeKind.BUREAU, f"{city_name}人力资源和社会保障局")
    office(f"centre:{city}", city, OfficeKind.SERVICE_CENTRE, f"{city_name}公共就业服务中心")
    for code in sorted(region_codes):
        level = pop.divisions[code][1]
        name = divisions[code].name_zh
        if level == 3 and (len(pop.region_code) == 4 or code == pop.region_code):
            office(f"bureau:{code}", code, OfficeKind.BUREAU, f"{name}人力资源和社会保障局")
            office(f"centre:{code}", code, OfficeKind.SERVICE_CENTRE, f"{name}公共就业服务中心")
        elif level == 4 and code.startswith(pop.region_code):
            office(f"station:{code}", code, OfficeKind.STATION, f"{name}就业和社会保障服务站")
    return out


@dataclass
class DemoAccount:
    username: str
    role: str
    scope: str
    password: str
    note: str = ""


def _slug(name: str) -> str:
    from pypinyin import lazy_pinyin

    for suffix in ("示范区", "产业园区", "自治州", "自治县", "省", "市", "区", "县"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            name = name[: -len(suffix)]
            break
    return "".join(lazy_pinyin(name)).lower()


def ensure_accounts(pop_region: str, source: DataSource, offices: dict[str, ServiceOffice]) -> list[DemoAccount]:
    """One account per role (staff at district, city and province level), all with the demo password;
    staff with the demo TOTP secret already confirmed. Safe to re-run: accounts are updated in place."""
    city_code, province_code = pop_region[:4], pop_region[:2]
    counties = list(Division.objects.filter(path__startswith=f"{province_code}/{city_code}/", level=3)
                    .filter(code__startswith=pop_region).order_by("code").values_list("code", flat=True))
    ordinary = [c for c in counties if c[4] != "7"] or counties
    with_people = set(Person.objects.filter(source=source).values_list("division__parent__code", flat=True)
                      .distinct())
    ordinary = [c for c in ordinary if c in with_people] or ordinary
    first = ordinary[0]
    second = ordinary[1] if len(ordinary) > 1 else first
    div = {d.code: d for d in Division.objects.filter(code__in={first, second, city_code, province_code})}
    hashed = make_password(DEMO_PASSWORD)  # one PBKDF2 run for all accounts
    accounts: list[DemoAccount] = []

    def upsert(username: str, role: str, division: Division | None, *, office: ServiceOffice | None = None,
               person: Person | None = None, employer: Employer | None = None, note: str = "") -> None:
        user = User.objects.filter(username=username).first() or User(username=username)
        user.password = hashed
        user.role, user.division, user.office, user.person, user.employer = role, division, office, person, employer
        user.is_active = True
        user.is_staff = user.is_superuser = role == Role.ADMIN
        user.email = f"{username}@demo.jiuye.invalid"
        if role in {Role.CASEWORKER, Role.INSPECTOR, Role.ANALYST, Role.LEADER, Role.ADMIN}:
            user.set_totp_secret(DEMO_TOTP_SECRET)
            user.totp_confirmed = True
        else:
            user.totp_secret_encrypted, user.totp_confirmed = "", False
        user.save()
        if person is not None or employer is not None or role in (Role.CITIZEN, Role.EMPLOYER):
            scope = _("own record")
        else:
            scope = division.name_zh if division else _("National")
        accounts.append(DemoAccount(username, role, str(scope), DEMO_PASSWORD, note))

    slugs = {code: _slug(div[code].name_zh) for code in (province_code, city_code)}
    for code in dict.fromkeys((first, second)):
        slug = _slug(div[code].name_zh)
        slugs[code] = slug if slug not in slugs.values() else f"{slug}_{code}"  # 湘潭县 vs 湘潭市
    for code in dict.fromkeys((first, second)):
        d, slug = div[code], slugs[code]
        upsert(f"caseworker_{slug}", Role.CASEWORKER, d, office=offices.get(f"centre:{code}"))
        upsert(f"inspector_{slug}", Role.INSPECTOR, d, office=offices.get(f"bureau:{code}"))
    for code in (first, city_code, province_code):
        d, slug = div[code], slugs[code]
        upsert(f"analyst_{slug}", Role.ANALYST, d, office=offices.get(f"bureau:{code}"))
        upsert(f"leader_{slug}", Role.LEADER, d, office=offices.get(f"bureau:{code}"))
    upsert("admin", Role.ADMIN, None)

    first_path = div[first].path
    in_first = models.Q(division__path__startswith=first_path + "/")
    today = dt.date.today()
    citizen = (
        Person.objects.filter(in_first, source=source, labour_status=enums.LabourStatus.UNEMPLOYED)
        .exclude(phone_hash="").filter(birth_date__lte=years_before(today, 22),
                                       birth_date__gt=years_before(today, 45))
        .order_by("id").first()
        or Person.objects.filter(source=source).order_by("id").first()
    )
    upsert("citizen", Role.CITIZEN, None, person=citizen, note=citizen.masked_name if citizen else "")
    employer = (
        Employer.objects.filter(in_first, source=source, status=enums.EmployerStatus.ACTIVE,
                                ownership=enums.OwnershipType.PRIVATE)
        .annotate(n=Count("spells")).order_by("-n", "id").first()
        or Employer.objects.filter(source=source).order_by("id").first()
    )
    upsert("employer", Role.EMPLOYER, None, employer=employer, note=employer.name if employer else "")
    return accounts


# ------------------------------------------------------------------------------------ the whole job


@dataclass
class DemoResult:
    source: DataSource
    loaded: bool  # False when the same demo region was already there
    counts: dict[str, int]
    accounts: list[DemoAccount]


class DemoConflict(Exception):
    """Another demo region (other city, rate or seed) is loaded; pass replace=True to swap it."""


def load_demo(region: str = "4303", *, rate: int = 50, seed: int = 1, replace: bool = False,
              as_of: dt.date | None = None, refdata: Path | None = None,
              on_step: Callable[[str, int], None] | None = None) -> DemoResult:
    """Generate and load the demo region in one transaction; idempotent for the same parameters."""
    refdata = Path(refdata or settings.JIUYE_REFDATA)
    code = source_code(region, rate, seed)
    step = on_step or (lambda name, n: None)
    with transaction.atomic():
        demo_sources = DataSource.objects.filter(kind=enums.SourceKind.DEMO, code__regex=_REGION_SOURCE)
        if replace:
            wipe_demo()
        elif demo_sources.exclude(code=code).exists():
            raise DemoConflict(", ".join(demo_sources.exclude(code=code).values_list("code", flat=True)))
        source = DataSource.objects.filter(code=code).first()
        if source is not None and Person.objects.filter(source=source).exists():
            pop_region = region
            offices = _offices_for_existing(pop_region)
            accounts = ensure_accounts(pop_region, source, offices)
            return DemoResult(source, False, {}, accounts)
        pop = gen.generate(region, refdata=refdata, rate=rate, seed=seed, as_of=as_of or dt.date.today())
        step("generated", pop.rows)
        ensure_reference(pop, refdata)
        source, _created = DataSource.objects.update_or_create(code=code, defaults={
            "kind": enums.SourceKind.DEMO,
            "name_zh": f"演示数据：{pop.region_name}（抽样1:{rate}，种子{seed}）",
            "name_en": f"Synthetic demo data: {pop.region_code} (1:{rate} sample, seed {seed})",
        })
        with quiet_sql():
            counts = load_population(pop, source, on_step=on_step)
        offices = ensure_offices(pop)
        accounts = ensure_accounts(region, source, offices)
        city = Division.objects.filter(code=region).first()
        record_event(None, actor="demo_load", kind=EventKind.DEMO_LOADED, division_path=city.path if city else "",
                     data={"source": code, "region": region, "rate": rate, "seed": seed,
                           "as_of": pop.as_of.isoformat(), "counts": counts})
        return DemoResult(source, True, counts, accounts)


def _offices_for_existing(region: str) -> dict[str, ServiceOffice]:
    """The offices `ensure_offices` made, keyed the same way (office kinds are bureau / centre / station)."""
    out: dict[str, ServiceOffice] = {}
    for o in ServiceOffice.objects.filter(division__code__startswith=region[:2]).select_related("division"):
        out.setdefault(f"{o.kind}:{o.division.code}", o)
    return out
