"""Evaluate sentence sentiment against human ratings of news sentences.

1. VADER NYT editorial snippets (Hutto & Gilbert 2014; MIT): Pearson r with the mean
   human rating. Baseline: the plain VADER compound (what the service serves).
   System: a linear calibration over VADER's own outputs (compound, pos, neg, neu
   and the unsquashed valence sum, which the compound saturates), fitted by least
   squares on a development split of articles and scored on the rest. The split is
   by article id: test iff int(sha1("slant-sentiment:" + id)) % 3 == 0. The
   calibration is NOT served: it tells how much VADER's output could be re-weighted
   for news text, and the served features stay the plain compound.
2. NewsMTSC (Hamborg & Donnay 2021; MIT): sentence-level majority polarity
   (ties and all-neutral ⇒ neutral), 3-class macro-F1 on `devtest_mt.jsonl`.
   Baseline: VADER with its ±0.05 thresholds. System: the same compound with
   negative/positive thresholds tuned on `train.jsonl`.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from pathlib import Path

import numpy as np

from ..framing.extractors.sentiment import fast_polarity_scores
from . import Row

ALPHA = 15  # VADER's normalisation constant: compound = s / sqrt(s² + 15)


def _nyt(data_dir: Path):
    path = data_dir / "vader-groundtruth" / "nytEditorialSnippets_GroundTruth.txt"
    rows = []
    for line in path.read_bytes().decode("cp1252", "replace").split("\r\n"):
        cells = line.split("\t")
        if len(cells) >= 3:
            rows.append((cells[0].split("_")[0], float(cells[1]), cells[2]))
    return rows


def _is_test(article_id: str) -> bool:
    return int(hashlib.sha1(f"slant-sentiment:{article_id}".encode()).hexdigest(), 16) % 3 == 0


def _features(scores: dict) -> list[float]:
    c = scores["compound"]
    c = max(min(c, 0.9999), -0.9999)
    raw = c * math.sqrt(ALPHA / (1 - c * c))  # invert the compound's squashing
    return [1.0, c, scores["pos"], scores["neg"], scores["neu"], raw]


def _pearson(a, b) -> float:
    return float(np.corrcoef(np.asarray(a, float), np.asarray(b, float))[0, 1])


def evaluate_nyt(data_dir: Path, resources) -> Row:
    rows = _nyt(data_dir)
    X, y, test = [], [], []
    for article, mean, text in rows:
        X.append(_features(fast_polarity_scores(resources.vader, text)))
        y.append(mean)
        test.append(_is_test(article))
    X, y, test = np.asarray(X), np.asarray(y), np.asarray(test)
    coef_, *_ = np.linalg.lstsq(X[~test], y[~test], rcond=None)
    predicted = X[test] @ coef_
    return Row(
        task="sentence sentiment vs human mean rating (Slant column: calibrated VADER, NOT served; served = baseline)",
        dataset="VADER NYT editorial snippets (public 4,107)",
        split="test articles (sha1 rule, 1/3)", metric="Pearson r",
        system=round(_pearson(predicted, y[test]), 4),
        baseline=round(_pearson(X[test][:, 1], y[test]), 4),
        baseline_name="VADER compound (served)", n=int(test.sum()),
        note="system = least-squares calibration of VADER outputs fitted on dev articles; "
             "evaluation only, not served",
    )


def _mtsc(path: Path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            item = json.loads(line)
            votes = Counter({2.0: "neg", 4.0: "neu", 6.0: "pos"}[t["polarity"]] for t in item["targets"])
            top = votes.most_common()
            label = "neu" if len(top) > 1 and top[0][1] == top[1][1] else top[0][0]
            out.append((item["sentence_normalized"], label))
    return out


def _classify(compounds, lo: float, hi: float):
    return ["neg" if c <= lo else "pos" if c >= hi else "neu" for c in compounds]


def _macro_f1(gold, pred) -> float:
    f1s = []
    for cls in ("neg", "neu", "pos"):
        tp = sum(g == p == cls for g, p in zip(gold, pred))
        fp = sum(p == cls != g for g, p in zip(gold, pred))
        fn = sum(g == cls != p for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / 3


def evaluate_newsmtsc(data_dir: Path, resources) -> Row:
    base = data_dir / "newsmtsc"
    train, test = _mtsc(base / "train.jsonl"), _mtsc(base / "devtest_mt.jsonl")
    score = lambda items: [fast_polarity_scores(resources.vader, t)["compound"] for t, _ in items]
    train_c, test_c = score(train), score(test)
    train_gold = [g for _, g in train]
    grid = [round(x * 0.05, 2) for x in range(-16, 17)]
    best = max(((lo, hi) for lo in grid for hi in grid if lo < hi),
               key=lambda th: _macro_f1(train_gold, _classify(train_c, *th)))
    gold = [g for _, g in test]
    return Row(
        task="sentence polarity (majority of target polarities)",
        dataset="NewsMTSC devtest_mt", split="devtest_mt (thresholds tuned on train)",
        metric="macro-F1 (3 classes)",
        system=round(_macro_f1(gold, _classify(test_c, *best)), 4),
        baseline=round(_macro_f1(gold, _classify(test_c, -0.05, 0.05)), 4),
        baseline_name="VADER compound ±0.05", n=len(test),
        note=f"tuned thresholds neg ≤ {best[0]}, pos ≥ {best[1]}",
    )


def evaluate(data_dir: Path, resources) -> list[Row]:
    return [evaluate_nyt(Path(data_dir), resources), evaluate_newsmtsc(Path(data_dir), resources)]
