"""Recommendations on the platform, with the real engine and the real database: features built from profiles and
the library, jobs for a seeker, candidates for a posting (consent only), profiles coded to 大典 occupations,
invitations, the per-process index cache, and the fairness report."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.core.models import AuditEvent
from jiuye.jobs import occupation as occ
from jiuye.jobs import signals
from jiuye.jobs.models import JobApplication, Notification
from jiuye.matching import recommendations as rec
from jiuye.matching.models import CandidateInvitation, CodedBy, SeekerProfile
from jiuye.matching.recommend.types import Reason
from jiuye.registry.enums import ContractType
from jiuye.registry.models import EmploymentSpell, GraduateRecord, TrainingRecord
from jiuye.taxonomy.models import EducationLevel, Occupation
from tests import factories as f
from tests.jobs.test_postings import employer_user, published

pytestmark = pytest.mark.usefixtures("english")

YUHU = (27.8563, 112.9072)
YUETANG = (27.8710, 112.9540)  # ~4.7 km east
FURONG = (28.1960, 112.9860)  # Changsha, ~38 km north


def occupation(code: str, name: str = "") -> Occupation:
    parts = code.split("-")
    parent = None
    for i in range(1, len(parts) + 1):
        c = "-".join(parts[:i])
        parent, _ = Occupation.objects.get_or_create(
            code=c, defaults={"level": i, "name_zh": name or c, "parent": parent}
        )
    return parent


def education(code: str, rank: int) -> EducationLevel:
    return EducationLevel.objects.get_or_create(code=code, defaults={"rank": rank, "name_zh": code})[0]


@pytest.fixture
def world(tree):
    rec.clear_cache()
    for code, (lat, lon) in {"430302001": YUHU, "430304001": YUETANG, "430102": FURONG}.items():
        tree[code].latitude, tree[code].longitude = lat, lon
        tree[code].save()
    warehouse = occupation("4-02-01-01", "仓储管理员")
    courier = occupation("4-02-07-01", "快递员")  # same middle group (4-02)
    cook = occupation("4-03-02-01", "中式烹调师")
    keeper = published(
        tree["430302001"],
        title="仓库管理员",
        occupation=warehouse,
        description="负责出入库，会开叉车，熟悉仓储管理",
        pay_min=4500,
        pay_max=6000,
    )
    far = published(tree["430102"], title="仓库管理员", occupation=warehouse, pay_min=4500, pay_max=6000)
    chef = published(tree["430304001"], title="厨师", occupation=cook, pay_min=5000, pay_max=7000)
    seeker = f.make_person(tree["430302001"], name="王小明", education=education("senior_secondary", 4))
    return {
        "warehouse": warehouse,
        "courier": courier,
        "cook": cook,
        "keeper": keeper,
        "far": far,
        "chef": chef,
        "seeker": seeker,
        "citizen": f.make_user(Role.CITIZEN, None, person=seeker),
        "tree": tree,
    }


def profile(person, **kw) -> SeekerProfile:
    fields = {"desired_title": "", "open_to_offers": False}
    fields.update(kw)
    return SeekerProfile.objects.create(person=person, desired_title_key=fields["desired_title"], **fields)


# --- features -----------------------------------------------------------------------------------------------------


def test_seeker_features_from_profile_spells_and_trainings(world):
    person = world["seeker"]
    today = timezone.localdate()
    profile(
        person,
        desired_occupation=world["warehouse"],
        pay_expected=5000,
        skills_text="叉车证 Excel",
        max_distance_km=20,
        experience_years=1,
    )
    EmploymentSpell.objects.create(
        person=person,
        occupation=world["courier"],
        contract_type=ContractType.FIXED_TERM,
        start_date=today - dt.timedelta(days=800),
        end_date=today - dt.timedelta(days=300),
    )
    # Overlaps the first spell by 100 days: counted once.
    EmploymentSpell.objects.create(
        person=person,
        occupation=world["warehouse"],
        contract_type=ContractType.FIXED_TERM,
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=30),
    )
    TrainingRecord.objects.create(
        person=person,
        programme="中式烹调师培训",
        occupation=world["cook"],
        start_date=today - dt.timedelta(days=100),
    )
    (s,) = rec.seeker_features([person], today=today)
    assert s.id == person.pk
    assert s.occupation_codes == (
        "4-02-01-01",
        "4-02-07-01",
        "4-03-02-01",
    )  # wish first, then work, then training
    assert (s.lat, s.lon) == YUHU  # the centre of the seeker's township: no home point given
    assert s.pay_expected == 5000 and s.education_rank == 4 and s.max_distance_km == 20
    assert s.experience_years == 2  # 770 days of work beat the 1 year stated
    assert {"叉车证", "Excel"} <= s.skills
    assert s.active_on == today


def test_seeker_features_without_a_profile(world):
    (s,) = rec.seeker_features([world["seeker"]])
    assert s.occupation_codes == () and s.pay_expected == 0 and s.max_distance_km is None
    assert s.education_rank == 4 and (s.lat, s.lon) == YUHU


def test_a_reported_graduation_counts_as_education(world, tree):
    person = f.make_person(tree["430302001"])  # no education on the person record
    GraduateRecord.objects.create(
        person=person,
        institution="湘潭大学",
        education=education("bachelor", 6),
        graduation_date=dt.date(2025, 6, 30),
    )
    (s,) = rec.seeker_features([person])
    assert s.education_rank == 6


def test_recent_reason_in_words():
    assert rec.reason_text(Reason("recent", {"days": 0}), for_seeker=True) == "Posted today"
    assert rec.reason_text(Reason("recent", {"days": 1}), for_seeker=True) == "Posted 1 day ago"
    assert rec.reason_text(Reason("recent", {"days": 3}), for_seeker=False) == "Active in the last 3 days"
    assert rec.reason_text(Reason("within_km", {"km": 2}), for_seeker=True) == "Within 2 km"
    share = rec.reason_text(Reason("responsive_employer", {"share": 0.856}), for_seeker=True)
    assert share == "The employer answers 86% of applications within 7 days"
    skills = rec.reason_text(Reason("skills_shared", {"skills": ["叉车操作", "Excel"]}), for_seeker=True)
    assert skills == "Shared skills: Excel、叉车操作"
    minor = Reason("same_occupation_minor", {"code": "4-02-01", "desired": False})
    assert (
        rec.reason_text(minor, for_seeker=True) == "Same minor occupation group (from past work or training)"
    )


def test_home_point_of_the_profile_wins(world):
    profile(world["seeker"], latitude=28.0, longitude=113.0)
    (s,) = rec.seeker_features([world["seeker"]])
    assert (s.lat, s.lon) == (28.0, 113.0)


def test_job_features(world):
    keeper = world["keeper"]
    (j,) = rec.job_features([keeper])
    assert j.id == keeper.pk and j.occupation_code == "4-02-01-01"
    assert (j.lat, j.lon) == YUHU and (j.pay_min, j.pay_max) == (4500, 6000)
    assert j.education_rank == 4 and j.experience_years == 1
    assert {"仓储管理", "叉车操作"} <= j.skills
    assert j.responsiveness is None  # no applications yet


def test_division_without_coordinates_falls_back_to_its_parent(world):
    tree = world["tree"]
    tree["430304"].latitude, tree["430304"].longitude = 27.9, 112.95
    tree["430304"].save()
    tree["430304001"].latitude = tree["430304001"].longitude = None
    tree["430304001"].save()
    (j,) = rec.job_features([world["chef"]])
    assert (j.lat, j.lon) == (27.9, 112.95)


# --- jobs for a seeker ---------------------------------------------------------------------------------------------


def test_jobs_for_a_seeker_best_first_with_reasons(world):
    profile(
        world["seeker"], desired_occupation=world["warehouse"], pay_expected=5000, skills_text="叉车 仓储管理"
    )
    rows = rec.recommend_jobs(world["seeker"])
    ids = [r.posting.pk for r in rows]
    assert ids[0] == world["keeper"].pk
    assert ids.index(world["far"].pk) < ids.index(world["chef"].pk) if world["chef"].pk in ids else True
    first = rows[0]
    assert (
        "same_occupation_unit" in first.codes and "within_km" in first.codes and "pay_in_range" in first.codes
    )
    assert "Same occupation" in first.reasons
    assert "Within 1 km" in first.reasons
    assert "Pay within your expected range" in first.reasons
    assert any(r.startswith("Shared skills:") and "叉车操作" in r for r in first.reasons)
    assert all(r.reasons for r in rows)


def test_seeker_distance_limit_is_respected(world):
    profile(world["seeker"], desired_occupation=world["warehouse"], max_distance_km=10)
    ids = [r.posting.pk for r in rec.recommend_jobs(world["seeker"])]
    assert world["keeper"].pk in ids and world["far"].pk not in ids


def test_applied_postings_are_left_out(world):
    profile(world["seeker"], desired_occupation=world["warehouse"])
    JobApplication.objects.create(posting=world["keeper"], person=world["seeker"])
    ids = [r.posting.pk for r in rec.recommend_jobs(world["seeker"])]
    assert world["keeper"].pk not in ids and world["far"].pk in ids


def test_past_work_counts_when_no_wish_is_stated(world):
    EmploymentSpell.objects.create(
        person=world["seeker"],
        occupation=world["cook"],
        contract_type=ContractType.FIXED_TERM,
        start_date=dt.date(2020, 1, 1),
    )
    rows = rec.recommend_jobs(world["seeker"])
    assert rows[0].posting.pk == world["chef"].pk
    assert "Same occupation" in rows[0].reasons


def test_protected_attributes_do_not_change_the_ranking(world, tree):
    """Two seekers identical in everything the recommender may use, different in sex, age and hukou: the same
    jobs, in the same order, with the same scores."""
    other = f.make_person(
        tree["430302001"],
        name="李娟",
        sex="F",
        birth_date=dt.date(1968, 2, 3),
        hukou_type="rural",
        education=world["seeker"].education,
    )
    for person in (world["seeker"], other):
        profile(person, desired_occupation=world["warehouse"], pay_expected=5000, skills_text="叉车")
    a = [(r.posting.pk, r.score, r.reasons) for r in rec.recommend_jobs(world["seeker"])]
    b = [(r.posting.pk, r.score, r.reasons) for r in rec.recommend_jobs(other)]
    assert a == b and a


# --- candidates for a posting --------------------------------------------------------------------------------------


def test_candidates_are_only_seekers_who_agreed(world, tree):
    shy = world["seeker"]
    profile(shy, desired_occupation=world["warehouse"], open_to_offers=False)
    willing = f.make_person(tree["430302001"], name="赵六", education=education("senior_secondary", 4))
    profile(willing, desired_occupation=world["warehouse"], open_to_offers=True, pay_expected=5000)
    rows = rec.recommend_candidates(world["keeper"])
    assert [r.person.pk for r in rows] == [willing.pk]
    row = rows[0]
    assert "Same occupation" in row.reasons and "Expected pay within the posting's range" in row.reasons
    assert row.distance_km is not None and row.distance_km < 1
    assert len(row.token) == 20 and row.label and row.label in row.token.upper()
    # A different token on another posting: the employer cannot follow a candidate across postings.
    assert rec.candidate_label(world["far"], willing.pk)[0] != row.token
    assert rec.candidate_by_token(world["keeper"], row.token) == willing
    assert rec.candidate_by_token(world["keeper"], "nonsense") is None


def test_candidates_who_applied_are_left_out(world, tree):
    willing = f.make_person(tree["430302001"], name="赵六", education=education("senior_secondary", 4))
    profile(willing, desired_occupation=world["warehouse"], open_to_offers=True)
    JobApplication.objects.create(posting=world["keeper"], person=willing)
    assert rec.recommend_candidates(world["keeper"]) == []


def test_invite_candidate_notifies_without_telling_the_employer(world, tree):
    willing = f.make_person(tree["430302001"], name="赵六", education=education("senior_secondary", 4))
    profile(willing, desired_occupation=world["warehouse"], open_to_offers=True)
    user = f.make_user(Role.CITIZEN, None, person=willing)
    boss = employer_user(world["keeper"].employer)
    invitation = rec.invite_candidate(world["keeper"], willing, boss)
    note = Notification.objects.get(recipient=user)
    assert world["keeper"].title in note.text and note.link == f"/jobs/{world['keeper'].pk}/"
    event = AuditEvent.objects.about(world["keeper"]).get(data__action="candidate_invited")
    assert event.actor == boss and event.data["invitation"] == invitation.pk
    assert not Notification.objects.filter(recipient=boss).exists()
    (row,) = rec.recommend_candidates(world["keeper"])
    assert row.invited
    with pytest.raises(rec.InvitationError, match="already been invited"):
        rec.invite_candidate(world["keeper"], willing, boss)


def test_invite_refused_for_other_employers_and_without_consent(world, tree):
    willing = f.make_person(tree["430302001"], name="赵六", education=education("senior_secondary", 4))
    profile(willing, open_to_offers=True)
    other_boss = employer_user(world["chef"].employer)
    with pytest.raises(rec.InvitationError, match="may not invite"):
        rec.invite_candidate(world["keeper"], willing, other_boss)
    boss = employer_user(world["keeper"].employer)
    with pytest.raises(rec.InvitationError, match="no longer available"):
        rec.invite_candidate(world["keeper"], world["seeker"], boss)
    assert not CandidateInvitation.objects.exists()


# --- profiles ------------------------------------------------------------------------------------------------------


def test_save_profile_validates_and_names_the_field(world):
    with pytest.raises(rec.ProfileError) as exc:
        rec.save_profile(world["seeker"], by=world["citizen"], pay_expected=-5, latitude=95.0, longitude=1.0)
    assert set(exc.value.message_dict) == {"pay_expected", "latitude"}
    with pytest.raises(rec.ProfileError) as exc:
        rec.save_profile(world["seeker"], by=world["citizen"], latitude=28.0)
    assert "longitude" in exc.value.message_dict
    assert not SeekerProfile.objects.exists()


def test_only_the_person_or_their_caseworker_may_save(world, users):
    other = f.make_user(Role.CITIZEN, None, person=f.make_person(world["tree"]["430302001"]))
    for user in (other, users["caseworker_other"], users["analyst_city"], users["employer"]):
        with pytest.raises(PermissionError):
            rec.save_profile(world["seeker"], by=user, pay_expected=5000)
    rec.save_profile(world["seeker"], by=users["caseworker"], pay_expected=5000)
    assert SeekerProfile.objects.get().pay_expected == 5000


def test_consent_is_off_by_default_and_each_change_is_recorded(world):
    p = rec.save_profile(world["seeker"], by=world["citizen"], pay_expected=5000)
    assert p.open_to_offers is False and p.open_to_offers_changed_at is None
    p = rec.save_profile(world["seeker"], by=world["citizen"], open_to_offers=True)
    assert p.open_to_offers and p.open_to_offers_changed_at is not None
    stamped = p.open_to_offers_changed_at
    p = rec.save_profile(world["seeker"], by=world["citizen"], pay_expected=5200)
    assert p.open_to_offers_changed_at == stamped
    p = rec.save_profile(world["seeker"], by=world["citizen"], open_to_offers=False)
    assert p.open_to_offers_changed_at > stamped
    events = AuditEvent.objects.about(p).order_by("id")
    assert [e.data["open_to_offers"] for e in events] == [False, True, True, False]
    assert events[1].data["fields"] == ["open_to_offers"] and events[0].kind == "record_created"
    assert all(e.division_path == world["seeker"].division.path for e in events)


# --- coding the desired title (real 大典 coder) -------------------------------------------------------------------

needs_refdata = pytest.mark.skipif(
    not (occ.reference_dir() / occ.DADIAN_FLAT).exists(), reason="reference data not present"
)


@pytest.fixture(scope="session")
def live_coder(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        occ.reset_coder()
        return occ.get_coder()


@pytest.fixture
def dadian(db, live_coder):
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


@needs_refdata
def test_desired_title_is_coded_with_a_confidence(world, dadian):
    p = rec.save_profile(world["seeker"], by=world["citizen"], desired_title="软件测试工程师")
    assert p.desired_occupation.code == "4-04-05-02" and p.coded_by == CodedBy.AUTO
    assert 0 < p.desired_occupation_confidence <= 1
    assert p.desired_title_key == "软件测试工程师"
    # The seeker picks another of the suggestions.
    suggestions = rec.suggestions_for(p.desired_title)
    other = next(s for s in suggestions if s.occupation.code != "4-04-05-02")
    p = rec.choose_occupation(p, other.occupation.code, by=world["citizen"])
    assert p.desired_occupation == other.occupation and p.coded_by == CodedBy.SEEKER
    assert p.desired_occupation_confidence == pytest.approx(other.confidence)
    with pytest.raises(rec.ProfileError, match="suggested"):
        rec.choose_occupation(p, "9-99-99-99", by=world["citizen"])
    # Changing anything but the title keeps the choice.
    p = rec.save_profile(world["seeker"], by=world["citizen"], pay_expected=6000)
    assert p.coded_by == CodedBy.SEEKER


@needs_refdata
def test_staff_confirmation_of_a_title_recodes_profiles(world, dadian, tree, users):
    title = "店里打杂的小工"
    p = rec.save_profile(world["seeker"], by=world["citizen"], desired_title=title)
    chosen = f.make_person(tree["430302001"])
    q = rec.save_profile(chosen, by=f.make_user(Role.CITIZEN, None, person=chosen), desired_title=title)
    SeekerProfile.objects.filter(pk=q.pk).update(coded_by=CodedBy.SEEKER, desired_occupation=None)
    target = Occupation.objects.get(code="4-02-01-01")
    # The real staff path: confirming the title sends jobs.signals.occupation_title_confirmed.
    occ.confirm_title(title, target, by=users["caseworker"])
    p.refresh_from_db()
    q.refresh_from_db()
    assert p.desired_occupation == target and p.coded_by == CodedBy.STAFF
    assert p.desired_occupation_confidence == 1.0
    assert q.desired_occupation is None and q.coded_by == CodedBy.SEEKER  # the seeker's own choice stands
    assert AuditEvent.objects.about(p).filter(data__action="title_confirmed").exists()
    # A direct signal for another key leaves these profiles alone.
    signals.occupation_title_confirmed.send(sender=None, title="厨师", key="厨师", occupation=world["cook"])
    p.refresh_from_db()
    assert p.desired_occupation == target


# --- cache ---------------------------------------------------------------------------------------------------------


def test_indexes_are_cached_and_rebuilt_when_data_change(world, tree):
    first = rec.job_index()
    assert rec.job_index() is first
    published(tree["430302001"], title="叉车司机")
    second = rec.job_index()
    assert second is not first and len(second) == len(first) + 1
    s1 = rec.seeker_index()
    assert rec.seeker_index() is s1
    profile(world["seeker"], open_to_offers=True)
    assert rec.seeker_index() is not s1 and len(rec.seeker_index()) == 1


# --- fairness report -----------------------------------------------------------------------------------------------


def test_fairness_report_groups_after_ranking(world, tree, users):
    today = timezone.localdate()
    young_woman = f.make_person(
        tree["430302001"],
        sex="F",
        education=world["seeker"].education,
        birth_date=today.replace(year=today.year - 22),
    )
    older_man = f.make_person(
        tree["430304001"],
        sex="M",
        education=world["seeker"].education,
        birth_date=today.replace(year=today.year - 50),
    )
    nothing = f.make_person(
        tree["430304001"],
        sex="F",
        education=world["seeker"].education,
        birth_date=today.replace(year=today.year - 40),
    )
    profile(world["seeker"], desired_occupation=world["warehouse"])  # M, born 1990
    profile(young_woman, desired_occupation=world["warehouse"])
    profile(older_man, desired_occupation=world["cook"])
    # Wants only jobs within 1 km of a point far from every posting: no recommendation.
    profile(nothing, latitude=30.0, longitude=115.0, max_distance_km=1)
    elsewhere = f.make_person(tree["430102"], sex="M")  # outside the analyst's city
    profile(elsewhere, desired_occupation=world["warehouse"])
    report = rec.recommendation_report(users["analyst_city"])
    assert report.seekers == 4 and not report.truncated
    assert (report.overall.n, report.overall.covered, report.overall.coverage) == (4, 3, 0.75)
    by_sex = {r.group: r for r in report.by_sex}
    assert (by_sex["Female"].n, by_sex["Female"].covered, by_sex["Female"].coverage) == (2, 1, 0.5)
    assert (by_sex["Male"].n, by_sex["Male"].covered, by_sex["Male"].coverage) == (2, 2, 1.0)
    by_age = {r.group: r for r in report.by_age}
    assert set(by_age) == {"16–24", "35–44", "45–54"}
    assert by_age["35–44"].n == 2 and by_age["35–44"].covered == 1  # the 1990 seeker and the one with nothing
    assert 0 < by_sex["Male"].mean_score <= 1
    # Limited runs say so.
    small = rec.recommendation_report(users["analyst_city"], limit=2)
    assert small.truncated and small.overall.n == 2
