"""`demo_load`: loads a small demo region, is idempotent, and creates an account for every role."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from jiuye.accounts.enums import STAFF_ROLES, Role
from jiuye.accounts.models import User
from jiuye.core.models import AuditEvent, EventKind
from jiuye.geography.models import ServiceOffice
from jiuye.registry.enums import LabourStatus, RegistrationStatus, SourceKind
from jiuye.registry.identifiers import parse_resident_id
from jiuye.registry.models import (
    DataSource,
    Employer,
    EmploymentSpell,
    Household,
    HouseholdMembership,
    Person,
    PersonKeyGroup,
    UnemploymentRegistration,
)

ARGS = ["--rate", "2000", "--seed", "5", "--as-of", "2025-06-30"]


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo_load", *ARGS, *args, "--wet-run", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (
        Person, Household, HouseholdMembership, Employer, EmploymentSpell, UnemploymentRegistration, PersonKeyGroup)}


@pytest.mark.django_db
def test_demo_load_is_consistent_and_idempotent():
    out = run()
    first = counts()
    assert first["Person"] > 1000
    assert all(v > 0 for v in first.values()), first
    source = DataSource.objects.get(kind=SourceKind.DEMO)
    assert source.code == "demo-4303-r2000-s5"
    assert Person.objects.filter(source=source).count() == first["Person"]
    # identifiers are stored encrypted, hashed and masked, and decrypt to valid IDs
    person = Person.objects.filter(source=source).exclude(phone_encrypted="").first()
    number = person.reveal_resident_id()
    assert parse_resident_id(number).birth_date == person.birth_date
    assert Person.objects.by_resident_id(number).get() == person
    assert person.resident_id_masked == number[:6] + "********" + number[-4:]
    assert number not in person.resident_id_encrypted
    # employed ⇔ a current spell; registered unemployed ⇔ an open registration
    employed = Person.objects.filter(labour_status=LabourStatus.EMPLOYED)
    with_current = EmploymentSpell.objects.filter(end_date__isnull=True, employer__isnull=False).exclude(
        contract_type__in=["self", "task"]).values("person")
    assert set(employed.values_list("pk", flat=True)) == set(with_current.values_list("person", flat=True))
    unemployed = set(Person.objects.filter(labour_status=LabourStatus.UNEMPLOYED).values_list("pk", flat=True))
    open_regs = set(UnemploymentRegistration.objects.filter(status=RegistrationStatus.OPEN)
                    .values_list("person", flat=True))
    assert unemployed == open_regs
    assert Person.objects.filter(division__path__startswith="43/4303/430302/").exists()
    # the run is audited and printed the accounts
    assert AuditEvent.objects.filter(kind=EventKind.DEMO_LOADED).count() == 1
    assert "caseworker_yuhu" in out and "jiuye-demo-2025" in out
    # same parameters: nothing new
    again = run()
    assert counts() == first
    assert "already loaded" in again
    assert AuditEvent.objects.filter(kind=EventKind.DEMO_LOADED).count() == 1
    # another seed without --replace is refused; with --replace it swaps the data
    with pytest.raises(CommandError):
        call_command("demo_load", "--rate", "2000", "--seed", "6", "--as-of", "2025-06-30", "--wet-run", stdout=StringIO())
    call_command("demo_load", "--rate", "2000", "--seed", "6", "--as-of", "2025-06-30", "--replace", "--wet-run",
                 stdout=StringIO())
    assert list(DataSource.objects.filter(kind=SourceKind.DEMO).values_list("code", flat=True)) == [
        "demo-4303-r2000-s6"]
    assert Person.objects.count() == pytest.approx(first["Person"], rel=0.02)
    assert not Household.objects.filter(members__isnull=True).exists()


@pytest.mark.django_db
def test_demo_accounts_for_every_role():
    run()
    users = {u.username: u for u in User.objects.all()}
    roles = {u.role for u in users.values()}
    assert roles == set(Role.values)
    cw = users["caseworker_yuhu"]
    assert cw.division.code == "430302" and cw.office is not None and cw.office.division.code == "430302"
    assert users["caseworker_yuetang"].division.code == "430304"
    assert users["inspector_yuhu"].role == Role.INSPECTOR
    for name, code in (("analyst_yuhu", "430302"), ("analyst_xiangtan", "4303"), ("analyst_hunan", "43"),
                       ("leader_yuhu", "430302"), ("leader_xiangtan", "4303"), ("leader_hunan", "43")):
        assert users[name].division.code == code, name
    admin = users["admin"]
    assert admin.role == Role.ADMIN and admin.division is None and admin.is_staff and admin.is_superuser
    assert admin.sees_everything
    for user in users.values():
        assert user.check_password("jiuye-demo-2025")
        if user.role in STAFF_ROLES:
            assert user.totp_confirmed and user.get_totp_secret()
    citizen, employer = users["citizen"], users["employer"]
    assert citizen.person is not None and citizen.person.source.kind == SourceKind.DEMO
    assert employer.employer is not None and employer.employer.spells.exists()
    assert ServiceOffice.objects.filter(kind="station", division__code__startswith="430302").count() >= 5
    # re-running resets the accounts rather than duplicating them
    run()
    assert User.objects.count() == len(users)


@pytest.mark.django_db
def test_demo_load_rejects_bad_arguments():
    with pytest.raises(CommandError):
        call_command("demo_load", "--rate", "0", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("demo_load", "--city", "9999", "--rate", "2000", stdout=StringIO())
    assert not Person.objects.exists()  # nothing half-loaded


@pytest.mark.django_db(transaction=True)
def test_demo_load_without_wet_run_writes_nothing():
    from jiuye.registry.models import Person

    out = StringIO()
    call_command("demo_load", *ARGS, stdout=out)
    assert "--wet-run" in out.getvalue()  # the hint is there in the default language (Chinese) too
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_a_second_make_run_is_not_refused_by_other_demo_commands_sources():
    # releases_demo adds demo graduates under a demo source of its own; that is not another region, so running the
    # whole demo again (a second `make run`) finds the region loaded instead of refusing it.
    run()
    DataSource.objects.create(code="demo-releases-graduates", kind=SourceKind.DEMO, name_zh="演示毕业生")
    assert "already loaded" in run()
