"""Attribution cues and sources against PolNeAR (Newell, Margolin & Ruths, LREC 2018).

PolNeAR has no licence: it is read from ../shared/data/polnear and never copied
into the repository. Gold: brat `.ann` files whose `Cue` and `Source` entities are
character spans into the article text (a discontinuous span "a b;c d" is scored as
its hull a..d). When an article was annotated by several annotators, the first
`.ann` file in name order is used. The rules were developed on `train`; the rows
report `dev` (84 articles). The test split is not in our copy.

Metrics: span precision / recall / F1, counting a predicted span as correct when it
equals a gold span (exact) or shares at least one character with a still unmatched
gold span (overlap, one-to-one, greedy in text order).

Baseline (same run): cue = every token that is a form of a verb in the Recasens et
al. (2013) `report_verbs.txt` list (regular inflections from `matching.inflections`,
plus the irregular pasts said/told/wrote/thought/spoke/heard/knew/showed→shown);
source = the nearest run of capitalised words before the cue in the same sentence.
"""
from __future__ import annotations

import time
from pathlib import Path

from ..framing.document import parse
from ..framing.extractors.attribution import attributions
from ..framing.matching import inflections
from . import Row

DATASET = "PolNeAR v1.0.0"
BASELINE = "report-verb list + preceding capitalised run"
#: Irregular past forms, so that the baseline's lemma list matches "said" as a lemmatiser would.
_IRREGULAR = {"say": ("said",), "tell": ("told",), "write": ("wrote", "written"),
              "think": ("thought",), "speak": ("spoke", "spoken"), "know": ("knew", "known"),
              "hear": ("heard",), "show": ("shown",)}


def load_split(data_dir: Path, split: str, limit: int | None = None):
    """[(name, text, gold_cues, gold_sources)] for one compartment of PolNeAR."""
    root = Path(data_dir) / "polnear" / "data" / split
    chosen: dict[str, Path] = {}
    for ann in sorted((root / "attributions").glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(stem, ann)
    out = []
    for stem, ann in sorted(chosen.items())[:limit]:
        text_path = root / "text" / f"{stem}.txt"
        if not text_path.is_file():
            continue
        text = text_path.read_text(encoding="utf-8")
        cues, sources = [], []
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                continue
            _, role_span, *_ = line.split("\t")
            role, _, offsets = role_span.partition(" ")
            numbers = [int(x) for part in offsets.split(";") for x in part.split()]
            span = (min(numbers), max(numbers))
            if role == "Cue":
                cues.append(span)
            elif role == "Source":
                sources.append(span)
        out.append((stem, text, sorted(set(cues)), sorted(set(sources))))
    return out


def score(pred: list[tuple[int, int]], gold: list[tuple[int, int]]):
    """(tp_exact, tp_overlap_pred, tp_overlap_gold) for one document."""
    exact = len(set(pred) & set(gold))
    used = [False] * len(gold)
    matched = 0
    for p in sorted(pred):
        for k, g in enumerate(gold):
            if not used[k] and p[0] < g[1] and g[0] < p[1]:
                used[k] = True
                matched += 1
                break
    return exact, matched


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    p = tp / n_pred if n_pred else None
    r = tp / n_gold if n_gold else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return p, r, f


def system_spans(doc, resources):
    cues, sources = [], []
    for att in attributions(doc, resources):
        cues.append((att.cue.start, att.cue.end))
        if att.source is not None:
            sources.append((att.source.start, att.source.end))
    return sorted(set(cues)), sorted(set(sources))


def _report_forms(data_dir: Path) -> frozenset[str]:
    path = Path(data_dir) / "recasens2013-bias-lexicons" / "report_verbs.txt"
    forms = set()
    for lemma in path.read_text(encoding="utf-8").split():
        forms |= inflections(lemma.lower())
        forms.update(_IRREGULAR.get(lemma.lower(), ()))
    return frozenset(forms)


def baseline_spans(doc, forms: frozenset[str]):
    cues, sources = [], []
    for s in doc.measured_sentences:
        toks = doc.sentence_tokens(s)
        for i, t in enumerate(toks):
            if t.lower not in forms:
                continue
            cues.append((t.start, t.end))
            j = i - 1
            while j >= 0 and not (toks[j].is_word and toks[j].text[:1].isupper()):
                j -= 1
            if j < 0:
                continue
            k = j
            while k - 1 >= 0 and toks[k - 1].is_word and toks[k - 1].text[:1].isupper():
                k -= 1
            sources.append((toks[k].start, toks[j].end))
    return sorted(set(cues)), sorted(set(sources))


def evaluate(data_dir: Path, resources, split: str = "dev", limit: int | None = None) -> list[Row]:
    started = time.perf_counter()
    docs = load_split(data_dir, split, limit)
    forms = _report_forms(data_dir)
    totals = {key: [0, 0, 0, 0] for key in ("sys_cue", "sys_src", "base_cue", "base_src")}
    n_gold = {"cue": 0, "src": 0}
    for _, text, gold_cues, gold_sources in docs:
        doc = parse(text, abbreviations=resources.abbreviations,
                    boilerplate_rules=resources.boilerplate_rules)
        n_gold["cue"] += len(gold_cues)
        n_gold["src"] += len(gold_sources)
        for who, (cues, sources) in (("sys", system_spans(doc, resources)),
                                     ("base", baseline_spans(doc, forms))):
            for part, pred, gold in (("cue", cues, gold_cues), ("src", sources, gold_sources)):
                exact, overlap = score(pred, gold)
                t = totals[f"{who}_{part}"]
                t[0] += exact
                t[1] += overlap
                t[2] += len(pred)
    seconds = time.perf_counter() - started
    rows = []
    names = {"cue": "attribution cue spans", "src": "attribution source spans"}
    for part in ("cue", "src"):
        for match, idx in (("exact", 0), ("overlap", 1)):
            sys_t, base_t = totals[f"sys_{part}"], totals[f"base_{part}"]
            sys_prf = prf(sys_t[idx], sys_t[2], n_gold[part])
            base_prf = prf(base_t[idx], base_t[2], n_gold[part])
            for metric, k in (("P", 0), ("R", 1), ("F1", 2)):
                rows.append(Row(
                    task=f"{names[part]} vs PolNeAR", dataset=DATASET,
                    split=f"{split} ({len(docs)} articles, first annotator)",
                    metric=f"{metric} ({match} span)",
                    system=_round(sys_prf[k]), baseline=_round(base_prf[k]),
                    baseline_name=BASELINE, n=n_gold[part],
                    note=f"predicted: system {sys_t[2]}, baseline {base_t[2]}; {seconds:.1f} s"))
    return rows


def _round(value):
    return None if value is None else round(value, 3)


if __name__ == "__main__":  # python -m service.evaluation.attribution_spans [split] [limit]
    import sys

    from ..framing.resources import load_resources
    split = sys.argv[1] if len(sys.argv) > 1 else "dev"
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    here = Path(__file__).resolve().parents[3] / "shared" / "data"
    for row in evaluate(here, load_resources(), split, limit):
        print(f"{row.split:40} {row.task:40} {row.metric:20} system={row.system} "
              f"baseline={row.baseline} n={row.n}  {row.note}")
