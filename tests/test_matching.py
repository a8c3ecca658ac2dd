"""PhraseMatcher: whole tokens, case, inflections, multi-word, possessives, hyphen parts."""
from __future__ import annotations

import pytest

from service.framing.document import parse
from service.framing.lexicons import load_lexicons
from service.framing.matching import PhraseMatcher, inflections

MANIFEST = """\
[lists.{name}]
file = "{name}.tsv"
source = "test"
licence = "MIT"
version = "1"
match = "{match}"
categories = ["loaded", "group", "phrase"]
"""

TERMS = """\
term\tcategory\tflags
terrorist\tloaded\t
fighter\tloaded\t
slaughter\tloaded\t
militia\tloaded\t
IS\tgroup\tcase
ISIS\tgroup\t
US\tgroup\tcase
Islamic State\tgroup\t
Islamic State group\tgroup\t
according to\tphrase\tnoinflect
so-called\tloaded\t
regime\tloaded\tnoinflect
"""


@pytest.fixture(scope="module")
def matcher(tmp_path_factory):
    d = tmp_path_factory.mktemp("lex")
    (d / "lexicons.toml").write_text(MANIFEST.format(name="t", match="inflect"), encoding="utf-8")
    (d / "t.tsv").write_text(TERMS, encoding="utf-8")
    return PhraseMatcher([load_lexicons(d)["t"]])


def found(matcher, text):
    doc = parse(text)
    out = []
    for m in matcher.find(doc):
        assert text[m.start:m.end]
        out.append((text[m.start:m.end], m.entry.term))
    return out


CASES = [
    ("The TERRORIST attacked.", [("TERRORIST", "terrorist")]),
    ("Terrorists attacked.", [("Terrorists", "terrorist")]),
    ("They slaughtered them while slaughtering others.",
     [("slaughtered", "slaughter"), ("slaughtering", "slaughter")]),
    ("Militias and militia.", [("Militias", "militia"), ("militia", "militia")]),
    ("The regimes fell; the regime stood.", [("regime", "regime")]),
    ("IS attacked. The prison is full.", [("IS", "IS")]),
    ("Is this it? is it?", []),
    ("ISIS’s fighters and ISIS's leaders.",
     [("ISIS’s", "ISIS"), ("fighters", "fighter"), ("ISIS's", "ISIS")]),
    ("The firefighter and the firefighters came.", []),
    ("US-backed forces and the U.S. army.", [("US", "US")]),
    ("The so-called caliphate.", [("so-called", "so-called")]),
    ("The Islamic State group attacked.", [("Islamic State group", "Islamic State group")]),
    ("The Islamic State attacked.", [("Islamic State", "Islamic State")]),
    ("According to CNN, it happened.", [("According to", "according to")]),
    ("They acted according tos nothing.", []),
    # no match across a sentence boundary
    ("He was in the Islamic. State officials said so.", []),
    ("It ended. According to CNN.", [("According to", "according to")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_find(matcher, text, expected):
    assert found(matcher, text) == expected


def test_matches_are_ordered_and_disjoint(matcher):
    doc = parse("ISIS terrorists, the Islamic State group and US-backed fighters. " * 20)
    matches = matcher.find(doc)
    assert matches
    for a, b in zip(matches, matches[1:]):
        assert a.end <= b.start


def test_boilerplate_is_never_matched(matcher, resources):
    text = "Source: terrorist news\nThe terrorist fled."
    doc = parse(text, abbreviations=resources.abbreviations,
                boilerplate_rules=resources.boilerplate_rules)
    assert [text[m.start:m.end] for m in matcher.find(doc)] == ["terrorist"]
    assert matcher.find(doc)[0].start > text.index("\n")


@pytest.mark.parametrize("word, forms", [
    ("terrorist", {"terrorist", "terrorists", "terroristed", "terroristing"}),
    ("militia", {"militias"}),
    ("slaughter", {"slaughtered", "slaughtering", "slaughters"}),
    ("ally", {"allies", "allied"}),
    ("bomb", {"bombs", "bombed", "bombing"}),
    ("seize", {"seizes", "seized", "seizing"}),
    ("attack", {"attacks", "attacked", "attacking"}),
    ("slam", {"slammed", "slamming"}),
    ("box", {"boxes"}),
])
def test_inflections(word, forms):
    assert forms <= inflections(word)


def test_regex_lexicon_is_refused(tmp_path):
    (tmp_path / "lexicons.toml").write_text(MANIFEST.format(name="r", match="regex"), encoding="utf-8")
    (tmp_path / "r.tsv").write_text("term\tcategory\nsource link\tphrase\n", encoding="utf-8")
    with pytest.raises(ValueError, match="regular expressions"):
        PhraseMatcher([load_lexicons(tmp_path)["r"]])
