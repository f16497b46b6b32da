import datetime as dt

import pytest
from rest_framework.test import APIClient

from jiuye.geography.enums import OfficeKind
from jiuye.geography.models import ServiceOffice
from jiuye.registry.enums import ContractType
from jiuye.registry.models import EmploymentSpell, Establishment, UnemploymentRegistration

from .. import factories as f


@pytest.fixture
def api():
    """api(user) → an APIClient authenticated as `user` (None: anonymous)."""

    def _api(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return _api


@pytest.fixture
def records(tree, yuhu_person, yuetang_person):
    """One record of every scoped kind in 雨湖 (key "yuhu") and one in 岳塘 (key "yuetang")."""
    out = {}
    for key, person, township in (
        ("yuhu", yuhu_person, tree["430302001"]),
        ("yuetang", yuetang_person, tree["430304001"]),
    ):
        employer = f.make_employer(township)
        Establishment.objects.create(employer=employer, division=township, name=f"{employer.name} 一分厂")
        out[key] = {
            "persons": person,
            "households": f.make_household(township, [person], address="雨湖路1号"),
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
