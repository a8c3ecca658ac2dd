"""Properties that hold for any text: evidence points at its text, features are finite
or None, the analysis is deterministic, sentences are ordered and inside the text."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.framing.document import parse

# Alphabets heavy in what breaks parsers: quote marks, sentence punctuation, newlines,
# abbreviation-like letters and periods, digits with separators.
MARKS = "\"'“”„«»‘’‹›()[].,;:!?…—–- \n\n\t"
WORDS = st.sampled_from([
    "ISIS", "IS", "the", "U.S.", "Jan.", "Maj.", "Gen.", "Jr.", "said", "according to",
    "terrorists", "militants", "reportedly", "may", "killed", "10,000", "3.5", "70",
    "Source link", "By admin", "date 2022-01-24", "Da’esh", "group's", "soldiers'",
    "so-called", "US-backed", "al-Hasakah", "”", "“", '"', "'", "«", "»", "\n", "\n\n", ".", "?",
])
TEXTS = st.one_of(
    st.text(alphabet=st.sampled_from(MARKS + "abcXYZ019é"), max_size=300),
    st.lists(WORDS, max_size=80).map(" ".join),
    st.lists(st.one_of(WORDS, st.text(max_size=5)), max_size=60).map("".join),
)
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXTS)
def test_analysis_evidence_features_and_determinism(analyze_text, text):
    out = analyze_text(text).to_dict()
    for span in out["spans"] + out["meta"]["boilerplate"]:
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"]:span["end"]] == span["text"]
    for name, value in out["features"].items():
        assert value is None or (isinstance(value, float) and math.isfinite(value)), name
    assert analyze_text(text).to_dict() == out


@SETTINGS
@given(TEXTS)
def test_sentences_ordered_disjoint_inside(resources, text):
    doc = parse(text, abbreviations=resources.abbreviations,
                boilerplate_rules=resources.boilerplate_rules)
    end = 0
    for i, s in enumerate(doc.sentences):
        assert s.index == i
        assert end <= s.start < s.end <= len(text)
        assert text[s.start:s.end] == s.text
        end = s.end
    for tok in doc.tokens:
        sentence = doc.sentences[tok.sentence]
        assert sentence.start <= tok.start < tok.end <= sentence.end
        assert not sentence.boilerplate
    for q in doc.quotes:
        assert 0 <= q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)
    for b in doc.boilerplate:
        assert text[b.start:b.end] == b.text
