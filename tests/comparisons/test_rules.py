"""Each comparison on a crafted dataset with known answers: positive and negative cases and the
boundary months. Rules are run through `recompute_worklists`, the real code path."""

from __future__ import annotations

import datetime as dt

import pytest

from jiuye.comparisons.enums import WorklistKind
from jiuye.comparisons.models import WorklistEntry
from jiuye.comparisons.services import recompute_worklists
from jiuye.registry.enums import GraduateDestination, HukouMoveKind, LabourStatus

from .. import factories as f
from .conftest import ON, adult, contribution, graduate, m, move_in, register, spell, wage

pytestmark = pytest.mark.django_db


def listed(kind, on=ON, field=None):
    recompute_worklists(on=on, kinds=[kind])
    field = field or {"zero_employment_household": "household", "income_without_insurance": "employer",
                      "employer_arrears_or_drop": "employer"}.get(kind, "person")
    return set(WorklistEntry.objects.open().of_kind(kind).values_list(f"{field}_id", flat=True))


def entry(kind, **subject):
    return WorklistEntry.objects.open().of_kind(kind).get(**subject)


# --- zero-employment households -------------------------------------------------------------------

class TestZeroEmploymentHouseholds:
    kind = WorklistKind.ZERO_EMPLOYMENT_HOUSEHOLD

    def test_household_with_no_worker_is_listed(self, yuhu):
        a, b = adult(yuhu), adult(yuhu)
        child = adult(yuhu, birth_date=dt.date(2015, 1, 1))
        hh = f.make_household(yuhu, [a, b, child])
        assert listed(self.kind) == {hh.pk}
        reasons = entry(self.kind, household=hh).reasons
        assert reasons["working_age_members"] == 2 and reasons["able_members"] == 2
        assert entry(self.kind, household=hh).division == yuhu

    def test_current_spell_or_recent_wage_income_clears_it(self, yuhu):
        a, b, c, d = (adult(yuhu) for _ in range(4))
        with_spell = f.make_household(yuhu, [a])
        spell(a, dt.date(2024, 1, 1))
        with_wage = f.make_household(yuhu, [b])
        wage(b, m(2025, 4))  # April is within the 3 months April–June
        ended_spell = f.make_household(yuhu, [c])
        spell(c, dt.date(2020, 1, 1), end=dt.date(2025, 6, 14))  # ended the day before
        old_wage = f.make_household(yuhu, [d])
        wage(d, m(2025, 3))  # March is outside the window
        assert listed(self.kind) == {ended_spell.pk, old_wage.pk}
        assert with_spell.pk not in listed(self.kind) and with_wage.pk not in listed(self.kind)

    def test_paid_contributions_in_the_window_clear_it(self, yuhu):
        a, b, c = (adult(yuhu) for _ in range(3))
        employer = f.make_employer(yuhu)
        paid = f.make_household(yuhu, [a])
        contribution(a, employer, m(2025, 4))  # April is within April–June
        flexible = f.make_household(yuhu, [b])
        contribution(b, None, m(2025, 6))  # paying as a flexible worker counts as work too
        unpaid = f.make_household(yuhu, [c])
        contribution(c, employer, m(2025, 5), paid="0.00")  # due but not paid: no sign of work
        assert listed(self.kind) == {unpaid.pk}
        assert paid.pk not in listed(self.kind) and flexible.pk not in listed(self.kind)

    def test_spell_ending_on_the_date_still_counts(self, yuhu):
        a = adult(yuhu)
        hh = f.make_household(yuhu, [a])
        spell(a, dt.date(2020, 1, 1), end=ON)
        assert hh.pk not in listed(self.kind)

    def test_household_without_able_working_age_member_is_not_listed(self, yuhu):
        retired_age = adult(yuhu, birth_date=dt.date(1960, 1, 1))  # 65
        student = adult(yuhu, birth_date=dt.date(2005, 1, 1), labour_status=LabourStatus.STUDENT)
        severe = adult(yuhu, disability_grade=1)
        hh = f.make_household(yuhu, [retired_age, student, severe])
        assert hh.pk not in listed(self.kind)
        # a member with a grade-3 disability is able to work
        mild = adult(yuhu, disability_grade=3)
        hh2 = f.make_household(yuhu, [mild])
        assert listed(self.kind) == {hh2.pk}

    def test_working_age_boundaries_16_and_59(self, yuhu):
        turns_16_today = adult(yuhu, birth_date=dt.date(2009, 6, 15))
        turns_16_tomorrow = adult(yuhu, birth_date=dt.date(2009, 6, 16))
        aged_59 = adult(yuhu, birth_date=dt.date(1965, 6, 16))  # turns 60 tomorrow
        turns_60_today = adult(yuhu, birth_date=dt.date(1965, 6, 15))
        hh_16 = f.make_household(yuhu, [turns_16_today])
        hh_15 = f.make_household(yuhu, [turns_16_tomorrow])
        hh_59 = f.make_household(yuhu, [aged_59])
        hh_60 = f.make_household(yuhu, [turns_60_today])
        found = listed(self.kind)
        assert hh_16.pk in found and hh_59.pk in found
        assert hh_15.pk not in found and hh_60.pk not in found

    def test_working_member_who_cannot_work_still_employs_the_household(self, yuhu):
        able = adult(yuhu)
        severe_but_working = adult(yuhu, disability_grade=2)
        hh = f.make_household(yuhu, [able, severe_but_working])
        wage(severe_but_working, m(2025, 6))
        assert hh.pk not in listed(self.kind)

    def test_only_current_memberships_count(self, yuhu):
        from jiuye.registry.models import HouseholdMembership

        idle, worker = adult(yuhu), adult(yuhu)
        spell(worker, dt.date(2024, 1, 1))
        hh = f.make_household(yuhu, [idle, worker])
        HouseholdMembership.objects.filter(household=hh, person=worker).update(until=dt.date(2025, 1, 31))
        assert hh.pk in listed(self.kind)  # the worker left in January


# --- registered unemployed with income ------------------------------------------------------------

class TestUnemployedWithIncome:
    kind = WorklistKind.UNEMPLOYED_WITH_INCOME

    def test_paid_contribution_or_wage_income_after_registering(self, yuhu):
        employer = f.make_employer(yuhu)
        paid = adult(yuhu)
        register(paid, dt.date(2025, 2, 10))
        contribution(paid, employer, m(2025, 5))
        earns = adult(yuhu)
        register(earns, dt.date(2025, 2, 10))
        wage(earns, m(2025, 6), employer)
        wage(earns, m(2025, 5), employer)
        assert listed(self.kind) == {paid.pk, earns.pk}
        assert entry(self.kind, person=paid).reasons["codes"] == ["paid_contributions"]
        assert entry(self.kind, person=earns).reasons["wage_income_months"] == 2

    def test_negative_cases(self, yuhu):
        from jiuye.registry.enums import RegistrationStatus

        employer = f.make_employer(yuhu)
        unpaid = adult(yuhu)  # contributions due but nothing paid
        register(unpaid, dt.date(2025, 1, 5))
        contribution(unpaid, employer, m(2025, 6), paid="0.00")
        closed = adult(yuhu)  # registration no longer open
        register(closed, dt.date(2025, 1, 5), status=RegistrationStatus.EMPLOYED, ended_on=dt.date(2025, 3, 1))
        wage(closed, m(2025, 6))
        too_early = adult(yuhu)  # April income is outside the 2-month window May–June
        register(too_early, dt.date(2025, 1, 5))
        wage(too_early, m(2025, 4))
        same_month = adult(yuhu)  # pay for the month of registration is not a reason
        register(same_month, dt.date(2025, 5, 20))
        wage(same_month, m(2025, 5))
        not_registered = adult(yuhu)
        wage(not_registered, m(2025, 6))
        assert listed(self.kind) == set()

    def test_month_after_registration_counts(self, yuhu):
        p = adult(yuhu)
        register(p, dt.date(2025, 5, 1))
        wage(p, m(2025, 6))
        assert listed(self.kind) == {p.pk}


# --- wage income without social insurance, by employer ------------------------------------------

class TestIncomeWithoutInsurance:
    kind = WorklistKind.INCOME_WITHOUT_INSURANCE

    def test_employer_listed_with_count_of_uninsured_persons(self, yuhu, yuetang):
        gap = f.make_employer(yuetang)  # seat in Yuetang although its workers live in Yuhu
        ok = f.make_employer(yuhu)
        a, b, c = adult(yuhu), adult(yuhu), adult(yuhu)
        for p in (a, b, c):
            wage(p, m(2025, 6), gap)
            wage(p, m(2025, 6), ok)
            contribution(p, ok, m(2025, 6))
        contribution(c, gap, m(2025, 6), scheme="medical")  # any scheme counts as insured
        contribution(a, ok, m(2025, 6), scheme="medical")
        assert listed(self.kind) == {gap.pk}
        e = entry(self.kind, employer=gap)
        assert e.reasons == {"codes": ["uninsured_wage_income"], "month": "2025-06", "persons": 2}
        assert e.division == yuetang

    def test_insured_by_another_employer_is_still_a_gap(self, yuhu):
        payer, insurer = f.make_employer(yuhu), f.make_employer(yuhu)
        p = adult(yuhu)
        wage(p, m(2025, 6), payer)
        contribution(p, insurer, m(2025, 6))
        assert listed(self.kind) == {payer.pk}

    def test_uses_the_latest_month_both_departments_reported(self, yuhu):
        employer = f.make_employer(yuhu)
        p, q = adult(yuhu), adult(yuhu)
        # Tax has reported June, social insurance only May: June is not judged yet.
        wage(p, m(2025, 5), employer)
        contribution(p, employer, m(2025, 5))
        wage(q, m(2025, 6), employer)
        assert listed(self.kind) == set()
        wage(q, m(2025, 5), employer)  # May: q paid but not insured
        assert listed(self.kind) == {employer.pk}
        assert entry(self.kind, employer=employer).reasons["month"] == "2025-05"

    def test_facts_after_the_reference_month_are_ignored(self, yuhu):
        employer = f.make_employer(yuhu)
        p = adult(yuhu)
        wage(p, m(2025, 7), employer)
        contribution(adult(yuhu), employer, m(2025, 7))
        assert listed(self.kind) == set()


# --- graduates of the last two years with no spell -------------------------------------------------

class TestGraduateNoSpell:
    kind = WorklistKind.GRADUATE_NO_SPELL

    def test_positive_and_negative(self, yuhu):
        idle = adult(yuhu, birth_date=dt.date(2002, 3, 1))
        graduate(idle, dt.date(2024, 6, 30))
        hired = adult(yuhu, birth_date=dt.date(2002, 3, 1))
        graduate(hired, dt.date(2024, 6, 30))
        spell(hired, dt.date(2024, 9, 1), end=dt.date(2025, 1, 31))  # any spell since, even ended
        paid = adult(yuhu, birth_date=dt.date(2002, 3, 1))
        graduate(paid, dt.date(2024, 6, 30))
        wage(paid, m(2024, 6))  # wage income in the month of graduation counts
        studying = adult(yuhu, birth_date=dt.date(2002, 3, 1))
        graduate(studying, dt.date(2024, 6, 30), destination=GraduateDestination.FURTHER_STUDY)
        old_job = adult(yuhu, birth_date=dt.date(2002, 3, 1))
        graduate(old_job, dt.date(2024, 6, 30))
        spell(old_job, dt.date(2023, 7, 1))  # a job before graduating (still current) is not "after"
        assert listed(self.kind) == {idle.pk, old_job.pk}
        assert entry(self.kind, person=idle).reasons["months_since_graduation"] == 12

    def test_24_month_boundary(self, yuhu):
        exactly = adult(yuhu)
        graduate(exactly, dt.date(2023, 6, 15))  # exactly 24 months before ON: included
        older = adult(yuhu)
        graduate(older, dt.date(2023, 6, 14))
        future = adult(yuhu)
        graduate(future, dt.date(2025, 6, 30))  # after the reference date
        assert listed(self.kind) == {exactly.pk}

    def test_latest_graduation_decides(self, yuhu):
        p = adult(yuhu)
        graduate(p, dt.date(2023, 7, 1), institution="A")
        spell(p, dt.date(2023, 9, 1), end=dt.date(2024, 6, 30))
        graduate(p, dt.date(2025, 1, 10), institution="B")  # back to school, graduated again
        assert listed(self.kind) == {p.pk}
        assert WorklistEntry.objects.of_kind(self.kind).filter(person=p).count() == 1


# --- employers with arrears or a fall in insured headcount -----------------------------------------

class TestEmployerArrearsOrDrop:
    kind = WorklistKind.EMPLOYER_ARREARS_OR_DROP

    def staff(self, division, n):
        return [adult(division) for _ in range(n)]

    def test_arrears_over_the_last_three_reported_months(self, yuhu):
        owing, settled, old_debt = f.make_employer(yuhu), f.make_employer(yuhu), f.make_employer(yuhu)
        p = adult(yuhu)
        contribution(p, owing, m(2025, 4), due="800.00", paid="500.00")
        contribution(p, settled, m(2025, 5), due="800.00", paid="500.00")
        contribution(p, settled, m(2025, 6), due="800.00", paid="1100.00")  # caught up: net 0
        contribution(p, old_debt, m(2025, 3), due="800.00", paid="0.00")  # March is outside April–June
        contribution(p, old_debt, m(2025, 6))
        assert listed(self.kind) == {owing.pk}
        reasons = entry(self.kind, employer=owing).reasons
        assert reasons["codes"] == ["arrears"] and reasons["arrears_yuan"] == "300.00"
        assert reasons["month"] == "2025-06"

    def test_headcount_drop_needs_20_percent_and_5_persons(self, yuhu):
        big_drop, small_drop, pct_low = f.make_employer(yuhu), f.make_employer(yuhu), f.make_employer(yuhu)
        people = self.staff(yuhu, 40)
        for p in people[:25]:  # 25 in March → 20 in June: −5, −20%: listed
            contribution(p, big_drop, m(2025, 3))
        for p in people[:20]:
            contribution(p, big_drop, m(2025, 6))
        for p in people[:10]:  # 10 → 6: −40% but only 4 persons
            contribution(p, small_drop, m(2025, 3))
        for p in people[:6]:
            contribution(p, small_drop, m(2025, 6))
        for p in people[:26]:  # 26 → 21: −5 persons but 19.2%
            contribution(p, pct_low, m(2025, 3))
        for p in people[:21]:
            contribution(p, pct_low, m(2025, 6))
        assert listed(self.kind) == {big_drop.pk}
        reasons = entry(self.kind, employer=big_drop).reasons
        assert reasons["codes"] == ["headcount_drop"]
        assert (reasons["insured_before"], reasons["insured_now"], reasons["before_month"]) == (25, 20, "2025-03")

    def test_headcount_counts_persons_not_records(self, yuhu):
        employer = f.make_employer(yuhu)
        people = self.staff(yuhu, 5)
        for p in people:
            for scheme in ("pension", "medical"):
                contribution(p, employer, m(2025, 3), scheme=scheme)
        contribution(people[0], employer, m(2025, 6))
        # 5 → 1 persons (10 → 1 records): −4 persons is below the 5-person floor
        assert listed(self.kind) == set()

    def test_latest_reported_month_not_calendar_month(self, yuhu):
        employer = f.make_employer(yuhu)
        people = self.staff(yuhu, 6)
        for p in people:
            contribution(p, employer, m(2025, 2))
            contribution(p, employer, m(2025, 5))
        # On 15 June no June file yet: May (latest reported) vs February, no drop.
        assert listed(self.kind) == set()


# --- hukou moved in, no work -------------------------------------------------------------------------

class TestHukouInNoWork:
    kind = WorklistKind.HUKOU_IN_NO_WORK

    def test_positive_negative_and_6_month_boundary(self, yuhu):
        arrived = adult(yuhu)
        move_in(arrived, dt.date(2025, 3, 1))
        edge = adult(yuhu)
        move_in(edge, dt.date(2024, 12, 15))  # exactly 6 months before ON
        too_old = adult(yuhu)
        move_in(too_old, dt.date(2024, 12, 14))
        moved_out = adult(yuhu)
        move_in(moved_out, dt.date(2025, 3, 1), kind=HukouMoveKind.MOVE_OUT)
        working = adult(yuhu)
        move_in(working, dt.date(2025, 3, 1))
        spell(working, dt.date(2025, 4, 1))
        earning = adult(yuhu)
        move_in(earning, dt.date(2025, 3, 1))
        wage(earning, m(2025, 4))
        child = adult(yuhu, birth_date=dt.date(2015, 1, 1))
        move_in(child, dt.date(2025, 3, 1))
        student = adult(yuhu, birth_date=dt.date(2006, 1, 1), labour_status=LabourStatus.STUDENT)
        move_in(student, dt.date(2025, 3, 1))
        assert listed(self.kind) == {arrived.pk, edge.pk}
        assert entry(self.kind, person=arrived).reasons["months_since_move_in"] == 3

    def test_old_wage_income_does_not_count(self, yuhu):
        p = adult(yuhu)
        move_in(p, dt.date(2025, 3, 1))
        wage(p, m(2025, 3))  # March: outside April–June
        assert listed(self.kind) == {p.pk}


def test_household_needs_a_member_willing_to_work(yuhu):
    """Homemakers or carers who never asked for work do not make a zero-employment household; an
    active job-seeker registration does."""
    from jiuye.registry.models import JobSeekerRegistration

    home = adult(yuhu, name="孙三", labour_status=LabourStatus.INACTIVE)
    household = f.make_household(yuhu, [home])
    recompute_worklists(on=ON)
    assert not WorklistEntry.objects.open().filter(household=household).exists()
    JobSeekerRegistration.objects.create(person=home, division=yuhu, registered_on=dt.date(2025, 1, 5))
    recompute_worklists(on=ON)
    assert WorklistEntry.objects.open().filter(household=household).exists()
