"""Attribution: who the article cites, how it names them, and with which verb.

An attribution ties a *cue* ("said", "according to", "reportedly") to a *source*
("John Kirby, the Pentagon spokesman", "a military official, who asked not to be
named", "a UN report") and, where it can be delimited, a *content* span (the
quotation, the clause after "said that", the clause before ", X said").
Patterns handled: `"…," X said` / `X said "…"` / `X said (that) …` /
`According to X, …` / `…, according to X` / `X told CNN that …` / `…, X added` /
`X said in a statement that …` / `"…," said X, an analyst` / `X, 21, a student, said …` /
`X called Y "…"` / `Reportedly, …` /
`… was reportedly killed` / `believed to be …` / pronoun sources ("he explained"),
resolved to the previous compatible source.

Source types: `named_person`, `named_organisation` (capitalised names, acronyms,
capitals standing for governments, "the coalition"), `anonymous` (a role with no
name: "a defense official", "US military officials", "the Pentagon spokesman"),
`vague` (no source or a bare generic plural: "reportedly", "it is believed",
"sources said", "analysts say"), `media_document` (news outlets and documents: "According
to CNN", "a UN report", "the document says"), `unknown` (a pronoun we could not
resolve). A statement goes by its speaker: "the SDF said in a statement" is the
SDF (named_organisation) with `channel="statement"`; only "a statement said" is a
media_document. Cue stance comes from the lexicon (neutral, claim, admission,
denial, confirmation, warning). Cues inside quotations (the speaker citing someone)
are not counted. Not attributions: passives ("were accused of"), infinitives ("wants to
defend"), possessives ("his proposed ban") and naming participles ("a group called X").

Features (shares are over attributions; None when the article has none):
  attributions_per_sentence — Higher ⇒ the article leans more on what others say.
  named_share / anonymous_share / vague_share / media_share — Higher ⇒ more of the
    sourcing is of that kind (anonymous + vague high ⇒ harder to verify).
  claim_stance_share — Higher ⇒ more non-neutral reporting verbs ("claimed",
    "denied", "admitted"): the writer characterises what sources say.
  direct_share — Higher ⇒ more sources are given in their own quoted words.
  quoted_text_share — characters inside quotation marks / characters of measured
    sentences. Higher ⇒ more of the text is others' words.
  attributed_sentences_share — sentences holding a cue or attributed content.
  unattributed_assertive_share — measured sentences that assert something in the
    writer's own voice: they end in "." or "!", have at least 5 words, contain a
    finite auxiliary or an "-ed"/"-s" verb-like word, carry no attribution (no cue,
    not inside attributed content) and are not mostly inside a quotation.
    Higher ⇒ more claims made on the outlet's own authority.

Lexicons: lexicons/attribution_{cues,markers,sources,syntax}.tsv (see lexicons.toml).
The report-verb inventory was cross-checked against Recasens et al. (ACL 2013);
evaluated against PolNeAR (Newell et al., LREC 2018) in service/evaluation/attribution_spans.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..extraction import Extraction, FeatureSpec, share
from ..types import QuoteRegion, Span

NAME = "attribution"

_SHARE_UNIT = "share of attributions (0–1)"
FEATURES: dict[str, FeatureSpec] = {
    "attribution.attributions_per_sentence": FeatureSpec(
        "Attributions (cue + source) per measured sentence.",
        "the article relies more on what others say", "attributions per sentence"),
    "attribution.attributed_sentences_share": FeatureSpec(
        "Share of measured sentences holding an attribution cue or attributed content.",
        "more of the article is presented as someone's account", "share of sentences (0–1)"),
    "attribution.named_share": FeatureSpec(
        "Share of attributions whose source is a named person or organisation.",
        "sourcing is more verifiable", _SHARE_UNIT),
    "attribution.anonymous_share": FeatureSpec(
        "Share of attributions to an unnamed but specific source (a defense official).",
        "more reliance on unnamed sources", _SHARE_UNIT),
    "attribution.vague_share": FeatureSpec(
        "Share of attributions with no source or a generic one (reportedly, sources said).",
        "claims rest more on unspecified sources", _SHARE_UNIT),
    "attribution.media_share": FeatureSpec(
        "Share of attributions to news outlets or documents (according to CNN, a UN report).",
        "more second-hand sourcing through media and documents", _SHARE_UNIT),
    "attribution.claim_stance_share": FeatureSpec(
        "Share of attributions whose cue is not neutral (claimed, denied, admitted, warned, confirmed).",
        "the writer characterises sources' statements more", _SHARE_UNIT),
    "attribution.direct_share": FeatureSpec(
        "Share of attributions whose content is a quotation.",
        "sources are given more in their own words", _SHARE_UNIT),
    "attribution.quoted_text_share": FeatureSpec(
        "Characters inside quotation marks / characters of measured sentences.",
        "more of the text is others' words", "share of characters (0–1)"),
    "attribution.unattributed_assertive_share": FeatureSpec(
        "Share of measured sentences that assert something in the writer's own voice "
        "(declarative, ≥5 words, no attribution, not a quotation).",
        "more claims rest on the outlet's own authority", "share of sentences (0–1)"),
}

SOURCE_TYPES = ("named_person", "named_organisation", "anonymous", "vague", "media_document", "unknown")
_NAMED = ("named_person", "named_organisation")
_NEGATION = frozenset({"not", "never", "n't"})
_MAX_SOURCE_WORDS = 14
_MAX_APPOSITIVES = 3  # "HEAD, 21, a junior from X, who …, said"
_PRONOUN_WINDOW = 4  # sentences back in which a pronoun may find its antecedent


@dataclass(slots=True)
class Attribution:
    id: int
    sentence: int
    cue: Span
    source: Span | None
    source_type: str        # named_person | named_organisation | anonymous | vague | media_document | unknown
    cue_stance: str         # neutral | claim | admission | denial | confirmation | warning
    direct: bool            # quotation marks around the content
    content: Span | None
    speaker: str | None = None    # the name/phrase the source reduces to ("John Kirby")
    channel: str | None = None    # "statement", "tweet" … when the cue says how it was said
    resolved_from: str | None = None  # the pronoun or definite noun resolved to `speaker`

    def to_dict(self) -> dict:
        def part(span):
            return None if span is None else {"start": span.start, "end": span.end, "text": span.text}
        return {"id": self.id, "sentence": self.sentence, "cue": part(self.cue),
                "source": part(self.source), "content": part(self.content),
                "source_type": self.source_type, "cue_stance": self.cue_stance,
                "direct": self.direct, "speaker": self.speaker, "channel": self.channel,
                "resolved_from": self.resolved_from}


@dataclass(frozen=True, slots=True)
class Voice:
    voice: str              # "author" | "quoted" | "attributed"
    speaker: str | None     # source text when known
    attribution_id: int | None


# --------------------------------------------------------------------------- word classes

@dataclass(slots=True)
class _Words:
    """Word classes from the lexicons, built once per loaded lexicon set."""

    sources: dict[str, frozenset[str]]
    syntax: dict[str, frozenset[str]]
    known: frozenset[str] = frozenset()


_WORDS: dict[int, tuple[object, _Words]] = {}


def _words(resources) -> _Words:
    key = id(resources.lexicons)
    hit = _WORDS.get(key)
    if hit is not None and hit[0] is resources.lexicons:
        return hit[1]
    src = resources.lexicons["attribution_sources"]
    syn = resources.lexicons["attribution_syntax"]
    words = _Words(
        sources={c: resources.terms("attribution_sources", c) for c in src.categories},
        syntax={c: resources.terms("attribution_syntax", c) for c in syn.categories},
    )
    words.known = frozenset().union(*(words.sources[c] for c in (
        "organisation", "person_title", "anonymous", "vague", "media", "media_name", "place")))
    _WORDS[key] = (resources.lexicons, words)
    return words


# --------------------------------------------------------------------------- public contract

def attributions(doc, resources) -> list[Attribution]:
    """All attributions of the document, in text order (computed once per document)."""
    return doc.derive("attribution", lambda: _find(doc, resources))


def voice_at(doc, resources, start: int, end: int) -> Voice:
    """Whose words [start, end) are: "quoted" (inside quotation marks; speaker from the
    attribution whose content covers the quotation), "attributed" (inside the content
    of an indirect attribution) or "author" (the writer's own)."""
    found = attributions(doc, resources)
    quote = doc.quote_at(start, end)
    best = None
    for a in found:
        c = a.content
        if c is None:
            continue
        if quote is not None:
            if c.start < quote.end and quote.start < c.end and (best is None or a.direct > best.direct):
                best = a
        elif c.start <= start and end <= c.end:
            if best is None or (c.end - c.start) < (best.content.end - best.content.start):
                best = a
    if quote is not None:
        return Voice("quoted", best.speaker if best else None, best.id if best else None)
    if best is not None:
        return Voice("attributed", best.speaker, best.id)
    return Voice("author", None, None)


# --------------------------------------------------------------------------- finding

class _Sentence:
    """Token view of one sentence, with quote information, for the pattern rules."""

    __slots__ = ("doc", "s", "a", "b", "toks", "in_quote", "marks")

    def __init__(self, doc, sentence, in_quote, marks):
        self.doc, self.s = doc, sentence
        self.a, self.b = sentence.first_token, sentence.last_token
        self.toks = doc.tokens
        self.in_quote = in_quote
        self.marks = marks


def _find(doc, resources) -> list[Attribution]:
    words = _words(resources)
    toks = doc.tokens
    mark_at = {}
    for q in doc.quotes:
        if q.depth == 0:
            mark_at[q.start] = q
            if q.balanced:
                mark_at[q.end - 1] = q
    in_quote = _in_quote(doc)
    by_sentence: dict[int, list] = {}
    for m in resources.matcher("attribution_cues", "attribution_markers").find(doc):
        kind = "marker" if m.entry.where.startswith("attribution_markers") else "verb"
        by_sentence.setdefault(toks[m.first_token].sentence, []).append((kind, m))
    found: list[Attribution] = []
    for s_index in sorted(by_sentence):
        sentence = doc.sentences[s_index]
        view = _Sentence(doc, sentence, in_quote, mark_at)
        channel_matches = [m for kind, m in by_sentence[s_index] if kind == "marker" and m.category == "channel"]
        for kind, m in sorted(by_sentence[s_index], key=lambda km: km[1].start):
            if in_quote[m.first_token]:
                continue
            if kind == "verb":
                att = None
                if found and found[-1].sentence == s_index:
                    att = _coordinated(view, m, words, channel_matches, found[-1])
                if att is None:
                    att = _verb_attribution(view, m, words, channel_matches)
            elif m.category == "according_to":
                att = _according_to(view, m, words)
            elif m.category == "channel":
                att = None
            else:
                att = _sourceless(view, m)
            if att is not None:
                att.id = len(found)
                found.append(att)
    _resolve(found, words)
    return found


def _in_quote(doc) -> list[bool]:
    """For each token: is it inside (the marks excluded) an outer quotation? One sweep."""
    outer = [q for q in doc.quotes if q.depth == 0]
    out, k, n = [], 0, len(outer)
    for t in doc.tokens:
        while k < n and outer[k].inner_end < t.end:
            k += 1
        out.append(k < n and outer[k].inner_start <= t.start)
    return out


def _new(view, cue_start, cue_end, stance, source, content, direct, src_toks, words, channel=None):
    doc = view.doc
    source_type, speaker = ("vague", None)
    if src_toks:
        source_type, speaker = _classify(doc, src_toks, words)
    return Attribution(
        id=-1, sentence=view.s.index, cue=doc.span(cue_start, cue_end, "attribution.cue"),
        source=doc.span(*source, "attribution.source") if source else None,
        source_type=source_type, cue_stance=stance, direct=direct,
        content=doc.span(*content, "attribution.content") if content else None,
        speaker=speaker, channel=channel)


def _is_comma(tok) -> bool:
    return tok.text == ","


def _quote_closing_before(view, i):
    """The quote region that closes at token i (a closing mark, or a comma after one)."""
    toks = view.toks
    if i >= view.a and _is_comma(toks[i]):
        i -= 1
    if i >= view.a:
        q = view.marks.get(toks[i].start)
        if q is not None and q.end == toks[i].end:
            return q
    return None


def _chunk_left(view, j, words, stop_at_boundary=True) -> int:
    """Start index of the phrase ending at token j (stops at commas, quotes, clause words)."""
    toks, boundary = view.toks, words.syntax["boundary"]
    k = j
    while k >= view.a:
        t = toks[k]
        if t.text in ",;:—–" or view.in_quote[k] or t.start in view.marks:
            break
        if stop_at_boundary and t.lower in boundary:
            break
        if t.lower == "and" and k + 1 <= j:  # "… and the coalition said": a new clause
            nxt = toks[k + 1]
            if nxt.lower in words.syntax["determiner"] or nxt.text[:1].isupper():
                break
        k -= 1
    return k + 1


def _np_ok(view, start, end, words) -> bool:
    """Is tokens[start:end] plausibly a source noun phrase?"""
    toks = view.toks[start:end]
    wtoks = [t for t in toks if t.is_word]
    if not wtoks or len(wtoks) > _MAX_SOURCE_WORDS:
        return False
    first = wtoks[0]
    if any(t.text.islower() and t.lower in words.syntax["finite"] for t in wtoks):
        return False
    head = wtoks[-1].lower
    known = words.known | words.sources["pronoun"]
    return (first.lower in words.syntax["determiner"] or any(t.text[:1].isupper() for t in wtoks)
            or head in known)


def _content_after(view, k, words, channel_matches):
    """Content after a cue ending at token k (exclusive): quote, "that" clause or rest.
    Returns (content (start, end) or None, direct, channel)."""
    toks, b = view.toks, view.b
    channel = None
    for cm in channel_matches:
        if cm.first_token in (k, k + 1, k + 2):
            channel = " ".join(w.lower for w in toks[cm.first_token:cm.last_token] if w.is_word).split()[-1]
            k = cm.last_token
            break
    # directly a quotation: said "…", said: "…", said, "…"
    i = k
    while i < b and toks[i].text in ",:":
        i += 1
    if i < b:
        q = view.marks.get(toks[i].start)
        if q is not None and q.start == toks[i].start:
            return (q.inner_start, q.inner_end), True, channel
    # a "that" clause within a short object / adjunct
    for i in range(k, min(b, k + 9)):
        t = toks[i]
        if t.lower == "that" and not view.in_quote[i]:
            return _to_sentence_end(view, i + 1), False, channel
        if t.text in ",;:" or t.start in view.marks:
            break
    return _to_sentence_end(view, k), False, channel


def _to_sentence_end(view, i):
    toks, b = view.toks, view.b
    end = b
    while end > i and not toks[end - 1].is_word and toks[end - 1].text in ".!?;,":
        end -= 1
    if end - i < 2:
        return None
    return (toks[i].start, toks[end - 1].end)


def _content_before(view, comma_index):
    """Content of a postposed reporting clause: the quotation or sentence part before the comma."""
    q = _quote_closing_before(view, comma_index)
    if q is not None:
        return (q.inner_start, q.inner_end), True
    if comma_index <= view.a:
        return None, False
    return (view.toks[view.a].start, view.toks[comma_index - 1].end), False


def _words_between(view, i, j) -> int:
    return sum(1 for t in view.toks[i:j] if t.is_word)


def _verb_attribution(view, m, words, channel_matches):
    toks, a, b = view.toks, view.a, view.b
    cue_tok = toks[m.first_token]
    if not cue_tok.text[:1].islower() or "-" in cue_tok.text:
        return None  # "United States", sentence-initial "Says who", "so-called", "self-described"
    stance = m.category
    c0, c1 = m.first_token, m.last_token
    skip = words.syntax["skip"]
    # inverted: "…," said X  /  "…" added the official
    prev = c0 - 1
    if prev >= a and c1 < b and (_quote_closing_before(view, prev) is not None
                                 or (_is_comma(toks[prev]) and toks[c1].text[:1].isupper())):
        end = _inverted_source_end(view, c1, words)
        if end > c1 and _np_ok(view, c1, _head_end(view, c1, end), words):
            q = _quote_closing_before(view, prev)
            content, direct = ((q.inner_start, q.inner_end), True) if q is not None \
                else _content_before(view, prev)
            return _new(view, cue_tok.start, toks[c1 - 1].end, stance,
                        (toks[c1].start, toks[end - 1].end), content, direct, toks[c1:end], words)
    if prev >= a and _is_comma(toks[prev]) and cue_tok.lower.endswith("ing"):
        return None  # ", saying …": the subject is found by _coordinated or not at all
    j = c0 - 1
    while j >= a and toks[j].text.islower() and toks[j].lower in skip and not view.in_quote[j]:
        j -= 1
    if j < a or any(t.lower in _NEGATION for t in toks[j + 1:c0]):
        return None  # "have not commented" reports no statement
    if toks[j].lower == "to":
        return None  # "wants to defend": an infinitive, no statement
    if any(t.lower in words.syntax["passive"] for t in toks[j + 1:c0]) and not cue_tok.lower.endswith(("ing", "s")):
        return None  # "the prisoners were accused of …": a passive; the subject is not the speaker
    if c1 < b and toks[c1].lower == "by":
        return None  # "an offensive announced by Daesh": a passive with no delimitable content
    if _is_comma(toks[j]):
        # apposition: HEAD, APPOSITIVE[, APPOSITIVE …], said ("Marley Anderson, 21, a junior, said")
        head_start = _appositive_head(view, j, words)
        if head_start is None:
            return None
        src_start, src_end = head_start, j  # tokens [src_start, src_end)
    else:
        src_start = _chunk_left(view, j, words)
        src_end = j + 1
        if src_start > j or not _np_ok(view, src_start, src_end, words):
            return None
    last = toks[src_end - 1].lower
    if last in words.syntax["determiner"] or last.endswith(("'s", "’s")):
        return None  # "his proposed ban", "Trump's proposed wall": a possessive, not a speaker
    if cue_tok.lower in words.syntax["naming"] and (
            any(t.lower in ("a", "an") for t in toks[src_start:src_end]) or (src_start > a and toks[src_start - 1].lower == "what")):
        return None  # "a group called X", "what he called …": naming, not a statement
    source = (toks[src_start].start, toks[src_end - 1].end)
    before = src_start - 1
    # "…," X said  /  "…" X said
    q = _quote_closing_before(view, before) if before >= a else None
    content, direct, channel = None, False, None
    if q is not None:
        content, direct = (q.inner_start, q.inner_end), True
        _, _, channel = _content_after(view, c1, words, channel_matches)
    elif before >= a and _is_comma(toks[before]) and _words_between(view, a, before) >= 4 \
            and _short_tail(view, c1, words) and _has_finite(toks[a:before], words):
        content, direct = _content_before(view, before)
        _, _, channel = _content_after(view, c1, words, channel_matches)
    else:
        content, direct, channel = _content_after(view, c1, words, channel_matches)
        if content is None and not (toks[c1 - 1].lower.endswith("ing")):
            content_b, direct_b = _content_before(view, before) if before >= a else (None, False)
            content, direct = content_b, direct_b
    if content is None and cue_tok.lower.endswith("ing"):
        return None
    return _new(view, cue_tok.start, toks[c1 - 1].end, stance, source, content, direct,
                toks[src_start:src_end], words, channel)


def _appositive_head(view, j, words):
    """Start of HEAD in "HEAD, APPOSITIVE[, APPOSITIVE …]," ending with the comma at token j.
    The first appositive may be anything; each further one must be short and verbless
    (an age, a role) or a relative clause ("who …")."""
    toks, a = view.toks, view.a
    end = j
    for depth in range(_MAX_APPOSITIVES):
        k = end - 1
        while k >= a and not _is_comma(toks[k]) and not view.in_quote[k] and toks[k].start not in view.marks:
            k -= 1
        if k < a or not _is_comma(toks[k]) or k == end - 1:
            return None
        if depth and not _appositive_ok(view, k + 1, end, words):
            return None
        head_start = _chunk_left(view, k - 1, words)
        if head_start <= k - 1 and _np_ok(view, head_start, k, words):
            return head_start
        end = k
    return None


def _appositive_ok(view, i, j, words) -> bool:
    toks = view.toks[i:j]
    wtoks = [t for t in toks if t.is_word]
    if not wtoks:
        return False
    if wtoks[0].lower in ("who", "whose"):
        return True
    return len(wtoks) <= 10 and not any(t.text.islower() and t.lower in words.syntax["finite"] for t in wtoks)


def _coordinated(view, m, words, channel_matches, prev):
    """X confirmed the attack and added that …: the second verb shares the first one's source."""
    toks = view.toks
    j = m.first_token - 1
    while j >= view.a and toks[j].text.islower() and toks[j].lower in words.syntax["skip"]:
        j -= 1
    participle = toks[j].text == "," and toks[m.first_token].lower.endswith("ing")
    if j < view.a or (toks[j].lower != "and" and not participle) or prev.cue.end > toks[j].start:
        return None
    content, direct, channel = _content_after(view, m.last_token, words, channel_matches)
    cue = toks[m.first_token]
    return Attribution(-1, view.s.index, view.doc.span(cue.start, toks[m.last_token - 1].end,
                                                       "attribution.cue"),
                       prev.source and view.doc.span(prev.source.start, prev.source.end,
                                                     "attribution.source"),
                       prev.source_type, m.category, direct,
                       content and view.doc.span(*content, "attribution.content"),
                       speaker=prev.speaker, channel=channel)


def _inverted_source_end(view, i, words) -> int:
    """End of the source after an inverted cue ("…," said X, an analyst at Y): to the sentence
    end, or to a comma that opens a relative clause or a second clause."""
    toks, b = view.toks, view.b
    e, commas = i, 0
    while e < b:
        t = toks[e]
        if t.text in ";:" or view.in_quote[e] or t.start in view.marks:
            break
        if t.text == ",":
            nxt = toks[e + 1] if e + 1 < b else None
            commas += 1
            if commas > 1 or nxt is None or nxt.lower in words.syntax["boundary"] | {"who", "whose"}:
                break
        e += 1
    while e > i and toks[e - 1].text in ".!?,":
        e -= 1
    return e


def _has_finite(toks, words) -> bool:
    """A rough finite-verb test: a finite auxiliary, or a lower-case -ed / -s word after the first."""
    finite = words.syntax["finite"]
    return any(t.is_word and t.text.islower() and (t.lower in finite or (
        i > 0 and t.lower.endswith(("ed", "s")) and not t.lower.endswith(("ss", "us", "is"))))
        for i, t in enumerate(toks))


def _short_tail(view, k, words) -> bool:
    """After a postposed cue only a short adjunct follows (told reporters in Washington)."""
    toks, n = view.toks, 0
    for i in range(k, view.b):
        t = toks[i]
        if t.text in ",;" or t.text in ".!?":
            break
        if t.lower == "that" or t.start in view.marks:
            return False
        n += t.is_word
    return n <= 5


def _according_to(view, m, words):
    toks, a, b = view.toks, view.a, view.b
    s0 = m.last_token
    if s0 >= b:
        return None
    fronted = _words_between(view, a, m.first_token) <= 3
    # source: to the first comma (unless a relative clause follows), clause word or sentence end
    e = s0
    boundary = words.syntax["boundary"] - {"who", "which"}
    while e < b:
        t = toks[e]
        if t.text in ";:—–" or view.in_quote[e] or t.start in view.marks:
            break
        if t.text == ",":
            nxt = toks[e + 1].lower if e + 1 < b else ""
            if nxt not in ("who", "which"):
                break
        elif e > s0 and t.lower in boundary:
            break
        e += 1
    while e > s0 and toks[e - 1].text in ".!?":
        e -= 1
    if e <= s0 or not _np_ok(view, s0, min(e, _head_end(view, s0, e)), words):
        return None
    source = (toks[s0].start, toks[e - 1].end)
    if fronted and e < b and toks[e].text == ",":
        content, direct = _to_sentence_end(view, e + 1), False
        q = view.marks.get(toks[e + 1].start) if e + 1 < b else None
        if q is not None and q.start == toks[e + 1].start:
            content, direct = (q.inner_start, q.inner_end), True
    else:
        before = m.first_token - 1
        if before >= a and _is_comma(toks[before]):
            content, direct = _content_before(view, before)
        else:
            content, direct = ((toks[a].start, toks[before].end), False) if before >= a else (None, False)
    return _new(view, toks[m.first_token].start, toks[m.last_token - 1].end, "neutral",
                source, content, direct, toks[s0:e], words)


def _head_end(view, s0, e) -> int:
    """End of the part of a source that must look like a noun phrase (before a relative clause)."""
    for i in range(s0, e):
        if view.toks[i].text == ",":
            return i
    return e


def _sourceless(view, m):
    """reportedly / allegedly / it is believed / believed to be: no source (vague)."""
    stance = "claim" if m.category.endswith("_claim") else "neutral"
    start = m.last_token if m.category.startswith("passive") and view.toks[m.first_token].lower == "it" \
        else view.a
    if start < view.b and view.toks[start].lower == "that":
        start += 1
    content = _to_sentence_end(view, start)
    toks = view.toks
    return _new(view, toks[m.first_token].start, toks[m.last_token - 1].end, stance,
                None, content, False, None, None)


# --------------------------------------------------------------------------- source types

def _classify(doc, toks, words) -> tuple[str, str | None]:
    """(source_type, speaker) for the tokens of a source phrase."""
    src, syn = words.sources, words.syntax
    chunks, cur, depth = [], [], 0
    paren_acronym = False
    for t in toks:
        if t.text == "(":
            depth += 1
            continue
        if t.text == ")":
            depth = max(0, depth - 1)
            continue
        if depth:
            if t.is_word and t.text.isupper() and len(t.text) >= 2 and not chunks:
                paren_acronym = True
            continue
        if t.text == ",":
            if cur:
                chunks.append(cur)
            cur = []
            continue
        cur.append(t)
    if cur:
        chunks.append(cur)
    if not chunks:
        return "unknown", None
    results = [_classify_chunk(doc, c, words, paren_acronym and i == 0) for i, c in enumerate(chunks)]
    first = results[0]
    if first[0] == "title":
        named = next((r for r in results[1:] if r[0] == "named_person"), None)
        return named if named else ("anonymous", first[1])
    if first[0] == "other":
        named = next((r for r in results[1:] if r[0] in _NAMED), None)
        return named if named else ("unknown", first[1])
    return first


def _classify_chunk(doc, chunk, words, paren_acronym) -> tuple[str, str | None]:
    """Type one comma-free chunk; "X and y" (a lower-case second conjunct) is typed by the
    conjunct that names someone, else by the first."""
    for i, t in enumerate(chunk):
        if t.lower == "and" and 0 < i < len(chunk) - 1 and chunk[i + 1].text.islower():
            parts = [_classify_core(doc, chunk[:i], words, paren_acronym),
                     _classify_core(doc, chunk[i + 1:], words, False)]
            return next((r for r in parts if r[0] in _NAMED), parts[0])
    return _classify_core(doc, chunk, words, paren_acronym)


def _classify_core(doc, chunk, words, paren_acronym) -> tuple[str, str | None]:
    src, syn = words.sources, words.syntax
    core = []
    for i, t in enumerate(chunk):
        if core and t.lower in syn["np_cut"] and not (
                core[-1].text[:1].isupper() and i + 1 < len(chunk) and chunk[i + 1].text[:1].isupper()):
            break  # a spokesman for the army | the Observatory for Human Rights
        core.append(t)
    wt = [t for t in core if t.is_word or t.text == "."]
    while wt and wt[0].lower in syn["determiner"]:
        wt = wt[1:]
    wt_words = [t for t in wt if t.is_word]
    if not wt_words:
        return "other", None
    text = doc.text
    phrase = text[wt_words[0].start:wt_words[-1].end]
    definite = core[0].lower in syn["determiner"]
    head = wt_words[-1]
    head_l = _singular(_bare(head.lower), _known(words))
    if len(wt_words) == 1 and head_l in src["pronoun"] and not definite:
        return "pronoun", head.lower
    lowered = " ".join(_bare(t.lower) for t in wt_words)
    for t in wt_words:
        if _bare(t.lower) in src["media_name"] and t.text[:1].isupper():
            return "media_document", t.text
    for name in src["media_name"]:
        if " " in name and name in lowered:
            return "media_document", name.title()
    sentence_initial = head is wt_words[0] and doc.sentence_at(head.start) is not None and \
        doc.sentence_at(head.start).start == head.start
    if head.text[:1].islower() or (sentence_initial and head_l in _known(words)):
        if head_l in src["media"]:
            return "media_document", phrase
        if head_l in src["person_title"]:
            return "title", phrase
        if head_l in src["vague"]:
            return ("anonymous" if definite else "vague"), phrase
        if head_l in src["anonymous"]:
            return "anonymous", phrase
        if head_l in src["organisation"]:
            return "named_organisation", phrase
        if head_l in src["place"]:
            return "named_organisation", phrase
        return "other", phrase
    # a capitalised head: the run of capitalised words (with connectors) that ends in it
    run = _name_run(wt, words)
    run_words = [t for t in run if t.is_word]
    run_text = text[run_words[0].start:run_words[-1].end]
    lowers = [_bare(t.lower) for t in run_words]
    if paren_acronym:
        return "named_organisation", run_text
    if len(run_words) == 1 and (run_words[0].text.isupper() and len(run_words[0].text) >= 2
                                or lowers[0] in src["place"] or lowers[0] in src["organisation"]):
        return "named_organisation", run_text
    if len(run_words) == 1 and definite:
        return "named_organisation", run_text  # the Pentagon, the Kremlin: people take no article
    org_at = [i for i, w in enumerate(lowers) if w in src["organisation"]
              or (run_words[i].text.isupper() and len(run_words[i].text) >= 2)]
    if org_at:
        tail = run_words[org_at[-1] + 1:]
        if tail and all(t.text[:1].isupper() and _bare(t.lower) not in syn["connector"] for t in tail) \
                and _no_connector_between(run, run_words[org_at[-1]], words):
            return "named_person", text[tail[0].start:tail[-1].end]
        return "named_organisation", run_text
    titles = [i for i, w in enumerate(lowers) if w in src["person_title"]]
    if titles:
        rest = run_words[titles[-1] + 1:]
        if rest:
            return "named_person", text[rest[0].start:rest[-1].end]
    return "named_person", run_text


def _no_connector_between(run, org_tok, words) -> bool:
    after = False
    for t in run:
        if t is org_tok:
            after = True
        elif after and t.lower in words.syntax["connector"]:
            return False
    return True


def _name_run(wt, words):
    """Trailing run of capitalised tokens, allowing connectors and abbreviation periods inside."""
    conn = words.syntax["connector"]
    i = len(wt) - 1
    while i > 0:
        prev = wt[i - 1]
        if prev.text == ".":
            i -= 1
            continue
        if prev.text[:1].isupper() or prev.text[:1].isdigit():
            i -= 1
            continue
        if prev.lower in conn and i - 2 >= 0 and wt[i - 2].text[:1].isupper():
            i -= 1
            continue
        break
    return wt[i:]


def _singular(word: str, known) -> str:
    """commanders → commander when only the singular is listed."""
    if word not in known and word.endswith("s") and word[:-1] in known:
        return word[:-1]
    return word


def _bare(word: str) -> str:
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _known(words) -> frozenset[str]:
    return words.known


def _resolve(found: list[Attribution], words) -> None:
    """Pronoun sources take the type and speaker of the previous compatible source;
    a definite document ("the report") takes the previous media source, else is vague."""
    for i, att in enumerate(found):
        if att.source_type == "named_person" and att.speaker and " " not in att.speaker:
            full = next((p.speaker for p in reversed(found[:i]) if p.source_type == "named_person"
                         and p.speaker and p.speaker.endswith(" " + att.speaker)), None)
            if full:
                att.speaker = full
        if att.source_type == "pronoun":
            pronoun = att.speaker
            wanted = {"he": ("named_person", "anonymous"), "she": ("named_person", "anonymous"),
                      "it": ("named_organisation", "media_document")}.get(pronoun, SOURCE_TYPES)
            ante = next((p for p in reversed(found[:i]) if p.source_type in wanted
                         and att.sentence - p.sentence <= _PRONOUN_WINDOW and p.source is not None), None)
            att.resolved_from = pronoun
            if ante is None:
                att.source_type, att.speaker = "unknown", None
            else:
                att.source_type, att.speaker = ante.source_type, ante.speaker
        elif att.source_type == "media_document" and att.source is not None \
                and att.source.text.lower().split()[0] in ("the", "this") \
                and not any(w[:1].isupper() for w in att.source.text.split()[1:]):
            ante = next((p for p in reversed(found[:i]) if p.source_type == "media_document"
                         and p.resolved_from is None and p is not att
                         and not p.source.text.lower().startswith(("the ", "this "))), None)
            att.resolved_from = att.source.text
            if ante is None:
                att.source_type = "vague"
            else:
                att.speaker = ante.speaker


# --------------------------------------------------------------------------- features

def extract(doc, resources) -> Extraction:
    found = attributions(doc, resources)
    words = _words(resources)
    measured = doc.measured_sentences
    spans = []
    for att in found:
        attrs = {"attribution_id": att.id, "source_type": att.source_type,
                 "cue_stance": att.cue_stance, "direct": att.direct, "speaker": att.speaker}
        for part in (att.cue, att.source, att.content):
            if part is not None:
                part.attrs.update(attrs)
                spans.append(part)
    features: dict[str, float | None] = dict.fromkeys(FEATURES)
    reasons: dict[str, str] = {}
    n = len(found)
    if not measured:
        why = "the article has no measured sentences"
        return Extraction(features, spans, [a.to_dict() for a in found], dict.fromkeys(FEATURES, why))
    features["attribution.attributions_per_sentence"] = share(n, len(measured))
    attributed = _attributed_sentences(doc, found)
    features["attribution.attributed_sentences_share"] = share(
        sum(1 for s in measured if s.index in attributed), len(measured))
    if n:
        types = [a.source_type for a in found]
        features["attribution.named_share"] = share(sum(t in _NAMED for t in types), n)
        features["attribution.anonymous_share"] = share(types.count("anonymous"), n)
        features["attribution.vague_share"] = share(types.count("vague"), n)
        features["attribution.media_share"] = share(types.count("media_document"), n)
        features["attribution.claim_stance_share"] = share(
            sum(a.cue_stance != "neutral" for a in found), n)
        features["attribution.direct_share"] = share(sum(a.direct for a in found), n)
    else:
        for name in ("named_share", "anonymous_share", "vague_share", "media_share",
                     "claim_stance_share", "direct_share"):
            reasons[f"attribution.{name}"] = "no attribution found: a share of sources needs at least one"
    total_chars = sum(s.end - s.start for s in measured)
    quoted = _quoted_chars(doc, measured)
    features["attribution.quoted_text_share"] = share(sum(quoted.values()), total_chars)
    own = [s for s in measured if s.index not in attributed and _assertive(doc, s, words)
           and quoted[s.index] * 2 < (s.end - s.start)]
    features["attribution.unattributed_assertive_share"] = share(len(own), len(measured))
    for s in own:
        spans.append(doc.span(s.start, s.end, "attribution.unattributed_assertion"))
    return Extraction(features, spans, [a.to_dict() for a in found], reasons)


def _attributed_sentences(doc, found) -> set[int]:
    out = set()
    for att in found:
        out.add(att.sentence)
        if att.content is not None:
            first = doc.sentence_at(att.content.start)
            i = first.index if first is not None else att.sentence
            while i < len(doc.sentences) and doc.sentences[i].start < att.content.end:
                out.add(i)
                i += 1
    return out


def _overlap(a0, a1, b0, b1) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _quoted_chars(doc, sentences) -> dict[int, int]:
    """Characters inside outer quotations, per sentence (both lists are in text order)."""
    outer: list[QuoteRegion] = [q for q in doc.quotes if q.depth == 0]
    out, k = {}, 0
    for s in sentences:
        while k < len(outer) and outer[k].inner_end <= s.start:
            k += 1
        total, i = 0, k
        while i < len(outer) and outer[i].inner_start < s.end:
            total += _overlap(outer[i].inner_start, outer[i].inner_end, s.start, s.end)
            i += 1
        out[s.index] = total
    return out


def _assertive(doc, s, words) -> bool:
    """Declarative: ends in . or ! (closing quotes/brackets allowed), ≥5 words, and has a
    finite auxiliary or an -ed / -s word after the first (a rough finite-verb test)."""
    end = s.text.rstrip("\"'”’»)] ")
    if not end or end[-1] not in ".!":
        return False
    toks = [t for t in doc.sentence_tokens(s) if t.is_word]
    if len(toks) < 5:
        return False
    return _has_finite(toks, words)
