"""`analyze(text)`: parse once, run every extractor, return one JSON-ready Analysis."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from .document import Document, parse
from .extraction import FeatureSpec
from .extractors import attribution, hedging, loaded_terms, numbers, readability, sentiment
from .language import detect_language
from .resources import Resources, load_resources

#: The registry: every extractor, in the order they run. Later ones may reuse
#: what earlier ones derived on the document (attribution before loaded terms).
EXTRACTORS = (attribution, loaded_terms, hedging, sentiment, readability, numbers)

#: Texts longer than this are refused: a bounded input keeps every request bounded.
MAX_TEXT_CHARS = 2_000_000


@dataclass(slots=True)
class Analysis:
    features: dict[str, float | None]
    spans: list[dict[str, Any]]
    sentences: list[dict[str, Any]]
    details: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"features": self.features, "spans": self.spans, "sentences": self.sentences,
                "details": self.details, "meta": self.meta}


def feature_specs() -> dict[str, FeatureSpec]:
    """Every feature name, in a stable order, with what it measures."""
    specs: dict[str, FeatureSpec] = {}
    for extractor in EXTRACTORS:
        specs.update(extractor.FEATURES)
    return specs


def feature_names() -> list[str]:
    return list(feature_specs())


def analyze(text: str, *, title: str | None = None, resources: Resources | None = None) -> Analysis:
    """Analyse one article. Raises ValueError for input that is not text or is too long."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, not {type(text).__name__}")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"text is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}")
    text = _scrub(text)
    resources = resources or load_resources()
    doc = parse(text, title=title, abbreviations=resources.abbreviations,
                boilerplate_rules=resources.boilerplate_rules)
    language, confidence = detect_language(doc, resources)
    features: dict[str, float | None] = {}
    spans = []
    details: dict[str, Any] = {}
    reasons: dict[str, str] = {}
    if language != "en":
        features = {name: None for name in feature_names()}
        why = f"detected language is {language!r}; the lexicons are English" if doc.word_count \
            else "the text has no words"
        reasons = {name: why for name in features}
    else:
        for extractor in EXTRACTORS:
            result = extractor.extract(doc, resources)
            _check_features(extractor, result.features)
            features.update(result.features)
            spans.extend(result.spans)
            reasons.update(result.reasons)
            if result.details is not None:
                details[extractor.NAME] = result.details
    if title and title.strip() and language == "en":
        details["title"] = _analyze_title(title, resources)
    spans.extend(doc.boilerplate)
    spans.sort(key=lambda s: (s.start, s.end, s.label))
    return Analysis(
        features=features,
        spans=[s.to_dict() for s in spans],
        sentences=[_sentence_dict(s) for s in doc.sentences],
        details=details,
        meta={
            "word_count": doc.word_count,
            "sentence_count": len(doc.measured_sentences),
            "language": language,
            "language_confidence": confidence,
            "lexicon_digest": resources.digest,
            "version": __version__,
            "null_reasons": {k: v for k, v in reasons.items() if features.get(k) is None},
            "boilerplate": [b.to_dict() for b in doc.boilerplate],
            "warnings": _warnings(text),
        },
    )


_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|html|body|head|script|style|article|section|li|ul|h[1-6]|img|meta|table|td|tr)\b[^>]{0,500}>",
                       re.IGNORECASE)
#: This many markup tags make a text "HTML pasted as text".
HTML_TAGS_WARNING = 3


def _warnings(text: str) -> list[str]:
    """What a reader of the figures should know about the input itself."""
    tags = sum(1 for _ in zip(range(1000), _HTML_TAG.finditer(text)))
    if tags >= HTML_TAGS_WARNING:
        return [f"The text contains HTML markup ({tags}{'+' if tags == 1000 else ''} tags), analysed "
                "here as text; send it as text/html to /v1/analyze (or `slant analyze --html`) to "
                "extract the article first."]
    return []


def _analyze_title(title: str, resources: Resources) -> dict[str, Any]:
    """The headline on its own: its loaded terms (spans over the TITLE string, not the body)
    and its VADER compound. Headlines frame an article more than any sentence of it, but
    they are too short for rates, so they get no flat features."""
    from .extractors.sentiment import fast_polarity_scores

    title = _scrub(title)
    doc = parse(title, abbreviations=resources.abbreviations)
    hits = loaded_terms.extract(doc, resources).spans
    return {"text": title,
            "loaded_terms": [h.to_dict() for h in hits],
            "compound": fast_polarity_scores(resources.vader, title[:1500])["compound"]}


def _scrub(text: str) -> str:
    """Replace what cannot be encoded (lone surrogates) one-for-one, keeping offsets valid."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def _sentence_dict(sentence) -> dict[str, Any]:
    return {"index": sentence.index, "start": sentence.start, "end": sentence.end,
            "text": sentence.text, "paragraph": sentence.paragraph,
            "boilerplate": sentence.boilerplate}


def _check_features(extractor, features: dict) -> None:
    if set(features) != set(extractor.FEATURES):
        raise RuntimeError(f"extractor {extractor.NAME} returned features "
                           f"{sorted(set(features) ^ set(extractor.FEATURES))} out of contract")
