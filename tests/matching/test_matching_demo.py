"""`matching_demo` on a tiny region: postings published through the real services (screening included), seeker
profiles, applications across states, idempotency, and a dry run that writes nothing. Uses the real 大典 coder."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from jiuye.accounts.enums import Role
from jiuye.jobs import occupation as occ
from jiuye.jobs.enums import ApplicationStatus, PostingStatus
from jiuye.jobs.models import JobApplication, JobApplicationEvent, JobPosting
from jiuye.matching.management.commands.matching_demo import clean
from jiuye.matching.models import SeekerProfile
from jiuye.registry.enums import LabourStatus
from tests import factories as f
from tests.jobs.test_occupation_workflow import live_coder, load_occupations  # noqa: F401  (session coder)

pytestmark = pytest.mark.skipif(
    not (occ.reference_dir() / occ.DADIAN_FLAT).exists(), reason="reference data not present"
)

ROWS = [
    ("仓库管理员", "6-8K", "高中", "1-3年", "负责出入库管理，联系电话13812345678"),
    ("会计", "5-7K", "大专", "3-5年", "负责账务处理，简历发至hr@example.com"),
    ("销售代表", "4-6K·13薪", "不限", "不限", "开拓客户，维护渠道"),
    ("厨师", "5000-7000元", "不限", "1年以上", "中式烹调，有证优先"),
    ("Java开发工程师", "10-15K", "本科", "3-5年", "后端开发，熟悉Spring"),
    ("普工", "1000-1500元", "初中及以下", "不限", "流水线操作，包吃住"),
    ("电工", "面议", "中专", "不限", "设备维修"),
    ("快递员", "6-9K", "不限", "不限", "负责片区派送"),
    ("保洁员", "3-4K", "不限", "不限", "写字楼保洁"),
    ("数据分析师", "8-12K", "本科", "1-3年", "业务数据分析，熟悉SQL"),
    ("前台接待", "4-5K", "大专", "不限", "访客接待"),
    ("叉车司机", "6-7K", "不限", "2年", "持证上岗"),
]


@pytest.fixture
def region(tree, tmp_path, live_coder):  # noqa: F811
    load_occupations()
    township, other = tree["430302001"], tree["430304001"]
    for d, (lat, lon) in ((township, (27.8563, 112.9072)), (other, (27.871, 112.954))):
        d.latitude, d.longitude = lat, lon
        d.save()
    employers = [f.make_employer(township if i % 2 else other) for i in range(4)]
    f.make_user(Role.ADMIN, None, username="admin")
    f.make_user(Role.EMPLOYER, None, username="employer", employer=employers[0])
    seekers = [f.make_person(township if i % 2 else other, name=f"求职者{i}") for i in range(12)]
    f.make_person(township, name="在职者", labour_status=LabourStatus.EMPLOYED)
    citizen = f.make_user(Role.CITIZEN, None, username="citizen", person=seekers[0])
    path = tmp_path / "postings.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["position", "wage", "diploma_requirement", "experience", "desription"])
        w.writerows(ROWS * 3)
    return {"csv": path, "employers": employers, "seekers": seekers, "citizen": citizen}


def run(region, *extra) -> str:
    out = io.StringIO()
    call_command(
        "matching_demo",
        "--city",
        "4303",
        "--postings",
        "20",
        "--applications",
        "30",
        "--source",
        str(region["csv"]),
        *extra,
        stdout=out,
    )
    return out.getvalue()


def test_contact_details_are_removed():
    assert "138" not in clean("联系电话13812345678，邮箱 hr@example.com")
    assert "@" not in clean("简历发至hr@example.com")


def test_dry_run_writes_nothing(region, english):
    out = run(region)
    assert "nothing was written" in out
    assert not JobPosting.objects.exists()
    assert not SeekerProfile.objects.exists()
    assert not JobApplication.objects.exists()


def test_wet_run_fills_the_market_and_is_idempotent(region, english):
    out = run(region, "--wet-run")
    postings = JobPosting.objects.filter(external_ref__startswith="matching_demo:")
    published = postings.filter(status=PostingStatus.PUBLISHED)
    assert published.count() >= 15, out
    assert (
        postings.filter(status__in=(PostingStatus.PUBLISHED, PostingStatus.DRAFT)).count() == postings.count()
    )
    # Every published posting passed the mandatory checks: level-4 occupation, pay at or above the floor, no contact.
    for p in published.select_related("occupation"):
        assert p.occupation.level == 4
        assert p.pay_min >= 1000 and p.valid_until > p.valid_from
        assert "13812345678" not in p.description and "@" not in p.description
    assert not published.filter(pay_text="面议").exists()  # negotiable pay is skipped
    low = published.filter(pay_text="1000-1500元").first()
    assert low is None or low.pay_min > 1500  # raised to the local minimum wage
    demo_employer = region["employers"][0]
    assert published.filter(employer=demo_employer).count() == 10
    profiles = SeekerProfile.objects.all()
    assert profiles.count() == 12  # the unemployed persons, not the employed one
    assert profiles.filter(
        person=region["seekers"][0], open_to_offers=True
    ).exists()  # the citizen's own consent
    apps = JobApplication.objects.all()
    assert 20 <= apps.count() <= 30
    states = set(apps.values_list("status", flat=True))
    assert len(states) >= 4, states
    assert apps.filter(person=region["seekers"][0]).count() >= 1
    assert apps.filter(posting__employer=demo_employer).exists()
    for app in apps.filter(status=ApplicationStatus.REJECTED):
        assert app.rejection_reason
    # Dated over the past: events follow the submission in order.
    for app in apps.exclude(status=ApplicationStatus.SUBMITTED)[:10]:
        times = list(
            JobApplicationEvent.objects.filter(application=app).order_by("pk").values_list("at", flat=True)
        )
        assert times == sorted(times) and times[0] == app.submitted_at
    counts = (JobPosting.objects.count(), SeekerProfile.objects.count(), JobApplication.objects.count())
    again = run(region, "--wet-run")
    assert "already loaded" in again
    assert (
        JobPosting.objects.count(),
        SeekerProfile.objects.count(),
        JobApplication.objects.count(),
    ) == counts


def test_bad_options_name_the_option(region, english):
    with pytest.raises(CommandError, match="--postings"):
        run(region, "--postings", "-1")
    with pytest.raises(CommandError, match="--city"):
        call_command("matching_demo", "--city", "9999")
    with pytest.raises(CommandError, match="--source"):
        call_command("matching_demo", "--source", "/nonexistent.csv")
