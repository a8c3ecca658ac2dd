"""Loaded terms vs human-marked biased words (BABE) and lexical-bias spans (BASIL).

Both are scored for our curated `loaded_terms` lexicon (lexicon hits and scare quotes,
as the extractor produces them) and, as the baseline, for the raw 654-word bias lexicon
of Recasens et al. (2013) run through the same matcher (inflect mode, token boundaries).

BABE (`babe/final_labels_SG2.train.csv`, AGPL-3.0, evaluation only; its own lexicon is
never read): the sentences are split by `babe_split` (sha1 of a salted text, half each);
the lexicon was only ever inspected against `dev`, the rows here are `test`.
  - word level: per sentence, the set of lower-cased word types we flag vs the set
    annotators marked in `biased_words`; micro precision / recall / F1.
  - sentence level: ROC-AUC of the sentence's loadedness (sum of hit weights; for the
    baseline, the number of hits) against `label_bias` (Biased vs Non-biased).

BASIL (`basil/`, no licence: read in place, never copied): every sentence of the 240
articles here (title included); gold = word tokens inside spans with bias == "lex";
token-level precision / recall / F1. The lexicon was not developed on BASIL.
"""
from __future__ import annotations

import ast
import csv
import hashlib
import json
from pathlib import Path

from ..framing.document import Abbreviations, parse
from ..framing.extractors import loaded_terms
from ..framing.lexicons import Entry, Lexicon
from ..framing.matching import PhraseMatcher
from . import Row

BABE_FILE = Path("babe") / "final_labels_SG2.train.csv"
RECASENS_FILE = Path("recasens2013-bias-lexicons") / "bias_lexicon.txt"
BASIL_DIR = Path("basil")
BASELINE_NAME = "Recasens 2013 bias lexicon (654 words, same matcher)"
_SPLIT_SALT = "slant-bias-words-v1:"


def babe_split(text: str) -> str:
    """'test' or 'dev' for one BABE sentence; deterministic, half each."""
    digest = hashlib.sha1((_SPLIT_SALT + text).encode("utf-8")).hexdigest()
    return "test" if int(digest, 16) % 2 == 0 else "dev"


def evaluate(data_dir: Path, resources, *, split: str = "test") -> list[Row]:
    data_dir = Path(data_dir)
    baseline = _baseline_matcher(data_dir / RECASENS_FILE)
    rows: list[Row] = []
    if (data_dir / BABE_FILE).is_file():
        rows += _babe(data_dir / BABE_FILE, resources, baseline, split)
    if (data_dir / BASIL_DIR).is_dir():
        rows += _basil(data_dir / BASIL_DIR, resources, baseline)
    return rows


# --- the two systems ---------------------------------------------------------------

def _baseline_matcher(path: Path) -> PhraseMatcher:
    lexicon = Lexicon("recasens2013_bias", path.name, "Recasens et al. 2013", "MIT", "1",
                      "inflect", ("bias",), "baseline")
    words = [w.strip() for w in path.read_text(encoding="utf-8").splitlines() if w.strip()]
    lexicon.entries = [Entry(w, "bias", None, "", frozenset(), f"{path.name}:{i}")
                       for i, w in enumerate(words, start=1)]
    return PhraseMatcher([lexicon])


def _flagged(text: str, resources, baseline: PhraseMatcher):
    """(doc, ours, theirs): ours/theirs are lists of (start, end, weight) over `text`."""
    doc = parse(text, abbreviations=resources.abbreviations or Abbreviations())
    ours = [(h.start, h.end, h.weight) for h in loaded_terms.find_hits(doc, resources)]
    theirs = [(m.start, m.end, 1.0) for m in baseline.find(doc)]
    return doc, ours, theirs


def _covered_words(doc, spans) -> set[int]:
    """Indices of word tokens that overlap any span."""
    out = set()
    for start, end, _ in spans:
        for i, t in enumerate(doc.tokens):
            if t.is_word and t.start < end and start < t.end:
                out.add(i)
    return out


def _prf(tp: int, predicted: int, gold: int) -> tuple[float | None, float | None, float | None]:
    p = tp / predicted if predicted else None
    r = tp / gold if gold else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return p, r, f


def roc_auc(scores: list[float], labels: list[int]) -> float | None:
    """Mann-Whitney ROC-AUC with average ranks for ties; None without both classes."""
    pos = sum(labels)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(r for r, y in zip(ranks, labels) if y)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


# --- BABE -----------------------------------------------------------------------

def _babe(path: Path, resources, baseline, split: str) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as fh:
        records = [r for r in csv.DictReader(fh, delimiter=";") if babe_split(r["text"]) == split]
    counts = {"ours": [0, 0], "theirs": [0, 0]}  # tp, predicted
    gold_total = 0
    scores = {"ours": [], "theirs": []}
    labels = []
    for record in records:
        doc, ours, theirs = _flagged(record["text"], resources, baseline)
        gold = {w.lower() for phrase in ast.literal_eval(record["biased_words"] or "[]")
                for w in phrase.split() if any(c.isalnum() for c in w)}
        gold = {w.strip(".,;:!?\"'“”‘’()") for w in gold}
        gold_total += len(gold)
        for name, spans in (("ours", ours), ("theirs", theirs)):
            flagged = {doc.tokens[i].lower for i in _covered_words(doc, spans)}
            counts[name][0] += len(flagged & gold)
            counts[name][1] += len(flagged)
        if record["label_bias"] in ("Biased", "Non-biased"):
            labels.append(1 if record["label_bias"] == "Biased" else 0)
            scores["ours"].append(sum(w for _, _, w in ours))
            scores["theirs"].append(float(len(theirs)))
    dataset = "BABE SG2 train file"
    split_name = f"{split} half (sha1 rule)"
    task = "loaded terms vs BABE biased words"
    ours_prf = _prf(counts["ours"][0], counts["ours"][1], gold_total)
    theirs_prf = _prf(counts["theirs"][0], counts["theirs"][1], gold_total)
    rows = [
        Row(task, dataset, split_name, f"word {m}", o, t, BASELINE_NAME, len(records),
            "word types per sentence, micro-averaged")
        for m, o, t in zip(("precision", "recall", "F1"), ours_prf, theirs_prf)
    ]
    rows.append(Row("loaded terms vs BABE label_bias", dataset, split_name, "sentence ROC-AUC",
                    roc_auc(scores["ours"], labels), roc_auc(scores["theirs"], labels),
                    BASELINE_NAME, len(labels),
                    "score = sum of hit weights (baseline: hit count); 'No agreement' rows left out"))
    return rows


# --- BASIL ----------------------------------------------------------------------

def _basil(root: Path, resources, baseline) -> list[Row]:
    tp = {"ours": 0, "theirs": 0}
    predicted = {"ours": 0, "theirs": 0}
    gold_total = 0
    articles = 0
    for ann_path in sorted((root / "annotations").glob("*/*_ann.json")):
        art_path = root / "articles" / ann_path.parent.name / ann_path.name.replace("_ann.json", ".json")
        if not art_path.is_file():
            continue
        article = json.loads(art_path.read_text(encoding="utf-8"))
        annotations = json.loads(ann_path.read_text(encoding="utf-8"))
        sentences = [article.get("title") or ""] + [s for p in article["body-paragraphs"] for s in p]
        lex: dict[int, list[tuple[int, int, float]]] = {}
        for a in annotations.get("phrase-level-annotations", []):
            if a.get("bias") != "lex":
                continue
            where = next((i for i, s in enumerate(sentences) if s[a["start"]:a["end"]] == a["txt"]), None)
            if where is not None:
                lex.setdefault(where, []).append((a["start"], a["end"], 1.0))
        articles += 1
        for i, sentence in enumerate(sentences):
            if not sentence.strip():
                continue
            doc, ours, theirs = _flagged(sentence, resources, baseline)
            gold = _covered_words(doc, lex.get(i, []))
            gold_total += len(gold)
            for name, spans in (("ours", ours), ("theirs", theirs)):
                flagged = _covered_words(doc, spans)
                tp[name] += len(flagged & gold)
                predicted[name] += len(flagged)
    ours_prf = _prf(tp["ours"], predicted["ours"], gold_total)
    theirs_prf = _prf(tp["theirs"], predicted["theirs"], gold_total)
    return [
        Row("loaded terms vs BASIL lexical-bias spans", f"BASIL ({articles} articles here)",
            "all (not developed on)", f"token {m}", o, t, BASELINE_NAME, gold_total,
            "n = gold lexical-bias word tokens")
        for m, o, t in zip(("precision", "recall", "F1"), ours_prf, theirs_prf)
    ]
