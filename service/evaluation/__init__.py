"""Score the extractors against annotated data that no one on the project wrote.

Each module here exposes `evaluate(data_dir: Path, resources) -> list[Row]`; the
registry below is read by `python -m service.evaluate` / `slant evaluate`, which
prints one table. Every row compares our system with a baseline computed in the
same run, on a split we did not develop on.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Row:
    task: str          # e.g. "loaded terms vs BABE biased words"
    dataset: str       # e.g. "BABE SG2 (held-out quarter)"
    split: str         # which part was scored, e.g. "test (sha1 rule)"
    metric: str        # e.g. "F1 (token)"
    system: float | None
    baseline: float | None
    baseline_name: str
    n: int            # items scored
    note: str = ""
