"""Occupation coding in the workflow: suggestions, the staff queue, confirmations that teach the coder and re-code
postings. Uses the real 大典 coder built from the reference data (once per test session)."""

from __future__ import annotations

import csv

import pytest

from jiuye.core.models import AuditEvent
from jiuye.jobs import occupation as occ
from jiuye.jobs import services, signals
from jiuye.jobs.enums import PostingStatus
from jiuye.jobs.models import JobPosting, OccupationCodedBy, OccupationTitleReview, ReviewStatus
from jiuye.taxonomy.models import Occupation
from tests import factories as f

pytestmark = pytest.mark.skipif(
    not (occ.reference_dir() / occ.DADIAN_FLAT).exists(), reason="reference data not present"
)


@pytest.fixture(scope="session")
def live_coder(django_db_setup, django_db_blocker):
    """The process-wide coder, built once for the whole session (confirmations are imported from the empty DB)."""
    with django_db_blocker.unblock():
        occ.reset_coder()
        return occ.get_coder()


def load_occupations() -> dict[str, Occupation]:
    """The 大典 tree from the reference file, as refdata_load would (levels and parents)."""
    with open(occ.reference_dir() / occ.DADIAN_FLAT, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    existing = set(Occupation.objects.values_list("code", flat=True))
    Occupation.objects.bulk_create(
        [
            Occupation(code=r["code"], level=int(r["level"]), name_zh=r["name"])
            for r in rows
            if r["code"] not in existing
        ]
    )
    by_code = Occupation.objects.in_bulk(field_name="code")
    parents = {r["code"]: r["code"].rsplit("-", 1)[0] for r in rows if "-" in r["code"]}
    for code, parent in parents.items():
        by_code[code].parent = by_code.get(parent)
    Occupation.objects.bulk_update([by_code[c] for c in parents], ["parent"])
    return by_code


@pytest.fixture
def occupations(db, live_coder):
    return load_occupations()


def test_chinese_title_suggestions_are_level_four_with_confidence(occupations):
    out = occ.suggest_occupations("Java开发工程师", top=3)
    assert 1 <= len(out) <= 3
    assert out[0].occupation.code == "2-02-10-03"
    assert all(s.occupation.level == 4 for s in out)
    assert [s.confidence for s in out] == sorted((s.confidence for s in out), reverse=True)
    assert out[0].confidence >= occ.CONFIRM_BELOW


def test_confident_title_is_not_queued(occupations):
    best = occ.code_title("软件测试工程师", source="posting")
    assert best.occupation.code == "4-04-05-02"
    assert not OccupationTitleReview.objects.exists()


def test_english_title_uses_dadian_coder_and_always_goes_to_staff(occupations):
    best = occ.code_title("Java developer", source="posting")
    assert best is not None and best.occupation.code == "2-02-10-03"
    assert best.confidence < occ.CONFIRM_BELOW
    review = OccupationTitleReview.objects.get()
    assert review.key == "java developer" and review.status == ReviewStatus.OPEN
    assert review.suggested.code == "2-02-10-03"


def test_unknown_title_enters_queue_and_counts_records(occupations):
    assert occ.code_title("Registered Nurse", source="posting") is None
    occ.code_title("registered  NURSE", source="seeker")
    review = OccupationTitleReview.objects.get()
    assert review.seen == 2
    assert review.source_list == ["posting", "seeker"]
    assert review.suggested is None


def test_empty_title(occupations):
    assert occ.suggest_occupations("  ") == []
    assert occ.code_title("", source="posting") is None
    assert not OccupationTitleReview.objects.exists()


def test_confirmation_teaches_coder_recodes_postings_and_signals(occupations, tree, users):
    nurse = (
        occupations["2-05-08-01"]
        if "2-05-08-01" in occupations
        else Occupation.objects.filter(level=4).first()
    )
    employer = f.make_employer(tree["430302001"])
    draft = services.save_draft(
        JobPosting(employer=employer, division=tree["430302001"], title="Registered Nurse"), by=None
    )
    assert draft.occupation_id is None and draft.title_key == "registered nurse"
    chosen = services.save_draft(
        JobPosting(
            employer=employer,
            division=tree["430302001"],
            title="Registered nurse",
            occupation=occupations["2-02-10-03"],
        ),
        by=users["caseworker"],
    )
    assert chosen.occupation_coded_by == OccupationCodedBy.STAFF
    received = []

    def receiver(sender, **kw):
        received.append(kw)

    signals.occupation_title_confirmed.connect(receiver)
    try:
        review = occ.confirm_title("Registered Nurse", nurse, by=users["caseworker"])
    finally:
        signals.occupation_title_confirmed.disconnect(receiver)
    assert review.status == ReviewStatus.CONFIRMED and review.occupation == nurse
    assert review.confirmed_by == users["caseworker"]
    draft.refresh_from_db()
    assert draft.occupation == nurse and draft.occupation_coded_by == OccupationCodedBy.STAFF
    assert draft.occupation_confidence == 1.0
    chosen.refresh_from_db()
    assert chosen.occupation.code == "2-02-10-03"  # a human choice is not overwritten
    assert received == [
        {
            "title": "Registered Nurse",
            "key": "registered nurse",
            "occupation": nurse,
            "signal": signals.occupation_title_confirmed,
        }
    ]
    event = AuditEvent.objects.filter(object_type="jobs.occupationtitlereview").get()
    assert event.data["postings_recoded"] == [draft.pk]
    # the title now codes with full confidence, and a near variant is helped by the coder
    best = occ.code_title("registered nurse", source="posting")
    assert best.occupation == nurse and best.confidence == 1.0
    near = occ.suggest_occupations("Registered Nurse (ICU)")
    assert near and near[0].occupation == nurse


def test_only_staff_confirm_and_only_level_four(occupations, users):
    with pytest.raises(occ.ConfirmationError):
        occ.confirm_title(
            "焊工",
            occupations["6-18-02-04"]
            if "6-18-02-04" in occupations
            else Occupation.objects.filter(level=4).first(),
            by=users["employer"],
        )
    with pytest.raises(occ.ConfirmationError):
        occ.confirm_title("焊工", occupations["6"], by=users["caseworker"])
    assert not OccupationTitleReview.objects.exists()


def test_confirmations_are_imported_when_the_coder_loads(occupations, users):
    target = occupations["2-06-08-01"]
    occ.confirm_title("招才官", target, by=users["admin_national"])
    occ.reset_coder()
    try:
        coder = occ.get_coder()
        assert ("zh", "招才官", "2-06-08-01") in coder.export_confirmations()
    finally:
        occ.reset_coder()
        occ.get_coder()


def test_auto_coding_on_save_draft(occupations, tree):
    employer = f.make_employer(tree["430302001"])
    posting = services.save_draft(
        JobPosting(employer=employer, division=tree["430302001"], title="软件测试工程师"), by=None
    )
    assert posting.occupation.code == "4-04-05-02"
    assert posting.occupation_coded_by == OccupationCodedBy.AUTO
    assert posting.occupation_confidence >= occ.CONFIRM_BELOW
    assert posting.status == PostingStatus.DRAFT
