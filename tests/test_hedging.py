"""Hedging extractor: what a reader can check in a sentence or a seed article."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.framing.document import parse
from service.framing.extractors import hedging


def run(text, resources):
    doc = parse(text, abbreviations=resources.abbreviations,
                boilerplate_rules=resources.boilerplate_rules)
    return doc, hedging.extract(doc, resources)


def found(text, resources):
    return [(s.label, s.text) for s in run(text, resources)[1].spans]


@pytest.mark.parametrize("text, expected", [
    ("The attack may have been planned for months.", [("hedge", "may")]),
    ("The prison reopened in May after repairs.", []),
    ("Fighters could storm the prison again.", [("hedge", "could")]),
    ("Guards could not stop the attack.", []),
    ("Guards couldn’t stop the attack.", []),
    ("The claim could not be independently verified.",
     [("hedge", "could not be independently verified")]),
    ("Five fighters were reportedly killed.", [("hedge", "reportedly")]),
    ("Allegedly, the guards fled.", [("hedge", "Allegedly")]),
    ("The siege, believed to be the largest attack in years, ended.", [("hedge", "believed to")]),
    ("Videos appeared to show hundreds of prisoners.", [("hedge", "appeared to")]),
    ("He appeared in court on Monday.", []),
    ("Dozens are estimated to have been killed.", [("hedge", "estimated")]),
    ("Forces are likely preparing another assault.", [("hedge", "likely")]),
    ("It is not clear how many escaped.", [("hedge", "not clear")]),
    ("It remains unclear how many escaped.", [("hedge", "unclear")]),
    ("The group would have escaped without the airstrikes.", [("hedge", "would have")]),
    ("He said he would attend the talks.", []),
    ("They chose surrender rather than death.", []),
    ("The militants talked about surrender.", []),
    ("About 200 people died.", []),
    ("The suspects were arrested.", []),
    ("Suspected militants were arrested.", [("hedge", "Suspected")]),
    ("A war will inevitably distract forces.", [("booster", "inevitably")]),
    ("Clearly, the plan failed.", [("booster", "Clearly")]),
    ("There is no doubt that the group is back.", [("booster", "There is no doubt")]),
    ("The group has demonstrated that it is resilient.", [("booster", "demonstrated that")]),
    ("Protesters demonstrated outside the embassy.", []),
    ("The army never recovered.", []),
    ("The attack may indicate renewed strength.", [("hedge", "may"), ("hedge", "indicate")]),
    ("US-backed forces said the siege was over.", []),
])
def test_hedges_and_boosters_in_a_sentence(text, expected, resources):
    assert found(text, resources) == expected


@pytest.mark.parametrize("text, voice", [
    ("The group will certainly return.", "author"),
    ('“We will certainly win,” the commander said.', "quoted"),
    ("Five fighters were reportedly killed.", "author"),     # the hedge is the writer's cue
    ("The Pentagon said the attack may have been planned for months.", "attributed"),
])
def test_each_match_carries_its_voice(text, voice, resources):
    _, result = run(text, resources)
    assert [s.attrs["voice"] for s in result.spans] == [voice]
    assert set(result.spans[0].attrs) >= {"category", "term", "voice", "speaker"}


@pytest.mark.parametrize("hedges, boosters, expected", [
    (0, 0, None), (2, 0, -1.0), (0, 3, 1.0), (1, 1, 0.0), (3, 1, -0.5),
])
def test_certainty_balance_ratio(hedges, boosters, expected, resources):
    text = " ".join(["Fighters may return."] * hedges + ["Fighters will clearly return."] * boosters
                    + ["The prison stands in Hasakah."])
    _, result = run(text, resources)
    assert result.features["hedging.certainty_balance_ratio"] == expected
    if expected is None:
        assert "hedging.certainty_balance_ratio" in result.reasons


def test_rates_per_100_words_and_voice_split_add_up(resources):
    text = ('Fighters may return soon to the city. “We will perhaps leave,” he said. '
            'The army will clearly respond to that.')
    doc, result = run(text, resources)
    f = result.features
    assert doc.word_count == 20
    assert f["hedging.hedges_per_100_words"] == 10.0         # may, perhaps
    assert f["hedging.author_hedges_per_100_words"] == 5.0   # may
    assert f["hedging.quoted_hedges_per_100_words"] == 5.0   # perhaps
    assert f["hedging.author_boosters_per_100_words"] == 5.0  # clearly
    assert f["hedging.boosters_per_100_words"] == 5.0


@pytest.mark.parametrize("text", ["", "   \n ", "Source link\n\nBy admin"])
def test_no_words_gives_none_with_reasons(text, resources):
    _, result = run(text, resources)
    assert set(result.features) == set(hedging.FEATURES)
    assert all(v is None for v in result.features.values())
    assert set(result.reasons) == set(hedging.FEATURES)


def test_no_hedge_gives_zero_rates_not_none(resources):
    _, result = run("The prison stands in Hasakah. Guards patrol the walls.", resources)
    assert result.features["hedging.hedges_per_100_words"] == 0.0
    assert result.features["hedging.certainty_balance_ratio"] is None


def test_south_front_hedges_and_boosts_in_its_own_voice(seeds, resources):
    _, result = run(seeds["000"], resources)
    spans = {(s.label, s.text.lower(), s.attrs["voice"]) for s in result.spans}
    assert ("hedge", "likely", "author") in spans           # "likely preparing for another assault"
    assert ("booster", "inevitably", "author") in spans     # "will inevitably distract forces"
    assert ("hedge", "reportedly", "author") in spans
    assert result.features["hedging.author_boosters_per_100_words"] > 0


def test_cnn_hedges_its_estimates(seeds, resources):
    _, result = run(seeds["004"], resources)
    texts = {s.text for s in result.spans if s.label == "hedge"}
    assert {"believed to", "appeared to", "estimated"} <= texts
    quoted = [s.text for s in result.spans if s.attrs["voice"] == "quoted"]
    assert quoted == ["Certainly"]                          # Barham Salih's tweet, not CNN
    assert result.features["hedging.certainty_balance_ratio"] < 0


def test_spans_point_into_the_original_text(seeds, resources):
    for text in seeds.values():
        _, result = run(text, resources)
        assert all(text[s.start:s.end] == s.text for s in result.spans)


def test_every_recasens_hedge_is_kept_or_excluded_with_a_reason(data_dir, resources):
    listed = {e.term.lower(): e for e in resources.lexicons["hedges"].entries}
    source = (data_dir / "recasens2013-bias-lexicons" / "hedges.txt").read_text().split("\n")
    missing = [w for w in (line.strip() for line in source) if w and w.lower() not in listed]
    assert missing == []
    assert all(e.note for e in listed.values())


_WORDS = ["may", "May", "could", "not", "be", "independently", "verified", "it", "is", "clear",
          "no", "doubt", "there", "in", "fact", "appeared", "to", "show", "rather", "than",
          "US-backed", "likely", "the", "prison", "believed", "would", "have", "I", "think",
          "so-called", "clearly", "never", ".", ",", "“", "”"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(_WORDS), max_size=40))
def test_prefiltered_matching_equals_the_full_matcher(words, resources):
    text = " ".join(words)
    doc = parse(text)
    full = [(m.start, m.end, m.entry.where) for m in resources.matcher(hedging.LEXICON).find(doc)]
    fast = [(m.start, m.end, m.entry.where) for m in hedging.matches(doc, resources)]
    assert fast == full
