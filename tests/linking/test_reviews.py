"""Clerical review of uncertain pairs: decided both ways, by the right people only."""

import json

import pytest
from django.core.exceptions import PermissionDenied

from jiuye.core.models import AuditEvent, EventKind
from jiuye.ingestion.enums import StagedStatus
from jiuye.ingestion.linking import ReviewError, decide_review, link_staged_records
from jiuye.registry.enums import ReviewStatus
from jiuye.registry.models import LinkReview, TrainingRecord
from jiuye.registry.permissions import can_decide_review

from .. import factories as f
from .conftest import StandIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(tree, stage, yuhu_person):
    """One staged record with two possible matches in 雨湖."""
    other = f.make_person(tree["430302001"], name="王晓明")
    staged = stage("王小明")
    link_staged_records(engine=StandIn({(staged.pk, yuhu_person.pk): 0.8, (staged.pk, other.pk): 0.6}))
    return {
        "staged": staged,
        "right": LinkReview.objects.get(candidate=yuhu_person),
        "wrong": LinkReview.objects.get(candidate=other),
    }


def test_same_links_the_record_and_closes_the_other_pairs(pair, users, yuhu_person):
    cw = users["caseworker"]
    decide_review(pair["right"], same=True, by=cw)

    staged = pair["staged"]
    staged.refresh_from_db()
    assert (staged.status, staged.person) == (StagedStatus.LINKED, yuhu_person)
    assert TrainingRecord.objects.get(person=yuhu_person).programme == staged.payload["programme"]
    right, wrong = (LinkReview.objects.get(pk=pair[k].pk) for k in ("right", "wrong"))
    assert (right.status, right.decided_by) == (ReviewStatus.SAME, cw)
    assert (wrong.status, wrong.decided_by) == (ReviewStatus.DIFFERENT, cw)
    reviewed = AuditEvent.objects.get(kind=EventKind.LINK_REVIEWED)
    assert reviewed.data["decision"] == "same" and reviewed.data["closed_reviews"] == [wrong.pk]
    linked = AuditEvent.objects.get(kind=EventKind.RECORD_LINKED)
    assert linked.data["via"] == "review" and linked.actor == cw


def test_different_closes_the_pair_and_the_last_one_leaves_the_record_unmatched(pair, users):
    cw = users["caseworker"]
    decide_review(pair["wrong"], same=False, by=cw)
    staged = pair["staged"]
    staged.refresh_from_db()
    assert staged.status == StagedStatus.REVIEW  # one pair still open
    decide_review(pair["right"], same=False, by=cw)
    staged.refresh_from_db()
    assert staged.status == StagedStatus.UNMATCHED and staged.person is None
    assert not TrainingRecord.objects.exists()
    assert set(LinkReview.objects.values_list("status", flat=True)) == {ReviewStatus.DIFFERENT}
    assert AuditEvent.objects.filter(kind=EventKind.LINK_REVIEWED).count() == 2


def test_a_decided_pair_cannot_be_decided_again(pair, users):
    decide_review(pair["right"], same=True, by=users["caseworker"])
    with pytest.raises(ReviewError):
        decide_review(pair["right"], same=False, by=users["caseworker"])
    with pytest.raises(ReviewError):  # closed when the record was linked
        decide_review(pair["wrong"], same=True, by=users["caseworker"])


@pytest.mark.parametrize("role", ["analyst_city", "leader_province", "caseworker_other", "citizen", "employer"])
def test_only_case_staff_of_the_candidates_area_decide(pair, users, role):
    user = users[role]
    assert not can_decide_review(user, pair["right"])
    with pytest.raises(PermissionDenied):
        decide_review(pair["right"], same=True, by=user)
    assert LinkReview.objects.get(pk=pair["right"].pk).status == ReviewStatus.PENDING


@pytest.mark.parametrize("role", ["caseworker", "inspector", "admin_national"])
def test_case_roles_in_scope_may_decide(pair, users, role):
    assert can_decide_review(users[role], pair["right"])


def test_review_audit_holds_no_personal_data(pair, users, yuhu_person):
    decide_review(pair["right"], same=True, by=users["caseworker"])
    text = json.dumps([e.data for e in AuditEvent.objects.all()], ensure_ascii=False)
    for secret in ("王小明", "王晓明", yuhu_person.resident_id_masked, yuhu_person.reveal_resident_id()):
        assert secret not in text
