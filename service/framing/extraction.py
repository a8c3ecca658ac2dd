"""The contract every extractor follows, and small helpers they share."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .types import Span


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """What a feature measures. `higher` completes the sentence "Higher ⇒ …"."""

    description: str
    higher: str
    unit: str


class Extraction(NamedTuple):
    """What `extract(doc, resources)` returns.

    `features` maps every name in the extractor's FEATURES to a finite float or None;
    `reasons` says why a feature is None; `details` holds structured results
    (attributions, actors, numeric claims) whose evidence is in `spans`.
    """

    features: dict[str, float | None]
    spans: list[Span]
    details: Any = None
    reasons: dict[str, str] = {}


def rate(count: int, words: int, per: int) -> float | None:
    """`count` per `per` words, or None when there are no words to measure."""
    if words <= 0:
        return None
    return round(count * per / words, 4)


def share(part: float, whole: float) -> float | None:
    """part / whole, or None when the whole is empty."""
    if whole <= 0:
        return None
    return round(part / whole, 4)


def finite_or_none(value: float | None, digits: int = 4) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)
