"""Loaded terms: what an editor would flag, in whose voice, and what must not match."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings, strategies as st

from service.framing.document import parse
from service.framing.extractors import loaded_terms


def _doc(text, resources):
    return parse(text, abbreviations=resources.abbreviations,
                 boilerplate_rules=resources.boilerplate_rules)


def _hits(text, resources):
    result = loaded_terms.extract(_doc(text, resources), resources)
    return [(s.text, s.attrs["category"]) for s in result.spans]


V, DL, GE, DI, EM, PA = ("violent_actor_label", "delegitimising", "geopolitical_epithet",
                         "distancing", "emotive", "partisan_label")


@pytest.mark.parametrize("text, expected", [
    ("The terrorists attacked the base.", [("terrorists", V)]),
    ("A TERRORIST cell was found.", [("TERRORIST", V)]),
    ("The terror group struck again.", [("terror group", V)]),
    ("ISIS’s militants fled.", [("militants", V)]),
    ("A firefighter died in the blaze.", []),
    ("Firefighters arrived.", []),
    ("A flight of MiG-29 fighters was deployed.", []),
    ("F-16 fighters took off.", []),
    ("Russian fighter jets carried out 40 airstrikes.", []),
    ("A fighter pilot ejected.", []),
    ("More than 100 ISIS fighters launched the assault.", [("fighters", V)]),
    ("Some 150 fighters were killed.", [("fighters", V)]),
    ("Gunmen opened fire.", [("Gunmen", V)]),
    ("This benefits the Anglo-Saxon bloc, Turkey and Israel.", [("Anglo-Saxon bloc", GE)]),
    ("The Anglo-Saxons want war.", [("Anglo-Saxons", GE)]),
    ("The collective West responded.", [("collective West", GE)]),
    ("The Kyiv regime refused.", [("Kyiv regime", DL)]),
    ("The Assad regime denied it.", [("regime", DL)]),
    ("The sanctions regime was tightened.", []),
    ("He called for regime change.", []),
    ("since the fall of its so-called caliphate", [("so-called", DI)]),
    ("the so-called government in exile", [("so-called government", DL)]),
    ("the self-proclaimed republic", [("self-proclaimed", DI)]),
    ("They were supposed to leave.", []),
    ("The group claimed responsibility for the blast.", []),
    ("Officials claim the strike hit a depot.", [("claim", DI)]),
    ("Civilians were slaughtered.", [("slaughtered", EM)]),
    ("The deplorable situation persists.", [("deplorable", EM)]),
    ("It was a brutal, heinous attack.", [("brutal", EM), ("heinous", EM)]),
    ("Atrocities were reported.", [("Atrocities", EM)]),
    ("counter-terrorism officials met.", []),
    ("Leftist activists marched.", [("Leftist", PA)]),
    ("The Bradley fighting vehicles moved in.", []),
    ("The school opened on the day.", []),
])
def test_lexicon_matching(text, expected, resources):
    assert _hits(text, resources) == expected


@pytest.mark.parametrize("text, expected", [
    ('The “liberators” arrived at dawn.', [("“liberators”", DI, 1.0)]),
    ("The 'peace keepers' left.", [("'peace keepers'", DI, 1.0)]),
    ('The slogan was "we will never ever surrender".', []),
    ('The “regime” fell.', [("“regime”", DI, 1.0)]),  # a term in scare quotes is mentioned, not used
    ("The group was self-proclaiming its “caliphate” in 2014.",
     [("self-proclaiming", DI, 1.0), ("“caliphate”", DI, 0.0)]),  # one device, counted once
])
def test_scare_quotes(text, expected, resources):
    result = loaded_terms.extract(_doc(text, resources), resources)
    assert [(s.text, s.attrs["category"], s.attrs["weight"]) for s in result.spans] == expected
    assert all(s.attrs["voice"] == "author" for s in result.spans)


def test_quoted_term_is_not_author_voice(resources):
    text = 'The governor said: "These terrorists will pay for what they did."'
    result = loaded_terms.extract(_doc(text, resources), resources)
    [span] = result.spans
    assert span.text == "terrorists" and span.attrs["voice"] != "author"
    assert result.features["loaded.author_terms_per_1k_words"] == 0
    assert result.features["loaded.author_voice_share"] == 0


def test_features_are_weighted_rates(resources):
    text = "The terrorists and the militants met ten fighters near the town of Hasakah today."
    doc = _doc(text, resources)
    f = loaded_terms.extract(doc, resources).features
    assert f["loaded.terms_per_1k_words"] == pytest.approx((1 + 0.5 + 0.25) * 1000 / doc.word_count, abs=1e-3)
    assert f["loaded.violent_actor_label_author_per_1k_words"] == f["loaded.terms_per_1k_words"]
    assert f["loaded.emotive_per_1k_words"] == 0
    assert f["loaded.author_voice_share"] == 1


def test_no_words_gives_none_with_reasons(resources):
    result = loaded_terms.extract(_doc("", resources), resources)
    assert set(result.features) == set(loaded_terms.FEATURES)
    assert all(v is None for v in result.features.values())
    assert set(result.reasons) == set(loaded_terms.FEATURES)


def test_no_hits_share_is_none(resources):
    result = loaded_terms.extract(_doc("The council met on Tuesday.", resources), resources)
    assert result.features["loaded.terms_per_1k_words"] == 0
    assert result.features["loaded.author_voice_share"] is None
    assert "loaded.author_voice_share" in result.reasons


def test_categories_match_the_manifest(resources):
    lexicon = resources.lexicons[loaded_terms.LEXICON]
    assert set(lexicon.categories) == set(loaded_terms.CATEGORIES) | {loaded_terms.NEUTRAL}
    assert all(e.note for e in lexicon.entries), "every row records its provenance"


# --- seeds -----------------------------------------------------------------

def _seed(seeds, key, resources):
    doc = _doc(seeds[key], resources)
    return doc, loaded_terms.extract(doc, resources)


def test_south_front_labels_in_its_own_voice(seeds, resources):
    doc, result = _seed(seeds, "000", resources)
    by_text = {}
    for s in result.spans:
        by_text.setdefault(s.text, []).append(s.attrs)
    assert by_text["Anglo-Saxon bloc"] == [{"category": GE, "voice": "author", "speaker": None,
                                            "term": "Anglo-Saxon bloc", "weight": 1.0}]
    assert {a["voice"] for a in by_text["terrorists"]} == {"author"}
    assert all(a["category"] == V for a in by_text["terrorists"] + by_text["terrorist"])
    organisation = doc.text.index("terrorist organization")
    assert any(s.start == organisation and s.attrs["voice"] == "author" for s in result.spans)
    assert by_text["deplorable"][0]["category"] == EM
    mig = doc.text.index("MiG-29 fighters")
    assert not any(mig <= s.start < mig + 20 for s in result.spans)
    assert "fighter" not in {s.text for s in result.spans}  # "fighter jets"


def test_cnn_distances_the_caliphate(seeds, resources):
    doc, result = _seed(seeds, "004", resources)
    caliphate = doc.text.index("so-called caliphate")
    assert any(s.start == caliphate and s.text == "so-called" and s.attrs["category"] == DI
               for s in result.spans)
    strong = [s for s in result.spans if s.attrs["term"] in ("terrorism", "Da’esh", "Daesh")]
    assert strong and all(s.attrs["voice"] != "author" for s in strong)


def test_south_front_is_more_loaded_than_the_wires(seeds, resources):
    rates = {k: _seed(seeds, k, resources)[1].features["loaded.author_terms_per_1k_words"]
             for k in ("000", "003", "004")}
    assert rates["000"] > rates["003"] and rates["000"] > rates["004"], rates


def test_seed_spans_are_exact(seeds, resources):
    for key, text in seeds.items():
        doc, result = _seed(seeds, key, resources)
        for s in result.spans:
            assert text[s.start:s.end] == s.text and s.label == "loaded_term"
        for v in result.features.values():
            assert v is None or math.isfinite(v)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc terorist fighter “”\"'.-\n")), max_size=200))
def test_any_text_gives_exact_spans_and_finite_features(resources, text):
    doc = _doc(text, resources)
    result = loaded_terms.extract(doc, resources)
    assert set(result.features) == set(loaded_terms.FEATURES)
    for s in result.spans:
        assert text[s.start:s.end] == s.text
    for v in result.features.values():
        assert v is None or (math.isfinite(v) and v >= 0)


# --- evaluation -----------------------------------------------------------------

@pytest.mark.parametrize("scores, labels, expected", [
    ([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], 0.75),
    ([1, 1, 1, 1], [0, 1, 0, 1], 0.5),
    ([0, 0, 1, 2], [0, 0, 1, 1], 1.0),
    ([2, 1], [0, 1], 0.0),
    ([1, 2], [1, 1], None),
])
def test_roc_auc(scores, labels, expected):
    from service.evaluation.bias_words import roc_auc
    assert roc_auc(scores, labels) == (None if expected is None else pytest.approx(expected))


def test_babe_split_is_deterministic_and_about_half():
    from service.evaluation.bias_words import babe_split
    texts = [f"sentence number {i}" for i in range(400)]
    assert [babe_split(t) for t in texts] == [babe_split(t) for t in texts]
    assert 150 < sum(babe_split(t) == "test" for t in texts) < 250


def test_bias_word_evaluation_beats_the_raw_lexicon(data_dir, resources):
    from service.evaluation.bias_words import evaluate
    rows = {(r.task.split(" vs ")[1], r.metric): r for r in evaluate(data_dir, resources)}
    for key in [("BABE biased words", "word F1"), ("BABE label_bias", "sentence ROC-AUC"),
                ("BASIL lexical-bias spans", "token F1")]:
        row = rows[key]
        assert row.system is not None and row.baseline is not None and row.system > row.baseline, row
