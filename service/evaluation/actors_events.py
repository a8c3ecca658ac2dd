"""Comparison building blocks against gold: actor-phrase alignment and same-event grouping.

* NewsWCL50 (CC BY-SA 4.0): per event, cluster the annotated entity mentions (ACTOR,
  ACTOR-I, COUNTRY, GROUP codes) of all five outlets into concepts; B³ F1 against the
  gold concept (`code_name`), macro-averaged over events. Baseline: exact (lower-cased)
  string match. Events 0–4 were used for development, events 5–9 are reported.
* BASIL (no licence: evaluation only, read from ../shared): for every article, is its
  nearest other article (by story similarity) one of the two from the same event?
  Baseline: plain TF-IDF (raw term counts, every word) nearest neighbour. Triplets are
  split by sha1(triplet id); the half with an even first hex digit was used for
  development, the other half is reported.
"""
from __future__ import annotations

import csv
import glob
import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path

from ..alignment import actor_lookup, align_phrases, cosine, fit_idf, story_terms, tfidf_vector
from . import Row

ENTITY_CODES = ("ACTOR", "ACTOR-I", "COUNTRY", "GROUP")
REPORT_EVENTS = {"5", "6", "7", "8", "9"}


def bcubed_f1(gold: list[str], predicted: list[int]) -> float:
    """B³ F1 (Bagga & Baldwin 1998) of a clustering against gold labels."""
    by_gold, by_pred = defaultdict(set), defaultdict(set)
    for i, (g, p) in enumerate(zip(gold, predicted)):
        by_gold[g].add(i)
        by_pred[p].add(i)
    precision = recall = 0.0
    for i, (g, p) in enumerate(zip(gold, predicted)):
        overlap = len(by_gold[g] & by_pred[p])
        precision += overlap / len(by_pred[p])
        recall += overlap / len(by_gold[g])
    precision, recall = precision / len(gold), recall / len(gold)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def newswcl50_rows(data_dir: Path, resources) -> list[Row]:
    path = data_dir / "newswcl50" / "Annotations.csv"
    with open(path, encoding="utf-8") as handle:
        next(handle)  # "sep=,"
        rows = [r for r in csv.DictReader(handle) if r["code_type"] in ENTITY_CODES]
    by_event = defaultdict(list)
    for r in rows:
        by_event[r["event_id"]].append(r)
    actor_of = actor_lookup(resources)
    ours, baseline, n = [], [], 0
    for event, mentions in sorted(by_event.items()):
        if event not in REPORT_EVENTS:
            continue
        phrases = [m["code_mention"] for m in mentions]
        gold = [m["code_name"] for m in mentions]
        ours.append(bcubed_f1(gold, align_phrases(phrases, actor_of)))
        exact: dict[str, int] = {}
        baseline.append(bcubed_f1(gold, [exact.setdefault(p.lower().strip(), len(exact)) for p in phrases]))
        n += len(phrases)
    return [Row("actor-phrase alignment vs NewsWCL50 concepts", "NewsWCL50 entity mentions",
                "events 5–9", "B³ F1 (macro over events)", round(sum(ours) / len(ours), 3),
                round(sum(baseline) / len(baseline), 3), "exact string match", n)]


def _basil_articles(data_dir: Path):
    for path in sorted(glob.glob(str(data_dir / "basil" / "articles" / "*" / "*.json"))):
        art = json.loads(Path(path).read_text(encoding="utf-8"))
        body = "\n".join(" ".join(p) for p in art["body-paragraphs"])
        yield art["triplet-uuid"], (art.get("title") or "") + "\n" + body


def _nearest_accuracy(vectors, events) -> float:
    hits = 0
    for i, vec in enumerate(vectors):
        best = max((j for j in range(len(vectors)) if j != i), key=lambda j: cosine(vec, vectors[j]))
        hits += events[best] == events[i]
    return hits / len(vectors)


def basil_rows(data_dir: Path, resources) -> list[Row]:
    stopwords = resources.terms("function_words")
    articles = [(e, t) for e, t in _basil_articles(data_dir)
                if int(hashlib.sha1(e.encode()).hexdigest()[0], 16) % 2 == 1]
    events = [e for e, _ in articles]
    ours_counts = [story_terms(t, stopwords) for _, t in articles]
    idf, default = fit_idf(ours_counts)
    ours = [tfidf_vector(c, idf, default) for c in ours_counts]
    plain_counts = [dict(Counter(w.lower() for w in t.split())) for _, t in articles]
    pidf, pdefault = fit_idf(plain_counts)
    plain = [tfidf_vector(c, pidf, pdefault, sublinear=False) for c in plain_counts]
    return [Row("same-event grouping vs BASIL triplets", "BASIL (80 events × 3 outlets here)",
                "odd-hash half of the events", "nearest-article accuracy",
                round(_nearest_accuracy(ours, events), 3), round(_nearest_accuracy(plain, events), 3),
                "TF-IDF nearest neighbour (raw counts, all words)", len(articles))]


def evaluate(data_dir: Path, resources) -> list[Row]:
    return newswcl50_rows(data_dir, resources) + basil_rows(data_dir, resources)
