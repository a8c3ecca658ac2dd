"""Bad input through `analyze`: every case gives a defined result or a clear ValueError.

A defined result: every feature is None or a finite float, every None has a reason in
`meta.null_reasons`, the language is reported, and every span points at its text.
"""
from __future__ import annotations

import math

import pytest

from service.framing.analyze import MAX_TEXT_CHARS, analyze


def scrubbed(text: str) -> str:
    """`analyze` replaces lone surrogates (which cannot be encoded) one-for-one with U+FFFD,
    so offsets still index the caller's text but span texts carry the replacement."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def check_defined(text: str, result) -> dict:
    out = result.to_dict()
    text = scrubbed(text)
    for name, value in out["features"].items():
        assert value is None or (isinstance(value, float) and math.isfinite(value)), name
        if value is None:
            assert out["meta"]["null_reasons"].get(name), f"{name} is None without a reason"
    assert out["meta"]["language"]
    for span in out["spans"] + out["meta"]["boilerplate"]:
        assert text[span["start"]:span["end"]] == span["text"]
    return out


CASES = [
    ("empty", "", "und"),
    ("whitespace only", " \n\t\r\n  \u00a0 ", "und"),
    ("one word", "Terrorists", "und"),
    ("punctuation only", "!!! ??? ... “” «» ---", "und"),
    ("control characters",
     "The\x00 attack\x07 on the\x1b prison was \x0c repelled by the forces, officials said.", "en"),
    ("lone surrogate", "The attack \ud800 on the prison was repelled by the forces, they said.", "en"),
    ("French", "Les forces kurdes ont déclaré avoir déjoué l'attaque contre la prison de Hassaké.",
     "und-Latn"),
    ("Russian", "Курдские силы заявили, что отразили нападение на тюрьму в Хасаке.", "und-Cyrl"),
    ("Arabic", "قالت القوات الكردية إنها أحبطت الهجوم على السجن في الحسكة.", "und-Arab"),
    ("HTML pasted as text",
     "<html><head><style>p {color: red}</style></head><body><p>The <b>terrorists</b> attacked "
     "the prison, officials said.</p><script>var x = \"a\";</script></body></html>", None),  # tags swamp the words: any flag
    ("only numbers", "2022 01 24 3,500 70", "und"),
    ("emoji", "💥💥💥 🔥 the prison 🔥 was attacked by them 💥", "en"),
    # cut into 1,500-character pieces by the sentence cap: many "words", none English
    ("a million-character word", "a" * 1_000_000, "und-Latn"),
    ("2 MB of one word", "x" * MAX_TEXT_CHARS, "und-Latn"),
]


@pytest.mark.parametrize("name, text, language", CASES, ids=[c[0] for c in CASES])
def test_defined_result(analyze_text, name, text, language):
    out = check_defined(text, analyze_text(text))
    if language is not None:
        assert out["meta"]["language"] == language
    if out["meta"]["language"] != "en":
        assert all(v is None for v in out["features"].values())


def test_lone_surrogate_keeps_offsets(analyze_text):
    text = "The attack \ud800 on the prison was repelled. The forces said so, officials said."
    out = analyze_text(text)
    assert out.to_dict()["meta"]["word_count"] > 5
    for span in out.spans:
        assert span["end"] <= len(text)
        assert scrubbed(text)[span["start"]:span["end"]] == span["text"]


@pytest.mark.parametrize("text, message", [
    ("a" * (MAX_TEXT_CHARS + 1), "limit is 2,000,000"),
    (b"bytes are not text", "must be a string"),
    (None, "must be a string"),
    (12, "must be a string"),
])
def test_value_errors(analyze_text, text, message):
    with pytest.raises(ValueError, match=message):
        analyze_text(text)


@pytest.mark.slow
def test_two_megabytes_of_english(analyze_text, seeds):
    article = seeds["004"] + "\n"
    text = (article * (MAX_TEXT_CHARS // len(article)))[:MAX_TEXT_CHARS]
    out = check_defined(text, analyze_text(text))
    assert out["meta"]["language"] == "en"
