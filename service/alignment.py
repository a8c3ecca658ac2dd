"""Cross-article alignment: which phrases name the same actor, which articles tell the same story.

Two small, explainable methods shared by `compare` and its evaluation:

* `align_phrases(phrases)` clusters surface phrases ("Kim Jong Un", "Mr. Kim", "the North
  Korean leader", "Pyongyang") into concepts: the actor alias lexicon first (ISIS = IS =
  Daesh = Islamic State), then shared proper names (a name contained in another name),
  demonyms ("North Korean" → "North Korea") and, for a common noun phrase, the named
  cluster whose phrases use the same title or head noun ("the president" → "President Trump").
* `story_similarity(term_counts, idf)` is the cosine of sublinear TF-IDF vectors over
  content words with proper names counted twice (same-story candidates share names).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable, Sequence

_NAME_RE = re.compile(r"[A-Z][\w’'.-]*")
_TITLES = frozenset(
    "mr mrs ms dr president sen senator rep gov governor secretary minister prime leader "
    "general gen maj col lt spokesman spokeswoman chairman director chief king queen prince "
    "pope judge justice ambassador commander the a an his her their its".split())
_DEMONYM_SUFFIXES = (("ese", ""), ("ian", "ia"), ("ean", "ea"), ("an", "a"), ("i", ""), ("ish", ""))


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def name_tokens(phrase: str, generic: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Capitalised tokens of a phrase, lower-cased, without titles and articles."""
    out = []
    for tok in _NAME_RE.findall(phrase):
        low = tok.lower().rstrip(".").replace("’s", "").replace("'s", "")
        if low and low not in _TITLES and low not in generic:
            out.append(low)
    return tuple(out)


def _demonym_stems(tokens: Iterable[str]) -> set[str]:
    stems = set()
    for tok in tokens:
        for suffix, replacement in _DEMONYM_SUFFIXES:
            if tok.endswith(suffix) and len(tok) > len(suffix) + 2:
                stems.add(tok[: -len(suffix)] + replacement)
    return stems


def align_phrases(phrases: Sequence[str], actor_of=None) -> list[int]:
    """Cluster ids (one per phrase) grouping phrases that name the same concept.

    `actor_of(phrase)` may return a canonical actor id from the alias lexicon (or None);
    phrases with the same id are merged first.
    """
    n = len(phrases)
    uf = _UnionFind(n)
    by_actor: dict[str, int] = {}
    by_exact: dict[str, int] = {}
    names = [name_tokens(p) for p in phrases]
    for i, phrase in enumerate(phrases):
        key = phrase.lower().strip()
        if key in by_exact:
            uf.union(i, by_exact[key])
        by_exact.setdefault(key, i)
        actor = actor_of(phrase) if actor_of else None
        if actor:
            if actor in by_actor:
                uf.union(i, by_actor[actor])
            by_actor.setdefault(actor, i)
    _merge_names(names, uf)
    _merge_common_nouns(phrases, names, uf)
    roots: dict[int, int] = {}
    return [roots.setdefault(uf.find(i), len(roots)) for i in range(n)]


def _merge_names(names: list[tuple[str, ...]], uf: _UnionFind) -> None:
    """Merge phrases whose names contain one another ("Kim" ⊂ "Kim Jong Un")."""
    full: dict[tuple[str, ...], int] = {}
    for i, toks in enumerate(names):
        if toks:
            full.setdefault(toks, i)
    seqs = sorted(full, key=len)
    token_index: dict[str, list[tuple[str, ...]]] = {}
    for seq in seqs:
        for tok in set(seq) | _demonym_stems(seq):
            token_index.setdefault(tok, []).append(seq)
    for seq in seqs:
        stems = set(seq) | _demonym_stems(seq)
        candidates = set.intersection(*(set(token_index.get(t, ())) for t in seq)) if seq else set()
        for other in candidates:
            if other != seq and set(seq) <= set(other):
                uf.union(full[seq], full[other])
        # demonym: "North Korean" ~ "North Korea"
        for other in token_index.get(next(iter(stems - set(seq)), ""), ()):
            if set(other) <= stems and other != seq:
                uf.union(full[seq], full[other])
    for i, toks in enumerate(names):
        if toks:
            uf.union(i, full[toks])


def _merge_common_nouns(phrases: Sequence[str], names: list[tuple[str, ...]], uf: _UnionFind) -> None:
    """A phrase without names joins the largest named cluster that uses its head noun."""
    head_votes: dict[str, Counter] = {}
    for i, phrase in enumerate(phrases):
        if not names[i]:
            continue
        for word in re.findall(r"[a-z]+", phrase.lower()):
            head_votes.setdefault(word, Counter())[uf.find(i)] += 1
    for i, phrase in enumerate(phrases):
        if names[i]:
            continue
        words = re.findall(r"[a-z]+", phrase.lower())
        if not words:
            continue
        votes = head_votes.get(words[-1])
        if votes:
            uf.union(i, votes.most_common(1)[0][0])


def tfidf_vector(counts: dict[str, int], idf: dict[str, float], default_idf: float,
                 sublinear: bool = True) -> dict[str, float]:
    """l2-normalised TF-IDF; tf is 1 + ln(count) when `sublinear`, the raw count otherwise."""
    vec = {t: ((1.0 + math.log(c)) if sublinear else c) * idf.get(t, default_idf)
           for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def fit_idf(documents: Sequence[dict[str, int]]) -> tuple[dict[str, float], float]:
    """Smoothed IDF over a set of term-count dicts, and the IDF of an unseen term."""
    n = len(documents)
    df = Counter(t for doc in documents for t in doc)
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
    return idf, math.log(1 + n) + 1.0


def story_terms(text: str, stopwords: frozenset[str]) -> dict[str, int]:
    """Content words (≥ 3 letters, not function words) with capitalised names counted twice."""
    counts: Counter = Counter()
    for match in re.finditer(r"[^\W\d_]{3,}", text):
        word = match.group()
        low = word.lower()
        if low in stopwords:
            continue
        sentence_start = match.start() < 2 or text[match.start() - 2] in ".!?\n"
        counts[low] += 2 if word[0].isupper() and not sentence_start else 1
    return dict(counts)


def actor_lookup(resources):
    """phrase -> canonical actor id from the actors alias lexicon, or None (last alias wins:
    in "the Syrian Democratic Forces (SDF)" both name the same actor anyway)."""
    from .framing.document import parse

    matcher = resources.matcher("actors")

    def actor_of(phrase: str) -> str | None:
        hits = matcher.find(parse(phrase))
        return hits[-1].entry.category if hits else None
    return actor_of
