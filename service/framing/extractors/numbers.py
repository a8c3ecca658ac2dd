"""Numeric claims: the figures an article states, what they count and who vouches for them.

A claim is a figure with its counted noun ("about 200 casualties", "some 11,000 to
12,000 ISIS fighters", "dozens of fighters"). For each we give the value (a range
gives `low`/`high`; a vague plural such as "dozens" gives `low` = 24 and no
`high`), the qualifier (`approx` for about/around/some/nearly and vague plurals,
`lower_bound` for at least/more than/over/exceeds, `upper_bound` for up to/fewer
than, else `exact`), the counted noun phrase (`unit`), the category and the
attribution of its sentence.

Category: an outcome noun counted directly decides it ("70 dead", "40 airstrikes").
For people ("soldiers", "prisoners", "members") the verb of the same clause decides:
first the words after the counted noun up to the clause end ("8 soldiers were
killed"), else the words before the figure ("the SDF killed at least 28 ISIS
militants", "the surrender of 250 more ISIS members"); a running total with no verb
of its own inherits the category of the figure before it in the sentence ("bringing
their total number to 550 members"). When several verbs follow in one clause,
`category` is the first and `categories` lists all ("87 prisoners managed to escape
… but have since been recaptured" → escaped, with detained_recaptured). With no
verb, role nouns give a default (prisoners → prisoners_held, fighters →
fighters_strength); anything else is `other`. Words are data: `lexicons/quantities.tsv`
and `lexicons/number_words.tsv`.

Not claims: dates and years (2019), clock times, durations ("six months"), ordinals
("4th corps"), model names ("MiG-29", "T-4"), figures with no counted noun
("Exahustion 2"), "one" before anything but a counted noun from the list, and
anything in boilerplate.

Higher claims_per_1k_words ⇒ a more figure-dense account; higher
unattributed_claim_share ⇒ more figures stated on the author's own authority;
higher approximate_claim_share ⇒ vaguer figures. Compare with care: wire copy
cites figures densely by design.
"""
from __future__ import annotations

import re
import threading

from ..document import tokenize
from ..extraction import Extraction, FeatureSpec, rate, share
from ..matching import Match, inflections, token_forms
from .attribution import attributions, voice_at

NAME = "numbers"
FEATURES: dict[str, FeatureSpec] = {
    "numbers.claims_per_1k_words": FeatureSpec(
        "Numeric claims (figure + counted noun) per 1,000 words", "more figure-dense reporting",
        "claims per 1k words"),
    "numbers.unattributed_claim_share": FeatureSpec(
        "Share of numeric claims whose sentence cites no source (None without claims)",
        "more figures stated on the author's own authority", "share"),
    "numbers.approximate_claim_share": FeatureSpec(
        "Share of numeric claims that are approximate (about, some, nearly, dozens…)",
        "vaguer figures", "share"),
    "numbers.casualty_claims_per_1k_words": FeatureSpec(
        "Claims counting killed, dead/casualties or wounded per 1,000 words",
        "more emphasis on casualty figures", "claims per 1k words"),
}

CASUALTY = frozenset({"killed", "dead_casualties", "wounded"})
QUALIFIERS = frozenset({"approx", "lower_bound", "upper_bound"})
NUMBER_WORDS = frozenset({"cardinal", "cardinal_weak", "vague"})
_CLAUSE_PUNCT = frozenset(",;:()[]—–\"“”")
_WINDOW = 15  # tokens searched for the governing verb on either side
_BARE_WINDOW = 4  # a figure with no counted noun must follow its cue this closely
#: Categories that say what happened to the people counted; only these are added as
#: further categories after the first ("escaped … since recaptured").
FATES = frozenset({"killed", "dead_casualties", "wounded", "escaped", "surrendered",
                   "detained_recaptured", "displaced_refugees", "hostages"})
_DIGITS_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_YEAR_RE = re.compile(r"1[89]\d\d|20\d\d|2100")

_tables: dict[str, "_Tables"] = {}
_tables_lock = threading.Lock()


class _Tables:
    """Matchers and look-ups built once per lexicon set (keyed by its digest)."""

    def __init__(self, resources):
        self.numbers = _SparseMatcher(resources, "number_words")
        self.quantities = _SparseMatcher(resources, "quantities")
        self.function_words = resources.terms("function_words")
        entries = resources.lexicons["number_words"].entries
        self.cardinals = {e.term.lower(): e.weight for e in entries if e.category == "cardinal"
                          and " " not in e.term}
        #: lower-cased words that can start a figure; a sentence without a digit or one of
        #: these is skipped before any matching.
        self.starters = frozenset(e.term.lower().split()[0] for e in entries
                                  if e.category in NUMBER_WORDS | {"multiplier"})
        self.scan = frozenset(e.term.lower().split()[-1] for e in entries
                              if e.category in NUMBER_WORDS | {"multiplier"})


class _SparseMatcher:
    """A lexicon matcher that only looks where a term could start.

    Most tokens start no term: a set look-up (single words, and the first two words of
    longer terms) skips them, and the shared matcher runs only on a one-token slice, or
    on a slice as long as the longest term where two words agree. The result equals
    running the matcher over the sentence (longest match, left to right, no overlaps).
    """

    def __init__(self, resources, name: str):
        self.matcher = resources.matcher(name)
        lexicon = resources.lexicons[name]
        singles: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        self.longest = 1
        for entry in lexicon.entries:
            parts = [t.lower for t in tokenize(entry.term)]
            self.longest = max(self.longest, len(parts))
            inflect = lexicon.match == "inflect" and "noinflect" not in entry.flags
            last = inflections(parts[-1]) if inflect else {parts[-1]}
            if len(parts) == 1:
                singles.update(last)
            else:
                pairs.update((parts[0], second) for second in (last if len(parts) == 2 else {parts[1]}))
        self.singles, self.pairs = frozenset(singles), frozenset(pairs)
        self.hyphen_parts = lexicon.match == "inflect"
        #: exact-mode one-word terms need no matcher: a dict gives the entry directly
        self.folded: dict = {}
        self.cased: dict = {}
        if lexicon.match == "exact":
            for entry in lexicon.entries:
                if len(tokenize(entry.term)) == 1:
                    if "case" in entry.flags:
                        self.cased.setdefault(entry.term, entry)
                    else:
                        self.folded.setdefault(entry.term.lower(), entry)

    def find(self, doc, toks) -> list[Match]:
        out: list[Match] = []
        singles, pairs, covered, n = self.singles, self.pairs, 0, len(toks)
        for i, tok in enumerate(toks):
            if i < covered:
                continue
            form = tok.lower
            if i + 1 < n and (form, toks[i + 1].lower) in pairs:
                length = self.longest
            elif form in singles or form[:-2] in singles or (self.hyphen_parts and "-" in form):
                entry = self.cased.get(tok.text) or self.folded.get(form)
                if entry is not None:
                    out.append(Match(tok.start, tok.end, i, i + 1, entry))
                    continue
                length = 1
            else:
                continue
            for m in self.matcher.find(doc, toks[i:i + length]):
                if m.first_token == 0:  # a term, or parts of a hyphenated word ("US-backed")
                    out.append(Match(m.start, m.end, i, i + m.last_token, m.entry))
                    covered = max(covered, i + m.last_token)
        return out


def _tables_for(resources) -> _Tables:
    found = _tables.get(resources.digest)
    if found is None:
        with _tables_lock:
            found = _tables.setdefault(resources.digest, _Tables(resources))
    return found


def extract(doc, resources) -> Extraction:
    tables = _tables_for(resources)
    claims = []
    scan, toks = tables.scan, doc.tokens
    # Only sentences with a digit or a number word are read further; the test is the same
    # for every token of one lower-cased form (digits have no case), so it is made once
    # per distinct form of the document's shared form index.
    by_lower, _ = token_forms(doc)
    sentence_ids = {toks[i].sentence for form, where in by_lower.items()
                    if form in scan or form[0].isdigit()
                    or ("-" in form and form.partition("-")[0] in scan)
                    for i in where}
    candidates = sorted(sentence_ids)
    for index in candidates:
        sentence = doc.sentences[index]
        toks = doc.tokens[sentence.first_token:sentence.last_token]
        claims.extend(_Sentence(doc, tables, sentence, toks).claims())
    _attribute(doc, resources, claims)
    spans = [doc.span(c.pop("start"), c.pop("end"), "number.claim", **c) for c in claims]
    details = [{"start": s.start, "end": s.end, "text": s.text, **s.attrs} for s in spans]
    words = doc.word_count
    n = len(spans)
    features = {
        "numbers.claims_per_1k_words": rate(n, words, 1000),
        "numbers.unattributed_claim_share":
            share(sum(s.attrs["source_type"] == "unattributed" for s in spans), n),
        "numbers.approximate_claim_share": share(sum(s.attrs["qualifier"] == "approx" for s in spans), n),
        "numbers.casualty_claims_per_1k_words":
            rate(sum(s.attrs["category"] in CASUALTY for s in spans), words, 1000),
    }
    reasons = {}
    if not words:
        reasons = {k: "the text has no measured words" for k in FEATURES}
    elif not n:
        reasons = {k: "the text states no numeric claims" for k in
                   ("numbers.unattributed_claim_share", "numbers.approximate_claim_share")}
    return Extraction(features, spans, details, reasons)


def _attribute(doc, resources, claims) -> None:
    """Attach the attribution of each claim's sentence (or `unattributed`)."""
    by_id = {}
    by_sentence: dict[int, list] = {}
    for a in attributions(doc, resources):
        by_id[a.id] = a
        by_sentence.setdefault(a.sentence, []).append(a)
    for c in claims:
        voice = voice_at(doc, resources, c["start"], c["end"])
        found = by_id.get(voice.attribution_id) if voice.attribution_id is not None else None
        if found is None:
            candidates = by_sentence.get(c["sentence"], [])
            inside = [a for a in candidates if a.content is not None
                      and a.content.start <= c["start"] and c["end"] <= a.content.end]
            found = (inside or candidates or [None])[0]
        c["voice"] = voice.voice
        c["attributed_to"] = (found.source.text if found is not None and found.source is not None
                              else voice.speaker)
        c["source_type"] = found.source_type if found is not None else "unattributed"
        c["attribution_id"] = found.id if found is not None else None


class _Sentence:
    """The claims of one sentence, read off its tokens and the two lexicon matches."""

    def __init__(self, doc, tables: _Tables, sentence, toks):
        self.doc, self.t, self.sentence, self.toks = doc, tables, sentence, toks
        self.num_at = {m.first_token: m for m in tables.numbers.find(doc, toks)}
        self.num_end = {m.last_token: m for m in self.num_at.values()}
        self.q_at: dict | None = None  # quantities matches, looked up once a figure is found
        self.q_last: dict = {}
        self.found: list[tuple[int, int, dict]] = []  # (first token, end token, claim)

    def _cat(self, i: int, table=None) -> str | None:
        m = (table or self.num_at).get(i)
        return m.category if m is not None else None

    def number_at(self, i: int):
        """(value, end token, kind) for a number starting at token i, else None."""
        toks, n = self.toks, len(self.toks)
        if i >= n:
            return None
        tok = toks[i]
        if tok.text[0].isdigit():
            nxt = toks[i + 1] if i + 1 < n else None
            if nxt is not None and nxt.start == tok.end and nxt.text[0].isalnum():
                return None  # 4th, 10km, 5pm
            if not _DIGITS_RE.fullmatch(tok.text):
                return None  # 2022-01-24, 10:30, 24-hour
            value, j, kind = float(tok.text.replace(",", "")), i + 1, "digits"
        else:
            m = self.num_at.get(i)
            if m is not None and m.category in NUMBER_WORDS:
                value, j, kind = m.entry.weight, m.last_token, m.category
            elif "-" in tok.lower and all(p in self.t.cardinals for p in tok.lower.split("-")):
                value, j, kind = sum(self.t.cardinals[p] for p in tok.lower.split("-")), i + 1, "cardinal"
            else:
                return None
        while self._cat(j) == "multiplier" and kind != "vague":
            value *= self.num_at[j].entry.weight
            j = self.num_at[j].last_token
            kind = "cardinal" if kind == "cardinal_weak" else kind
        return value, j, kind

    def claims(self) -> list[dict]:
        out = []
        i, n = 0, len(self.toks)
        starters = self.t.starters
        while i < n:
            tok = self.toks[i]
            number = self.number_at(i) if (tok.text[0].isdigit() or tok.lower in starters
                                           or "-" in tok.lower) else None
            if number is None:
                i += 1
                continue
            claim, i = self.claim_at(i, *number)
            if claim is not None:
                out.append(claim)
        return out

    def claim_at(self, i: int, value: float, j: int, kind: str):
        toks, n, text = self.toks, len(self.toks), self.doc.text
        if self.q_at is None:
            self.q_at = {}
            for m in self.t.quantities.find(self.doc, toks):
                self.q_at.setdefault(m.first_token, m)
                self.q_last.setdefault(m.last_token - 1, m)
        low = high = value
        high_set = False
        first, qualifier = i, "exact"
        # a range: "11,000 to 12,000", "between 20 and 30"
        opened = self._cat(i, self.num_end) == "range_open"
        joiner = "range" if not opened else None
        if j < n and (self._cat(j) == joiner or (opened and toks[j].lower == "and")):
            second = self.number_at(self.num_at[j].last_token if joiner else j + 1)
            if second is not None and second[2] != "vague":
                high, j, high_set = second[0], second[1], True
                if opened:
                    first = self.num_end[i].first_token
        # the nearest qualifier wins ("risen up to about 200" is approximate)
        q = self.num_end.get(first)
        if q is not None and q.category in QUALIFIERS:
            qualifier, first = q.category, q.first_token
        elif q is not None and q.category == "lower_bound_verb":  # "exceeds 45 thousand people"
            qualifier = "lower_bound"
        # dates, clock times, anaphora
        before = i - 1 if i > 0 and toks[i - 1].text != "." else i - 2
        if self._cat(before) in ("month", "anaphoric") or self._cat(j) in ("month", "time_marker"):
            return None, j
        # the counted noun: skip "more"/"other", then "of their", then up to four words
        k = j
        while self._cat(k) == "post_modifier":
            k = self.num_at[k].last_token
        if k < n and toks[k].lower == "of":
            k += 1
            while k < n and toks[k].lower in self.t.function_words:
                k += 1
        unit_first, head = k, None
        while k < n and k - unit_first < 4:
            tok = toks[k]
            if (not tok.is_word or tok.text[0].isdigit() or self._cat(k) in ("month", "clause_break")
                    or (tok.lower in self.t.function_words and not tok.text.isupper())):  # "39 IS fighters"
                break
            head = self.q_at.get(k)
            if head is not None:
                k = head.last_token
                break
            k += 1
        unit_end = k
        if any(self._cat(x) == "time_unit" for x in range(unit_first, unit_end)):
            return None, j  # a duration: "six months", "in 6 days"
        if (kind == "digits" and _YEAR_RE.fullmatch(toks[i].text) and head is None):
            return None, j  # a year: "2019 defeat", "in 2020"
        if kind == "cardinal_weak" and head is None:
            return None, j  # "one of the largest", "only one building"
        # what it counts
        categories = None
        if head is not None and head.entry.weight == 1 and head.category != "person":
            categories = [head.category]
        elif head is None and unit_end > unit_first:
            categories = ["other"]
        else:
            if unit_end == unit_first:  # no counted noun: only right beside its cue
                categories = (self.forward(j, window=_BARE_WINDOW)  # "45 were wounded"
                              or self.backward(first, window=_BARE_WINDOW))  # "the toll rose to 200"
                if not categories or (first > 0 and toks[first - 1].text in "([") :
                    return None, j
            else:
                categories = self.forward(unit_end) or self.backward(first)
            if not categories:
                categories = ["other" if head.category == "person" else head.category]
        if kind == "vague":
            low, high = value, None
            if qualifier == "exact":
                qualifier = "approx"
        if qualifier == "approx" and kind != "vague" and not high_set:
            low = high = None
        elif qualifier == "lower_bound":
            high = None
        elif qualifier == "upper_bound":
            low = None
        end = toks[max(unit_end, j) - 1].end
        claim = {
            "start": toks[first].start, "end": end,
            "value": None if kind == "vague" or high_set else value,
            "low": low, "high": high, "qualifier": qualifier,
            "category": categories[0], "categories": categories,
            "unit": text[toks[unit_first].start:toks[unit_end - 1].end] if unit_end > unit_first else None,
            "sentence": self.sentence.index,
        }
        self.found.append((first, max(unit_end, j), claim))
        return claim, max(unit_end, j)

    def forward(self, k: int, window: int = _WINDOW) -> list[str]:
        """Verbs/outcome nouns after the counted noun, up to the end of its clause."""
        found: list[str] = []
        for idx in range(k, min(len(self.toks), k + window)):
            tok = self.toks[idx]
            if tok.text in _CLAUSE_PUNCT or self._cat(idx) == "clause_break":
                break
            if found and self.number_at(idx) is not None:
                break  # "8 soldiers were killed and 16 others were wounded"
            m = self.q_at.get(idx)
            if m is not None and m.entry.weight == 1 and m.category != "person" \
                    and m.category not in found and (not found or m.category in FATES):
                found.append(m.category)
        return found

    def backward(self, first: int, window: int = _WINDOW) -> list[str]:
        """The nearest verb/outcome noun before the figure, or the category of the figure
        before it in the same sentence (a running total)."""
        for idx in range(first - 1, max(-1, first - 1 - window), -1):
            if self.toks[idx].text == ";":
                break
            for f_first, f_end, claim in self.found:
                if f_first <= idx < f_end:
                    return [] if claim["category"] == "other" else [claim["category"]]
            m = self.q_last.get(idx)
            if m is not None and m.entry.weight == 1 and m.category != "person":
                return [m.category]
        return []
