"""PLACEHOLDER being replaced by the attribution helper. The public interface below is a
contract other extractors rely on: keep the names and return types.

    attributions(doc, resources) -> list[Attribution]      (memoised on the document)
    voice_at(doc, resources, start, end) -> Voice
"""
from __future__ import annotations

from dataclasses import dataclass

from ..extraction import Extraction, FeatureSpec
from ..types import Span

NAME = "attribution"
FEATURES: dict[str, FeatureSpec] = {}


@dataclass(slots=True)
class Attribution:
    id: int
    sentence: int
    cue: Span
    source: Span | None
    source_type: str        # named_person | named_organisation | anonymous | vague | media_document | unknown
    cue_stance: str         # neutral | claim | admission | insistence | denial | confirmation ...
    direct: bool            # quotation marks around the content
    content: Span | None


@dataclass(frozen=True, slots=True)
class Voice:
    voice: str              # "author" | "quoted" | "attributed"
    speaker: str | None     # source text when known
    attribution_id: int | None


def attributions(doc, resources) -> list[Attribution]:
    return doc.derive("attribution", lambda: [])


def voice_at(doc, resources, start: int, end: int) -> Voice:
    if doc.quote_at(start, end) is not None:
        return Voice("quoted", None, None)
    return Voice("author", None, None)


def extract(doc, resources) -> Extraction:
    return Extraction({}, [])
