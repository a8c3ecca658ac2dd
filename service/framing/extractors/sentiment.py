"""Sentence sentiment: VADER compound per measured sentence, summarised over the article.

What it measures: the valence of the article's wording, sentence by sentence, with
VADER (Hutto & Gilbert 2014, ICWSM-14; vaderSentiment 3.3.2, MIT). The compound of a
whole article saturates with length, so it is never computed; features are the mean,
spread and shares of the per-sentence compounds.

Direction: for `*_compound_mean` higher ⇒ more positive wording; for
`negative_sentence_share` higher ⇒ more sentences with negative wording (compound
≤ −0.05, VADER's own threshold); `extremity_mean` higher ⇒ more emotive wording
either way. News about violence scores negative whatever its slant: compare
articles about the same event, not across events.

Speed: `polarity_scores` re-lowercases the whole sentence for every sentiment word,
so it is quadratic in sentence length (~4.5 ms for a 5 KB article).
`fast_polarity_scores` gives the same dict (tested for equality on thousands of
real sentences): it lower-cases once, skips words outside VADER's lexicon (they
always score 0) and calls VADER's own rule methods on a window of at most six words
around each sentiment word, which is all those rules ever read.
"""
from __future__ import annotations

import math
import string
from functools import lru_cache

from vaderSentiment.vaderSentiment import (BOOSTER_DICT, C_INCR, N_SCALAR, NEGATE, SPECIAL_CASES,
                                           normalize, scalar_inc_dec)

from ..extraction import Extraction, FeatureSpec, finite_or_none, share

NAME = "sentiment"

#: VADER's conventional thresholds for a positive / negative compound.
THRESHOLD = 0.05

FEATURES: dict[str, FeatureSpec] = {
    "sentiment.sentence_compound_mean": FeatureSpec(
        "Mean VADER compound over measured sentences.", "more positive wording", "compound [-1, 1]"),
    "sentiment.sentence_compound_sd": FeatureSpec(
        "Standard deviation of the sentence compounds (population).",
        "more mixed wording across sentences", "compound"),
    "sentiment.negative_sentence_share": FeatureSpec(
        "Share of measured sentences with compound ≤ −0.05.", "more negatively worded sentences",
        "share [0, 1]"),
    "sentiment.positive_sentence_share": FeatureSpec(
        "Share of measured sentences with compound ≥ 0.05.", "more positively worded sentences",
        "share [0, 1]"),
    "sentiment.extremity_mean": FeatureSpec(
        "Mean absolute sentence compound.", "more emotive wording, either way", "compound [0, 1]"),
    "sentiment.author_sentence_compound_mean": FeatureSpec(
        "Mean compound of sentences mostly outside quotation marks (the article's own wording).",
        "more positive wording in the author's voice", "compound [-1, 1]"),
    "sentiment.quoted_sentence_compound_mean": FeatureSpec(
        "Mean compound of sentences mostly inside quotation marks.",
        "more positive wording in quotations", "compound [-1, 1]"),
    "sentiment.actor_count": FeatureSpec(
        "Distinct actors mentioned (alias lexicon plus capitalised names), see details.actors.",
        "more actors named", "actors"),
}


@lru_cache(maxsize=8)
def _emoji_chars(analyzer) -> frozenset[str]:
    return frozenset(k for k in analyzer.emojis if len(k) == 1)


_NEGATE = frozenset(NEGATE)
#: Words of VADER's idioms and multi-word boosters: the idiom rule can only fire near one.
_IDIOM_WORDS = frozenset(w for phrase in list(SPECIAL_CASES) + [b for b in BOOSTER_DICT if " " in b]
                         for w in phrase.split())
_SO_THIS = ("so", "this")
_PUNCTUATION = string.punctuation  # what SentiText strips from word ends


def _negated(lower_word: str) -> bool:
    """vaderSentiment.negated([word]) for an already lower-cased word."""
    return lower_word in _NEGATE or "n't" in lower_word


def _special_idioms(valence: float, w: list[str]) -> float:
    """`SentimentIntensityAnalyzer._special_idioms_check(valence, w, 3)` for an already
    lower-cased window `w` (the sentiment word at w[3]): the same n-grams, in the same order."""
    onezero = f"{w[2]} {w[3]}"
    twoonezero = f"{w[1]} {w[2]} {w[3]}"
    twoone = f"{w[1]} {w[2]}"
    threetwoone = f"{w[0]} {w[1]} {w[2]}"
    threetwo = f"{w[0]} {w[1]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in SPECIAL_CASES:
            valence = SPECIAL_CASES[seq]
            break
    if len(w) > 4:
        zeroone = f"{w[3]} {w[4]}"
        if zeroone in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroone]
    if len(w) > 5:
        zeroonetwo = f"{w[3]} {w[4]} {w[5]}"
        if zeroonetwo in SPECIAL_CASES:
            valence = SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in BOOSTER_DICT:
            valence = valence + BOOSTER_DICT[n_gram]
    return valence


def _valence(analyzer, words, lower, i, cap_diff) -> float:
    """VADER's `sentiment_valence` for the lexicon word at `i`, reading `lower` once.

    Each step mirrors the library method of the same purpose, in the same order;
    `tests/test_sentiment.py` checks the result equals the library's on real text.
    """
    lexicon = analyzer.lexicon
    low = lower[i]
    n = len(words)
    valence = lexicon[low]
    if low == "no" and i != n - 1 and lower[i + 1] in lexicon:
        valence = 0.0
    if ((i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no")
            or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ("or", "nor"))):
        valence = lexicon[low] * N_SCALAR
    if cap_diff and words[i].isupper():
        valence = valence + C_INCR if valence > 0 else valence - C_INCR
    for start_i in range(3):
        j = i - (start_i + 1)
        if i <= start_i or lower[j] in lexicon:
            continue
        s = scalar_inc_dec(words[j], valence, cap_diff) if lower[j] in BOOSTER_DICT else 0.0
        if start_i == 1 and s != 0:
            s = s * 0.95
        if start_i == 2 and s != 0:
            s = s * 0.9
        valence = valence + s
        if start_i == 0:
            if _negated(lower[i - 1]):
                valence = valence * N_SCALAR
        elif start_i == 1:
            if lower[i - 2] == "never" and lower[i - 1] in _SO_THIS:
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif _negated(lower[i - 2]):
                valence = valence * N_SCALAR
        else:
            if (lower[i - 3] == "never" and lower[i - 2] in _SO_THIS) or lower[i - 1] in _SO_THIS:
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                pass
            elif _negated(lower[i - 3]):
                valence = valence * N_SCALAR
            window = lower[i - 3 : i + 3]
            if not _IDIOM_WORDS.isdisjoint(window):
                valence = _special_idioms(valence, window)
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _word_sentiments(analyzer, text: str) -> list[float]:
    """The per-word valences `polarity_scores` computes for `text` (already stripped, no
    emoji), after its "but" rule: words outside the lexicon, boosters and "kind of"
    score 0, the others VADER's `sentiment_valence` (via `_valence`)."""
    # SentiText(text).words_and_emoticons and .is_cap_diff, inlined (same rules)
    words = [w if len(s := w.strip(_PUNCTUATION)) <= 2 else s for w in text.split()]
    lower = [w.lower() for w in words]
    n = len(words)
    upper = sum(1 for w in words if w.isupper())
    cap_diff = 0 < n - upper < n
    lexicon = analyzer.lexicon
    sentiments: list[float] = [0] * n
    for i in [i for i, low in enumerate(lower) if low in lexicon]:
        low = lower[i]
        if low in BOOSTER_DICT or (low == "kind" and i < n - 1 and lower[i + 1] == "of"):
            continue  # boosters and "kind of" score 0
        sentiments[i] = _valence(analyzer, words, lower, i, cap_diff)
    if "but" in lower:
        sentiments = analyzer._but_check(words, sentiments)
    return sentiments


def fast_polarity_scores(analyzer, text: str) -> dict[str, float]:
    """`analyzer.polarity_scores(text)`, the same dict, in linear time.

    Falls back to the library for text containing an emoji (its emoji rewrite
    changes the words), which news text rarely does.
    """
    if not _emoji_chars(analyzer).isdisjoint(text):
        return analyzer.polarity_scores(text)
    text = text.strip()
    return analyzer.score_valence(_word_sentiments(analyzer, text), text)


def fast_compound(analyzer, text: str) -> float:
    """`fast_polarity_scores(analyzer, text)["compound"]` without the neg/neu/pos shares:
    the same steps as VADER's `score_valence` for the compound."""
    if not _emoji_chars(analyzer).isdisjoint(text):
        return analyzer.polarity_scores(text)["compound"]
    text = text.strip()
    sentiments = _word_sentiments(analyzer, text)
    if not sentiments:
        return 0.0
    sum_s = float(sum(sentiments))
    emphasis = analyzer._punctuation_emphasis(text)
    if sum_s > 0:
        sum_s += emphasis
    elif sum_s < 0:
        sum_s -= emphasis
    return round(normalize(sum_s), 4)


def sentence_compounds(doc, resources) -> list[float | None]:
    """Compound per sentence index (None for boilerplate), memoised on the document."""
    def compute():
        analyzer = resources.vader
        return [None if s.boilerplate else fast_compound(analyzer, s.text)
                for s in doc.sentences]
    return doc.derive("sentence_compound", compute)


def quoted_share(doc, sentence) -> float:
    """Share of a sentence's characters inside outer quotation marks."""
    inside = 0
    for q in doc.quotes:
        if q.depth or q.inner_end <= sentence.start:
            continue
        if q.inner_start >= sentence.end:
            break
        inside += min(q.inner_end, sentence.end) - max(q.inner_start, sentence.start)
    return inside / max(1, sentence.end - sentence.start)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def extract(doc, resources) -> Extraction:
    from .. import actors as _actors  # actors reads sentence_compounds from here

    compounds = sentence_compounds(doc, resources)
    scored, author, quoted, spans = [], [], [], []
    for sentence, compound in zip(doc.sentences, compounds):
        if compound is None or sentence.first_token == sentence.last_token:
            continue
        scored.append(compound)
        voice = "quoted" if quoted_share(doc, sentence) >= 0.5 else "author"
        (quoted if voice == "quoted" else author).append(compound)
        if abs(compound) >= THRESHOLD:
            spans.append(doc.span(sentence.start, sentence.end, "sentiment.sentence",
                                  compound=compound, voice=voice))
    found = _actors.actor_mentions(doc, resources)
    reasons: dict[str, str] = {}
    n = len(scored)
    mean = _mean(scored)
    sd = None
    if n >= 2:
        sd = math.sqrt(sum((c - mean) ** 2 for c in scored) / n)
    else:
        reasons["sentiment.sentence_compound_sd"] = "fewer than two measured sentences"
    features = {
        "sentiment.sentence_compound_mean": finite_or_none(mean),
        "sentiment.sentence_compound_sd": finite_or_none(sd),
        "sentiment.negative_sentence_share": share(sum(c <= -THRESHOLD for c in scored), n),
        "sentiment.positive_sentence_share": share(sum(c >= THRESHOLD for c in scored), n),
        "sentiment.extremity_mean": finite_or_none(_mean([abs(c) for c in scored])),
        "sentiment.author_sentence_compound_mean": finite_or_none(_mean(author)),
        "sentiment.quoted_sentence_compound_mean": finite_or_none(_mean(quoted)),
        "sentiment.actor_count": float(sum(a.kind != "unresolved" for a in found)),
    }
    if not n:
        for name in FEATURES:
            if name != "sentiment.actor_count":
                reasons[name] = "no measured sentence"
    if n and not author:
        reasons["sentiment.author_sentence_compound_mean"] = "every sentence is mostly quotation"
    if n and not quoted:
        reasons["sentiment.quoted_sentence_compound_mean"] = "no sentence is mostly quotation"
    details = {"actors": [a.to_dict() for a in found],
               "sentence_compounds": [{"index": s.index, "compound": c}
                                      for s, c in zip(doc.sentences, compounds) if c is not None]}
    return Extraction(features, spans, details, reasons)
