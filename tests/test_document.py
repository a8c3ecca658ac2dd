"""Document parse: sentences, quote regions, boilerplate, offsets and linear time.

Golden tables of tricky inputs (pySBD style): each row is an input and what a
reader expects. A reported bug gets a row here.
"""
from __future__ import annotations

import gc
import time

import pytest

from service.framing.document import MAX_SENTENCE_CHARS, parse, tokenize


@pytest.fixture(scope="module")
def p(resources):
    def run(text: str):
        return parse(text, abbreviations=resources.abbreviations,
                     boilerplate_rules=resources.boilerplate_rules)
    return run


SENTENCES = [
    ("On Jan. 24 the SDF said so. It was over.",
     ["On Jan. 24 the SDF said so.", "It was over."]),
    ("The U.S. military said so. The U.S. Army agreed.",
     ["The U.S. military said so.", "The U.S. Army agreed."]),
    ("He lives in the U.S. He likes it.", ["He lives in the U.S.", "He likes it."]),
    ("Forces of the U.S.-led coalition are deployed. However, this was not enough.",
     ["Forces of the U.S.-led coalition are deployed.", "However, this was not enough."]),
    ("Maj. Gen. John W. Brennan, Jr., the commander of the OIR Combined Joint Task Force. He said so.",
     ["Maj. Gen. John W. Brennan, Jr., the commander of the OIR Combined Joint Task Force.",
      "He said so."]),
    ("“This operation is one of the largest that Da’esh (ISIS) executed,” Ali said. He left.",
     ["“This operation is one of the largest that Da’esh (ISIS) executed,” Ali said.", "He left."]),
    ("“The main reason (of the attack) is the negligence of the soldiers,” he explained. Then?",
     ["“The main reason (of the attack) is the negligence of the soldiers,” he explained.", "Then?"]),
    ("Attacks took place on Thursday night (20) and there are no indications. So far.",
     ["Attacks took place on Thursday night (20) and there are no indications.", "So far."]),
    ("He asked: \"Why?\" Nobody answered.", ["He asked: \"Why?\"", "Nobody answered."]),
    ("“Several prisoners managed to escape.” The NGO added that.",
     ["“Several prisoners managed to escape.”", "The NGO added that."]),
    ("Mr. Smith met Dr. Jones. They talked.", ["Mr. Smith met Dr. Jones.", "They talked."]),
    ("See No. 5 on the list. Done.", ["See No. 5 on the list.", "Done."]),
    ("It costs approx. 5 dollars. Cheap.", ["It costs approx. 5 dollars.", "Cheap."]),
    ("The rate was 3.5 per cent. It fell.", ["The rate was 3.5 per cent.", "It fell."]),
    ("Wait... What happened? Nobody knows!", ["Wait...", "What happened?", "Nobody knows!"]),
    ("No punctuation at all", ["No punctuation at all"]),
    ("Title line\n\nBody sentence one. Body two.", ["Title line", "Body sentence one.", "Body two."]),
    ("A paragraph without a stop\nNext paragraph.", ["A paragraph without a stop", "Next paragraph."]),
    ("It ended in 2019. 8 soldiers were killed.", ["It ended in 2019.", "8 soldiers were killed."]),
    ("", []),
    ("   \n\t  ", []),
]


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_sentences(p, text, expected):
    assert [s.text for s in p(text).sentences] == expected


QUOTES = [
    ('He said "we won" and left.', ["we won"]),
    ("He said “we won” and left.", ["we won"]),
    ("Il a dit «c'est fini» et il est parti.", ["c'est fini"]),
    ("Er sagte „Ja“ und ging.", ["Ja"]),
    ("\"He told me 'never again' and left,\" she said.",
     ["He told me 'never again' and left,", "never again"]),
    ("“He told me ‘never again’ and left,” she said.",
     ["He told me ‘never again’ and left,", "never again"]),
    # seed 001: curly open, straight close
    ("the militants burned blankets “in an attempt to create chaos,\" the SDF said.",
     ["in an attempt to create chaos,"]),
    # apostrophes are not quotes
    ("The group's soldiers' weapons were taken by Da’esh.", []),
    ("The SDF’s media commander and the Kurds’ administration.", []),
    ("In the '90s it was fine, in the ’80s too.", []),
    ("The soldiers' weapons and the fighters' 'safe corridor' demand.", ["safe corridor"]),
    ("He said 'no'.", ["no"]),
    # multi-paragraph quotation: a paragraph opening with a mark continues it
    ("“The first paragraph of a quote.\n\n“And the second one,” he said.",
     ["The first paragraph of a quote.\n\n“And the second one,"]),
    # unbalanced: cut at the opener's sentence
    ("He said “we will win. Then he left.", ["we will win."]),
    ("It was a “large-scale” attack. The SDF “thwarted” it.", ["large-scale", "thwarted"]),
    ("– ‘Resurgence of the Islamic State’ –", ["Resurgence of the Islamic State"]),
    ("No quotes here.", []),
]


@pytest.mark.parametrize("text, expected", QUOTES)
def test_quote_regions(p, text, expected):
    doc = p(text)
    inner = [text[q.inner_start:q.inner_end] for q in doc.quotes]
    assert inner == expected
    for q in doc.quotes:
        assert q.start <= q.inner_start <= q.inner_end <= q.end <= len(text)


def test_nested_quote_depth_and_quote_at(p):
    text = "“He told me ‘never again’ and left,” she said."
    doc = p(text)
    assert [q.depth for q in doc.quotes] == [0, 1]
    start = text.index("never")
    outer = doc.quote_at(start, start + 5)
    assert outer is not None and outer.depth == 0 and text[outer.inner_start] == "H"
    assert doc.quote_at(text.index("she")) is None


BOILERPLATE = [
    ("Source link", ["Source link"], []),
    ("By admin", ["By admin"], []),
    ("Leave a Reply", ["Leave a Reply"], []),
    ("skip to Main Content", ["skip to Main Content"], []),
    ("Back To Top", ["Back To Top"], []),
    ("Source: South Front", ["Source: South Front"], []),
    ("Image: AP", ["Image: AP"], []),
    (" date 2022-01-24 Fears over the resurgence rose.", ["date 2022-01-24"],
     ["Fears over the resurgence rose."]),
    ("Your email address will not be published.", ["Your email address will not be published."], []),
    ("CNN’s Oren Liebermann contributed to this report.",
     ["CNN’s Oren Liebermann contributed to this report."], []),
    # not boilerplate: the words appear inside real sentences
    ("The source link was broken, officials said.", [], ["The source link was broken, officials said."]),
    ("Back to top form, the team won.", [], ["Back to top form, the team won."]),
]


@pytest.mark.parametrize("text, boiler, measured", BOILERPLATE)
def test_boilerplate(p, text, boiler, measured):
    doc = p(text)
    assert [b.text for b in doc.boilerplate] == boiler
    assert [s.text for s in doc.measured_sentences] == measured
    for b in doc.boilerplate:
        assert text[b.start:b.end] == b.text and b.attrs["kind"]
    # tokens never come from boilerplate
    for tok in doc.tokens:
        assert not doc.sentences[tok.sentence].boilerplate


def test_seed_004_boilerplate_and_brennan(p, seeds):
    doc = p(seeds["004"])
    assert [b.text for b in doc.boilerplate][-4:] == [
        "Source link", "By admin", "Leave a Reply", "Your email address will not be published."]
    assert any(s.text.startswith("Maj. Gen. John W. Brennan, Jr., the commander")
               or "Maj. Gen. John W. Brennan, Jr., the commander" in s.text for s in doc.sentences)
    assert not any(s.text.endswith(("Maj.", "Gen.", "W.", "Jr.,")) for s in doc.sentences)


@pytest.mark.parametrize("key", ["000", "001", "002", "003", "004"])
def test_seed_offsets(p, seeds, key):
    text = seeds[key]
    doc = p(text)
    prev_end = 0
    for s in doc.sentences:
        assert text[s.start:s.end] == s.text and s.text == s.text.strip() and s.text
        assert s.start >= prev_end
        prev_end = s.end
        assert doc.sentence_at(s.start) is s
    for tok in doc.tokens:
        assert text[tok.start:tok.end] == tok.text
        s = doc.sentences[tok.sentence]
        assert s.start <= tok.start and tok.end <= s.end


TOKENS = [
    ("U.S.-led forces", ["U.S.-led", "forces"]),
    ("10,000 fighters, 3.5 per cent", ["10,000", "fighters", ",", "3.5", "per", "cent"]),
    ("Da’esh so-called group's", ["Da’esh", "so-called", "group's"]),
    ("ISIS’s “caliphate”", ["ISIS’s", "“", "caliphate", "”"]),
]


@pytest.mark.parametrize("text, expected", TOKENS)
def test_tokenize(text, expected):
    assert [t.text for t in tokenize(text)] == expected


def test_long_sentence_is_cut_and_flagged(p):
    doc = p("word " * 2000)
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in doc.sentences)
    assert all(s.forced for s in doc.sentences)


def test_non_str_is_a_value_error():
    with pytest.raises(ValueError, match="must be a str"):
        parse(b"bytes")  # type: ignore[arg-type]


# --- linear time: the parse of an input scaled x4 must not take more than ~10x as long ---

PATHOLOGICAL = {  # sizes at x4 in the comments
    "no sentence punctuation": lambda k: "word " * (20_000 * k),          # 400 KB
    "one long sentence": lambda k: "word, " * (4_000 * k) + ".",          # one ~100 KB sentence
    "straight quote marks": lambda k: '"' * (2_500 * k),                  # 10,000 marks
    "curly openers": lambda k: "“ " * (2_500 * k),                        # 10,000 unclosed
    "guillemets and singles": lambda k: "«a 'b „c " * (1_000 * k),
    "mixed marks and stops": lambda k: "\"a. 'b' «c» „d“ ‘e’ (f.) " * (250 * k),
    "a million-character word": lambda k: "a" * (250_000 * k),            # 1 M characters
    "newlines": lambda k: "\n" * (25_000 * k),                            # 100 k newlines
    "one-word paragraphs": lambda k: "a\n" * (5_000 * k),                 # 20 k paragraphs
    "run of periods": lambda k: "." * (10_000 * k),                        # 40 k periods
    "abbreviations": lambda k: "U.S. Jan. Maj. " * (1_000 * k),
    "spaces": lambda k: " " * (250_000 * k) + "x.",                        # 1 M spaces
}


def _cpu_time(fn, text: str) -> float:
    """Best of three CPU times (robust to other processes), garbage collector paused
    so that a collection landing in one run does not decide the ratio."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            start = time.process_time()
            fn(text)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return max(best, 1e-3)


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_parse_is_linear(p, name):
    make = PATHOLOGICAL[name]
    small, large = make(1), make(4)
    t1, t4 = _cpu_time(p, small), _cpu_time(p, large)
    assert t4 / t1 < 10, f"{name}: x4 input took {t4 / t1:.1f}x as long ({t1:.4f}s -> {t4:.4f}s)"
