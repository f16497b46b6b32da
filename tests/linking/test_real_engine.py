"""The whole path with the real splink engine on a handful of records (shipped parameters, no training)."""

import datetime as dt

import pytest

from jiuye.ingestion.enums import StagedStatus
from jiuye.ingestion.linking import link_staged_records
from jiuye.registry.models import LinkReview, Person, TrainingRecord

from .. import factories as f

pytestmark = pytest.mark.django_db


def test_real_engine_links_the_obvious_and_leaves_the_stranger(tree, stage, yuhu_person):
    town = tree["430302001"]
    for i, name in enumerate(["张三", "李四", "赵丽", "王芳", "刘洋", "陈晨", "杨帆", "黄磊", "周敏", "吴昊"]):
        f.make_person(town, name=name, birth_date=dt.date(1980 + i, 1 + i, 10 + i), sex="MF"[i % 2])
    persons_before = Person.objects.count()
    same = [stage("王小明"), stage("王小明")]  # two rows of one person in the file
    stranger = stage("周杰", birth_date=dt.date(2001, 11, 23))

    counts = link_staged_records()

    for staged in same:
        staged.refresh_from_db()
        assert (staged.status, staged.person) == (StagedStatus.LINKED, yuhu_person)
        assert staged.match_probability >= 0.95
    stranger.refresh_from_db()
    assert stranger.status == StagedStatus.UNMATCHED and stranger.person is None
    assert TrainingRecord.objects.filter(person=yuhu_person).count() == 2
    assert counts.linked == 2 and counts.unmatched == 1
    assert Person.objects.count() == persons_before and not LinkReview.objects.exists()

