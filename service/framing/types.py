"""Plain data types shared by the parser, the extractors and everything built on them.

Every offset is a character offset into the ORIGINAL text the caller passed in,
so that `text[span.start:span.end] == span.text` always holds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Span:
    """One piece of evidence: a labelled character range of the original text.

    `attrs` carries extractor-specific details (category, voice, speaker, …);
    it is flattened into the JSON object next to start/end/text/label.
    """

    start: int
    end: int
    text: str
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        out = {"start": self.start, "end": self.end, "text": self.text, "label": self.label}
        out.update(self.attrs)
        return out


@dataclass(slots=True)
class Token:
    """A word or punctuation mark. `lower` is the case-folded form used for matching."""

    start: int
    end: int
    text: str
    lower: str
    is_word: bool
    sentence: int = -1


@dataclass(slots=True)
class Sentence:
    """A sentence; `first_token`/`last_token` index into `Document.tokens` (end exclusive).

    `boilerplate` marks web chrome ("Source link", "By admin") that is reported
    but excluded from every measure. `forced` marks a cut made only because the
    sentence exceeded the length cap (so downstream libraries never see unbounded text).
    """

    index: int
    start: int
    end: int
    text: str
    paragraph: int
    first_token: int
    last_token: int
    boilerplate: bool = False
    forced: bool = False


@dataclass(slots=True)
class QuoteRegion:
    """A quotation: `start`/`end` include the marks, `inner_start`/`inner_end` do not.

    `depth` is 0 for an outer quote, 1 for a quote nested inside it. `balanced` is
    False when no closing mark was found and the region was cut at the sentence end.
    """

    start: int
    end: int
    inner_start: int
    inner_end: int
    mark: str
    depth: int
    balanced: bool

    @property
    def inner_text_length(self) -> int:
        return self.inner_end - self.inner_start


@dataclass(slots=True)
class Paragraph:
    index: int
    start: int
    end: int
