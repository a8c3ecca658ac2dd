"""One parse per article: paragraphs, boilerplate, sentences, tokens and quote regions.

Everything is computed once here and shared by every extractor; none re-tokenises.
All offsets point into the original text. Every step is a single left-to-right
scan, so the parse is linear in the length of the input whatever its shape
(no sentence punctuation, a million-character word, thousands of quote marks).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from .types import Paragraph, QuoteRegion, Sentence, Span, Token

#: A sentence longer than this is cut at a space so that no downstream library
#: (VADER is quadratic in its input) ever sees unbounded text.
MAX_SENTENCE_CHARS = 1500

#: Quotations nest at most three deep in real text; openers beyond this depth are
#: ignored, which bounds the work and the number of regions per paragraph.
MAX_QUOTE_DEPTH = 8

_TOKEN_RE = re.compile(
    r"""
      (?:[A-Za-z]\.){2,}(?:-\w+)*          # U.S.  U.S.-led
    | \d+(?:[.,:]\d+)*(?:-\w+)*             # 10,000  3.5  24-hour
    | \w+(?:[-'’]\w+)*                       # words, so-called, Da’esh
    | \S                                     # any other visible character
    """,
    re.VERBOSE,
)

# The look-behind makes a run of punctuation one candidate (tried once, at its first
# character) and the possessive quantifiers never backtrack: a run of a million
# periods is scanned once, not a million times.
_CANDIDATE_END_RE = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+(?=\s)")
_LINE_RE = re.compile(r"[^\n]+")

_DOUBLE_OPEN = {"“", "„", "«", '"', "''"}
_SINGLE_OPEN = {"‘", "‹", "'"}
# Two apostrophes ('') are a double quote mark (the New York Times' convention); in
# ''' the first apostrophe closes a nested single quotation.
_QUOTE_MARK_RE = re.compile(r"''(?!')|[\"“”„«»‘’‹›']")

# Words that, after an abbreviation such as "U.S.", show a new sentence has begun.
_SENTENCE_STARTERS = frozenset(
    "The A An In It He She They We I But However This That These Those There On At "
    "According Meanwhile Some Many Its His Her Their Our".split()
)


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """Abbreviations that end in a period without ending the sentence.

    `titles` never end a sentence (Maj. Gen. John W. Brennan, Jr.); `before_number`
    only when a number follows (Jan. 24, No. 5); `other` only when a lower-case word
    or a number follows (approx. 5).
    """

    titles: frozenset[str] = frozenset()
    before_number: frozenset[str] = frozenset()
    other: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class BoilerplateRule:
    pattern: re.Pattern[str]
    kind: str
    prefix_only: bool


@dataclass(slots=True)
class Document:
    """The parsed article. Built by `parse`; read by every extractor."""

    text: str
    title: str | None
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    tokens: list[Token]
    quotes: list[QuoteRegion]
    boilerplate: list[Span]
    #: Results shared between extractors (e.g. attributions, actor mentions), computed
    #: once per document by the module that owns them; see `Document.derive`.
    derived: dict = field(default_factory=dict, repr=False)
    _outer_quote_starts: list[int] = field(default_factory=list, repr=False)
    _outer_quotes: list[QuoteRegion] = field(default_factory=list, repr=False)
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def measured_sentences(self) -> list[Sentence]:
        """Sentences that count in measures (boilerplate excluded)."""
        return [s for s in self.sentences if not s.boilerplate]

    @property
    def word_tokens(self) -> list[Token]:
        """Word tokens of measured sentences."""
        return [t for t in self.tokens if t.is_word]

    @property
    def word_count(self) -> int:
        """Word tokens of measured sentences (counted once, then memoised)."""
        return self.derive("word_count", lambda: sum(1 for t in self.tokens if t.is_word))

    def sentence_tokens(self, sentence: Sentence) -> list[Token]:
        return self.tokens[sentence.first_token : sentence.last_token]

    def sentence_at(self, offset: int) -> Sentence | None:
        """The sentence containing `offset`, or None (boilerplate, blank lines)."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None

    def quote_at(self, start: int, end: int | None = None) -> QuoteRegion | None:
        """The outermost quote region that contains [start, end), or None."""
        end = start + 1 if end is None else end
        i = bisect.bisect_right(self._outer_quote_starts, start) - 1
        if i >= 0:
            region = self._outer_quotes[i]
            if region.inner_start <= start and end <= region.inner_end:
                return region
        return None

    def derive(self, key: str, compute):
        """Return `derived[key]`, computing it with `compute()` the first time."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]

    def span(self, start: int, end: int, label: str, **attrs) -> Span:
        """A Span over the original text (the only way extractors should make one)."""
        return Span(start, end, self.text[start:end], label, attrs)


def tokenize(text: str, offset: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of `text[offset:end]` with offsets into `text`."""
    end = len(text) if end is None else end
    out = []
    append = out.append
    for m in _TOKEN_RE.finditer(text, offset, end):
        word = m.group()
        start, stop = m.span()
        append(Token(start, stop, word, word.lower(), word[0].isalnum()))
    return out


def parse(
    text: str,
    *,
    title: str | None = None,
    abbreviations: Abbreviations = Abbreviations(),
    boilerplate_rules: Sequence[BoilerplateRule] = (),
) -> Document:
    """Parse `text` once into a Document. Raises ValueError for non-str input."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, not {type(text).__name__}")
    paragraphs, segments, boilerplate = _paragraphs_and_boilerplate(text, boilerplate_rules)
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for para_index, seg_start, seg_end, is_boiler in segments:
        for s_start, s_end, forced in _split_sentences(text, seg_start, seg_end, abbreviations):
            first = len(tokens)
            sent_index = len(sentences)
            if not is_boiler:
                for tok in tokenize(text, s_start, s_end):
                    tok.sentence = sent_index
                    tokens.append(tok)
            sentences.append(
                Sentence(sent_index, s_start, s_end, text[s_start:s_end], para_index,
                         first, len(tokens), boilerplate=is_boiler, forced=forced)
            )
    quotes = find_quotes(text, paragraphs, sentences)
    outer = [q for q in quotes if q.depth == 0]
    return Document(
        text=text,
        title=title,
        paragraphs=paragraphs,
        sentences=sentences,
        tokens=tokens,
        quotes=quotes,
        boilerplate=boilerplate,
        _outer_quote_starts=[q.inner_start for q in outer],
        _outer_quotes=outer,
        _sentence_starts=[s.start for s in sentences],
    )


def _paragraphs_and_boilerplate(text: str, rules: Sequence[BoilerplateRule]):
    """Each non-blank line is a paragraph; boilerplate lines/prefixes are set aside.

    Returns paragraphs, segments (paragraph index, start, end, is_boilerplate) with
    surrounding whitespace trimmed, and boilerplate spans.
    """
    paragraphs: list[Paragraph] = []
    segments: list[tuple[int, int, int, bool]] = []
    boilerplate: list[Span] = []
    for m in _LINE_RE.finditer(text):
        start, end = _strip(text, m.start(), m.end())
        if start >= end:
            continue
        index = len(paragraphs)
        paragraphs.append(Paragraph(index, start, end))
        line = text[start:end]
        for rule in rules:
            hit = rule.pattern.match(line)
            if hit is None or (not rule.prefix_only and hit.end() != len(line)):
                continue
            cut_start, cut_end = _strip(text, start, start + hit.end())
            boilerplate.append(Span(cut_start, cut_end, text[cut_start:cut_end], "boilerplate",
                                    {"kind": rule.kind}))
            segments.append((index, cut_start, cut_end, True))
            start, _ = _strip(text, start + hit.end(), end)
            break
        if start < end:
            segments.append((index, start, end, False))
    return paragraphs, segments, boilerplate


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_sentences(text: str, start: int, end: int, abbr: Abbreviations):
    """Yield (start, end, forced) for the sentences of one paragraph segment."""
    sent_start = start
    for m in _CANDIDATE_END_RE.finditer(text, start, end):
        if m.end() >= end:
            break
        if _is_sentence_end(text, m.start(), m.end(), end, abbr):
            yield from _cap_length(text, sent_start, m.end())
            sent_start, _ = _strip(text, m.end(), end)
    if sent_start < end:
        yield from _cap_length(text, sent_start, end)


def _is_sentence_end(text: str, punct_start: int, punct_end: int, seg_end: int,
                     abbr: Abbreviations) -> bool:
    nxt = punct_end
    while nxt < seg_end and text[nxt].isspace():
        nxt += 1
    if nxt >= seg_end:
        return True
    following = text[nxt]
    starts_new = following.isupper() or following.isdigit() or following in "\"“‘'«„([—–-"
    if not starts_new:
        return False
    if text[punct_start] != ".":
        return True
    word_start = punct_start
    while word_start > 0 and (text[word_start - 1].isalpha() or text[word_start - 1] == "."):
        word_start -= 1
    word = text[word_start:punct_start]
    if not word:
        return True
    if word in abbr.titles or (len(word) == 1 and word.isupper()):
        return False
    if word in abbr.before_number:
        return not following.isdigit()
    if word.lower() in abbr.other:
        return False
    if "." in word:  # U.S. / U.N.: ends a sentence only before a typical sentence opener
        next_word = re.match(r"\w+", text[nxt : nxt + 40])
        return bool(next_word and next_word.group() in _SENTENCE_STARTERS)
    return True


def _cap_length(text: str, start: int, end: int):
    """Yield (start, end, forced): cut an over-long sentence at spaces."""
    forced = False
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, limit)
        cut = limit if cut == -1 else cut
        piece_start, piece_end = _strip(text, start, cut)
        if piece_start < piece_end:
            yield piece_start, piece_end, True
        start, _ = _strip(text, cut, end)
        forced = True
    if start < end:
        yield start, end, forced


def find_quotes(text: str, paragraphs: Sequence[Paragraph],
                sentences: Sequence[Sentence]) -> list[QuoteRegion]:
    """Quote regions over the whole text, in order of their opening mark.

    Handles straight and curly quotes, « », „ “, single quotes nested in double ones,
    quotes continued over paragraphs (a paragraph that opens with a quote mark while
    a quotation is still open continues it) and unbalanced marks (the region then ends
    with the opener's sentence and is flagged `balanced=False`).
    """
    regions: list[QuoteRegion] = []
    stack = _QuoteStack()
    sentence_ends = [s.end for s in sentences]
    sentence_starts = [s.start for s in sentences]

    def close_unbalanced(mark: str, pos: int, limit: int) -> None:
        if mark in _SINGLE_OPEN:
            return  # an unclosed single mark is far more often an apostrophe
        i = bisect.bisect_right(sentence_starts, pos) - 1
        end = sentence_ends[i] if i >= 0 and sentence_ends[i] > pos else limit
        end = max(min(end, limit), pos + 1)
        regions.append(QuoteRegion(pos, end, min(pos + len(mark), end), end, mark, 0, False))

    continuing = False
    for p_index, para in enumerate(paragraphs):
        for m in _QUOTE_MARK_RE.finditer(text, para.start, para.end):
            mark, pos = m.group(), m.start()
            if continuing and pos == para.start:
                continuing = False
                continue  # the opener that re-marks a quotation continued from the last paragraph
            role = _quote_role(text, mark, pos, stack)
            if role == "open":
                if len(stack.items) < MAX_QUOTE_DEPTH:
                    stack.push(mark, pos)
            elif role == "close":
                single = mark in "’›'"
                if not (stack.singles if single else stack.doubles):
                    continue
                family = _SINGLE_OPEN if single else _DOUBLE_OPEN
                while stack.items[-1][0] not in family:
                    close_unbalanced(*stack.pop(), limit=pos)
                open_mark, open_pos = stack.pop()
                regions.append(QuoteRegion(open_pos, pos + len(mark), open_pos + len(open_mark), pos,
                                           open_mark, 0, True))
        continuing = False
        while stack.items and stack.items[-1][0] in _SINGLE_OPEN:
            stack.pop()
        next_para = paragraphs[p_index + 1] if p_index + 1 < len(paragraphs) else None
        if stack.items and next_para is not None and (text[next_para.start] in _DOUBLE_OPEN
                                                      or text.startswith("''", next_para.start)):
            continuing = True
        else:
            while stack.items:
                close_unbalanced(*stack.pop(), limit=para.end)
    regions.sort(key=lambda q: (q.start, -q.end))
    return _fix_depths(regions)


class _QuoteStack:
    """Open quotations, innermost last, with per-family counts so that every
    question the scan asks ("is a double quote open?") is answered in O(1)."""

    __slots__ = ("items", "doubles", "singles")

    def __init__(self) -> None:
        self.items: list[tuple[str, int]] = []
        self.doubles = 0
        self.singles = 0

    def push(self, mark: str, pos: int) -> None:
        self.items.append((mark, pos))
        if mark in _SINGLE_OPEN:
            self.singles += 1
        else:
            self.doubles += 1

    def pop(self) -> tuple[str, int]:
        mark, pos = self.items.pop()
        if mark in _SINGLE_OPEN:
            self.singles -= 1
        else:
            self.doubles -= 1
        return mark, pos


def _quote_role(text: str, mark: str, pos: int, stack: _QuoteStack) -> str:
    """'open', 'close' or 'skip' for one quote mark in its context."""
    prev = text[pos - 1] if pos > 0 else " "
    nxt = text[pos + len(mark)] if pos + len(mark) < len(text) else " "
    top = stack.items[-1][0] if stack.items else None
    has_double = stack.doubles > 0
    has_single = stack.singles > 0
    if mark in "«„‹":
        return "open"
    if mark in "»›":
        return "close" if (has_double if mark == "»" else has_single) else "skip"
    if mark == "“":
        return "close" if top == "„" else "open"
    if mark == "”":
        return "close" if has_double else "skip"
    if mark == '"' or mark == "''":
        if has_double and not prev.isspace():
            return "close"
        if has_double and (nxt.isspace() or nxt in ".,;:!?)"):
            return "close"
        return "open" if not nxt.isspace() else "skip"
    if mark == "‘":
        return "skip" if prev.isalnum() else "open"
    # ’ and ' : an apostrophe inside a word is not a quote mark
    if prev.isalnum() and nxt.isalnum():
        return "skip"
    if mark == "'" and not prev.isalnum() and not prev in ".,!?" and nxt.isalnum():
        return "open"
    if has_single and (nxt.isspace() or not nxt.isalnum()):
        return "close"
    return "skip"


def _fix_depths(regions: list[QuoteRegion]) -> list[QuoteRegion]:
    """Recompute depth from containment (robust to the order marks were closed in)."""
    open_ends: list[int] = []
    for q in regions:
        while open_ends and open_ends[-1] <= q.start:
            open_ends.pop()
        q.depth = len(open_ends)
        open_ends.append(q.end)
    return regions
