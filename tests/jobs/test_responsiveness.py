"""Employer responsiveness: share of applications acted on within 7 days, median days to first action, n, over the
last 180 days; not enough below 5 applications. Real applications, with their stamps set as the state machine
would leave them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jiuye.accounts.enums import Role
from jiuye.jobs import responsiveness
from jiuye.jobs.enums import ApplicationStatus as A
from jiuye.jobs.models import JobApplication
from tests import factories as f

from .test_postings import published

NOW = timezone.make_aware(dt.datetime(2026, 6, 1, 12, 0))


def app(
    posting,
    *,
    submitted_days_ago: float,
    acted_after_days: float | None = None,
    status=A.VIEWED,
    closed_after_days: float | None = None,
):
    person = f.make_person(posting.division)
    submitted = NOW - dt.timedelta(days=submitted_days_ago)
    fields = {"posting": posting, "person": person, "submitted_at": submitted, "status": A.SUBMITTED}
    if acted_after_days is not None:
        fields["status"] = status
        at = submitted + dt.timedelta(days=acted_after_days)
        if status in (A.REJECTED, A.HIRED):
            fields["closed_at"] = at
        else:
            fields["viewed_at"] = at
        fields["last_employer_action_at"] = at
    elif closed_after_days is not None:
        fields["status"] = status
        fields["closed_at"] = submitted + dt.timedelta(days=closed_after_days)
    return JobApplication.objects.create(**fields)


@pytest.fixture
def posting(tree):
    return published(tree["430302001"])


def test_share_median_and_n(posting):
    # Answered in 1, 2 and 3 days (viewed, viewed, declined); answered late at 10 days; never answered.
    app(posting, submitted_days_ago=30, acted_after_days=1)
    app(posting, submitted_days_ago=30, acted_after_days=2)
    app(posting, submitted_days_ago=30, acted_after_days=3, status=A.REJECTED)
    app(posting, submitted_days_ago=30, acted_after_days=10)
    app(posting, submitted_days_ago=30)
    r = responsiveness.for_employer(posting.employer_id, now=NOW)
    assert r.n == 5 and r.answered == 3
    assert r.share == pytest.approx(0.6) and r.percent == 60
    assert r.median_days == 2.5  # over the four acted on: 1, 2, 3, 10
    assert r.enough


def test_not_enough_below_five(posting):
    for _ in range(4):
        app(posting, submitted_days_ago=20, acted_after_days=1)
    r = responsiveness.for_employer(posting.employer_id, now=NOW)
    assert r.n == 4 and r.share is None and not r.enough and r.median_days == 1.0


def test_window_recent_and_withdrawn_are_left_out(posting):
    for _ in range(5):
        app(posting, submitted_days_ago=20, acted_after_days=1)
    app(posting, submitted_days_ago=200, acted_after_days=1)  # older than 180 days
    app(posting, submitted_days_ago=3)  # its week is not over
    app(posting, submitted_days_ago=3, acted_after_days=1)  # nor this one's, although answered
    app(posting, submitted_days_ago=20, status=A.WITHDRAWN, closed_after_days=2)  # withdrawn before a week
    app(
        posting, submitted_days_ago=20, status=A.WITHDRAWN, closed_after_days=9
    )  # a week unanswered, then gone
    r = responsiveness.for_employer(posting.employer_id, now=NOW)
    assert r.n == 6 and r.answered == 5 and r.share == pytest.approx(5 / 6)


def test_employers_are_separate(posting, tree):
    other = published(tree["430304001"])
    for _ in range(5):
        app(posting, submitted_days_ago=20, acted_after_days=1)
        app(other, submitted_days_ago=20)
    both = responsiveness.employer_responsiveness([posting.employer_id, other.employer_id], now=NOW)
    assert both[posting.employer_id].share == 1.0
    assert both[other.employer_id].share == 0.0 and both[other.employer_id].median_days is None


def test_employer_without_applications(posting):
    r = responsiveness.for_employer(posting.employer_id, now=NOW)
    assert (r.n, r.share, r.median_days) == (0, None, None)


@pytest.mark.usefixtures("english")
def test_shown_on_the_posting(posting, login, tree):
    now = timezone.now()
    for days in (1, 1, 2, 3, 20):
        person = f.make_person(posting.division)
        submitted = now - dt.timedelta(days=30)
        JobApplication.objects.create(
            posting=posting,
            person=person,
            submitted_at=submitted,
            status=A.VIEWED,
            viewed_at=submitted + dt.timedelta(days=days),
        )
    seeker = f.make_person(tree["430302001"])
    client = login(f.make_user(Role.CITIZEN, None, person=seeker))
    body = client.get(reverse("web:job_detail", args=[posting.pk])).content.decode()
    assert "80%" in body and "within 7 days" in body
    body = client.get(reverse("web:job_list")).content.decode()
    assert "80%" in body


@pytest.mark.usefixtures("english")
def test_posting_says_not_enough_yet(posting, login, tree):
    seeker = f.make_person(tree["430302001"])
    client = login(f.make_user(Role.CITIZEN, None, person=seeker))
    body = client.get(reverse("web:job_detail", args=[posting.pk])).content.decode()
    assert "Not enough applications yet" in body
