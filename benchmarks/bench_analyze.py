"""Time `analyze` per article and per stage, on one core.

Corpora (read from ../shared, never copied into the repo):
  seeds  the five seed articles (../shared/seeds), each analysed --repeat times;
  data   --articles texts taken in turn from SemEval-2019 hyperpartisan by-article
         bodies (XML, tags stripped), BASIL article bodies and MBIC/BABE article texts;
  5 KB   --five-kb articles of >= 5,000 bytes made of data paragraphs (as bench_batch.py);
  long   --long articles of ~50 KB, each made by concatenating seed and data articles.

Stages are timed by calling the very functions `analyze()` calls, in its order:
`parse`, `detect_language`, then `extract` of every module in
`service.framing.analyze.EXTRACTORS`; "sentiment" includes its two memoised parts,
also shown apart: "· VADER" (per-sentence compounds) and "· actors" (actor mentions and
labels, `service.framing.actors`). "total" times `analyze()` itself; "placement"
times `place()` of that analysis against the default shipped reference model (not
included in "total"; the API adds it when placement is requested, as it is by default).

    .venv/bin/python benchmarks/bench_analyze.py [--articles 1000] [--long 20] [--repeat 20]
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service import __version__  # noqa: E402
from service.framing.analyze import EXTRACTORS, _scrub, analyze  # noqa: E402
from service.framing.actors import actor_mentions  # noqa: E402
from service.framing.document import parse  # noqa: E402
from service.framing.extractors.sentiment import sentence_compounds  # noqa: E402
from service.framing.language import detect_language  # noqa: E402
from service.framing.resources import load_resources  # noqa: E402
from service.reference.model import DEFAULT_MODEL, load_model  # noqa: E402
from service.reference.place import place  # noqa: E402

SHARED = ROOT.parent / "shared"
LONG_CHARS = 50_000


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((SHARED / "seeds").glob("*.txt"))]


def semeval_texts():
    path = SHARED / "data/semeval2019-hyperpartisan-byarticle/articles-training-byarticle-20181122.xml"
    for _, elem in ET.iterparse(path, events=("end",)):
        if elem.tag == "article":
            paras = [" ".join("".join(p.itertext()).split()) for p in elem.iter("p")]
            text = "\n\n".join(p for p in paras if p) or " ".join("".join(elem.itertext()).split())
            elem.clear()
            if text:
                yield text


def basil_texts():
    for path in sorted((SHARED / "data/basil/articles").glob("*/*.json")):
        paras = json.loads(path.read_text(encoding="utf-8")).get("body-paragraphs") or []
        text = "\n\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paras)
        if text.strip():
            yield text


def mbic_texts():
    with open(SHARED / "data/babe/mbic_articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line).get("text") or ""
            if text.strip():
                yield text


def data_texts(n: int) -> list[str]:
    """Up to n texts, taken in turn from the three sources."""
    sources = [semeval_texts(), basil_texts(), mbic_texts()]
    out: list[str] = []
    while len(out) < n and sources:
        for src in list(sources):
            try:
                out.append(next(src))
            except StopIteration:
                sources.remove(src)
            if len(out) >= n:
                break
    return out


def long_texts(n: int, pool: list[str]) -> list[str]:
    out, i = [], 0
    for _ in range(n):
        parts, size = [], 0
        while size < LONG_CHARS:
            parts.append(pool[i % len(pool)])
            size += len(parts[-1]) + 2
            i += 1
        out.append("\n\n".join(parts)[:LONG_CHARS])
    return out


def five_kb_texts(n: int, pool: list[str], size: int = 5000) -> list[str]:
    """n articles of at least `size` bytes: paragraphs of the data articles joined in turn."""
    paragraphs = [p for t in pool for p in t.split("\n") if p.strip()]
    out, i = [], 0
    while len(out) < n:
        parts, length = [], 0
        while length < size:
            parts.append(paragraphs[i % len(paragraphs)])
            length += len(parts[-1].encode()) + 2
            i += 1
        out.append("\n\n".join(parts))
        i += 7
    return out


def time_stages(text: str, resources, model=None) -> dict[str, float]:
    """Seconds per stage, calling what analyze() calls, in its order."""
    t: dict[str, float] = {}
    clock = time.perf_counter
    start = clock()
    text = _scrub(text)
    doc = parse(text, title=None, abbreviations=resources.abbreviations,
                boilerplate_rules=resources.boilerplate_rules)
    t["parse"] = clock() - start
    start = clock()
    language, _ = detect_language(doc, resources)
    t["language"] = clock() - start
    for extractor in EXTRACTORS:
        start = clock()
        if language == "en" and extractor.NAME == "sentiment":
            # Its two memoised parts first, timed apart (extract then reuses them).
            sentence_compounds(doc, resources)
            t["· VADER"] = clock() - start
            mid = clock()
            actor_mentions(doc, resources)
            t["· actors"] = clock() - mid
        if language == "en":
            extractor.extract(doc, resources)
        t[extractor.NAME] = clock() - start
    start = clock()
    analysis = analyze(text, resources=resources)
    t["total"] = clock() - start
    if model is not None:
        start = clock()
        place(analysis, model)
        t["placement"] = clock() - start
    return t


def report(name: str, texts: list[str], resources, model=None) -> list[str]:
    gc.collect()
    rows = [time_stages(t, resources, model) for t in texts]
    totals = sorted(r["total"] for r in rows)
    kb = statistics.mean(len(t) for t in texts) / 1000
    lines = [f"{name}: {len(texts)} articles, mean {kb:.1f} KB; "
             f"{len(texts) / sum(totals):.0f} articles/s",
             f"  {'stage':<14}{'median ms':>10}{'p90 ms':>10}"]
    for stage in rows[0]:
        values = sorted(r[stage] for r in rows)
        p90 = values[min(len(values) - 1, int(0.9 * len(values)))]
        lines.append(f"  {stage:<14}{1000 * statistics.median(values):>10.3f}{1000 * p90:>10.3f}")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="data articles (default 1000)")
    ap.add_argument("--long", type=int, default=20, help="50 KB articles (default 20)")
    ap.add_argument("--repeat", type=int, default=20, help="passes over the five seeds (default 20)")
    ap.add_argument("--five-kb", type=int, default=300, help="articles of ~5 KB (default 300)")
    ap.add_argument("--cpu", type=int, default=None, help="pin to this CPU (default: the first allowed)")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        cpu = args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
    resources = load_resources()
    model = load_model(ROOT / "models" / DEFAULT_MODEL)
    seeds = seed_texts()
    analyze(seeds[0], resources=resources)  # warm the matcher caches
    data = data_texts(args.articles)
    place(analyze(seeds[0], resources=resources), model)
    out = [f"Slant {__version__} benchmark, Python {sys.version.split()[0]}, one core "
           f"(load average {os.getloadavg()[0]:.1f} at start)"]
    out += report("seeds", seeds * args.repeat, resources, model)
    if data:
        out += report("data (SemEval-2019 hyperpartisan + BASIL + MBIC, in turn)", data, resources, model)
    if data and args.five_kb:
        out += report("5 KB (data paragraphs joined up to >= 5,000 bytes, as bench_batch.py)",
                      five_kb_texts(args.five_kb, data), resources, model)
    if args.long:
        out += report("long (~50 KB: seeds + data articles concatenated)",
                      long_texts(args.long, seeds + data), resources, model)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.append(f"peak RSS {peak:.0f} MB")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
