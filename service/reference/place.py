"""Place one analysed article against a reference model: `place(analysis, model)`.

For every framing feature: its value, its percentile among the corpus articles (mid-rank
on a 201-point quantile grid, so ties count half) and its z-score; the features where the
article is most unusual (largest |z|), and per feature group (the part of the name before
the dot) the root-mean-square z over all its features (a missing one at the corpus
median), so "how unusual is this article's attribution" is one number backed by named
features and comparable between articles. Also: nearest outlets (root-mean-square z difference
to each outlet's centroid), nearest corpus articles by content (cosine over TF-IDF; same
story candidates) with the framing features where each differs most, map coordinates,
label probabilities with the grouped cross-validation scores they come with, and a
typicality check that flags an article unlike anything in the corpus.

Higher typicality ⇒ more like the corpus (1 = at the centre, 0 = further out than every
corpus article). A missing (None) feature is imputed with the corpus median and listed.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

import numpy as np

from .model import QUANTILE_PROBS, ReferenceModel, content_terms

TOP_FEATURES = 5
N_OUTLETS = 5
N_ARTICLES = 5
#: Below this typicality (share of the corpus further from the centre) framing is "unusual".
UNUSUAL_FRAMING = 0.01
#: A topic is "unfamiliar" when the closest corpus article is less similar (cosine) than
#: this and than every sampled corpus article is to its own nearest neighbour.
UNFAMILIAR_TOPIC = 0.2
#: Nearest articles: walk the postings of this many of the article's strongest terms,
#: then re-score this many candidates exactly.
QUERY_TERMS = 40
CANDIDATES = 100


@dataclass(slots=True)
class Placement:
    model: dict[str, Any]
    features: dict[str, dict[str, Any]]
    most_unusual: list[dict[str, Any]]
    groups: dict[str, dict[str, Any]]
    nearest_outlets: list[dict[str, Any]]
    nearest_articles: list[dict[str, Any]]
    map: dict[str, Any]
    labels: dict[str, dict[str, Any]]
    typicality: dict[str, Any]
    missing_features: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


_PROBS = QUANTILE_PROBS.tolist()


def _grid_percentile(grid: list[float], value: float) -> float:
    """`percentile` on a finite grid held as a list of floats (the same arithmetic on the
    same doubles, with `bisect` in place of `np.searchsorted`)."""
    lo = bisect_left(grid, value)
    hi = bisect_right(grid, value, lo)
    if lo < hi:
        p = (_PROBS[lo] + _PROBS[hi - 1]) / 2
    elif lo == 0:
        p = 0.0
    elif lo == len(grid):
        p = 100.0
    else:
        a, b = grid[lo - 1], grid[lo]
        p = _PROBS[lo - 1] + (value - a) / (b - a) * (_PROBS[lo] - _PROBS[lo - 1])
    return round(p, 1)


def percentile(grid: np.ndarray, value: float) -> float | None:
    """Mid-rank percentile of `value` on a quantile grid at QUANTILE_PROBS (None if unmeasured)."""
    if np.isnan(grid[0]):
        return None
    return _grid_percentile(grid.tolist(), float(value))


def _share_beyond(grid: np.ndarray, value: float) -> float:
    """Share of the corpus at or above `value` on a quantile grid (1 - percentile/100)."""
    p = percentile(grid, value)
    return round(1.0 - p / 100.0, 4) if p is not None else 1.0


def query_vector(model: ReferenceModel, sentences) -> tuple[np.ndarray, np.ndarray]:
    """The article's l2-normalised TF-IDF vector as (term indices, weights)."""
    terms = content_terms(sentences)
    get = model.vocab.get
    idx = np.array([get(t, -1) for t in terms], dtype=np.int64)
    tf = np.fromiter(terms.values(), np.float64, len(terms))
    keep = idx >= 0
    idx, tf = idx[keep], tf[keep]
    w = (1.0 + np.log(tf)) * model.idf_[idx]
    norm = float(np.sqrt((w * w).sum()))
    return idx, (w / norm if norm else w)


def nearest(model: ReferenceModel, q_idx: np.ndarray, q_val: np.ndarray,
            k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k corpus articles with the highest cosine similarity, best first.

    Candidates come from the inverted index walked for the article's QUERY_TERMS
    highest-weighted terms only (the rare, distinctive ones with short postings lists);
    the best CANDIDATES of those are then re-scored exactly on all their terms.
    """
    index = model.index_
    strongest = np.argsort(-q_val, kind="stable")[:QUERY_TERMS]
    starts, ends = index.indptr[q_idx[strongest]], index.indptr[q_idx[strongest] + 1]
    rows = np.concatenate([index.indices[s:e] for s, e in zip(starts, ends)])
    weights = np.concatenate([index.data[s:e] * w for s, e, w in zip(starts, ends, q_val[strongest])])
    partial = np.bincount(rows, weights=weights, minlength=index.shape[0])
    c = min(CANDIDATES, len(partial))
    candidates = np.argpartition(-partial, c - 1)[:c]
    candidates = candidates[partial[candidates] > 0]
    dense = np.zeros(index.shape[1])
    dense[q_idx] = q_val
    exact = model.rows_[candidates] @ dense
    order = np.lexsort((candidates, -exact))[:k]
    return candidates[order], exact[order]


def place(analysis, model: ReferenceModel) -> Placement:
    """Where `analysis` (from service.framing.analyze) sits in `model`'s corpus."""
    names = model.feature_names
    raw = [analysis.features.get(n) for n in names]
    missing = [n for n, v in zip(names, raw) if v is None]
    x = np.array([model.median_[j] if v is None else float(v) for j, v in enumerate(raw)])
    z = (x - model.mean_) / model.std_
    xs, zs = x.tolist(), z.tolist()   # the same doubles, without numpy's per-element cost

    features = {}
    grids = model.quantile_lists_
    for j, name in enumerate(names):
        if raw[j] is None:
            features[name] = {"value": None, "percentile": None, "z": None}
            continue
        grid = grids[j]
        features[name] = {
            "value": raw[j],
            "percentile": _grid_percentile(grid, xs[j]) if grid is not None
            else percentile(model.quantiles_[j], x[j]),
            "z": round(zs[j], 3),
        }
    measured_idx = [j for j, v in enumerate(raw) if v is not None]
    order = sorted(measured_idx, key=lambda j: -abs(zs[j]))[:TOP_FEATURES]
    most_unusual = [{"feature": names[j], **features[names[j]]} for j in order]

    # A group's unusualness is the RMS z over ALL its features, a missing one counted at the
    # corpus median (as in every other distance here): an RMS over only the measured features
    # would not compare articles with different missing features on the same footing.
    groups: dict[str, list[int]] = {}
    for j in range(len(names)):
        groups.setdefault(names[j].split(".", 1)[0], []).append(j)
    group_out = {
        g: {"unusualness": round(float(np.sqrt(np.mean(z[js] ** 2))), 3),
            "n_features": len(js),
            "n_measured": sum(1 for j in js if raw[j] is not None),
            "features": [{"feature": names[j], "z": round(zs[j], 3),
                          "percentile": features[names[j]]["percentile"]}
                         for j in sorted((j for j in js if raw[j] is not None),
                                         key=lambda j: -abs(zs[j]))[:3]]}
        for g, js in sorted(groups.items())
    }

    d = max(len(names), 1)
    nearest_outlets = []
    if len(model.outlets):
        dist = np.sqrt(((model.outlet_centroids_ - z) ** 2).sum(axis=1) / d)
        enough = model.outlet_counts_ >= model.meta["min_outlet_articles"]
        pool = np.flatnonzero(enough) if enough.any() else np.arange(len(model.outlets))
        for k in pool[np.argsort(dist[pool], kind="stable")[:N_OUTLETS]]:
            nearest_outlets.append({
                "outlet": model.outlets[k], "distance": round(float(dist[k]), 3),
                "n_articles": int(model.outlet_counts_[k]),
                "spread": round(float(model.outlet_spread_[k]), 3),
                "few_articles": bool(not enough[k])})

    q_idx, q_val = query_vector(model, analysis.sentences)
    nearest_articles = []
    best_sim = 0.0
    if len(q_idx):
        top, sims = nearest(model, q_idx, q_val, N_ARTICLES)
        best_sim = float(sims[0]) if len(sims) else 0.0
        for i, sim in zip(top, sims):
            if sim <= 0:
                break
            diff = (model.Z_[i].astype(np.float64) - z).tolist()
            theirs = model.Z_[i].tolist()
            ranked = sorted(measured_idx, key=lambda j: -abs(diff[j]))[:3]
            o = int(model.article_outlet_[i])
            nearest_articles.append({
                "id": model.ids[i], "title": model.titles[i] or None, "url": model.urls[i] or None,
                "outlet": model.outlets[o] if o >= 0 else None,
                "similarity": round(float(sim), 4),
                "map": [round(float(c), 3) for c in model.map_coords_[i]],
                "differs_most": [{"feature": names[j], "article_z": round(zs[j], 3),
                                  "their_z": round(theirs[j], 3)} for j in ranked]})

    coords = (z - model.map_center_) @ model.map_components_.T
    map_out = {"x": round(float(coords[0]), 3), "y": round(float(coords[1]), 3),
               "axes": model.meta["map"]["axes"]}

    if model.typ_precision_.size:
        diff = z - model.typ_center_
        distance = float(np.sqrt(max(diff @ model.typ_precision_ @ diff, 0.0)))
    else:
        distance = 0.0
    score = _share_beyond(model.typ_quantiles_, distance)
    topic = percentile(model.nn_sim_quantiles_, best_sim)
    unusual = score < UNUSUAL_FRAMING
    unfamiliar = best_sim < min(float(model.nn_sim_quantiles_[0]), UNFAMILIAR_TOPIC)
    reasons = []
    if unusual:
        reasons.append(f"its framing is further from the corpus centre than {100 * (1 - score):.1f}% "
                       f"of the corpus articles")
    if unfamiliar:
        reasons.append(f"the most similar corpus article shares little of its vocabulary (cosine "
                       f"{best_sim:.2f}, less than any sampled corpus article to its nearest neighbour): "
                       f"a topic the corpus does not cover")
    typicality = {"score": score, "distance": round(distance, 3),
                  "nearest_content_similarity": round(best_sim, 4),
                  "content_similarity_percentile": topic,
                  "unusual_framing": unusual, "unfamiliar_topic": unfamiliar,
                  "out_of_domain": unusual or unfamiliar, "reasons": reasons}

    labels = {}
    for name, lm in model.labels.items():
        probs = lm.probabilities(z, q_idx, q_val)
        labels[name] = {"probabilities": probs, "predicted": max(probs, key=probs.get),
                        "features_used": lm.info["served"],
                        "validation": lm.info["validation"][lm.info["served"]],
                        "baseline_validation": lm.info["validation"]["tfidf_baseline"],
                        "caution": "out of domain: treat these probabilities as unreliable"
                        if typicality["out_of_domain"] else None}

    return Placement(
        model={"name": model.name, "digest": model.meta["digest"], "n_articles": model.n_articles,
               "licence": model.meta.get("licence")},
        features=features, most_unusual=most_unusual, groups=group_out,
        nearest_outlets=nearest_outlets, nearest_articles=nearest_articles, map=map_out,
        labels=labels, typicality=typicality, missing_features=missing)
