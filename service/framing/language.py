"""Is this English? The lexicons are English, so every other language gets `null` features.

Share of English function words among word tokens (`lexicons/function_words.tsv`);
running text in English has about 40–55 % function words, other Latin-script
languages under 10 %. Non-Latin scripts are named by their dominant script.
"""
from __future__ import annotations

import unicodedata

from .document import Document

MIN_WORDS = 3
ENGLISH_SHARE = 0.12
_SCRIPT_CODES = {"CYRILLIC": "und-Cyrl", "ARABIC": "und-Arab", "CJK": "und-Hani",
                 "HIRAGANA": "und-Jpan", "KATAKANA": "und-Jpan", "HANGUL": "und-Kore",
                 "HEBREW": "und-Hebr", "GREEK": "und-Grek", "DEVANAGARI": "und-Deva"}


def detect_language(doc: Document, resources) -> tuple[str, float | None]:
    """("en", share) for English; ("und", None) when there is too little text to tell;
    ("und-Latn" or a script code, share) otherwise."""
    words = [t for t in doc.tokens if t.is_word and not t.text.isdigit()]
    if len(words) < MIN_WORDS:
        return ("und", None)
    function_words = resources.terms("function_words")
    sample = words[:2000]
    english = sum(1 for t in sample if t.lower in function_words) / len(sample)
    latin = sum(1 for t in sample if t.text[0].isascii()) / len(sample)
    if latin < 0.5:
        return (_dominant_script(sample), round(english, 3))
    if english >= ENGLISH_SHARE or (len(words) < 12 and english > 0):
        return ("en", round(english, 3))
    return ("und-Latn", round(english, 3))


def _dominant_script(tokens) -> str:
    counts: dict[str, int] = {}
    for tok in tokens:
        name = unicodedata.name(tok.text[0], "")
        script = next((k for k in _SCRIPT_CODES if name.startswith(k)), "OTHER")
        counts[script] = counts.get(script, 0) + 1
    best = max(counts, key=counts.get)
    return _SCRIPT_CODES.get(best, "und")
