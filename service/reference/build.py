"""Build a reference model from a corpus: `slant reference build CORPUS --name NAME -o DIR`.

The corpus is streamed in batches (never every text at once); each article is analysed
by the core (`service.framing.analyze`) in a pool of worker processes that load the
lexicons once each. What is kept per article is its feature vector, its content-word
counts and its metadata (id, title, outlet, url) — never its text. From those we fit:

* per-feature quantiles (for percentiles), median (imputation) and mean/std (z-scores);
* outlet profiles: centroid and spread in z-space, article count (few-article outlets marked);
* a content index: sublinear TF-IDF over content words (function words removed), rows
  l2-normalised, stored as CSR arrays; cosine similarity is a sparse dot product;
* a 2-D map: PCA of the standardised features, with every article's coordinates;
* typicality: a Ledoit-Wolf Mahalanobis distance and its corpus distribution, plus the
  corpus distribution of nearest-neighbour content similarity;
* per label: logistic regression on framing features, on TF-IDF alone (baseline) and on
  both, each validated by cross-validation grouped by outlet (GroupKFold: no outlet in
  both train and test); the served variant is the better of framing / framing+lexical.
"""
from __future__ import annotations

import math
import platform
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata as importlib_metadata
from itertools import islice
from pathlib import Path
from typing import Any, Callable

import numpy as np
import scipy.sparse as sp
from threadpoolctl import threadpool_limits

from .corpus import CorpusReader, file_digest
from .model import FORMAT_VERSION, QUANTILE_PROBS, content_terms, pack_strings, save_model

BATCH = 256
MIN_LABELLED = 10
CV_FOLDS = 5

_worker_resources = None


def _init_worker() -> None:
    global _worker_resources
    from ..framing.resources import load_resources
    _worker_resources = load_resources()


def _core_analyse(text: str, title: str | None):
    from ..framing.analyze import analyze
    if _worker_resources is None:
        _init_worker()
    return analyze(text, title=title, resources=_worker_resources)


def _summarise(analysis, names: list[str]) -> tuple[list[float], dict[str, int], str]:
    values = [analysis.features.get(n) for n in names]
    vec = [float("nan") if v is None else float(v) for v in values]
    return vec, content_terms(analysis.sentences), analysis.meta.get("lexicon_digest", "")


def _work(job: tuple[str, str | None, list[str]]):
    text, title, names = job
    return _summarise(_core_analyse(text, title), names)


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("slant", "numpy", "scipy", "scikit-learn", "vaderSentiment", "textstat"):
        try:
            out[pkg] = importlib_metadata.version(pkg)
        except importlib_metadata.PackageNotFoundError:
            out[pkg] = "absent"
    return out


def _peak_rss_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale
    return round(max(own, kids) / 2**20, 1)


def build_model(corpus: str | Path, name: str, out_dir: str | Path, *,
                skip_bad: bool = False, description: str = "", licence: str = "unspecified",
                attribution: str = "", workers: int = 2, min_outlet_articles: int = 5,
                group_by: str = "outlet", max_vocab: int = 50_000, min_df: int = 2,
                analyse: Callable[[str, str | None], Any] | None = None,
                feature_names: list[str] | None = None, lexicon_digest: str | None = None,
                stopwords: frozenset[str] | None = None, rebuild_command: str | None = None,
                log: Callable[[str], None] = lambda msg: None) -> dict[str, Any]:
    """Analyse `corpus` and save a model to `out_dir`; returns the saved meta.

    `analyse`, `feature_names`, `lexicon_digest` and `stopwords` default to the running
    core (tests pass small stand-ins). `group_by` is "outlet" or "event": the field whose
    values never straddle a train/test split in cross-validation.
    """
    started = time.perf_counter()
    if group_by not in ("outlet", "event"):
        raise ValueError(f"group_by must be 'outlet' or 'event', not {group_by!r}")
    if feature_names is None:
        from ..framing.analyze import feature_names as core_names
        feature_names = core_names()
    if stopwords is None or lexicon_digest is None:
        from ..framing.resources import load_resources
        res = load_resources()
        stopwords = res.terms("function_words") if stopwords is None else stopwords
        lexicon_digest = res.digest if lexicon_digest is None else lexicon_digest
    names = list(feature_names)
    reader = CorpusReader(corpus, skip_bad=skip_bad)

    rows: list[list[float]] = []
    term_ids: dict[str, int] = {}
    cols: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    info: dict[str, list] = {k: [] for k in ("id", "title", "outlet", "url", "event", "labels")}
    digests: set[str] = set()

    def absorb(article, result) -> None:
        vec, terms, digest = result
        rows.append(vec)
        digests.add(digest)
        c = np.fromiter((term_ids.setdefault(t, len(term_ids)) for t in terms), np.int32, len(terms))
        cols.append(c)
        counts.append(np.fromiter(terms.values(), np.float32, len(terms)))
        for key in ("id", "title", "outlet", "url", "event"):
            info[key].append(getattr(article, key))
        info["labels"].append(article.labels)

    articles = iter(reader)
    pool = ProcessPoolExecutor(workers, initializer=_init_worker) if workers > 1 and analyse is None else None
    try:
        while batch := list(islice(articles, BATCH)):
            if pool is not None:
                results = pool.map(_work, [(a.text, a.title, names) for a in batch], chunksize=8)
            else:
                fn = analyse or _core_analyse
                results = (_summarise(fn(a.text, a.title), names) for a in batch)
            for article, result in zip(batch, results):
                absorb(article, result)
            log(f"analysed {len(rows)} articles")
    finally:
        if pool is not None:
            pool.shutdown()
    n = len(rows)
    if n < 3:
        raise ValueError(f"corpus {corpus} has {n} usable articles; a reference model needs at least 3")
    if digests - {lexicon_digest}:
        raise RuntimeError(f"articles were analysed with lexicon digests {sorted(digests)}, "
                           f"expected {lexicon_digest}")

    X = np.array(rows, dtype=np.float64).reshape(n, len(names))
    arrays: dict[str, np.ndarray] = {}
    stats = _feature_stats(X)
    arrays.update(stats)
    Z = ((np.where(np.isnan(X), stats["feature_median"], X) - stats["feature_mean"])
         / stats["feature_std"]).astype(np.float32)
    arrays["Z"] = Z

    counts_csr = _counts_matrix(cols, counts, len(term_ids))
    del cols, counts
    vocab, counts_csr = _vocabulary(counts_csr, term_ids, stopwords, min_df, max_vocab)
    idf = _idf(counts_csr)
    index = _tfidf(counts_csr, idf)
    vd, vo = pack_strings(vocab)
    arrays.update(vocab_data=vd, vocab_offsets=vo, idf=idf.astype(np.float32),
                  content_data=index.data.astype(np.float32),
                  content_indices=index.indices.astype(np.int32),
                  content_indptr=index.indptr.astype(np.int64))

    outlets = sorted({o for o in info["outlet"] if o})
    outlet_pos = {o: i for i, o in enumerate(outlets)}
    art_outlet = np.array([outlet_pos.get(o, -1) if o else -1 for o in info["outlet"]], np.int32)
    arrays.update(_outlet_profiles(Z, art_outlet, len(outlets)))
    arrays["article_outlet"] = art_outlet
    for key, values in (("id", info["id"]), ("title", info["title"]), ("url", info["url"]),
                        ("outlet", outlets)):
        arrays[f"{key}_data"], arrays[f"{key}_offsets"] = pack_strings(values)

    map_arrays, map_meta = _map(Z, names)
    arrays.update(map_arrays)
    arrays.update(_typicality(Z, index))

    groups = _groups(info[group_by], info["id"])
    label_meta = []
    label_names = sorted({k for labels in info["labels"] for k in labels})
    for label in label_names:
        # BLAS threads fighting over two cores made the fits ~40x slower: fit single-threaded.
        with threadpool_limits(1):
            fitted = _fit_label(label, info["labels"], X, Z, counts_csr, index, groups, names)
        if fitted is None:
            log(f"label {label!r}: too few labelled articles or a single class; skipped")
            continue
        i = len(label_meta)
        meta_i, coef_f, coef_l, intercept = fitted
        arrays[f"label{i}_coef_framing"] = coef_f
        arrays[f"label{i}_coef_lexical"] = coef_l
        arrays[f"label{i}_intercept"] = intercept
        arrays[f"label{i}_gold"] = _gold_codes(label, info["labels"], meta_i["classes"])
        label_meta.append(meta_i)
        log(f"label {label!r}: served {meta_i['served']}; "
            f"macro-F1 {meta_i['validation'][meta_i['served']]['macro_f1']}")

    n_groups = len(set(groups))
    meta = {
        "format_version": FORMAT_VERSION,
        "name": name,
        "description": description,
        "licence": licence,
        "attribution": attribution,
        "feature_names": names,
        "features_never_measured": [f for f, m in zip(names, stats["feature_median"]) if
                                    np.isnan(stats["feature_quantiles"][names.index(f)]).all()],
        "lexicon_digest": lexicon_digest,
        "corpus_digest": file_digest(corpus),
        "corpus_file": Path(corpus).name,
        "skipped_lines": [{"line": line, "reason": why} for line, why in reader.skipped],
        "n_articles": n,
        "n_outlets": len(outlets),
        "n_articles_without_outlet": int((art_outlet < 0).sum()),
        "min_outlet_articles": min_outlet_articles,
        "n_outlets_with_enough_articles": int(sum(
            1 for c in arrays["outlet_counts"] if c >= min_outlet_articles)),
        "cv": {"grouped_by": group_by, "n_groups": n_groups,
               "folds": min(CV_FOLDS, n_groups), "classifier": "logistic regression, C=1, "
               "class_weight=balanced; TF-IDF vocabulary chosen on the whole corpus, idf refit per fold"},
        "content_index": {"n_terms": len(vocab), "min_df": min_df, "weighting":
                          "(1 + ln tf) * (ln((1 + n) / (1 + df)) + 1), rows l2-normalised"},
        "map": map_meta,
        "labels": label_meta,
        "built_with": _versions(),
        "rebuild_command": rebuild_command or f"slant reference build {corpus} --name {name} -o {out_dir}",
        "build": {"seconds": round(time.perf_counter() - started, 2), "peak_rss_mb": _peak_rss_mb(),
                  "workers": workers},
    }
    meta["digest"] = save_model(out_dir, arrays, meta)
    readme = Path(out_dir) / "README.md"
    if not readme.exists():
        readme.write_text(f"# Reference model `{name}`\n\n{description or 'No description given.'}\n\n"
                          f"- Corpus: `{Path(corpus).name}` ({meta['corpus_digest']})\n"
                          f"- Licence: {licence}\n- Attribution: {attribution or 'none given'}\n",
                          encoding="utf-8")
    return meta


def _feature_stats(X: np.ndarray) -> dict[str, np.ndarray]:
    d = X.shape[1]
    median = np.zeros(d)
    quantiles = np.full((d, len(QUANTILE_PROBS)), np.nan)
    missing = np.isnan(X).mean(axis=0) if d else np.zeros(0)
    for j in range(d):
        col = X[~np.isnan(X[:, j]), j]
        if len(col):
            median[j] = np.median(col)
            quantiles[j] = np.percentile(col, QUANTILE_PROBS)
    imputed = np.where(np.isnan(X), median, X)
    mean = imputed.mean(axis=0)
    std = imputed.std(axis=0)
    std[std < 1e-12] = 1.0
    # nan median (never measured) is stored as 0 so imputation stays finite
    return {"feature_median": median, "feature_mean": mean, "feature_std": std,
            "feature_quantiles": quantiles, "feature_missing_share": missing}


def _counts_matrix(cols, counts, n_terms) -> sp.csr_matrix:
    indptr = np.zeros(len(cols) + 1, dtype=np.int64)
    np.cumsum([len(c) for c in cols], out=indptr[1:])
    indices = np.concatenate(cols) if cols else np.zeros(0, np.int32)
    data = np.concatenate(counts) if counts else np.zeros(0, np.float32)
    m = sp.csr_matrix((data, indices, indptr), shape=(len(cols), n_terms))
    m.sort_indices()
    return m


def _vocabulary(C: sp.csr_matrix, term_ids: dict[str, int], stopwords, min_df: int,
                max_vocab: int) -> tuple[list[str], sp.csr_matrix]:
    terms = np.array(sorted(term_ids, key=term_ids.get), dtype=object)
    df = np.bincount(C.indices, minlength=C.shape[1])
    keep = [j for j in np.flatnonzero(df >= min_df) if terms[j] not in stopwords]
    if len(keep) > max_vocab:  # most frequent first, ties alphabetically
        keep = sorted(keep, key=lambda j: (-df[j], terms[j]))[:max_vocab]
    keep = sorted(keep, key=lambda j: terms[j])
    return [str(terms[j]) for j in keep], C[:, np.array(keep, dtype=np.int64)].tocsr()


def _idf(C: sp.csr_matrix) -> np.ndarray:
    df = np.bincount(C.indices, minlength=C.shape[1])
    return np.log((1.0 + C.shape[0]) / (1.0 + df)) + 1.0


def _tfidf(C: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    T = C.copy().astype(np.float64)
    T.data = 1.0 + np.log(T.data)
    T = T.multiply(idf[None, :]).tocsr()
    norms = np.sqrt(np.asarray(T.multiply(T).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    T = sp.diags(1.0 / norms) @ T
    T = T.tocsr()
    T.sort_indices()
    return T


def _outlet_profiles(Z: np.ndarray, art_outlet: np.ndarray, m: int) -> dict[str, np.ndarray]:
    d = Z.shape[1]
    centroids = np.zeros((m, d))
    spread = np.zeros(m)
    counts = np.bincount(art_outlet[art_outlet >= 0], minlength=m).astype(np.int32)
    for k in range(m):
        members = Z[art_outlet == k].astype(np.float64)
        centroids[k] = members.mean(axis=0)
        if d:
            spread[k] = math.sqrt(((members - centroids[k]) ** 2).mean())
    return {"outlet_counts": counts, "outlet_centroids": centroids, "outlet_spread": spread}


def _map(Z: np.ndarray, names: list[str]) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    n, d = Z.shape
    center = Z.mean(axis=0).astype(np.float64)
    components = np.zeros((2, d))
    explained = [0.0, 0.0]
    if d and n > 1:
        _, s, vt = np.linalg.svd(Z - center, full_matrices=False)
        k = min(2, len(s))
        for i in range(k):
            v = vt[i]
            components[i] = v if v[np.argmax(np.abs(v))] >= 0 else -v  # deterministic sign
        total = float((s ** 2).sum()) or 1.0
        explained = [round(float(s[i] ** 2 / total), 4) if i < k else 0.0 for i in range(2)]
    coords = ((Z - center) @ components.T).astype(np.float32)
    axes = []
    for i in range(2):
        order = np.argsort(-np.abs(components[i]))[:5]
        axes.append({"explained_variance": explained[i],
                     "loadings": [{"feature": names[j], "weight": round(float(components[i][j]), 3)}
                                  for j in order if components[i][j] != 0]})
    return ({"map_center": center, "map_components": components, "map_coords": coords},
            {"method": "PCA of standardised (median-imputed) framing features", "axes": axes})


def _typicality(Z: np.ndarray, index: sp.csr_matrix) -> dict[str, np.ndarray]:
    from sklearn.covariance import LedoitWolf
    n, d = Z.shape
    center = Z.mean(axis=0).astype(np.float64)
    if d:
        precision = LedoitWolf().fit(Z.astype(np.float64)).precision_
        diff = Z - center
        dist = np.sqrt(np.maximum(np.einsum("ij,jk,ik->i", diff, precision, diff), 0.0))
    else:
        precision = np.zeros((0, 0))
        dist = np.zeros(n)
    # nearest-neighbour content similarity for up to 600 evenly spaced corpus articles
    sample = np.unique(np.linspace(0, n - 1, min(n, 600)).astype(np.int64))
    best = []
    for chunk in np.array_split(sample, max(1, len(sample) // 100)):
        S = (index[chunk] @ index.T).toarray()
        S[np.arange(len(chunk)), chunk] = -1.0
        best.append(S.max(axis=1))
    best = np.concatenate(best)
    return {"typ_center": center, "typ_precision": precision,
            "typ_quantiles": np.percentile(dist, QUANTILE_PROBS),
            "nn_sim_quantiles": np.percentile(best, QUANTILE_PROBS)}


def _groups(values: list[str | None], ids: list[str]) -> list[str]:
    """CV groups: the outlet (or event); an article without one is its own group."""
    return [v if v else f"\x00{i}" for v, i in zip(values, ids)]


def _gold_codes(label: str, all_labels: list[dict], classes: list[str]) -> np.ndarray:
    """Each corpus article's own (gold) class of `label` as an index into classes; -1 when unlabelled."""
    index = {c: k for k, c in enumerate(classes)}
    return np.array([index.get(_label_value(labels[label]), -1) if label in labels else -1
                     for labels in all_labels], dtype=np.int16)


def _label_value(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _fit_label(label, all_labels, X, Z, counts_csr, index, groups, names):
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    rows = np.array([i for i, labels in enumerate(all_labels) if label in labels], dtype=np.int64)
    if len(rows) < MIN_LABELLED:
        return None
    y = np.array([_label_value(all_labels[i][label]) for i in rows])
    classes = sorted(set(y))
    g = np.array([groups[i] for i in rows])
    n_groups = len(set(g))
    if len(classes) < 2 or n_groups < 2:
        return None

    def lr():
        return LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced")

    def framing(train, test):
        Xt = X[rows[train]]
        med = np.nanmedian(np.where(np.isnan(Xt).all(axis=0), 0.0, Xt), axis=0) if Xt.shape[1] else np.zeros(0)
        med = np.where(np.isnan(med), 0.0, med)
        imp = lambda A: np.where(np.isnan(A), med, A)
        mu, sd = imp(Xt).mean(axis=0), imp(Xt).std(axis=0)
        sd[sd < 1e-12] = 1.0
        return (imp(Xt) - mu) / sd, (imp(X[rows[test]]) - mu) / sd

    def lexical(train, test):
        Ct = counts_csr[rows[train]]
        idf = _idf(Ct)
        return _tfidf(Ct, idf), _tfidf(counts_csr[rows[test]], idf)

    variants = {
        "framing": lambda tr, te: framing(tr, te),
        "tfidf_baseline": lambda tr, te: lexical(tr, te),
        "framing+lexical": lambda tr, te: tuple(
            sp.hstack([sp.csr_matrix(a), b]).tocsr() for a, b in zip(framing(tr, te), lexical(tr, te))),
    }
    if not names:
        del variants["framing"]
    folds = min(CV_FOLDS, n_groups)
    splits = list(GroupKFold(n_splits=folds).split(rows, y, g))
    validation = {}
    for vname, make in variants.items():
        oof = np.zeros((len(rows), len(classes)))
        for train, test in splits:
            if len(set(y[train])) < 2:
                oof[test] = np.bincount([classes.index(c) for c in y[train]],
                                        minlength=len(classes)) / len(train)
                continue
            A, B = make(train, test)
            clf = lr().fit(A, y[train])
            cols = [classes.index(c) for c in clf.classes_]
            oof[np.ix_(test, cols)] = clf.predict_proba(B)
        validation[vname] = _scores(y, oof, classes)
    served = "framing+lexical" if "framing" not in validation or \
        validation["framing+lexical"]["macro_f1"] > validation["framing"]["macro_f1"] else "framing"
    A = Z[rows].astype(np.float64)
    if served == "framing+lexical":
        A = sp.hstack([sp.csr_matrix(A), index[rows]]).tocsr()
    clf = lr().fit(A, y)
    coef = clf.coef_
    d = len(names)
    coef_f = coef[:, :d].astype(np.float64)
    coef_l = (coef[:, d:] if served == "framing+lexical" else np.zeros((coef.shape[0], 0))).astype(np.float32)
    counts = {c: int((y == c).sum()) for c in classes}
    meta = {"name": label, "classes": [str(c) for c in clf.classes_], "n_labelled": int(len(rows)),
            "class_counts": counts, "served": served, "cv_folds": folds, "n_groups": n_groups,
            "validation": validation,
            "top_framing_weights": _top_weights(coef_f, names, clf.classes_)}
    return meta, coef_f, coef_l, clf.intercept_.astype(np.float64)


def _top_weights(coef, names, classes):
    if not names:
        return {}
    out = {}
    rows = [(str(classes[1]), coef[0])] if coef.shape[0] == 1 else list(zip(map(str, classes), coef))
    for cls, w in rows:
        order = np.argsort(-np.abs(w))[:5]
        out[cls] = [{"feature": names[j], "weight": round(float(w[j]), 3)} for j in order]
    return out


def _scores(y: np.ndarray, proba: np.ndarray, classes: list[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
    pred = np.array(classes)[proba.argmax(axis=1)]
    truth = np.array([classes.index(c) for c in y])
    onehot = np.eye(len(classes))[truth]
    out: dict[str, Any] = {
        "accuracy": round(float(accuracy_score(y, pred)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", labels=classes,
                                         zero_division=0)), 4),
        "majority_baseline_accuracy": round(float(np.bincount(truth).max() / len(y)), 4),
        "n": int(len(y)),
    }
    try:
        if len(classes) == 2:
            out["roc_auc"] = round(float(roc_auc_score(truth, proba[:, 1])), 4)
        else:
            p = proba / np.clip(proba.sum(axis=1, keepdims=True), 1e-12, None)
            out["roc_auc"] = round(float(roc_auc_score(truth, p, multi_class="ovr",
                                                       average="macro", labels=list(range(len(classes))))), 4)
    except ValueError:
        out["roc_auc"] = None
    conf = proba.max(axis=1)
    correct = (proba.argmax(axis=1) == truth).astype(float)
    bins = np.minimum((conf * 10).astype(int), 9)
    ece, table = 0.0, []
    for b in range(10):
        m = bins == b
        if m.any():
            ece += m.mean() * abs(conf[m].mean() - correct[m].mean())
            table.append({"bin": f"{b / 10:.1f}-{(b + 1) / 10:.1f}", "n": int(m.sum()),
                          "mean_confidence": round(float(conf[m].mean()), 3),
                          "accuracy": round(float(correct[m].mean()), 3)})
    out["calibration"] = {"brier": round(float(((proba - onehot) ** 2).sum(axis=1).mean()), 4),
                          "ece": round(float(ece), 4), "reliability": table}
    return out
