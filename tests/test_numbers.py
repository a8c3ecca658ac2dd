"""Numeric claims: what a reader can check against the article text."""
from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.framing.document import parse
from service.framing.extractors import numbers


@pytest.fixture(scope="module")
def claims_of(resources):
    def run(text: str):
        doc = parse(text, abbreviations=resources.abbreviations,
                    boilerplate_rules=resources.boilerplate_rules)
        return numbers.extract(doc, resources)
    return run


def _claim(result, fragment: str) -> dict:
    found = [c for c in result.details if fragment in c["text"]]
    assert found, f"no claim containing {fragment!r}; got {[c['text'] for c in result.details]}"
    return found[0]


# (sentence, figure text, value, low, high, qualifier, category)
CLAIMS = [
    ("Meanwhile, the death toll has risen up to about 200 casualties from the both sides.",
     "about 200 casualties", 200, None, None, "approx", "dead_casualties"),
    ("8 soldiers were killed and 16 others were wounded.", "8 soldiers", 8, 8, 8, "exact", "killed"),
    ("8 soldiers were killed and 16 others were wounded.", "16 others", 16, 16, 16, "exact", "wounded"),
    ("Some 11,000 to 12,000 ISIS fighters are held in northern Syria.",
     "Some 11,000 to 12,000 ISIS fighters", None, 11000, 12000, "approx", "prisoners_held"),
    ("Dozens of fighters are estimated to have been killed.", "Dozens of fighters",
     None, 24, None, "approx", "killed"),
    ("The total number of refugees exceeds 45 thousand people.", "45 thousand people",
     45000, 45000, None, "lower_bound", "displaced_refugees"),
    ("More than 100 ISIS fighters launched the assault on the prison.", "More than 100 ISIS fighters",
     100, 100, None, "lower_bound", "attackers"),
    ("The SDF announced the surrender of 250 more ISIS members on January 25, bringing their "
     "total number to 550 members.", "250 more ISIS members", 250, 250, 250, "exact", "surrendered"),
    ("The SDF announced the surrender of 250 more ISIS members on January 25, bringing their "
     "total number to 550 members.", "550 members", 550, 550, 550, "exact", "surrendered"),
    ("The SDF killed at least 28 ISIS militants in the clashes.", "at least 28 ISIS militants",
     28, 28, None, "lower_bound", "killed"),
    ("It had detained 89 prisoners who tried to escape.", "89 prisoners", 89, 89, 89, "exact",
     "detained_recaptured"),
    ("The prison houses 3,500 prisoners accused of belonging to the group.", "3,500 prisoners",
     3500, 3500, 3500, "exact", "prisoners_held"),
    ("In Iraq, eleven soldiers died in the eastern province of Diyala.", "eleven soldiers",
     11, 11, 11, "exact", "killed"),
    ("The attacks left at least 70 dead.", "at least 70 dead", 70, 70, None, "lower_bound",
     "dead_casualties"),
    ("Up to 300 people fled the town.", "Up to 300 people", 300, None, 300, "upper_bound",
     "displaced_refugees"),
    ("Twenty-five hostages were freed.", "Twenty-five hostages", 25, 25, 25, "exact", "hostages"),
    ("Jets carried out 40 airstrikes on ISIS positions.", "40 airstrikes", 40, 40, 40, "exact",
     "airstrikes"),
    ("At least 20 members of Kurdish forces and 39 IS fighters were killed.", "39 IS fighters",
     39, 39, 39, "exact", "killed"),
    ("They detonated three car bombs before storming the complex.", "three car bombs",
     3, 3, 3, "exact", "other"),
    ("The group has around 10,000 active fighters.", "around 10,000 active fighters",
     10000, None, None, "approx", "fighters_strength"),
    ("They tried to free hundreds of their comrades.", "hundreds of their comrades",
     None, 200, None, "approx", "prisoners_held"),
    ("Nearly 1.5 million people were displaced.", "Nearly 1.5 million people", 1_500_000, None, None,
     "approx", "displaced_refugees"),
    ("Only one soldier was killed in the ambush.", "one soldier", 1, 1, 1, "exact", "killed"),
    ("Between 20 and 30 civilians were wounded.", "Between 20 and 30 civilians", None, 20, 30,
     "exact", "wounded"),
]


@pytest.mark.parametrize("text, figure, value, low, high, qualifier, category", CLAIMS)
def test_claim_table(claims_of, text, figure, value, low, high, qualifier, category):
    claim = _claim(claims_of(text), figure)
    assert claim["text"] == figure
    assert (claim["value"], claim["low"], claim["high"]) == (value, low, high)
    assert claim["qualifier"] == qualifier
    assert claim["category"] == category


def test_escape_then_recapture_lists_both(claims_of):
    claim = _claim(claims_of("SDF said that around 87 prisoners managed to escape at the opportune "
                             "moment but have since been recaptured."), "87 prisoners")
    assert claim["category"] == "escaped"
    assert claim["categories"] == ["escaped", "detained_recaptured"]


NOT_CLAIMS = [
    "He counted 200 to", "Between 20 and",  # regression: a range word at the sentence end
    "Late on January 20, ISIS cells attacked the prison.",
    "The attack took place on 20 January 2022.",
    "The attack began on Jan. 24 at dawn.",
    "It was the biggest attack since the group's 2019 defeat in Syria.",
    "In 2020, several escaped from the same facility.",
    "ISIS attacked a military column of the 4th corps of the SAA.",
    "A flight of MiG-29 fighters was deployed to the T-4 airbase.",
    "Russia and Turkey carried out the eighth joint patrol on the M4.",
    "The operation was prepared and planned for six months.",
    "In 6 days, fierce clashes continue.",
    "The curfew starts at 10:30 pm tonight.",
    "This operation is one of the largest targeted operations.",
    "Only one building was captured.",
    "New Isis offensive as part of the “The Saga of Exahustion 2” operation.",
    "The attacks took place on Thursday night (20) in Hasakeh.",
    "date 2022-01-24 Fears over the resurgence of the group.",
]


@pytest.mark.parametrize("text", NOT_CLAIMS)
def test_not_claims(claims_of, text):
    assert claims_of(text).details == []


def test_boilerplate_numbers_are_not_claims(claims_of):
    result = claims_of("Source link\n\nBy admin\n\n8 soldiers were killed.")
    assert [c["text"] for c in result.details] == ["8 soldiers"]


def test_features_without_claims_are_none_with_reasons(claims_of):
    result = claims_of("The situation remains tense for a week now.")
    assert result.features["numbers.claims_per_1k_words"] == 0.0
    assert result.features["numbers.unattributed_claim_share"] is None
    assert result.features["numbers.approximate_claim_share"] is None
    assert "numbers.unattributed_claim_share" in result.reasons
    assert set(result.features) == set(numbers.FEATURES)


def test_empty_text(claims_of):
    result = claims_of("")
    assert all(v is None for v in result.features.values())


def test_feature_arithmetic(claims_of):
    text = ("About 200 people were killed. At least 45 were wounded. The SDF detained 89 prisoners. "
            "Three hundred refugees arrived.")
    result = claims_of(text)
    assert len(result.spans) == 4
    words = sum(1 for w in text.split())
    assert result.features["numbers.claims_per_1k_words"] == pytest.approx(4000 / words, abs=1e-3)
    assert result.features["numbers.casualty_claims_per_1k_words"] == pytest.approx(2000 / words, abs=1e-3)
    assert result.features["numbers.approximate_claim_share"] == 0.25


# Seed articles: (seed, figure, expected attributes; "attributed" means the sentence cites a source)
SEED_CLAIMS = [
    ("000", "about 200 casualties", {"category": "dead_casualties", "qualifier": "approx", "value": 200,
                                     "source_type": "unattributed"}),
    ("000", "550 members", {"category": "surrendered"}),
    ("000", "45 thousand people", {"value": 45000, "category": "displaced_refugees"}),
    ("000", "At least five SDF fighters", {"category": "killed", "qualifier": "lower_bound", "low": 5,
                                           "source_type": "vague"}),
    ("000", "8 soldiers", {"category": "killed", "value": 8}),
    ("001", "at least 28 ISIS militants", {"category": "killed", "qualifier": "lower_bound"}),
    ("001", "around 87 prisoners", {"category": "escaped", "qualifier": "approx"}),
    ("001", "at least seven fighters", {"category": "killed", "value": 7}),
    ("003", "at least 70 dead", {"category": "dead_casualties", "low": 70}),
    ("003", "89 prisoners", {"category": "detained_recaptured"}),
    ("003", "3,500 prisoners", {"category": "prisoners_held", "value": 3500}),
    ("003", "eleven soldiers", {"category": "killed", "value": 11, "source_type": "anonymous"}),
    ("004", "More than 100 ISIS fighters", {"category": "attackers", "qualifier": "lower_bound"}),
    ("004", "Some 11,000 to 12,000 ISIS fighters", {"category": "prisoners_held", "low": 11000,
                                                    "high": 12000}),
    ("004", "Dozens of fighters", {"category": "killed", "qualifier": "approx", "low": 24}),
]


@pytest.mark.parametrize("seed, figure, expected", SEED_CLAIMS)
def test_seed_claims(claims_of, seeds, seed, figure, expected):
    claim = _claim(claims_of(seeds[seed]), figure)
    assert {k: claim[k] for k in expected} == expected


@pytest.mark.parametrize("seed, figure, speaker", [
    ("001", "at least 28 ISIS militants", "Farhad Shami"),
    ("001", "around 87 prisoners", "SDF"),
    ("003", "89 prisoners", "SDF"),
])
def test_seed_claims_name_their_source(claims_of, seeds, seed, figure, speaker):
    claim = _claim(claims_of(seeds[seed]), figure)
    assert claim["source_type"] != "unattributed"
    assert speaker in (claim["attributed_to"] or "")


def test_seed_years_are_never_claims(claims_of, seeds):
    for text in seeds.values():
        for claim in claims_of(text).details:
            assert not any(y in claim["text"] for y in ("2014", "2017", "2019", "2020", "2022"))


def test_seed_spans_point_into_the_text(claims_of, seeds):
    for text in seeds.values():
        for span in claims_of(text).spans:
            assert text[span.start:span.end] == span.text
            assert span.label == "number.claim"
            assert {"value", "low", "high", "qualifier", "category", "unit", "voice",
                    "attributed_to", "source_type"} <= set(span.attrs)


_PIECES = st.sampled_from(["about", "at least", "200", "3,500", "dozens of", "fighters", "were",
                           "killed", "January", "2019", "to", "-", "the", ".", ",", "eleven",
                           "thousand", "people", "“", "”", "Mi-8", "4th", "one", "between", "and",
                           "10:30", "(", ")", "\n\n", "fled", "prisoners", "twenty-five"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.text(max_size=20))
def test_any_text_gives_valid_spans_and_finite_features(claims_of, pieces, noise):
    text = " ".join(pieces) + noise
    result = claims_of(text)
    for span in result.spans:
        assert text[span.start:span.end] == span.text
        for key in ("value", "low", "high"):
            assert span.attrs[key] is None or math.isfinite(span.attrs[key])
    for value in result.features.values():
        assert value is None or math.isfinite(value)
