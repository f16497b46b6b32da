import datetime as dt

import pytest

from jiuye.registry.enums import EmployerStatus, RegistrationStatus
from jiuye.registry.models import EmploymentSpell, PersonKeyGroup, UnemploymentRegistration
from jiuye.taxonomy.models import KeyGroup

from .. import factories as f

YUHU_ID = "430302199005061233"


@pytest.fixture
def key_group(db):
    group, _ = KeyGroup.objects.get_or_create(
        code="graduate", defaults={"name_zh": "高校毕业生", "name_en": "College graduates"}
    )
    return group


@pytest.fixture
def world(tree, users, key_group):
    """A small library in two districts of Xiangtan: one person, household, employer, spell and
    registration each in 雨湖 (Yuhu) and 岳塘 (Yuetang)."""
    today = dt.date.today()
    out = {}
    for key, township, name, rid in (
        ("yuhu", "430302001", "王小明", YUHU_ID),
        ("yuetang", "430304001", "李大红", None),
    ):
        division = tree[township]
        person = f.make_person(division, name=name, **({"resident_id": rid} if rid else {}))
        household = f.make_household(division, [person], is_zero_employment=True)
        employer = f.make_employer(division, name=f"{name[0]}氏机械有限公司", status=EmployerStatus.ACTIVE)
        spell = EmploymentSpell.objects.create(
            person=person,
            employer=employer,
            contract_type="fixed_term",
            start_date=today - dt.timedelta(days=400),
        )
        reg = UnemploymentRegistration.objects.create(
            person=person,
            division=tree[township[:6]],
            registered_on=today - dt.timedelta(days=30),
            status=RegistrationStatus.OPEN,
        )
        PersonKeyGroup.objects.create(person=person, key_group=key_group, since=today - dt.timedelta(days=60))
        out[key] = {
            "person": person,
            "household": household,
            "employer": employer,
            "spell": spell,
            "reg": reg,
        }
    return out
