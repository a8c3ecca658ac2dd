"""Sentence sentiment: the fast scorer equals VADER, and article features are per sentence."""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings, strategies as st

from service.framing.document import parse
from service.framing.extractors import sentiment
from service.framing.extractors.sentiment import fast_polarity_scores


def _doc(resources, text):
    return parse(text, abbreviations=resources.abbreviations,
                 boilerplate_rules=resources.boilerplate_rules)


@pytest.mark.parametrize("text", [
    "VADER is not smart, handsome, nor funny.",
    "At least it isn't a horrible book.",
    "The book was only kind of good.",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today only kinda sux! But I'll get by, lol",
    "Without a doubt, excellent idea.",
    "Roger Dodger is one of the least compelling variations on this theme.",
    "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "no no no good bad",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "Sentiment analysis has never been this good!",
    "It was the bomb, a real kiss of death, but good but bad.",
    "",
    "   ",
    "The SDF killed at least 28 ISIS militants in the clashes.",
])
def test_fast_scores_equal_vader_on_tricky_sentences(resources, text):
    assert fast_polarity_scores(resources.vader, text) == resources.vader.polarity_scores(text)


_WORDS = st.sampled_from(
    "no not never so this without doubt least at very kind of sort but good bad GOOD BAD "
    "kiss death the bomb terrorists killed happy n't isn't nor or really slightly ! ? , . "
    "Killed HAPPY sux :) :( 💘 love hate".split())


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=14))
def test_fast_scores_equal_vader_on_rule_words(resources, words):
    text = " ".join(words)
    assert fast_polarity_scores(resources.vader, text) == resources.vader.polarity_scores(text)


@pytest.mark.shared
def test_fast_scores_equal_vader_on_thousands_of_real_sentences(resources, data_dir):
    texts = []
    raw = (data_dir / "vader-groundtruth" / "nytEditorialSnippets_GroundTruth.txt").read_bytes()
    for line in raw.decode("cp1252", "replace").split("\r\n"):
        cells = line.split("\t")
        if len(cells) >= 3:
            texts.append(cells[2])
    with open(data_dir / "newsmtsc" / "devtest_mt.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["sentence_normalized"] for line in f]
    assert len(texts) > 4000
    mismatches = [t for t in texts
                  if fast_polarity_scores(resources.vader, t) != resources.vader.polarity_scores(t)]
    assert mismatches == []


@pytest.mark.parametrize("text, expected_sign", [
    ("The attack killed dozens of civilians. Terrorists murdered the guards.", -1),
    ("The ceasefire brought welcome relief. Families celebrated a peaceful, happy return.", 1),
])
def test_mean_compound_sign(resources, text, expected_sign):
    features = sentiment.extract(_doc(resources, text), resources).features
    assert math.copysign(1, features["sentiment.sentence_compound_mean"]) == expected_sign


def test_features_are_per_sentence_not_whole_article(resources):
    text = "The attack was horrible. The response was wonderful."
    doc = _doc(resources, text)
    out = sentiment.extract(doc, resources)
    scores = [resources.vader.polarity_scores(s.text)["compound"] for s in doc.sentences]
    assert out.features["sentiment.sentence_compound_mean"] == round(sum(scores) / 2, 4)
    assert out.features["sentiment.negative_sentence_share"] == 0.5
    assert out.features["sentiment.positive_sentence_share"] == 0.5
    assert {s.text for s in out.spans} == {"The attack was horrible.", "The response was wonderful."}
    assert all(s.label == "sentiment.sentence" and "compound" in s.attrs for s in out.spans)


def test_quoted_and_author_sentences_are_separated(resources):
    text = '"They are brutal murderers," the official said. The army said talks went well.'
    f = sentiment.extract(_doc(resources, text), resources).features
    assert f["sentiment.quoted_sentence_compound_mean"] < 0 < f["sentiment.author_sentence_compound_mean"]


def test_empty_text_gives_none_with_reasons(resources):
    out = sentiment.extract(_doc(resources, ""), resources)
    assert out.features["sentiment.sentence_compound_mean"] is None
    assert out.features["sentiment.sentence_compound_sd"] is None
    assert "sentiment.sentence_compound_mean" in out.reasons
    assert set(out.features) == set(sentiment.FEATURES)


def test_spans_point_into_the_original_text(seeds, analyze_text):
    for text in seeds.values():
        for span in analyze_text(text).spans:
            if span["label"].startswith(("sentiment.", "actor.")):
                assert text[span["start"]:span["end"]] == span["text"]


def test_every_seed_mean_is_finite_and_bounded(seeds, analyze_text):
    for key, text in seeds.items():
        value = analyze_text(text).features["sentiment.sentence_compound_mean"]
        assert value is not None and math.isfinite(value) and -1 <= value <= 1, key
