"""A reference model: the numbers fitted on a corpus of articles from known outlets.

A model directory holds `arrays.npz` (plain numeric and byte arrays, loaded with
`allow_pickle=False`), `meta.json` (feature names, lexicon and corpus digests, package
versions, counts, validation scores) and a `README.md` (source and licence). Nothing in it
is pickled, so loading a model never runs code.

`load_reference_models(models_dir)` loads every model directory it finds and refuses one
whose feature names or lexicon digest differ from the running core, with a sentence that
says how to rebuild it.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import scipy.sparse as sp

FORMAT_VERSION = 1
DEFAULT_MODEL = "hyperpartisan"
ARRAYS = "arrays.npz"
META = "meta.json"
#: Percentile grid stored per feature (0, 0.5, …, 100).
QUANTILE_PROBS = np.linspace(0.0, 100.0, 201)
#: meta.json keys that vary from run to run and so are left out of the digest.
VOLATILE_META = ("build", "digest")

_WORD_RE = re.compile(r"[^\W\d_]{3,}")


class ModelMismatchError(RuntimeError):
    """A model that does not fit the running core (features, lexicons or format)."""


def content_terms(sentences: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Lower-cased word counts over the measured (non-boilerplate) sentences of an Analysis.

    Build and placement both call this on `Analysis.sentences`, so the corpus index
    and the query use the same terms. Function words are removed at build time by
    leaving them out of the vocabulary.
    """
    counts: dict[str, int] = {}
    for sentence in sentences:
        if sentence.get("boilerplate"):
            continue
        for word in _WORD_RE.findall(sentence["text"].lower()):
            counts[word] = counts.get(word, 0) + 1
    return counts


def pack_strings(values: Iterable[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 byte array plus offsets (a missing value is an empty string)."""
    blobs = [(v or "").encode("utf-8") for v in values]
    offsets = np.zeros(len(blobs) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in blobs], out=offsets[1:])
    return np.frombuffer(b"".join(blobs), dtype=np.uint8).copy(), offsets


def unpack_strings(data: np.ndarray, offsets: np.ndarray) -> list[str]:
    raw = data.tobytes()
    return [raw[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(len(offsets) - 1)]


def arrays_digest(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> str:
    """sha256 over every array (name, dtype, shape, bytes) and the stable part of meta."""
    h = hashlib.sha256()
    for name in sorted(arrays):
        a = np.ascontiguousarray(arrays[name])
        h.update(f"{name}|{a.dtype.str}|{a.shape}|".encode())
        h.update(a.tobytes())
    stable = {k: v for k, v in meta.items() if k not in VOLATILE_META}
    h.update(json.dumps(stable, sort_keys=True, ensure_ascii=True).encode())
    return "sha256:" + h.hexdigest()


def save_model(out_dir: str | Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> str:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    meta = dict(meta)
    meta["digest"] = arrays_digest(arrays, meta)
    for name, a in arrays.items():
        if a.dtype == object:
            raise TypeError(f"array {name} has dtype object; models hold plain arrays only")
    np.savez_compressed(out / ARRAYS, **arrays)
    (out / META).write_text(json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                            encoding="utf-8")
    return meta["digest"]


@dataclass
class LabelModel:
    """A logistic regression over [standardised framing features, TF-IDF] for one label."""

    name: str
    classes: list[str]
    coef_framing: np.ndarray      # (k, d); k = 1 for a binary label
    coef_lexical: np.ndarray      # (k, V) or (k, 0) when lexical features did not help
    intercept: np.ndarray         # (k,)
    info: dict[str, Any]
    gold_: np.ndarray | None = None   # (n,) each corpus article's own class index, -1 unlabelled

    def probabilities(self, z: np.ndarray, q_idx: np.ndarray, q_val: np.ndarray) -> dict[str, float]:
        score = self.coef_framing @ z + self.intercept
        if self.coef_lexical.shape[1] and len(q_idx):
            score = score + self.coef_lexical[:, q_idx] @ q_val
        if len(self.classes) == 2 and score.shape[0] == 1:
            p1 = 1.0 / (1.0 + np.exp(-score[0]))
            probs = np.array([1.0 - p1, p1])
        else:
            e = np.exp(score - score.max())
            probs = e / e.sum()
        return {c: round(float(p), 4) for c, p in zip(self.classes, probs)}


@dataclass
class ReferenceModel:
    """A loaded model. Fitted arrays end in `_`; `meta` is the parsed meta.json."""

    name: str
    path: Path
    meta: dict[str, Any]
    feature_names: list[str]
    median_: np.ndarray
    mean_: np.ndarray
    std_: np.ndarray
    quantiles_: np.ndarray          # (d, 201), NaN rows for never-measured features
    Z_: np.ndarray                  # (n, d) standardised corpus features (float32)
    ids: list[str]
    titles: list[str]
    urls: list[str]
    article_outlet_: np.ndarray     # (n,) index into outlets (-1: none)
    outlets: list[str]
    outlet_counts_: np.ndarray
    outlet_centroids_: np.ndarray   # (m, d)
    outlet_spread_: np.ndarray      # (m,)
    map_center_: np.ndarray
    map_components_: np.ndarray     # (2, d)
    map_coords_: np.ndarray         # (n, 2)
    vocab: dict[str, int]
    idf_: np.ndarray
    rows_: sp.csr_matrix            # (n, V) l2-normalised TF-IDF rows
    index_: sp.csc_matrix           # the same matrix by column: the inverted index
    typ_center_: np.ndarray
    typ_precision_: np.ndarray
    typ_quantiles_: np.ndarray      # corpus Mahalanobis distances at QUANTILE_PROBS
    nn_sim_quantiles_: np.ndarray   # corpus nearest-neighbour content similarity quantiles
    labels: dict[str, LabelModel] = field(default_factory=dict)
    #: Computed at load time for `place()`: each feature's quantile grid as a list of
    #: floats, searched with `bisect` (several times cheaper per feature than numpy calls
    #: on a 201-element row); None for a grid that is not all finite (never measured).
    quantile_lists_: list[list[float] | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.quantile_lists_ = [row.tolist() if np.isfinite(row).all() else None
                                for row in self.quantiles_]

    @property
    def n_articles(self) -> int:
        return int(self.Z_.shape[0])

    def corpus_points(self) -> list[dict[str, Any]]:
        """Every corpus article on the map with its outlet and its own (gold) labels
        (a label is left out where the article has none)."""
        points = []
        for i, (x, y) in enumerate(self.map_coords_.tolist()):
            o = int(self.article_outlet_[i])
            labels = {name: lm.classes[int(lm.gold_[i])] for name, lm in self.labels.items()
                      if lm.gold_ is not None and lm.gold_[i] >= 0}
            points.append({"id": self.ids[i], "title": self.titles[i] or None,
                           "outlet": self.outlets[o] if o >= 0 else None,
                           "labels": labels, "x": round(x, 3), "y": round(y, 3)})
        return points

    def describe(self) -> dict[str, Any]:
        """What a client needs to choose and cite this model (JSON-able)."""
        m = self.meta
        return {
            "name": self.name,
            "description": m.get("description"),
            "licence": m.get("licence"),
            "attribution": m.get("attribution"),
            "n_articles": m["n_articles"],
            "n_outlets": m["n_outlets"],
            "outlets": [{"outlet": o, "n_articles": int(n),
                         "few_articles": bool(n < m["min_outlet_articles"])}
                        for o, n in zip(self.outlets, self.outlet_counts_)],
            "labels": {name: {"classes": lm.classes, "served": lm.info["served"],
                              "validation": lm.info["validation"]}
                       for name, lm in self.labels.items()},
            "feature_names": self.feature_names,
            "lexicon_digest": m["lexicon_digest"],
            "corpus_digest": m["corpus_digest"],
            "digest": m["digest"],
            "built_with": m["built_with"],
            "default": self.name == DEFAULT_MODEL,
        }


def load_model(path: str | Path, *, feature_names: list[str] | None = None,
               lexicon_digest: str | None = None) -> ReferenceModel:
    """Load one model directory, refusing it if it does not fit the running core."""
    path = Path(path)
    meta = json.loads((path / META).read_text(encoding="utf-8"))
    name = meta.get("name", path.name)
    rebuild = meta.get("rebuild_command") or \
        f"slant reference build CORPUS --name {name} -o {path}"
    if meta.get("format_version") != FORMAT_VERSION:
        raise ModelMismatchError(
            f"Reference model {name!r} in {path} has format version {meta.get('format_version')} "
            f"but this Slant reads version {FORMAT_VERSION}; rebuild it with `{rebuild}`.")
    if feature_names is None or lexicon_digest is None:
        from ..framing.analyze import feature_names as core_names
        from ..framing.resources import load_resources
        feature_names = core_names() if feature_names is None else feature_names
        lexicon_digest = load_resources().digest if lexicon_digest is None else lexicon_digest
    if meta["feature_names"] != list(feature_names):
        gone = sorted(set(meta["feature_names"]) - set(feature_names))
        new = sorted(set(feature_names) - set(meta["feature_names"]))
        raise ModelMismatchError(
            f"Reference model {name!r} in {path} was built for other framing features "
            f"(missing now: {gone or 'none'}; new: {new or 'none'}{'' if gone or new else '; order differs'}); "
            f"rebuild it with `{rebuild}`.")
    if meta["lexicon_digest"] != lexicon_digest:
        raise ModelMismatchError(
            f"Reference model {name!r} in {path} was built with lexicon digest "
            f"{meta['lexicon_digest']} but the lexicons now have digest {lexicon_digest}; "
            f"rebuild it with `{rebuild}`.")
    with np.load(path / ARRAYS, allow_pickle=False) as npz:
        a = {k: npz[k] for k in npz.files}
    if arrays_digest(a, meta) != meta.get("digest"):
        raise ModelMismatchError(
            f"Reference model {name!r} in {path}: arrays.npz does not match the digest in "
            f"meta.json (a partial copy?); rebuild it with `{rebuild}`.")
    n_vocab = len(a["idf"])
    rows = sp.csr_matrix((a["content_data"], a["content_indices"], a["content_indptr"]),
                         shape=(a["Z"].shape[0], n_vocab))
    vocab_list = unpack_strings(a["vocab_data"], a["vocab_offsets"])
    labels = {}
    for i, info in enumerate(meta["labels"]):
        p = f"label{i}_"
        labels[info["name"]] = LabelModel(info["name"], info["classes"], a[p + "coef_framing"],
                                          a[p + "coef_lexical"], a[p + "intercept"], info,
                                          a.get(p + "gold"))
    return ReferenceModel(
        name=name, path=path, meta=meta, feature_names=list(meta["feature_names"]),
        median_=a["feature_median"], mean_=a["feature_mean"], std_=a["feature_std"],
        quantiles_=a["feature_quantiles"], Z_=a["Z"],
        ids=unpack_strings(a["id_data"], a["id_offsets"]),
        titles=unpack_strings(a["title_data"], a["title_offsets"]),
        urls=unpack_strings(a["url_data"], a["url_offsets"]),
        article_outlet_=a["article_outlet"],
        outlets=unpack_strings(a["outlet_data"], a["outlet_offsets"]),
        outlet_counts_=a["outlet_counts"], outlet_centroids_=a["outlet_centroids"],
        outlet_spread_=a["outlet_spread"], map_center_=a["map_center"],
        map_components_=a["map_components"], map_coords_=a["map_coords"],
        vocab={w: j for j, w in enumerate(vocab_list)}, idf_=a["idf"], rows_=rows,
        index_=rows.tocsc(),
        typ_center_=a["typ_center"], typ_precision_=a["typ_precision"],
        typ_quantiles_=a["typ_quantiles"], nn_sim_quantiles_=a["nn_sim_quantiles"],
        labels=labels)


def load_reference_models(models_dir: str | Path, *, feature_names: list[str] | None = None,
                          lexicon_digest: str | None = None) -> dict[str, ReferenceModel]:
    """Every model under `models_dir` (each subdirectory with a meta.json), by name.

    Raises ModelMismatchError for the first model that does not fit the running core
    (features, lexicon digest, format), and FileNotFoundError for a missing directory.
    """
    root = Path(models_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"models directory {root} does not exist")
    models: dict[str, ReferenceModel] = {}
    for meta_path in sorted(root.glob(f"*/{META}")):
        model = load_model(meta_path.parent, feature_names=feature_names,
                           lexicon_digest=lexicon_digest)
        if model.name in models:
            raise ModelMismatchError(f"two models in {root} are both named {model.name!r}")
        models[model.name] = model
    return models
