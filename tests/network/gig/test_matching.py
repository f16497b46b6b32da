"""Matching by distance and skills: reasons name only distance, station and skills; the ranking does not move
when a worker's sex, age, ethnicity, hukou or marital status changes."""

import dataclasses
import datetime as dt

import pytest

from jiuye.accounts.enums import Role
from jiuye.network.gig import matching, services
from jiuye.network.gig.enums import CheckInMode
from jiuye.registry.enums import HukouType

from ... import factories as f
from .helpers import YUHU, job, make_station

PROTECTED = (
    "sex",
    "age",
    "birth",
    "ethnic",
    "hukou",
    "marital",
    "married",
    "gender",
    "民族",
    "户口",
    "婚",
    "性别",
    "年龄",
)


def test_engine_types_carry_no_protected_attribute():
    for cls in (matching.Worker, matching.Job, matching.Match):
        names = {fl.name for fl in dataclasses.fields(cls)}
        assert not any(p in n for n in names for p in PROTECTED), names


def test_score_and_reasons_on_a_known_pair():
    w = matching.Worker(1, 27.86, 112.90, ("搬运", "叉车证"), station_id=7)
    j = matching.Job(10, 27.86, 112.90, ("搬运", "电工证"), station_id=7)
    m = matching.match(w, j)
    assert m.distance_km == 0.0
    assert dict(m.reasons)["skills_shared"] == {"skills": ["搬运"]}
    assert dict(m.reasons)["skills_missing"] == {"skills": ["电工证"]}
    assert "same_station" in dict(m.reasons)
    assert m.score == pytest.approx(0.55 * 1.0 + 0.45 * 0.5)
    far = matching.Worker(2, 28.9, 112.9)
    assert matching.match(far, j) is None  # > 30 km
    assert {c for c, _ in m.reasons} <= matching.REASON_CODES


def test_nearer_and_more_skilled_first():
    j = matching.Job(1, 27.86, 112.90, ("搬运",))
    ws = [
        matching.Worker(1, 27.95, 112.90, ("搬运",)),  # 10 km, skilled
        matching.Worker(2, 27.86, 112.91, ()),  # 1 km, no skill
        matching.Worker(3, 27.861, 112.901, ("搬运",)),  # near and skilled
    ]
    assert [m.checkin_id for m in matching.workers_for(j, ws)] == [3, 1, 2]


def test_normalise_skills_keeps_unknown_terms():
    assert matching.normalise_skills("装卸，打扫卫生, 会拉二胡") == ("搬运", "保洁", "会拉二胡")


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_candidates_unchanged_by_protected_attributes(tree):
    township = tree["430302001"]
    employer = f.make_employer(township)
    boss = f.make_user(Role.EMPLOYER, None, employer=employer)
    station = make_station(tree["430302"])
    j = job(employer, township, by=boss, skills=["搬运", "叉车证"])
    people = []
    for i, (sex, birth, skills) in enumerate(
        [
            ("M", dt.date(1970, 1, 1), "搬运"),
            ("F", dt.date(2000, 1, 1), "搬运, 叉车证"),
            ("M", dt.date(1985, 1, 1), ""),
        ]
    ):
        p = f.make_person(township, name=f"工人{i}", sex=sex, birth_date=birth)
        u = f.make_user(Role.CITIZEN, None, person=p)
        if i == 2:
            services.check_in(p, by=u, mode=CheckInMode.ONLINE, latitude=YUHU[0] + 0.05, longitude=YUHU[1])
        else:
            services.check_in(p, by=u, mode=CheckInMode.STATION, station=station, skills=skills)
        people.append(p)
    before = [(c.person_id, m.score, m.reasons) for c, m in services.candidates_for_job(j)]
    assert [pid for pid, *_ in before] == [people[1].pk, people[0].pk, people[2].pk]
    for p in people:  # flip every protected attribute
        p.sex = "F" if p.sex == "M" else "M"
        p.birth_date = dt.date(1960, 6, 1)
        p.ethnicity = "苗族"
        p.hukou_type = HukouType.RURAL
        p.hukou_division = tree["4301"]
        p.save()
    after = [(c.person_id, m.score, m.reasons) for c, m in services.candidates_for_job(j)]
    assert after == before
    words = " ".join(
        " ".join(services.reasons_text(m.reasons)) for _c, m in services.candidates_for_job(j)
    ).lower()
    assert not any(p in words for p in PROTECTED)
    assert "km away" in words and "skills asked" in words
