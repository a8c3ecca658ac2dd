"""Match lexicon terms against a Document's tokens.

Matching works on whole tokens (so "fighter" never matches inside "firefighter"),
handles multi-word terms ("Anglo-Saxon bloc", "according to"), folds case unless a
row is flagged `case` ("IS" the group vs "is" the verb) and, for lists in
`inflect` mode, accepts the inflected forms of a term's last word
("terrorist" → "terrorists", "slaughter" → "slaughtered", "slaughtering").
A hyphenated token is also tried part by part ("US-backed" contains "US"),
unless the term itself is hyphenated. Possessives are stripped ("ISIS’s").
Matches are the longest at each position and never overlap.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .document import Document, tokenize
from .lexicons import Entry, Lexicon
from .types import Token

_POSSESSIVE = ("'s", "’s")


@dataclass(frozen=True, slots=True)
class Match:
    start: int          # character offsets into the original text
    end: int
    first_token: int    # token indices, end exclusive
    last_token: int
    entry: Entry

    @property
    def category(self) -> str:
        return self.entry.category


def inflections(word: str) -> set[str]:
    """Regular plural and verb forms of an English word (over-generation is harmless:
    a non-word form never occurs in text)."""
    w = word
    forms = {w}
    if len(w) < 3 or not w.isalpha():
        return forms | {w + "s"}
    vowels = "aeiou"
    if w.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(w + "es")
    elif w.endswith("y") and w[-2] not in vowels:
        forms.update({w[:-1] + "ies", w[:-1] + "ied"})
    else:
        forms.add(w + "s")
    if w.endswith("e"):
        forms.update({w + "d", w[:-1] + "ing"})
    else:
        forms.update({w + "ed", w + "ing"})
        if w[-1] not in vowels + "wxy" and w[-2] in vowels and w[-3] not in vowels:
            forms.update({w + w[-1] + "ed", w + w[-1] + "ing"})  # slam → slammed
    return forms


def _strip_possessive(form: str) -> str:
    for suffix in _POSSESSIVE:
        if form.endswith(suffix) and len(form) > len(suffix):
            return form[: -len(suffix)]
    return form


def token_forms(doc: Document) -> tuple[dict[str, list[int]], list[int]]:
    """Per document (memoised): token positions by lower-cased form, and the positions of
    tokens holding a hyphen or ending in a possessive (candidates for every matcher)."""
    def compute():
        by_lower: dict[str, list[int]] = {}
        for i, t in enumerate(doc.tokens):
            found = by_lower.get(t.lower)
            if found is None:
                by_lower[t.lower] = [i]
            else:
                found.append(i)
        special = [i for form, where in by_lower.items()
                   if "-" in form or form.endswith(_POSSESSIVE) for i in where]
        return by_lower, special
    return doc.derive("phrase_token_forms", compute)


class PhraseMatcher:
    """Compiled index over one or more lexicons. Build once, reuse for every document."""

    def __init__(self, lexicons: Iterable[Lexicon]):
        self._folded: dict[str, list[tuple[tuple[frozenset[str], ...], Entry]]] = {}
        self._cased: dict[str, list[tuple[tuple[frozenset[str], ...], Entry]]] = {}
        for lexicon in lexicons:
            if lexicon.match == "regex":
                raise ValueError(f"lexicon {lexicon.name!r} holds regular expressions, not terms")
            for entry in lexicon.entries:
                self._add(entry, inflect=lexicon.match == "inflect" and "noinflect" not in entry.flags)
        for index in (self._folded, self._cased):
            for candidates in index.values():
                candidates.sort(key=lambda c: -len(c[0]))
        self._cased_lower = frozenset(k.lower() for k in self._cased)

    def _add(self, entry: Entry, inflect: bool) -> None:
        cased = "case" in entry.flags
        parts = [t.text if cased else t.lower for t in tokenize(entry.term)]
        if not parts:
            return
        slots = [frozenset({p}) for p in parts]
        if inflect:
            slots[-1] = frozenset(inflections(parts[-1]))
        index = self._cased if cased else self._folded
        for first in slots[0]:
            index.setdefault(first, []).append((tuple(slots), entry))

    def find(self, doc: Document, tokens: list[Token] | None = None) -> list[Match]:
        """All non-overlapping longest matches; token indices refer to `tokens` (default: `doc.tokens`).

        Over the whole document the result is memoised on it (one lexicon may be matched by
        several extractors, e.g. loaded terms and actor labels): treat it as read-only.
        """
        if tokens is None:
            return doc.derive(("phrase_matches", self),
                              lambda: self._find(doc.tokens, self._doc_candidates(doc)))
        return self._find(tokens)

    def _doc_candidates(self, doc: Document) -> list[int]:
        """The candidates `_find` would pick over all of `doc.tokens`, from the document's
        distinct forms (shared by every matcher) intersected with this index."""
        by_lower, special = token_forms(doc)
        toks = doc.tokens
        picked = set(special)
        for form in self._folded.keys() & by_lower.keys():
            picked.update(by_lower[form])
        if self._cased:
            for form in self._cased_lower & by_lower.keys():
                picked.update(i for i in by_lower[form] if toks[i].text in self._cased)
        return sorted(picked)

    def _find(self, toks: list[Token], candidates: list[int] | None = None) -> list[Match]:
        folded, cased = self._folded, self._cased
        if candidates is None:
            # One cheap pass picks the few tokens that can start a term or hold a hyphen part.
            candidates = [i for i, t in enumerate(toks)
                          if t.lower in folded or t.text in cased or "-" in t.text
                          or t.lower.endswith(_POSSESSIVE)]
        matches: list[Match] = []
        free = 0  # first token not covered by an earlier match
        for i in candidates:
            if i < free:
                continue
            found = self._longest_at(toks, i)
            if found is not None:
                length, entry = found
                matches.append(Match(toks[i].start, toks[i + length - 1].end, i, i + length, entry))
                free = i + length
                continue
            matches.extend(self._hyphen_parts(toks[i], i))
        return matches

    def _longest_at(self, toks: list[Token], i: int):
        tok = toks[i]
        low, folded, cased = tok.lower, self._folded, self._cased
        if low not in folded and tok.text not in cased and not low.endswith(_POSSESSIVE):
            return None  # fast path: most tokens start no term (3x faster find)
        best = None
        for text_form, index, is_cased in ((low, folded, False), (tok.text, cased, True)):
            if not index:
                continue
            stripped = _strip_possessive(text_form)
            for form in ((text_form,) if stripped == text_form else {text_form, stripped}):
                for slots, entry in index.get(form, ()):
                    n = len(slots)
                    if best is not None and n <= best[0]:
                        break
                    if n == 1 or self._matches_from(toks, i, slots, is_cased):
                        best = (n, entry)
                        break
        return best

    @staticmethod
    def _matches_from(toks: list[Token], i: int, slots, cased: bool) -> bool:
        if i + len(slots) > len(toks):
            return False
        sentence = toks[i].sentence
        for k in range(1, len(slots)):
            tok = toks[i + k]
            if tok.sentence != sentence:
                return False
            form = tok.text if cased else tok.lower
            slot = slots[k]
            # `_strip_possessive(form) not in slot`, inlined (both suffixes are 2 characters)
            if form not in slot and (len(form) <= 2 or form[-2:] not in _POSSESSIVE
                                     or form[:-2] not in slot):
                return False
        return True

    def _hyphen_parts(self, tok: Token, i: int) -> list[Match]:
        if "-" not in tok.text or not tok.is_word:
            return []
        out, offset = [], tok.start
        for part in tok.text.split("-"):
            if part:
                for form, index in ((part.lower(), self._folded), (part, self._cased)):
                    hit = next((e for slots, e in index.get(form, ()) if len(slots) == 1
                                and "-" not in e.term), None)
                    if hit is not None:
                        out.append(Match(offset, offset + len(part), i, i + 1, hit))
                        break
            offset += len(part) + 1
        return out
