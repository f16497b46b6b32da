"""Linking staged department records to library persons (with a stand-in engine of the same contract)."""

import datetime as dt
import json

import pyarrow as pa
import pytest
from django.core.management import call_command

from jiuye.core.models import AuditEvent, EventKind
from jiuye.ingestion.enums import StagedStatus
from jiuye.ingestion.linking import link_staged_records
from jiuye.registry.enums import ReviewStatus
from jiuye.registry.models import LinkReview, Person, PersonMerge, TrainingRecord

from .. import factories as f
from .conftest import OUT_SCHEMA, StandIn

pytestmark = pytest.mark.django_db


def _person_ids(engine, call=0):
    return set(engine.calls[call][1].column("record_id").to_pylist())


def test_confident_match_is_linked_and_its_payload_lands(tree, stage, yuhu_person):
    staged = stage("王小明")
    engine = StandIn({(staged.pk, yuhu_person.pk): 0.99})

    counts = link_staged_records(engine=engine)

    staged.refresh_from_db()
    assert (staged.status, staged.person, staged.match_probability) == (StagedStatus.LINKED, yuhu_person, 0.99)
    training = TrainingRecord.objects.get(person=yuhu_person)
    assert training.programme == staged.payload["programme"]
    assert training.source.code == staged.source_code and training.import_run == staged.run
    assert (counts.linked, counts.review, counts.unmatched, counts.outcomes["accepted"]) == (1, 0, 0, 1)
    event = AuditEvent.objects.get(kind=EventKind.RECORD_LINKED)
    assert event.object_type == "ingestion.stagedrecord" and event.object_id == str(staged.pk)
    assert event.data["person_id"] == yuhu_person.pk and event.data["probability"] == 0.99
    assert event.division_path == yuhu_person.division.path


def test_uncertain_pair_goes_to_review_and_nothing_is_linked(tree, stage, yuhu_person):
    staged = stage("王晓明")
    engine = StandIn({(staged.pk, yuhu_person.pk): 0.7}, gammas={"name": 3, "birth_date": 3, "sex": 1,
                                                                "phone": -1, "division": 2})
    counts = link_staged_records(engine=engine)

    staged.refresh_from_db()
    assert staged.status == StagedStatus.REVIEW and staged.person is None
    review = LinkReview.objects.get(record=staged)
    assert (review.candidate, review.status, review.match_probability) == (yuhu_person, ReviewStatus.PENDING, 0.7)
    assert review.comparison == {"name": 3, "birth_date": 3, "sex": 1, "phone": -1, "division": 2}
    assert not TrainingRecord.objects.exists()
    assert (counts.review, counts.reviews_created) == (1, 1)


def test_no_candidate_above_lower_is_unmatched(tree, stage, yuhu_person):
    staged = stage("王小明")
    link_staged_records(engine=StandIn({(staged.pk, yuhu_person.pk): 0.2}))
    staged.refresh_from_db()
    assert staged.status == StagedStatus.UNMATCHED and not LinkReview.objects.exists()


def test_two_confident_candidates_are_reviewed_not_guessed(tree, stage, yuhu_person):
    twin = f.make_person(tree["430302001"], name="王小明")
    staged = stage("王小明")
    link_staged_records(engine=StandIn({(staged.pk, yuhu_person.pk): 0.98, (staged.pk, twin.pk): 0.97}))
    staged.refresh_from_db()
    assert staged.status == StagedStatus.REVIEW
    assert set(LinkReview.objects.values_list("candidate_id", flat=True)) == {yuhu_person.pk, twin.pk}


def test_linking_never_merges_or_creates_persons(tree, stage, yuhu_person):
    duplicate = f.make_person(tree["430302001"], name="王小明")
    staged = [stage("王小明"), stage("王小明")]
    before = set(Person.objects.values_list("pk", flat=True))
    scores = {(s.pk, p.pk): 0.99 for s in staged for p in (yuhu_person, duplicate)}
    link_staged_records(engine=StandIn(scores))
    assert set(Person.objects.values_list("pk", flat=True)) == before
    assert not PersonMerge.objects.exists()
    assert not AuditEvent.objects.filter(kind=EventKind.PERSONS_MERGED).exists()


def test_blocking_exports_candidates_not_the_whole_library(tree, stage, yuhu_person):
    same_birth_other_city = f.make_person(tree["430102"], name="赵六")  # Changsha: other city
    same_phone_far_away = f.make_person(tree["430102"], name="钱七", birth_date=dt.date(1970, 1, 1),
                                        phone="13900001111")
    same_name_wrong_date = f.make_person(tree["430302001"], name="王小明", birth_date=dt.date(1991, 1, 1))
    same_surname_year = f.make_person(tree["430302001"], name="王晓敏", birth_date=dt.date(1990, 12, 30))
    other_district = f.make_person(tree["430304001"], name="李四", birth_date=dt.date(1985, 1, 1))
    stage("王小明", phone="13900001111")
    engine = StandIn({})
    link_staged_records(engine=engine)
    exported = _person_ids(engine)
    assert str(yuhu_person.pk) in exported  # same birth date, same city
    assert str(same_phone_far_away.pk) in exported
    assert str(same_name_wrong_date.pk) in exported
    assert str(same_surname_year.pk) in exported
    assert str(same_birth_other_city.pk) not in exported
    assert str(other_district.pk) not in exported


def test_engine_tables_follow_the_contract(tree, stage, yuhu_person):
    staged = stage("王小明", phone="13912345678", resident_id="")
    engine = StandIn({})
    link_staged_records(engine=engine)
    left, right = engine.calls[0]
    columns = ["record_id", "name", "birth_date", "sex", "phone_hash", "division_code", "id_hash"]
    assert left.column_names == columns and right.column_names == columns
    row = left.to_pylist()[0]
    assert row["record_id"] == str(staged.pk) and row["birth_date"] == dt.date(1990, 5, 6)
    assert row["division_code"] == "430302001" and row["id_hash"] is None and len(row["phone_hash"]) == 64
    person_row = next(r for r in right.to_pylist() if r["record_id"] == str(yuhu_person.pk))
    assert person_row["id_hash"] == yuhu_person.resident_id_hash


def test_division_limits_the_run(tree, stage, yuhu_person, yuetang_person):
    here = stage("王小明")
    there = stage("李大红", township="430304001")
    engine = StandIn({(here.pk, yuhu_person.pk): 0.99, (there.pk, yuetang_person.pk): 0.99})
    counts = link_staged_records(division="430304", engine=engine)
    assert counts.considered == 1
    here.refresh_from_db()
    there.refresh_from_db()
    assert here.status == StagedStatus.PENDING and there.status == StagedStatus.LINKED


def test_linking_is_idempotent(tree, stage, yuhu_person):
    staged = stage("王小明")
    engine = StandIn({(staged.pk, yuhu_person.pk): 0.99})
    link_staged_records(engine=engine)
    counts = link_staged_records(engine=engine)
    assert counts.considered == 0
    assert TrainingRecord.objects.count() == 1


def test_audit_data_holds_no_personal_data(tree, stage, yuhu_person):
    staged = stage("王小明", phone="13912345678")
    link_staged_records(engine=StandIn({(staged.pk, yuhu_person.pk): 0.99}))
    text = json.dumps([e.data for e in AuditEvent.objects.all()], ensure_ascii=False)
    for secret in ("王小明", "13912345678", yuhu_person.reveal_resident_id(), yuhu_person.resident_id_masked,
                   staged.phone_hash, yuhu_person.resident_id_hash):
        assert secret not in text


def test_command_writes_only_with_wet_run(tree, stage, yuhu_person, monkeypatch):
    staged = stage("王小明")
    engine = StandIn({(staged.pk, yuhu_person.pk): 0.99})
    monkeypatch.setattr("jiuye.ingestion.linking.link_records", engine)
    call_command("linkage_run")
    staged.refresh_from_db()
    assert staged.status == StagedStatus.PENDING and not TrainingRecord.objects.exists()
    call_command("linkage_run", "--wet-run", "--division", "430302")
    staged.refresh_from_db()
    assert staged.status == StagedStatus.LINKED and TrainingRecord.objects.count() == 1


def test_rows_of_one_person_go_to_the_engine_once_and_all_link(tree, stage, yuhu_person):
    rows = [stage("王小明") for _ in range(12)]  # twelve monthly rows, same identity
    engine = StandIn({(rows[0].pk, yuhu_person.pk): 0.99})
    counts = link_staged_records(engine=engine)
    assert engine.calls[0][0].num_rows == 1
    assert counts.linked == 12 and TrainingRecord.objects.filter(person=yuhu_person).count() == 12


def test_a_second_near_certain_candidate_makes_it_a_question(tree, stage, yuhu_person):
    """The engine links a record to one person and demotes the runner-up to review; if the runner-up is
    above the upper threshold too, nothing is linked automatically."""
    other = f.make_person(tree["430302001"], name="王晓明")
    staged = stage("王小明")

    def engine(left, right, *, thresholds):
        out = StandIn({(staged.pk, yuhu_person.pk): 0.999, (staged.pk, other.pk): 0.98})(
            left, right, thresholds=thresholds
        ).to_pylist()
        for row in out:
            row["decision"] = "link" if row["right_id"] == str(yuhu_person.pk) else "review"
        return pa.Table.from_pylist(out, schema=OUT_SCHEMA)

    link_staged_records(engine=engine)
    staged.refresh_from_db()
    assert staged.status == StagedStatus.REVIEW and LinkReview.objects.filter(record=staged).count() == 2


def test_the_candidates_own_id_with_another_name_is_reviewed(tree, stage, yuhu_person):
    """The pipeline staged the row because its ID belongs to a person of another name: the ID's exact
    link must not settle that on its own."""
    staged = stage("王大明", resident_id=yuhu_person.reveal_resident_id())
    link_staged_records(engine=StandIn({(staged.pk, yuhu_person.pk): 1.0}))
    staged.refresh_from_db()
    assert staged.status == StagedStatus.REVIEW and staged.person is None
