"""Merging duplicate persons and undoing it: everything moves, everything comes back exactly."""

import datetime as dt
import json

import pytest
from django.core import serializers
from django.core.exceptions import PermissionDenied

from jiuye.core.models import AuditEvent, EventKind
from jiuye.registry import linking
from jiuye.registry.enums import ContractType, HukouMoveKind, InsuranceScheme, ReviewStatus
from jiuye.registry.identifiers import make_resident_id
from jiuye.registry.linking import MergeRefused, golden_record, merge_persons, person_relations, unmerge
from jiuye.registry.models import (
    ContributionRecord,
    DisabilityCertificate,
    EmploymentSpell,
    FieldProvenance,
    GraduateRecord,
    HouseholdMembership,
    HukouMove,
    InsuredPeriod,
    JobSeekerRegistration,
    LinkReview,
    Person,
    PersonKeyGroup,
    PersonMerge,
    TrainingRecord,
    UnemploymentRegistration,
    WageIncome,
)
from jiuye.taxonomy.models import EducationLevel, KeyGroup

from .. import factories as f

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1968, 3, 15)
ID18 = make_resident_id("430302", BIRTH, 123)
ID15 = ID18[:6] + ID18[8:17]  # the same person's first-generation card


def library_state() -> dict[str, dict]:
    """Every row of Person and of every table pointing at it, serialized whole (timestamps included)."""
    models = {Person} | {m for m, _fk in person_relations()}
    return {
        m._meta.label_lower: {row["pk"]: row for row in json.loads(serializers.serialize("json", m._base_manager.all()))}
        for m in models
    }


@pytest.fixture
def world(tree, users, sources, stage):
    """Survivor S (old 15-digit ID, sparse) and its duplicate A (18-digit ID, rich), both in 雨湖, with one of
    every fact, some reported for both; A itself absorbed a record X earlier."""
    town = tree["430302001"]
    employer = f.make_employer(town)
    kg = KeyGroup.objects.create(code="long_unemployed", name_zh="长期失业人员", name_en="Long-term unemployed")
    kg2 = KeyGroup.objects.create(code="graduate", name_zh="高校毕业生", name_en="Graduates")
    edu = EducationLevel.objects.create(code="bachelor", rank=6, name_zh="大学本科", name_en="Bachelor")
    s = f.make_person(town, name="王小明", resident_id=ID15, birth_date=BIRTH, source=sources["human_resources"])
    s.set_phone("")
    s.save()
    a = f.make_person(town, name="王晓明", resident_id=ID18, birth_date=BIRTH, ethnicity="汉族", major="机械",
                      graduation_year=1990, education=edu, is_veteran=True, discharge_date=dt.date(1992, 1, 1),
                      phone="13811112222", source=sources["social_insurance"])
    x = f.make_person(town, name="王晓明", resident_id=make_resident_id("430302", BIRTH, 555),
                      birth_date=BIRTH, source=sources["self_declared"])
    # X carries a different valid ID, so make it an invalid one: a typo record the clerk merged into A.
    x.resident_id_encrypted, x.resident_id_hash, x.resident_id_masked = "", "typo-hash", "430302********0000"
    x.save()
    EmploymentSpell.objects.create(person=x, employer=employer, contract_type=ContractType.TASK,
                                   start_date=dt.date(1995, 1, 1))
    earlier = merge_persons(a, x, by=users["caseworker"], reason="typo in ID")

    # The name from public security outranks the social-insurance one on S.
    FieldProvenance.objects.create(person=a, field="name", source=sources["public_security"],
                                   observed_on=dt.date(2023, 1, 1))
    FieldProvenance.objects.create(person=s, field="name", source=sources["human_resources"],
                                   observed_on=dt.date(2024, 1, 1))
    FieldProvenance.objects.create(person=a, field="phone", source=sources["social_insurance"],
                                   observed_on=dt.date(2024, 6, 1))
    for person in (s, a):
        EmploymentSpell.objects.create(person=person, employer=employer, contract_type=ContractType.FIXED_TERM,
                                       start_date=dt.date(2010, 1, 1) if person is s else dt.date(2015, 1, 1))
        PersonKeyGroup.objects.create(person=person, key_group=kg, since=dt.date(2024, 1, 1))  # A's clashes
        ContributionRecord.objects.create(person=person, employer=employer, scheme=InsuranceScheme.PENSION,
                                          month=dt.date(2024, 1, 1), base_wage=4000, amount_due=640,
                                          amount_paid=640)  # A's clashes
    household = f.make_household(town, [s, a])  # both members: A's membership clashes
    other_household = f.make_household(town, [a])
    PersonKeyGroup.objects.create(person=a, key_group=kg2, since=dt.date(2020, 7, 1))
    ContributionRecord.objects.create(person=a, employer=employer, scheme=InsuranceScheme.PENSION,
                                      month=dt.date(2024, 2, 1), base_wage=4000, amount_due=640, amount_paid=0)
    ContributionRecord.objects.create(person=a, employer=None, scheme=InsuranceScheme.PENSION,
                                      month=dt.date(2024, 1, 1), base_wage=3000, amount_due=480, amount_paid=480)
    UnemploymentRegistration.objects.create(person=a, division=tree["430302"], registered_on=dt.date(2024, 5, 1))
    InsuredPeriod.objects.create(person=a, employer=employer, scheme=InsuranceScheme.PENSION,
                                 start_date=dt.date(2015, 1, 1))
    WageIncome.objects.create(person=a, employer=employer, month=dt.date(2024, 1, 1), amount="5200.00")
    GraduateRecord.objects.create(person=a, institution="湘潭大学", education=edu, graduation_date=dt.date(1990, 7, 1))
    DisabilityCertificate.objects.create(person=a, category="肢体", grade=4, issued_on=dt.date(2019, 1, 1))
    HukouMove.objects.create(person=a, kind=HukouMoveKind.MOVE_IN, to_division=town, moved_on=dt.date(2000, 1, 1))
    JobSeekerRegistration.objects.create(person=a, division=tree["430302"], registered_on=dt.date(2024, 5, 2))
    TrainingRecord.objects.create(person=a, programme="焊工", start_date=dt.date(2024, 6, 1))
    staged_linked = stage("王晓明")
    staged_linked.person, staged_linked.status = a, "linked"
    staged_linked.save()
    review = LinkReview.objects.create(record=stage("王小明"), candidate=a, match_probability=0.7)
    citizen = users["citizen"]
    citizen.person = a
    citizen.save()
    return {"s": s, "a": a, "x_id": x.pk, "earlier": earlier, "household": household,
            "other_household": other_household, "review": review, "citizen": citizen}


def test_merge_moves_everything_and_builds_the_golden_record(world, users):
    s, a = world["s"], world["a"]
    a_pk = a.pk
    facts_of_a = {
        label: sum(1 for row in rows.values() if any(row["fields"].get(k) == a_pk for k in ("person", "candidate", "survivor")))
        for label, rows in library_state().items()
    }
    merge = merge_persons(s, a, by=users["caseworker"], reason="15-digit and 18-digit ID of the same person")

    assert not Person.objects.filter(pk=a_pk).exists()
    for label, rows in library_state().items():
        assert not any(
            row["fields"].get(k) == a_pk for row in rows.values() for k in ("person", "candidate", "survivor")
        ), label
    moved = {key.split(".")[0] + "." + key.split(".")[1]: len(ids) for key, ids in merge.snapshot["moved"].items()}
    # three of A's facts were already recorded for S (key group, contribution, household): kept once
    assert sum(moved.values()) == sum(facts_of_a.values()) - 3
    assert len(merge.snapshot["deleted"]) == 1 + 3
    assert EmploymentSpell.objects.filter(person=s).count() == 3  # S's, A's, and X's (moved to A earlier)
    assert HouseholdMembership.objects.get(household=world["other_household"]).person == s
    assert HouseholdMembership.objects.filter(household=world["household"]).count() == 1
    assert ContributionRecord.objects.filter(person=s).count() == 3
    for model in (UnemploymentRegistration, InsuredPeriod, WageIncome, GraduateRecord, DisabilityCertificate,
                  HukouMove, JobSeekerRegistration, TrainingRecord):
        assert model.objects.filter(person=s).count() == 1, model
    assert LinkReview.objects.get(pk=world["review"].pk).candidate == s
    world["citizen"].refresh_from_db()
    assert world["citizen"].person == s
    assert PersonMerge.objects.get(pk=world["earlier"].pk).survivor == s

    s.refresh_from_db()
    assert s.reveal_resident_id() == ID18  # the valid 18-digit number replaces the 15-digit one
    assert s.name == "王晓明"  # public security outranks human resources
    assert (s.ethnicity, s.major, s.graduation_year, s.is_veteran) == ("汉族", "机械", 1990, True)
    assert s.reveal_phone() == "13811112222"
    golden: dict = {}
    for row in golden_record(s):
        golden.setdefault(row.field, row)  # strongest source first
    assert golden["resident_id"].value == s.resident_id_masked and ID18 not in str(golden)
    assert golden["name"].source == "ps.hukou"
    assert golden["phone"].value == "138****2222" and golden["phone"].observed_on == dt.date(2024, 6, 1)
    assert golden["ethnicity"].source == "si.insured"  # from A's own source, no provenance row on A


def test_unmerge_restores_every_row_and_field_exactly(world, users):
    s, a = world["s"], world["a"]
    before = library_state()
    merge = merge_persons(s, a, by=users["caseworker"], reason="duplicate")
    restored = unmerge(merge, by=users["caseworker"])

    after = library_state()
    assert restored.pk == a.pk
    for label, rows in before.items():
        new = set(after[label]) - set(rows)
        assert new == ({merge.pk} if label == "registry.personmerge" else set()), label
        for pk, row in rows.items():
            assert after[label].get(pk) == row, (label, pk)
    restored.refresh_from_db()
    s.refresh_from_db()
    assert restored.reveal_resident_id() == ID18 and s.reveal_resident_id() == ID15
    assert restored.reveal_phone() == "13811112222" and s.reveal_phone() == ""
    merge.refresh_from_db()
    assert merge.undone_at is not None and merge.undone_by == users["caseworker"]
    with pytest.raises(MergeRefused):
        unmerge(merge, by=users["caseworker"])


def test_merges_are_undone_newest_first(world, users):
    merge = merge_persons(world["s"], world["a"], by=users["caseworker"], reason="duplicate")
    earlier = PersonMerge.objects.get(pk=world["earlier"].pk)
    with pytest.raises(MergeRefused):  # A, its survivor, has itself been merged into S since
        unmerge(earlier, by=users["caseworker"])
    unmerge(merge, by=users["caseworker"])
    x = unmerge(PersonMerge.objects.get(pk=earlier.pk), by=users["caseworker"])
    assert x.pk == world["x_id"] and EmploymentSpell.objects.filter(person=x).count() == 1


def test_a_later_correction_survives_the_undo(world, users):
    s = world["s"]
    merge = merge_persons(s, world["a"], by=users["caseworker"], reason="duplicate")
    s.refresh_from_db()
    s.major = "数控"  # corrected after the merge
    s.save()
    unmerge(merge, by=users["caseworker"])
    s.refresh_from_db()
    assert s.major == "数控" and s.ethnicity == "" and s.reveal_resident_id() == ID15
    event = AuditEvent.objects.get(kind=EventKind.MERGE_UNDONE)
    assert event.data["fields_kept"] == ["major"]


@pytest.mark.usefixtures("english")
def test_two_valid_different_ids_are_two_people(tree, users):
    one = f.make_person(tree["430302001"], name="张伟")
    two = f.make_person(tree["430302001"], name="张伟")
    with pytest.raises(MergeRefused, match="different people"):
        merge_persons(one, two, by=users["caseworker"])
    assert Person.objects.filter(pk__in=[one.pk, two.pk]).count() == 2
    assert not PersonMerge.objects.exists()


def test_a_record_is_not_merged_into_itself(yuhu_person, users):
    with pytest.raises(MergeRefused):
        merge_persons(yuhu_person, yuhu_person, by=users["caseworker"])


@pytest.mark.parametrize("role", ["analyst_city", "leader_province", "caseworker_other", "citizen"])
def test_only_case_staff_holding_both_records_merge(world, users, role):
    with pytest.raises(PermissionDenied):
        merge_persons(world["s"], world["a"], by=users[role])
    assert Person.objects.filter(pk=world["a"].pk).exists()


def test_merge_across_districts_needs_both_in_scope(tree, users):
    here = f.make_person(tree["430302001"], resident_id=ID15, birth_date=BIRTH)
    there = f.make_person(tree["430304001"], resident_id=ID18, birth_date=BIRTH)
    with pytest.raises(PermissionDenied):
        merge_persons(here, there, by=users["caseworker"])
    merge = merge_persons(here, there, by=users["admin_national"])
    with pytest.raises(PermissionDenied):  # the absorbed record lived in 岳塘
        unmerge(merge, by=users["caseworker"])


def test_merge_and_unmerge_audit_ids_only(world, users):
    s, a = world["s"], world["a"]
    merge = merge_persons(s, a, by=users["caseworker"], reason="王小明 430302 duplicate")
    unmerge(merge, by=users["caseworker"])
    merged = AuditEvent.objects.get(kind=EventKind.PERSONS_MERGED, object_id=str(merge.pk))
    assert merged.data["survivor_id"] == s.pk and merged.data["absorbed_id"] == a.pk
    assert merged.division_path == s.division.path and merged.actor == users["caseworker"]
    assert AuditEvent.objects.filter(kind=EventKind.MERGE_UNDONE, object_id=str(merge.pk)).exists()
    text = json.dumps([e.data for e in AuditEvent.objects.all()], ensure_ascii=False)
    for secret in ("王小明", "王晓明", ID15, ID18, s.resident_id_masked, a.resident_id_masked, "13811112222",
                   "138****2222", a.resident_id_hash, "汉族"):
        assert secret not in text


def test_merge_without_known_sources_attributes_fields_to_the_clerical_decision(tree, users):
    s = f.make_person(tree["430302001"], resident_id=ID15, birth_date=BIRTH)
    a = f.make_person(tree["430302001"], resident_id=ID18, birth_date=BIRTH, ethnicity="苗族")
    merge = merge_persons(s, a, by=users["caseworker"])
    fp = FieldProvenance.objects.get(person=s, field="ethnicity")
    assert fp.source.code == linking.CLERICAL_SOURCE_CODE
    unmerge(merge, by=users["caseworker"])
    assert not FieldProvenance.objects.filter(person=s).exists()
    assert not linking.DataSource.objects.filter(code=linking.CLERICAL_SOURCE_CODE).exists()


def test_pending_reviews_follow_the_survivor(world, users):
    merge_persons(world["s"], world["a"], by=users["caseworker"])
    review = LinkReview.objects.get(pk=world["review"].pk)
    assert review.status == ReviewStatus.PENDING and review.candidate == world["s"]
