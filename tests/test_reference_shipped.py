"""The shipped models: they load, they reproduce from ../shared/data, and the seeds place sensibly."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from service.reference.model import DEFAULT_MODEL, load_reference_models
from service.reference.place import place

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"
SHIPPED = ("hyperpartisan", "allsides")


def _script():
    spec = importlib.util.spec_from_file_location("build_models", ROOT / "scripts" / "build_models.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def models():
    return load_reference_models(MODELS)


def test_shipped_models_load_and_describe(models):
    assert set(SHIPPED) <= set(models) and DEFAULT_MODEL == "hyperpartisan"
    for name in SHIPPED:
        d = models[name].describe()
        json.dumps(d)
        assert d["n_articles"] == {"hyperpartisan": 645, "allsides": 300}[name]
        assert d["licence"].startswith({"hyperpartisan": "CC BY 4.0", "allsides": "CC BY-NC-SA"}[name])
        assert (MODELS / name / "README.md").is_file()
        for label in d["labels"].values():
            assert {"framing", "tfidf_baseline", "framing+lexical"} == set(label["validation"])
    assert "Non-commercial" in (MODELS / "allsides" / "README.md").read_text()


def test_shipped_models_are_small():
    for name in SHIPPED:
        size = sum(p.stat().st_size for p in (MODELS / name).iterdir())
        assert size < 15 * 2**20, f"{name} is {size / 2**20:.1f} MB"


@pytest.mark.shared
@pytest.mark.slow
def test_build_script_reproduces_the_shipped_digests(data_dir, tmp_path):
    script = _script()
    for name in SHIPPED:
        shipped = json.loads((MODELS / name / "meta.json").read_text())
        rebuilt = script.build(name, data_dir, tmp_path / "models", tmp_path / "corpora")
        assert rebuilt["corpus_digest"] == shipped["corpus_digest"], f"{name}: the data changed"
        assert rebuilt["lexicon_digest"] == shipped["lexicon_digest"], \
            f"{name}: lexicons changed since the model was built; run scripts/build_models.py"
        assert rebuilt["digest"] == shipped["digest"], \
            f"{name}: rebuild differs from the shipped model; run scripts/build_models.py"


@pytest.fixture(scope="module")
def seed_placements(seeds, analyze_text, models):
    model = models[DEFAULT_MODEL]
    return {key: place(analyze_text(text), model).to_dict() for key, text in seeds.items()}


@pytest.mark.shared
@pytest.mark.parametrize("group", ["loaded", "attribution"])
def test_south_front_is_the_most_unusual_seed(seed_placements, group):
    """South Front (000) labels actors in its own voice and cites few sources: of the five
    seeds it sits furthest from the hyperpartisan corpus on loaded-term and attribution features."""
    unusual = {k: p["groups"][group]["unusualness"] for k, p in seed_placements.items()}
    assert max(unusual, key=unusual.get) == "000", unusual
    named = [f["feature"] for f in seed_placements["000"]["groups"][group]["features"]]
    assert named and all(f.startswith(group + ".") for f in named)


@pytest.mark.shared
def test_seed_placements_are_defined(seed_placements):
    for key, p in seed_placements.items():
        json.dumps(p)
        assert p["most_unusual"], key
        assert p["nearest_outlets"] and p["nearest_articles"], key
        assert 0 <= p["typicality"]["score"] <= 1
        probs = p["labels"]["hyperpartisan"]["probabilities"]
        assert abs(sum(probs.values()) - 1) < 1e-3
    # South Front's own-voice epithets are among the features that make it unusual
    top = [f["feature"] for f in seed_placements["000"]["most_unusual"]]
    assert any(f.startswith("loaded.") and "author" in f for f in top), top
