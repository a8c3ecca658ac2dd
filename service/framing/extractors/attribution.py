"""PLACEHOLDER: being written; returns no features yet."""
from __future__ import annotations

from ..extraction import Extraction, FeatureSpec

NAME = "attribution"
FEATURES: dict[str, FeatureSpec] = {}


def extract(doc, resources) -> Extraction:
    return Extraction({}, [])
