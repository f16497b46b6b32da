"""Factories shared by every test package. Divisions are real codes from the NBS tree."""

from __future__ import annotations

import datetime as dt
import itertools

from jiuye.accounts.models import User
from jiuye.geography.enums import DivisionLevel
from jiuye.geography.models import Division
from jiuye.registry.enums import HukouType, LabourStatus, OwnershipType, SizeClass
from jiuye.registry.identifiers import make_credit_code, make_resident_id
from jiuye.registry.models import Employer, Household, HouseholdMembership, Person

# A small real tree: Hunan › Xiangtan (two districts, one township each) and Changsha › Furong.
TREE = [
    ("43", "湖南省", "Hunan Province", DivisionLevel.PROVINCE, None),
    ("4303", "湘潭市", "Xiangtan City", DivisionLevel.PREFECTURE, "43"),
    ("430302", "雨湖区", "Yuhu District", DivisionLevel.COUNTY, "4303"),
    ("430302001", "雨湖路街道", "Yuhulu Subdistrict", DivisionLevel.TOWNSHIP, "430302"),
    ("430304", "岳塘区", "Yuetang District", DivisionLevel.COUNTY, "4303"),
    ("430304001", "书院路街道", "Shuyuanlu Subdistrict", DivisionLevel.TOWNSHIP, "430304"),
    ("4301", "长沙市", "Changsha City", DivisionLevel.PREFECTURE, "43"),
    ("430102", "芙蓉区", "Furong District", DivisionLevel.COUNTY, "4301"),
]


def build_tree() -> dict[str, Division]:
    """Create (or fetch) the test tree; returns divisions by code."""
    out: dict[str, Division] = {}
    for code, zh, en, level, parent in TREE:
        parent_obj = out.get(parent) if parent else None
        path = f"{parent_obj.path}/{code}" if parent_obj else code
        out[code], _ = Division.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "level": level, "parent": parent_obj, "path": path}
        )
    return out


_seq = itertools.count(1)


def _unused_resident_id(area: str, birth: dt.date, sex: str) -> str:
    """A generated ID no person holds yet (the sequence wraps at 500, so it can meet a fixed test ID)."""
    from jiuye.core import pii

    while True:
        rid = make_resident_id(area, birth, (next(_seq) % 500) * 2 + (1 if sex == "M" else 0))
        if not Person.objects.filter(resident_id_hash=pii.keyed_hash(rid, purpose="ric")).exists():
            return rid


def make_person(division: Division, **kw) -> Person:
    """A person living in `division` with a valid resident ID and phone."""
    birth = kw.pop("birth_date", dt.date(1990, 5, 6))
    sex = kw.pop("sex", "M")
    rid = kw.pop("resident_id", None) or _unused_resident_id(division.code[:6], birth, sex)
    phone = kw.pop("phone", f"139{next(_seq):08d}")
    person = Person(
        division=division,
        hukou_division=kw.pop("hukou_division", division),
        name=kw.pop("name", "张伟"),
        birth_date=birth,
        sex=sex,
        hukou_type=kw.pop("hukou_type", HukouType.URBAN),
        labour_status=kw.pop("labour_status", LabourStatus.UNEMPLOYED),
        **kw,
    )
    person.set_resident_id(rid)
    person.set_phone(phone)
    person.save()
    return person


def make_employer(division: Division, **kw) -> Employer:
    n = next(_seq)
    code = kw.pop("credit_code", None) or make_credit_code("9", "1", division.code[:6], f"{n:08d}")
    return Employer.objects.create(
        division=division,
        credit_code=code,
        name=kw.pop("name", f"湘潭测试制造有限公司{n}"),
        ownership=kw.pop("ownership", OwnershipType.PRIVATE),
        size_class=kw.pop("size_class", SizeClass.SMALL),
        **kw,
    )


def make_household(division: Division, members: list[Person] = (), **kw) -> Household:
    household = Household.objects.create(
        division=division, number=kw.pop("number", f"HH{next(_seq):010d}"), hukou_type=HukouType.URBAN, **kw
    )
    for i, person in enumerate(members):
        HouseholdMembership.objects.create(household=household, person=person, relation="head" if i == 0 else "other")
    return household


PASSWORD = "correct-horse-battery"


def make_user(role: str, division: Division | None = None, **kw) -> User:
    n = next(_seq)
    username = kw.pop("username", f"user{n}")
    return User.objects.create_user(
        username=username, password=kw.pop("password", PASSWORD), role=role, division=division,
        email=f"{username}@example.org", **kw,
    )


def make_district_records(tree: dict[str, Division], yuhu_person: Person, yuetang_person: Person) -> dict:
    """One record of every scoped kind in 雨湖 (key "yuhu") and one in 岳塘 (key "yuetang").

    Keys inside each district are the API endpoint names: persons, households, employers,
    employment-spells, unemployment-registrations, service-offices.
    """
    from jiuye.geography.enums import OfficeKind
    from jiuye.geography.models import ServiceOffice
    from jiuye.registry.enums import ContractType
    from jiuye.registry.models import EmploymentSpell, Establishment, UnemploymentRegistration

    out = {}
    for key, person, township in (
        ("yuhu", yuhu_person, tree["430302001"]),
        ("yuetang", yuetang_person, tree["430304001"]),
    ):
        employer = make_employer(township)
        Establishment.objects.create(employer=employer, division=township, name=f"{employer.name} 一分厂")
        out[key] = {
            "persons": person,
            "households": make_household(township, [person], address=f"{township.name_zh}1号"),
            "employers": employer,
            "employment-spells": EmploymentSpell.objects.create(
                person=person, employer=employer, contract_type=ContractType.FIXED_TERM,
                start_date=dt.date(2020, 1, 1), monthly_wage="4500.00",
            ),
            "unemployment-registrations": UnemploymentRegistration.objects.create(
                person=person, division=township, registered_on=dt.date(2024, 3, 1)
            ),
            "service-offices": ServiceOffice.objects.create(
                name=f"{township.name_zh}就业服务站", kind=OfficeKind.STATION, division=township
            ),
        }
    return out
