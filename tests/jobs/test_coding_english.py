"""English titles → 大典 2022 through the O*NET-SOC coder and the crosswalk (jiuye.jobs.coding.crosswalk/english),
and in the workflow (jiuye.jobs.occupation). The coders here are built from a few SOC major groups without the
embedding model, so they take seconds; the full coder is scored by bench/occupation_coding.py."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from jiuye.jobs import occupation as occ
from jiuye.jobs.coding import Coder, english, sources
from jiuye.jobs.coding.crosswalk import (
    DEFAULT_PATH,
    PRIMARY_SHARE,
    Crosswalk,
    CrosswalkError,
    Link,
    read_crosswalk,
)
from jiuye.jobs.coding.engine import rank
from jiuye.jobs.coding.sources import dadian_level, read_dadian, read_onet, soc_level
from jiuye.jobs.models import OccupationTitleReview

REF = occ.reference_dir()
ONET = REF / "onet"
pytestmark = pytest.mark.skipif(
    not (ONET / "Alternate Titles.tsv").exists(), reason="reference data not present"
)
KEEP = ("15-", "29-", "53-")


def dadian_leaves() -> dict[str, str]:
    return {r["code"]: r["name"] for r in read_dadian(REF / english.DADIAN_PATH) if r["level"] == "4"}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """An English coder from three SOC major groups (reranker trained on 600 titles), saved and loaded as the
    platform does."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sources, "RERANK_TITLES", 600)
        coder = english.build(REF, keep=lambda r: r["O*NET-SOC Code"].startswith(KEEP), embeddings=False)
    path = tmp_path_factory.mktemp("en") / "en-dadian.pkl"
    coder.save(path)
    return path, english.EnglishCoder.load(path)


def test_the_crosswalk_covers_every_onet_occupation_with_real_dadian_codes():
    names, _ = read_onet(ONET)
    leaves = dadian_leaves()
    links = read_crosswalk(DEFAULT_PATH, soc_codes=set(names), dadian_leaves=set(leaves))
    assert set(links) == set(names)
    with open(DEFAULT_PATH, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:  # the names are copied from the two lists, so a reader can trust them
        assert row["soc_title"] == names[row["soc_code"]]
        assert not row["dadian_code"] or row["dadian_name"] == leaves[row["dadian_code"]]
    relations = Counter(link.relation for link in links.values())
    assert relations["none"] < 0.05 * len(links)
    assert links["15-1252.00"].dadian_code.startswith(
        "2-02-10"
    )  # software developers: 计算机软件工程技术人员
    assert links["29-1141.00"].dadian_code.startswith("2-05-08")  # registered nurses: 护理人员


@pytest.mark.parametrize(
    "line, message",
    [
        ("15-1252.00,Software Developers,2-02-10-03,x,same,,", "line 2: relation 'same' is not one of"),
        (
            "15-1252.00,Software Developers,9-99-99-99,x,equivalent,,",
            "line 2: dadian_code 9-99-99-99 is not a 大典",
        ),
        ("15-1252.00,Software Developers,,,equivalent,,", "line 2: dadian_code must be empty exactly when"),
        ("99-0000.00,Nobody,2-02-10-03,x,equivalent,,", "line 2: soc_code 99-0000.00 is not an O*NET-SOC"),
        (
            "15-1252.00,Software Developers,2-02-10-03,x,equivalent,,\n15-1252.00,Again,2-02-10-03,x,broader,,",
            "line 3: soc_code 15-1252.00 appears twice",
        ),
    ],
)
def test_a_bad_crosswalk_line_is_named(tmp_path, line, message):
    path = tmp_path / "soc_dadian.csv"
    path.write_text(
        "soc_code,soc_title,dadian_code,dadian_name,relation,alt_dadian_code,note\n" + line + "\n"
    )
    names, _ = read_onet(ONET)
    with pytest.raises(CrosswalkError, match=re.escape(message)):
        read_crosswalk(path, soc_codes=set(names), dadian_leaves=set(dadian_leaves()))


def test_a_wrong_header_is_refused(tmp_path):
    path = tmp_path / "soc_dadian.csv"
    path.write_text("soc,dadian\n15-1252.00,2-02-10-03\n")
    with pytest.raises(CrosswalkError, match="header must be"):
        read_crosswalk(path)


def test_votes_are_carried_across_and_split_for_a_second_code():
    soc = Coder(
        "en",
        {"A.00": "Alpha workers", "B.00": "Beta workers"},
        [("alpha welder", "A.00", 1.0), ("alpha fitter", "A.00", 1.0), ("beta welder", "B.00", 1.0)],
        soc_level,
    )
    walk = Crosswalk(
        {
            "A.00": Link("A.00", "6-01-01-01", "broader", "6-01-01-02"),
            "B.00": Link("B.00", "6-01-01-02", "partial"),
        },
        {"6-01-01-01": "甲", "6-01-01-02": "乙"},
        dadian_level,
    )
    assert walk.targets("A.00") == [
        ("6-01-01-01", PRIMARY_SHARE),
        ("6-01-01-02", pytest.approx(1 - PRIMARY_SHARE)),
    ]
    assert walk.targets("unknown") == []
    votes, _ = soc.votes("alpha welder")
    out = rank(*walk.carry(soc, "alpha welder"), walk.names, walk.level_of, top=5)
    assert {c.code for c in out} == {"6-01-01-01", "6-01-01-02"}
    total = sum(votes.values())
    share_1 = votes["A.00"] * PRIMARY_SHARE / total  # 甲 gets only A's primary share; 乙 the rest
    assert out[0].code == ("6-01-01-01" if share_1 > 0.5 else "6-01-01-02")
    assert all(c.level == 4 and c.name in {"甲", "乙"} for c in out)


def test_english_titles_reach_dadian_through_soc(small):
    _, coder = small
    assert coder.code_soc("Senior Java Developer", top=1)[0].code.startswith("15-125")
    best = coder.code_title("Senior Java Developer", top=3)[0]
    assert (
        best.code == coder.crosswalk.links[coder.code_soc("Senior Java Developer", top=1)[0].code].dadian_code
    )
    assert best.level == 4 and best.name
    nurse = coder.code_title("ICU staff nurse", top=1)[0]
    assert nurse.code.startswith("2-05-08")
    assert coder.code_title("", top=3) == []


def test_the_saved_coder_has_a_header_read_without_loading_it(small, tmp_path):
    path, coder = small
    with open(path, "rb") as fh:
        assert english.read_header(fh) == {"format": english.FORMAT, "fingerprint": coder.fingerprint}
    junk = tmp_path / "junk.pkl"
    junk.write_bytes(b"not a pickle")
    with open(junk, "rb") as fh:
        assert english.read_header(fh) is None
    with pytest.raises(ValueError, match="not an English coder"):
        english.EnglishCoder.load(junk)


def test_build_if_stale_does_nothing_when_the_saved_coder_is_current(small, tmp_path, capsys):
    _, coder = small
    coder.fingerprint = english.fingerprint(REF)  # as a full build of the current files would record
    out = tmp_path / "en-dadian.pkl"
    coder.save(out)
    assert english.main(["build", "--if-stale", "--reference", str(REF), "--out", str(out)]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.fixture
def live_english(settings, small, db):
    path, _ = small
    settings.JIUYE_ENGLISH_CODER = str(path)
    occ._english.clear()
    from tests.jobs.test_occupation_workflow import load_occupations

    load_occupations()
    yield
    occ._english.clear()


def test_the_platform_suggests_for_english_titles_with_the_english_coder(live_english):
    out = occ.suggest_occupations("Registered Nurse", top=3)
    assert out[0].occupation.code.startswith("2-05-08")
    assert all(s.confirm_below == occ.EN_CONFIRM_BELOW for s in out)
    assert [s.confidence for s in out] == sorted((s.confidence for s in out), reverse=True)
    assert occ.confirm_below_for("Registered Nurse") == occ.EN_CONFIRM_BELOW
    assert occ.confirm_below_for("护士") == occ.CONFIRM_BELOW


def test_english_titles_go_to_staff_while_no_bar_is_trusted(live_english):
    assert occ.EN_CONFIRM_BELOW > 1  # the calibration found no safe bar (coding/english.py)
    best = occ.code_title("Registered Nurse", source="posting")
    assert best.occupation.code.startswith("2-05-08") and occ.needs_confirmation(best)
    review = OccupationTitleReview.objects.get()
    assert review.key == "registered nurse" and review.suggested == best.occupation


def test_an_english_title_above_its_bar_is_coded_without_staff(live_english, monkeypatch):
    monkeypatch.setattr(occ, "EN_CONFIRM_BELOW", 0.0)  # the routing once a bar is calibrated
    best = occ.code_title("Registered Nurse", source="posting")
    assert best.occupation.code.startswith("2-05-08") and not occ.needs_confirmation(best)
    assert not OccupationTitleReview.objects.exists()


def test_an_english_title_with_no_known_word_goes_to_staff_without_a_guess(live_english):
    assert occ.code_title("Ωψ ξ", source="posting") is None
    review = OccupationTitleReview.objects.get()
    assert review.suggested is None


def test_without_the_english_coder_english_titles_go_to_staff(settings, db):
    settings.JIUYE_ENGLISH_CODER = ""
    occ._english.clear()
    assert occ.english_coder() is None
    occ._english.clear()


def test_the_suggestions_fragment_says_english_titles_are_checked_by_staff(
    live_english, tree, login, english
):
    from django.urls import reverse

    from jiuye.accounts.enums import Role
    from tests import factories as f

    client = login(f.make_user(Role.EMPLOYER, None, employer=f.make_employer(tree["430302001"])))
    url = reverse("web:occupation_suggest")
    body = client.get(url, {"title": "Registered Nurse"}, HTTP_HX_REQUEST="true").content.decode()
    assert "always checked by staff" in body and 'value="2-05-08-' in body
    assert "tag-alert" in body  # every English suggestion is marked as one staff will check
    chinese = client.get(url, {"title": "Java开发工程师"}, HTTP_HX_REQUEST="true").content.decode()
    assert "always checked by staff" not in chinese and "Below 30%" in chinese


def test_staff_confirmations_of_english_titles_teach_similar_titles(live_english, users):
    from jiuye.taxonomy.models import Occupation

    surgical = Occupation.objects.get(code="2-05-08-04")  # 外科护士
    title = "Registered Nurse, operating theatre"
    assert occ.suggest_occupations(title, top=1)[0].occupation != surgical
    occ.confirm_title("Registered Nurse, operating room", surgical, by=users["caseworker"])
    assert occ.suggest_occupations(title, top=1)[0].occupation == surgical
    assert occ.suggest_occupations("Registered Nurse, operating room", top=1)[0].confidence == 1.0


def test_a_newly_loaded_english_coder_learns_the_stored_confirmations(live_english, users):
    from jiuye.taxonomy.models import Occupation

    surgical = Occupation.objects.get(code="2-05-08-04")
    assert occ.suggest_occupations("Scrub nurse, operating theatre", top=1)[0].occupation != surgical
    occ.confirm_title("Scrub nurse, operating room", surgical, by=users["caseworker"])
    occ._english.clear()  # as a new process: the coder is loaded again, without confirmations
    occ.reset_coder()
    assert occ.suggest_occupations("Scrub nurse, operating theatre", top=1)[0].occupation == surgical
