"""Placement time per article against reference corpora of 1k / 10k / 100k articles.

    .venv/bin/python benchmarks/bench_placement.py                 # placement timing
    .venv/bin/python benchmarks/bench_placement.py --build 10000   # also time a real build

Placement: the larger corpora are SYNTHETIC, made from the shipped `hyperpartisan` model by
recombining its articles: each synthetic article's feature vector is the mean of two random
corpus articles plus a little noise, and its TF-IDF row is the union of theirs,
re-normalised; outlets are assigned at random (one per 50 articles). Every part of
`place()` then does the work it would on a real corpus of that size. Queries are the five
seed articles (../shared/seeds), analysed once; the time is place() alone.

Build (`--build N`): writes an N-article JSONL corpus whose texts are paragraphs sampled
from the SemEval and BiasLab articles and recombined (so no two are identical), then runs
the real build (2 worker processes) and reports wall time and peak memory.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.framing.analyze import analyze  # noqa: E402
from service.framing.resources import load_resources  # noqa: E402
from service.reference.model import ARRAYS, META, load_model, pack_strings, save_model  # noqa: E402
from service.reference.place import place  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"


def synthetic_model(base: Path, n: int, out: Path, seed: int = 0) -> Path:
    rng = np.random.default_rng(seed)
    meta = json.loads((base / META).read_text())
    with np.load(base / ARRAYS, allow_pickle=False) as npz:
        a = {k: npz[k] for k in npz.files}
    n0 = a["Z"].shape[0]
    i, j = rng.integers(0, n0, n), rng.integers(0, n0, n)
    Z = ((a["Z"][i] + a["Z"][j]) / 2 + rng.normal(0, 0.1, (n, a["Z"].shape[1]))).astype(np.float32)
    X = sp.csr_matrix((a["content_data"], a["content_indices"], a["content_indptr"]),
                      shape=(n0, len(a["idf"])))
    T = (X[i] + X[j]).tocsr()
    norms = np.sqrt(np.asarray(T.multiply(T).sum(axis=1)).ravel())
    T = (sp.diags(1.0 / np.maximum(norms, 1e-12)) @ T).tocsr()
    m = max(1, n // 50)
    outlet = rng.integers(0, m, n).astype(np.int32)
    centroids = np.zeros((m, Z.shape[1]))
    np.add.at(centroids, outlet, Z)
    counts = np.bincount(outlet, minlength=m)
    centroids /= np.maximum(counts, 1)[:, None]
    a.update(Z=Z, content_data=T.data.astype(np.float32), content_indices=T.indices.astype(np.int32),
             content_indptr=T.indptr.astype(np.int64), article_outlet=outlet,
             outlet_counts=counts.astype(np.int32), outlet_centroids=centroids,
             outlet_spread=np.ones(m), map_coords=((Z - a["map_center"]) @ a["map_components"].T).astype(np.float32))
    for key, values in (("id", [f"s{k}" for k in range(n)]), ("title", [f"synthetic {k}" for k in range(n)]),
                        ("url", [""] * n), ("outlet", [f"outlet{k}.example" for k in range(m)])):
        a[f"{key}_data"], a[f"{key}_offsets"] = pack_strings(values)
    meta.update(name=f"synthetic{n}", n_articles=n, n_outlets=m)
    save_model(out, a, meta)
    return out


def time_placement(model, analyses, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        for analysis in analyses:
            t = time.perf_counter()
            place(analysis, model)
            times.append((time.perf_counter() - t) * 1000)
    return times


def build_corpus(n: int, path: Path, seed: int = 0) -> Path:
    sys.path.insert(0, str(ROOT / "scripts"))
    import build_models
    paragraphs = []
    for source in (build_models.semeval_articles, build_models.biaslab_articles):
        for article in source(build_models.DATA):
            paragraphs.extend(p for p in article["text"].split("\n") if len(p) > 80)
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for k in range(n):
            text = "\n".join(rng.sample(paragraphs, rng.randint(6, 16)))
            f.write(json.dumps({"id": f"r{k}", "text": text, "outlet": f"outlet{k % 400}",
                                "labels": {"flag": rng.random() < 0.4}}) + "\n")
    return path


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1000,10000,100000")
    p.add_argument("--repeats", type=int, default=20)
    p.add_argument("--build", type=int, default=0, help="also time a real build of N articles")
    args = p.parse_args(argv)
    resources = load_resources()
    analyses = [analyze(t.read_text(encoding="utf-8"), resources=resources)
                for t in sorted(SEEDS.glob("*.txt"))]
    base = ROOT / "models" / "hyperpartisan"
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            t = time.perf_counter()
            path = synthetic_model(base, n, Path(tmp) / f"s{n}")
            made = time.perf_counter() - t
            t = time.perf_counter()
            model = load_model(path)
            loaded = time.perf_counter() - t
            time_placement(model, analyses, 2)  # warm up
            times = time_placement(model, analyses, args.repeats)
            size = sum(f.stat().st_size for f in path.iterdir()) / 2**20
            print(f"{n:>7} articles: place median {statistics.median(times):.2f} ms, "
                  f"p95 {np.percentile(times, 95):.2f} ms (n={len(times)}); load {loaded:.2f} s; "
                  f"model {size:.1f} MB; synthesised in {made:.1f} s")
        if args.build:
            from service.reference.build import build_model
            corpus = build_corpus(args.build, Path(tmp) / "corpus.jsonl")
            t = time.perf_counter()
            meta = build_model(corpus, f"bench{args.build}", Path(tmp) / "bench", workers=2)
            print(f"build of {args.build} recombined articles: {time.perf_counter() - t:.1f} s wall, "
                  f"peak RSS {meta['build']['peak_rss_mb']} MB (largest of the main process and "
                  f"one worker), content index {meta['content_index']['n_terms']} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
