"""Batch throughput: one process, the local pool, and Dask LocalCluster, same 10,000 articles.

The articles are made from the shared data: SemEval-2019 hyperpartisan article bodies
(tags stripped) and MBIC article texts, each padded with the next article's paragraphs
until it is at least `--size` bytes, then cut at a paragraph boundary — so every
article is a realistic ~5 KB news text. Each engine runs as `python -m service.batch`
in a subprocess; peak RSS per worker is sampled with psutil every 50 ms.

    .venv/bin/python benchmarks/bench_batch.py [--n 10000] [--size 5000]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def source_texts() -> list[str]:
    texts = []
    xml = (DATA / "semeval2019-hyperpartisan-byarticle" / "articles-training-byarticle-20181122.xml")
    raw = xml.read_text(encoding="utf-8")
    for body in re.findall(r"<article[^>]*>(.*?)</article>", raw, flags=re.S):
        paragraphs = [re.sub(r"<[^>]+>", "", p).strip() for p in re.findall(r"<p>(.*?)</p>", body, flags=re.S)]
        texts.append("\n\n".join(p for p in paragraphs if p))
    with open(DATA / "babe" / "mbic_articles.jsonl", encoding="utf-8") as handle:
        for line in handle:
            text = json.loads(line).get("text") or ""
            if len(text) > 500:
                texts.append(text)
    return [t for t in texts if t.strip()]


def make_articles(n: int, size: int) -> list[str]:
    texts = source_texts()
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    out, i = [], 0
    while len(out) < n:
        parts, length = [], 0
        while length < size:
            p = paragraphs[i % len(paragraphs)]
            parts.append(p)
            length += len(p.encode("utf-8")) + 2
            i += 1
        out.append("\n\n".join(parts))
        i += 7  # start the next article elsewhere
    return out


def run(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the largest single process in the tree)."""
    peak = 0.0
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stop = threading.Event()

    def sample():
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                procs = [root] + root.children(recursive=True)
                for p in procs:
                    try:
                        peak = max(peak, p.memory_info().rss / 2**20)
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=5000)
    args = parser.parse_args()
    articles = make_articles(args.n, args.size)
    mean_kb = sum(len(a.encode()) for a in articles) / len(articles) / 1024
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "articles.jsonl"
        with open(src, "w", encoding="utf-8") as handle:
            for k, text in enumerate(articles):
                handle.write(json.dumps({"id": f"b{k:06d}", "text": text}) + "\n")
        py = sys.executable
        runs = {
            "one process (--workers 1)": [py, "-m", "service.batch", str(src), "-o", f"{tmp}/w1.jsonl", "--workers", "1"],
            "local pool (--workers 2)": [py, "-m", "service.batch", str(src), "-o", f"{tmp}/w2.jsonl", "--workers", "2"],
            "Dask LocalCluster (2 workers)": [py, "-m", "service.batch", str(src), "-o", f"{tmp}/dask",
                                              "--engine", "dask", "--workers", "2", "--partition-mb", "4"],
        }
        print(f"{len(articles)} articles, mean {mean_kb:.1f} KB, no placement; {psutil.cpu_count()} cores")
        print(f"{'engine':32} {'seconds':>8} {'articles/s':>11} {'peak RSS/process MB':>20}")
        for name, cmd in runs.items():
            seconds, peak = run(cmd)
            print(f"{name:32} {seconds:8.1f} {len(articles) / seconds:11.1f} {peak:20.0f}")


if __name__ == "__main__":
    main()
