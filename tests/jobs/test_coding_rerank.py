"""The SOC coder's second stage (jiuye.jobs.coding.rerank): trained on a held-out fold, cached, and its votes are
probabilities. Built from three SOC major groups without the embedding model, so it takes seconds."""

from __future__ import annotations

import time

import pytest

from jiuye.jobs.coding import build_onet_coder, rerank, sources
from jiuye.jobs.occupation import reference_dir

ONET = reference_dir() / "onet"
pytestmark = pytest.mark.skipif(
    not (ONET / "Alternate Titles.tsv").exists(), reason="reference data not present"
)
KEEP = ("15-", "29-", "53-")


def keep(r) -> bool:
    return r["O*NET-SOC Code"].startswith(KEEP)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("coder-cache")


@pytest.fixture(scope="module")
def coders(cache):
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sources, "RERANK_TITLES", 600)
        ranked = build_onet_coder(ONET, keep=keep, embeddings=False, cache_dir=cache, rerank=True)
    plain = build_onet_coder(ONET, keep=keep, embeddings=False, cache_dir=cache)
    return ranked, plain


def test_the_reranker_scores_the_first_stage_candidates_as_probabilities(coders):
    ranked, plain = coders
    assert ranked.reranker is not None and plain.reranker is None
    out = ranked.code_title("Senior Java Developer", top=5)
    assert out[0].code.startswith("15-125")
    assert all(0.0 <= c.confidence <= 1.0 for c in out)
    assert sum(c.confidence for c in out) <= 1.0 + 1e-6
    first = {c.code for c in plain.code_title("Senior Java Developer", top=100)}
    assert {c.code for c in out} <= first  # it re-scores candidates, it never invents one
    groups = ranked.code_title("night shift staff nurse", top=3, level=1)  # probabilities summed by group
    assert groups[0].code == "29" and groups[0].confidence > 2 * groups[1].confidence


def test_the_reranker_is_cached_and_gives_the_same_answers(coders, cache):
    ranked, _ = coders
    assert list(cache.glob("soc-rerank-*.pickle"))
    started = time.perf_counter()
    again = build_onet_coder(ONET, keep=keep, embeddings=False, cache_dir=cache, rerank=True)
    assert time.perf_counter() - started < 30
    for title in ("Forklift driver", "Pharmacy technician", "Data engineer"):
        assert again.code_title(title, top=3) == ranked.code_title(title, top=3)


def test_the_reranker_features_are_about_words_and_codes_only():
    protected = ("sex", "gender", "age", "ethnic", "hukou", "marital", "birth", "nation")
    assert not [f for f in rerank.FEATURES if any(p in f for p in protected)]


def test_an_empty_title_has_no_candidates(coders):
    ranked, _ = coders
    assert ranked.code_title("", top=3) == []
    assert ranked.code_title("!!!", top=3) == []
