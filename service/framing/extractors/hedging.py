"""Hedging and boosting: how firmly the text commits to what it reports.

A *hedge* withholds full commitment ("may", "likely", "reportedly", "believed to",
"appeared to show", "an estimated"); a *booster* stresses certainty ("clearly",
"inevitably", "there is no doubt"). Each match is attributed to a voice with
`attribution.voice_at`: the writer's own ("author"), a quotation ("quoted") or an
indirect report ("attributed"), since a hedge in a minister's quote says little
about the outlet while "will inevitably" in the outlet's own voice says a lot. A
hedge that is the cue of an attribution ("reportedly", "believed to be") is the
writer's choice and counts as the author's.

Higher hedge rate ⇒ more tentative reporting; higher booster rate ⇒ more assertive.
`hedging.certainty_balance_ratio` runs from −1 (only hedges) to +1 (only boosters).
Every rate is per 100 words of the whole article (boilerplate excluded), so the
author, quoted and attributed rates add up to the overall rate.

Lexicon: `lexicons/hedges.tsv` (`[lists.hedges]`), starting from the hedges of
Recasens, Danescu-Niculescu-Mizil & Jurafsky (2013), after Hyland (2005)
*Metadiscourse*, curated for news; rows in category `exclude` ("could not",
"rather than", the preposition "about") are matched so that the longer,
non-hedging reading wins, and are never counted.
"""
from __future__ import annotations

from ..document import tokenize
from ..extraction import Extraction, FeatureSpec, finite_or_none, rate
from ..matching import token_forms
from .attribution import Voice, attributions, voice_at

NAME = "hedging"
LEXICON = "hedges"
PER = 100

FEATURES: dict[str, FeatureSpec] = {
    "hedging.hedges_per_100_words": FeatureSpec(
        "Hedges (may, likely, reportedly, believed to, …) in any voice per 100 words.",
        "more tentative reporting", "per 100 words"),
    "hedging.boosters_per_100_words": FeatureSpec(
        "Boosters (clearly, inevitably, no doubt, …) in any voice per 100 words.",
        "more assertive reporting", "per 100 words"),
    "hedging.author_hedges_per_100_words": FeatureSpec(
        "Hedges in the writer's own voice (outside quotes and reported speech) per 100 words "
        "of the article.", "the outlet itself signals more uncertainty", "per 100 words"),
    "hedging.author_boosters_per_100_words": FeatureSpec(
        "Boosters in the writer's own voice per 100 words of the article.",
        "the outlet itself asserts more certainty", "per 100 words"),
    "hedging.quoted_hedges_per_100_words": FeatureSpec(
        "Hedges inside direct quotations per 100 words of the article.",
        "more uncertainty voiced by quoted sources", "per 100 words"),
    "hedging.certainty_balance_ratio": FeatureSpec(
        "(boosters − hedges) / (boosters + hedges), all voices; None when there is neither.",
        "more certainty than doubt (−1 only hedges, +1 only boosters)", "ratio"),
}


def find(doc, resources):
    """(category, Match, Voice) for every counted hedge/booster, in text order.

    A hedge that is itself the cue of an attribution ("were *reportedly* killed",
    "*believed to be*", "are *estimated to have*") is the writer's own way of
    distancing the claim, so it is counted in the author's voice even though
    `voice_at` places the words inside the attributed content.
    """
    found = []
    by_id = None
    for match in matches(doc, resources):
        if match.category not in ("hedge", "booster"):
            continue
        voice = voice_at(doc, resources, match.start, match.end)
        if voice.voice == "attributed" and voice.attribution_id is not None:
            if by_id is None:
                by_id = {a.id: a for a in attributions(doc, resources)}
            cue = getattr(by_id.get(voice.attribution_id), "cue", None)
            if cue is not None and cue.start < match.end and match.start < cue.end:
                voice = Voice("author", None, voice.attribution_id)
        found.append((match.category, match, voice))
    return found


def matches(doc, resources):
    """The lexicon matches of `doc`, the same as `matcher.find(doc)` but ~5x faster.

    Only short token windows that open with a single-word term or with the first two
    words of a longer term are handed to the matcher: every match starts at such a
    token and is no longer than its window, and outside the windows the matcher's
    greedy left-to-right scan has nothing to find.
    """
    singles, pairs, openers = _index(resources.lexicons[LEXICON])
    matcher, tokens = resources.matcher(LEXICON), doc.tokens
    found, start, end, last = [], 0, 0, len(tokens) - 1
    # Only tokens that open a term or hold a hyphen can have a window: take them from the
    # document's form index (shared with the matcher) instead of testing every token.
    by_lower, special = token_forms(doc)
    candidates = set(special)
    for form in openers & by_lower.keys():
        candidates.update(by_lower[form])
    for i in sorted(candidates):
        tok = tokens[i]
        form = tok.lower
        length = 1 if form in singles else 0
        if i < last and (form, tokens[i + 1].lower) in pairs:
            length = max(length, pairs[form, tokens[i + 1].lower])
        if not length and "-" in form and any(p in singles for p in form.split("-")):
            length = 1
        if not length:
            continue
        if i >= end:
            if end > start:
                found.extend(matcher.find(doc, tokens[start:end]))
            start = i
        end = max(end, i + length)
    if end > start:
        found.extend(matcher.find(doc, tokens[start:end]))
    return found


#: id(lexicon) -> (lexicon, single-word terms, {(first, second word): longest length},
#: every word that can open a term)
_INDEX: dict = {}


def _index(lexicon):
    cached = _INDEX.get(id(lexicon))
    if cached is None or cached[0] is not lexicon:
        singles, pairs = set(), {}
        for entry in lexicon.entries:
            words = [t.lower for t in tokenize(entry.term)]
            if len(words) == 1:
                singles.add(words[0])
            elif words:
                pairs[words[0], words[1]] = max(len(words), pairs.get((words[0], words[1]), 0))
        singles = frozenset(singles)
        cached = _INDEX[id(lexicon)] = (lexicon, singles, pairs, singles | {a for a, _ in pairs})
    return cached[1], cached[2], cached[3]


def extract(doc, resources) -> Extraction:
    words = doc.word_count
    found = find(doc, resources) if words else []
    counts = {(c, v): 0 for c in ("hedge", "booster") for v in ("all", "author", "quoted")}
    spans = []
    for category, match, voice in found:
        counts[category, "all"] += 1
        if voice.voice in ("author", "quoted"):
            counts[category, voice.voice] += 1
        spans.append(doc.span(match.start, match.end, category, category=category,
                              term=match.entry.term, voice=voice.voice, speaker=voice.speaker,
                              attribution_id=voice.attribution_id))
    hedges, boosters = counts["hedge", "all"], counts["booster", "all"]
    features = {
        "hedging.hedges_per_100_words": rate(hedges, words, PER),
        "hedging.boosters_per_100_words": rate(boosters, words, PER),
        "hedging.author_hedges_per_100_words": rate(counts["hedge", "author"], words, PER),
        "hedging.author_boosters_per_100_words": rate(counts["booster", "author"], words, PER),
        "hedging.quoted_hedges_per_100_words": rate(counts["hedge", "quoted"], words, PER),
        "hedging.certainty_balance_ratio": finite_or_none(
            (boosters - hedges) / (boosters + hedges)) if hedges + boosters else None,
    }
    reasons = {}
    if not words:
        reasons = {name: "the text has no words outside boilerplate" for name in FEATURES}
    elif features["hedging.certainty_balance_ratio"] is None:
        reasons["hedging.certainty_balance_ratio"] = "no hedge and no booster in the text"
    return Extraction(features, spans, None, reasons)
