"""Loaded terms: words a standards editor would flag, and whose voice they are in.

Measures weighted hits of the `loaded_terms` lexicon (lexicons/loaded_terms.tsv) per
1,000 words, overall, by voice and by category:

- `violent_actor_label`  terrorist, militant, jihadist, insurgent, gunman, fighter …
- `delegitimising`       regime, junta, puppet, "Kyiv regime", occupier, propaganda …
- `geopolitical_epithet` "Anglo-Saxon bloc", "collective West", globalists, hegemon …
- `distancing`           so-called, self-proclaimed, purported, and scare quotes
- `emotive`              deplorable, slaughter, massacre, brutal, atrocity, carnage …
- `partisan_label`       leftist, far-right, woke, "illegal alien" …

Each hit counts its row `weight` (1 unless the row says less): "fighters" is a label,
but the most neutral one for armed members of a group (AP, Reuters and BBC use it),
so it counts 0.25 against 0.5 for "militants" and 1 for "terrorists"; the spans show
every choice. Rows of category `neutral_sense` ("fighter jet", "sanctions regime",
"counter-terrorism") block the loaded reading and are never counted, and a label right
after a model designation ("MiG-29 fighters", "F-16 fighters") names aircraft.

Scare quotes: a balanced quotation of 1–3 words, not all capitalised (that is a name or
a title: "Frozen II", "Earth Day"), that no attribution claims (no speaker), is the
author's distancing device: category `distancing`, voice "author". Lexicon terms inside
it are mentioned, not used, and are not counted again; a scare quote right after a
distancing term ("self-proclaiming its 'caliphate'") is the same device and weighs 0.

Voice comes from `attribution.voice_at`: "author" (the outlet's own words), "quoted"
or "attributed". The BBC rule ("terrorist" only in attributed speech) is measurable
as `loaded.violent_actor_label_author_per_1k_words`.

Higher ⇒ more loaded language (rates); higher `loaded.author_voice_share` ⇒ the loaded
words are the outlet's own rather than its sources'.

Sources: curated from the bias lexicon of Recasens, Danescu-Niculescu-Mizil & Jurafsky
(2013), "Linguistic Models for Analyzing and Detecting Biased Language", ACL (via
NELAFeatures, MIT); BBC Editorial Guidelines, "Language when reporting terrorism";
AP Stylebook. Provenance per row is in the `note` column.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..extraction import Extraction, FeatureSpec, rate, share
from ..types import Span
from .attribution import attributions, voice_at

NAME = "loaded_terms"
LEXICON = "loaded_terms"
#: Counted categories (the lexicon's `neutral_sense` rows only block matches).
CATEGORIES = ("violent_actor_label", "delegitimising", "geopolitical_epithet",
              "distancing", "emotive", "partisan_label")
NEUTRAL = "neutral_sense"
SCARE_QUOTE_MAX_WORDS = 3
#: A token such as MiG-29, F-16, Su-35, J-20: letters and digits, so a model designation.
_MODEL_DESIGNATION = re.compile(r"(?=[^\d]*\d)(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+")

_PER = "weighted hits per 1,000 words"
FEATURES: dict[str, FeatureSpec] = {
    "loaded.terms_per_1k_words": FeatureSpec(
        "Loaded terms (all voices), each weighted by its lexicon weight.",
        "more loaded language in the article", _PER),
    "loaded.author_terms_per_1k_words": FeatureSpec(
        "Loaded terms in the author's own voice (not quoted, not attributed).",
        "the outlet itself uses more loaded language", _PER),
    "loaded.quoted_terms_per_1k_words": FeatureSpec(
        "Loaded terms inside direct quotations.", "more loaded language from quoted sources", _PER),
    "loaded.attributed_terms_per_1k_words": FeatureSpec(
        "Loaded terms in reported (indirect) speech of a source.",
        "more loaded language relayed from sources", _PER),
    **{f"loaded.{c}_per_1k_words": FeatureSpec(
        f"Loaded terms of category {c} (all voices).", f"more {c.replace('_', ' ')} terms", _PER)
       for c in CATEGORIES},
    **{f"loaded.{c}_author_per_1k_words": FeatureSpec(
        f"Loaded terms of category {c} in the author's own voice.",
        f"the outlet itself uses more {c.replace('_', ' ')} terms", _PER)
       for c in CATEGORIES},
    "loaded.author_voice_share": FeatureSpec(
        "Weighted share of loaded terms in the author's own voice; None without hits.",
        "the loaded words are the outlet's own rather than its sources'", "share 0–1"),
}


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    category: str
    weight: float
    term: str          # lexicon term, or "scare quote"
    voice: str
    speaker: str | None


def find_hits(doc, resources, *, with_voice: bool = True) -> list[Hit]:
    """Lexicon hits and scare quotes, in text order (memoised on the document)."""
    if not with_voice:
        return _find(doc, resources, with_voice=False)
    return doc.derive("loaded_terms.hits", lambda: _find(doc, resources, with_voice=True))


def _find(doc, resources, with_voice: bool) -> list[Hit]:
    toks = doc.tokens
    scare = _scare_quotes(doc, resources) if with_voice else []
    scare_starts = [q.start for q in scare]
    hits = []
    for m in resources.matcher(LEXICON).find(doc):
        entry = m.entry
        if entry.category == NEUTRAL:
            continue
        if (entry.category == "violent_actor_label" and m.first_token > 0
                and toks[m.first_token - 1].sentence == toks[m.first_token].sentence
                and _MODEL_DESIGNATION.fullmatch(toks[m.first_token - 1].text)):
            continue
        i = bisect.bisect_right(scare_starts, m.start) - 1
        if i >= 0 and m.end <= scare[i].end:
            continue
        weight = 1.0 if entry.weight is None else entry.weight
        voice = voice_at(doc, resources, m.start, m.end) if with_voice else None
        hits.append(Hit(m.start, m.end, entry.category, weight, entry.term,
                        voice.voice if voice else "author", voice.speaker if voice else None))
    hits.extend(Hit(q.start, q.end, "distancing", _scare_weight(doc, q, hits), "scare quote",
                    "author", None) for q in scare)
    hits.sort(key=lambda h: h.start)
    return hits


def _scare_weight(doc, quote, hits: list[Hit]) -> float:
    """0 when a distancing term stands at most two words before the quote
    ("self-proclaiming its 'caliphate'", "so-called 'liberators'"): one device, counted once."""
    sentence = doc.sentence_at(quote.start)
    for h in hits:
        if h.category == "distancing" and h.end <= quote.start and sentence is not None \
                and h.start >= sentence.start:
            between = doc.text[h.end:quote.start].split()
            if len(between) <= 2:
                return 0.0
    return 1.0


def _scare_quotes(doc, resources) -> list:
    """Balanced top-level quotations of 1–3 words that no attribution claims."""
    quotes = [q for q in doc.quotes if q.depth == 0 and q.balanced]
    if not quotes:
        return []
    claimed = [(a.content.start, a.content.end) for a in attributions(doc, resources)
               if a.content is not None]
    starts = [t.start for t in doc.tokens]
    found = []
    for q in quotes:
        lo = bisect.bisect_left(starts, q.inner_start)
        hi = bisect.bisect_left(starts, q.inner_end)
        words = [t.text for t in doc.tokens[lo:hi] if t.is_word]
        if not 1 <= len(words) <= SCARE_QUOTE_MAX_WORDS:
            continue
        if all(w[0].isupper() or w[0].isdigit() for w in words):
            continue  # a name or title ("Frozen II", "Squad", "Earth Day"), not distancing
        if any(s < q.end and q.start < e for s, e in claimed):
            continue
        voice = voice_at(doc, resources, q.inner_start, q.inner_end)
        if voice.speaker is not None or voice.attribution_id is not None:
            continue
        found.append(q)
    return found


def extract(doc, resources) -> Extraction:
    hits = find_hits(doc, resources)
    words = doc.word_count
    totals: dict[str, float] = {}
    for h in hits:
        for key in ("all", h.voice, h.category, f"{h.category}:{h.voice}"):
            totals[key] = totals.get(key, 0.0) + h.weight

    def per_1k(key: str) -> float | None:
        return rate(totals.get(key, 0.0), words, 1000)

    features = {
        "loaded.terms_per_1k_words": per_1k("all"),
        "loaded.author_terms_per_1k_words": per_1k("author"),
        "loaded.quoted_terms_per_1k_words": per_1k("quoted"),
        "loaded.attributed_terms_per_1k_words": per_1k("attributed"),
    }
    for c in CATEGORIES:
        features[f"loaded.{c}_per_1k_words"] = per_1k(c)
        features[f"loaded.{c}_author_per_1k_words"] = per_1k(f"{c}:author")
    features["loaded.author_voice_share"] = share(totals.get("author", 0.0), totals.get("all", 0.0))
    reasons = {}
    if words == 0:
        reasons = {name: "the article has no words" for name in FEATURES}
    elif not hits:
        reasons["loaded.author_voice_share"] = "no loaded terms found"
    spans = [doc.span(h.start, h.end, "loaded_term", category=h.category, voice=h.voice,
                      speaker=h.speaker, term=h.term, weight=h.weight) for h in hits]
    return Extraction(features, spans, reasons=reasons)
