"""A new amount in a parameter file changes the platform's decisions from its date only: through the
library, the single-case path, the push (vectorised) and the decision record of an application."""

import datetime as dt
import shutil

import pytest

from jiuye.accounts.enums import Role
from jiuye.policies import services
from jiuye.policies.engine import Catalogue
from jiuye.policies.engine.model import PARAMETERS_DIR
from jiuye.policies.models import PolicyPush
from jiuye.policies.situations import person_columns
from jiuye.registry.enums import ContractType, LabourStatus
from jiuye.registry.models import EmploymentSpell, Person, PersonKeyGroup
from jiuye.taxonomy.models import KeyGroup
from tests import factories as f

POLICY = "veteran_entrepreneurship_tax"
OLD = '        - {from: 2019-01-01, value: 14400, to_verify: "PLACEHOLDER: assumes Hunan used the full 20 % rise"}\n'


@pytest.fixture
def changed(tmp_path):
    shutil.copytree(PARAMETERS_DIR, tmp_path / "p")
    path = tmp_path / "p" / f"{POLICY}.yaml"
    text = path.read_text(encoding="utf-8")
    assert OLD in text
    path.write_text(text.replace(OLD, OLD + "        - {from: 2027-03-01, value: 16000}\n"), encoding="utf-8")
    return Catalogue.load(tmp_path / "p")


@pytest.fixture
def veteran(tree):
    """A self-placed veteran running an individual business registered in June 2026, in 雨湖."""
    division = tree["430302001"]
    person = f.make_person(division, is_veteran=True, labour_status=LabourStatus.EMPLOYED)
    group = KeyGroup.objects.get_or_create(
        code="veteran", defaults={"name_zh": "退役军人", "name_en": "Veterans"}
    )[0]
    PersonKeyGroup.objects.create(person=person, key_group=group, since=dt.date(2020, 1, 1))
    shop = f.make_employer(division, ownership="individual", registered_on=dt.date(2026, 6, 1))
    EmploymentSpell.objects.create(
        person=person, employer=shop, contract_type=ContractType.SELF_EMPLOYED, start_date=dt.date(2026, 6, 1)
    )
    f.make_user(Role.CITIZEN, None, person=person)
    return person


def _cap(person, on, cat):
    [d] = [d for d in services.evaluate_person(person, on, catalogue=cat) if d.policy == POLICY]
    assert d.status == "eligible", (d.unmet, d.unknown)
    return d.benefits["annual_cap"], d.parameters_digest


def test_single_case_changes_from_the_date_only(veteran, changed):
    shipped = services.catalogue()
    before, digest_before = _cap(veteran, dt.date(2027, 2, 28), changed)
    after, digest_after = _cap(veteran, dt.date(2027, 3, 1), changed)
    assert (before, after) == (14400, 16000)
    assert digest_before == digest_after != shipped[POLICY].digest  # the file's fingerprint changed
    assert _cap(veteran, dt.date(2027, 3, 1), shipped)[0] == 14400  # the shipped file is untouched


def test_vectorised_path_agrees(veteran, changed):
    for on, expected in ((dt.date(2027, 2, 28), 14400), (dt.date(2027, 3, 1), 16000)):
        ids, cols = person_columns(Person.objects.filter(pk=veteran.pk), on)
        res = changed.evaluate_population("person", cols, on)[POLICY]
        assert res.row(0)[0] == "eligible" and res.row(0)[4]["annual_cap"] == expected


def test_push_records_the_fingerprint_of_the_parameters_used(veteran, changed):
    services.push_policies(dt.date(2027, 3, 1), dry_run=False, catalogue=changed)
    push = PolicyPush.objects.get(person=veteran, policy=POLICY)
    assert push.parameters_digest == changed[POLICY].digest
