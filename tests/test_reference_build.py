"""Build, save, load and place on a tiny generated corpus (no ../shared needed)."""
from __future__ import annotations

import json
import random
from types import SimpleNamespace

import numpy as np
import pytest

from service.reference.build import build_model
from service.reference.model import ModelMismatchError, load_model, load_reference_models
from service.reference.place import percentile, place

NAMES = ["loaded.per_100_words", "loaded.share", "attribution.named_share", "tone.mean"]
DIGEST = "sha256:test-lexicons"
STOP = frozenset({"the", "and", "said", "for"})
TOPICS = {
    "prison": "prison attack fighters guards inmates hasakah escape",
    "budget": "budget deficit congress spending taxes vote senate",
    "storm": "hurricane flood rain coast evacuation damage wind",
}


def fake_analyse(text: str, title: str | None):
    """Stand-in for the core: features are counts of marker words, one sentence per line."""
    words = text.split()
    n = len(words)
    loaded = sum(w in ("terrorists", "thugs", "regime") for w in words)
    features = {
        "loaded.per_100_words": round(100 * loaded / n, 4),
        "loaded.share": round(loaded / n, 4),
        "attribution.named_share": None if "nobody" in words else round(words.count("said") / n, 4),
        "tone.mean": round(text.count("!") / n, 4),
    }
    sentences = [{"text": line, "boilerplate": False} for line in text.splitlines()]
    return SimpleNamespace(features=features, sentences=sentences,
                           meta={"lexicon_digest": DIGEST})


def make_corpus(path, n=60, seed=7):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            partisan = i % 2 == 0
            topic = rng.choice(sorted(TOPICS))
            outlet = f"outlet{i % 6}.example"
            words = TOPICS[topic].split() * 3 + ["the", "said", "officials"] * rng.randint(1, 4)
            if partisan:
                words += ["terrorists", "regime", "thugs"] * rng.randint(1, 3) + ["!"]
            rng.shuffle(words)
            if i == 5:
                words.append("nobody")
            f.write(json.dumps({"id": f"a{i}", "text": " ".join(words), "title": f"Story {i}",
                                "url": f"https://www.{outlet}/{i}",
                                "labels": {"hyperpartisan": partisan,
                                           "side": rng.choice(["left", "right", "center"])}}) + "\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("ref")
    corpus = root / "corpus.jsonl"
    make_corpus(corpus)
    meta = build_model(corpus, "tiny", root / "models" / "tiny", workers=1, analyse=fake_analyse,
                       feature_names=NAMES, lexicon_digest=DIGEST, stopwords=STOP,
                       min_outlet_articles=5)
    return root, meta


def load(root):
    return load_model(root / "models" / "tiny", feature_names=NAMES, lexicon_digest=DIGEST)


def test_meta_records_counts_digests_and_grouped_cv(built):
    root, meta = built
    assert meta["n_articles"] == 60 and meta["n_outlets"] == 6
    assert meta["cv"]["grouped_by"] == "outlet" and meta["cv"]["folds"] == 5
    assert meta["corpus_digest"].startswith("sha256:")
    hp = next(lm for lm in meta["labels"] if lm["name"] == "hyperpartisan")
    assert set(hp["validation"]) == {"framing", "tfidf_baseline", "framing+lexical"}
    for scores in hp["validation"].values():
        assert {"accuracy", "macro_f1", "roc_auc", "calibration"} <= set(scores)
    # marker words make the label learnable from framing features alone
    assert hp["validation"]["framing"]["roc_auc"] > 0.9


def test_model_holds_no_article_text(built):
    root, _ = built
    with np.load(root / "models" / "tiny" / "arrays.npz", allow_pickle=False) as npz:
        blob = b"".join(npz[k].tobytes() for k in npz.files if npz[k].dtype == np.uint8)
    assert b"Story 3" in blob              # titles are kept
    assert b"hasakah escape" not in blob   # texts are not


def test_round_trip_loads_without_pickle(built):
    root, meta = built
    model = load(root)
    assert model.name == "tiny" and model.n_articles == 60
    described = model.describe()
    json.dumps(described)
    assert described["digest"] == meta["digest"]
    assert {o["n_articles"] for o in described["outlets"]} == {10}
    assert set(load_reference_models(root / "models", feature_names=NAMES,
                                     lexicon_digest=DIGEST)) == {"tiny"}


@pytest.mark.parametrize("names, digest, phrase", [
    (NAMES[:-1], DIGEST, "other framing features (missing now: ['tone.mean']"),
    (NAMES + ["new.feature"], DIGEST, "new: ['new.feature']"),
    (NAMES, "sha256:changed", "lexicons now have digest sha256:changed"),
])
def test_mismatch_is_refused_with_a_rebuild_sentence(built, names, digest, phrase):
    root, _ = built
    with pytest.raises(ModelMismatchError) as err:
        load_model(root / "models" / "tiny", feature_names=names, lexicon_digest=digest)
    assert phrase in str(err.value)
    assert "rebuild it with `slant reference build" in str(err.value)


def test_tampered_arrays_are_refused(built, tmp_path):
    root, _ = built
    import shutil
    copy = tmp_path / "tiny"
    shutil.copytree(root / "models" / "tiny", copy)
    meta = json.loads((copy / "meta.json").read_text())
    meta["n_articles"] = 61
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelMismatchError, match="does not match the digest"):
        load_model(copy, feature_names=NAMES, lexicon_digest=DIGEST)


def test_placement_fields_and_ranges(built):
    root, _ = built
    model = load(root)
    text = " ".join(TOPICS["prison"].split() * 2 + ["terrorists", "regime", "said", "nobody", "!"])
    out = place(fake_analyse(text, None), model).to_dict()
    json.dumps(out)
    assert set(out["features"]) == set(NAMES)
    assert out["missing_features"] == ["attribution.named_share"]
    assert out["features"]["attribution.named_share"]["percentile"] is None
    for f in out["features"].values():
        assert f["percentile"] is None or 0 <= f["percentile"] <= 100
    assert out["most_unusual"] and all(f["feature"] != "attribution.named_share"
                                       for f in out["most_unusual"])
    assert {"loaded", "attribution", "tone"} >= set(out["groups"])
    assert len(out["nearest_outlets"]) == 5
    assert all(o["n_articles"] == 10 for o in out["nearest_outlets"])
    nearest = out["nearest_articles"]
    assert nearest and nearest[0]["similarity"] >= nearest[-1]["similarity"]
    assert all(0 < a["similarity"] <= 1.0001 for a in nearest)
    assert all(len(a["differs_most"]) == 3 for a in nearest)
    assert isinstance(out["map"]["x"], float)
    hp = out["labels"]["hyperpartisan"]
    assert abs(sum(hp["probabilities"].values()) - 1) < 1e-3
    assert hp["predicted"] == "true"
    assert abs(sum(out["labels"]["side"]["probabilities"].values()) - 1) < 1e-3
    assert 0 <= out["typicality"]["score"] <= 1


def test_unrelated_article_is_flagged_out_of_domain(built):
    root, _ = built
    model = load(root)
    text = "quantum chromodynamics gluon lattice " * 5 + "!" * 200
    out = place(fake_analyse(text, None), model).to_dict()
    assert out["typicality"]["out_of_domain"] is True
    assert out["typicality"]["unusual_framing"] is True
    assert out["nearest_articles"] == []
    assert out["labels"]["hyperpartisan"]["caution"]


@pytest.mark.parametrize("value, expected", [
    (-1.0, 0.0), (0.0, 25.0), (0.5, 75.0), (2.0, 100.0), (1.0, 100.0),
])
def test_percentile_is_mid_rank_on_the_grid(value, expected):
    # half the corpus at 0, the other half spread evenly from 0 to 1
    grid = np.concatenate([np.zeros(101), np.linspace(0, 1, 101)[1:]])
    assert percentile(grid, value) == pytest.approx(expected, abs=0.6)


def test_nearest_matches_brute_force_cosine(built):
    from service.reference.place import nearest, query_vector
    root, _ = built
    model = load(root)
    for topic in TOPICS.values():
        sentences = [{"text": topic + " officials regime", "boilerplate": False}]
        q_idx, q_val = query_vector(model, sentences)
        top, sims = nearest(model, q_idx, q_val, 5)
        dense = np.zeros(len(model.idf_))
        dense[q_idx] = q_val
        brute = model.rows_ @ dense
        assert np.allclose(sims, np.sort(brute)[::-1][:5])
        assert np.allclose(brute[top], sims)
