"""Slant side by side with what users would otherwise run, on the same articles, in one run.

Tools, each timed per article on one core (pinned), interleaved article by article so
that they share whatever load the machine has:

  slant          `analyze(text)` — every feature with its evidence spans, no placement
  slant+place    `analyze(text)` then `place()` against the default shipped reference model
  vader-whole    VADER `polarity_scores` on the whole text (what most scripts do)
  textstat-10    textstat's ten usual readability metrics on the whole text
  baseline       vader-whole + textstat-10 together: the "plain" baseline of issue #8

textstat memoises its counts with `lru_cache`; those caches are cleared before each
article (outside the timed region), so a repeated text is not served from a cache (this
also clears the syllable cache Slant's readability shares, so it costs Slant a little).

NELA (`nela_features` 3.0.1) is not run: its `extract_all` needs the NLTK data sets
`punkt_tab`, `averaged_perceptron_tagger_eng`, `maxent_ne_chunker_tab`, `words` and
`stopwords`, which `nltk.download` fetches from outside the package registries; no
trustworthy PyPI package carries them. `--nela-python PATH` runs it with that
interpreter anyway (a separate venv where nela_features is installed) and prints the
error it stops with, or its timings if the data happen to be present.

    .venv/bin/python benchmarks/bench_baselines.py [--articles 300] [--cpu 0]
"""
from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_analyze import data_texts, seed_texts  # noqa: E402

# The NELA figure quoted in issue #8 (measured with locally trained stand-in NLTK models).
NELA_QUOTED_MS = 1400.0

TEXTSTAT_TEN = ("flesch_reading_ease", "flesch_kincaid_grade", "smog_index", "coleman_liau_index",
                "automated_readability_index", "dale_chall_readability_score", "difficult_words",
                "linsear_write_formula", "gunning_fog", "text_standard")

NELA_SNIPPET = r"""
import json, sys, time
from nela_features.nela_features import NELAFeatureExtractor
texts = json.load(sys.stdin)
nela = NELAFeatureExtractor()
times = []
try:
    for t in texts:
        s = time.perf_counter(); nela.extract_all(t); times.append(time.perf_counter() - s)
    print(json.dumps({"ok": True, "times": times}))
except LookupError as exc:
    lines = [l.strip() for l in str(exc).splitlines() if l.strip() and not l.strip().startswith("*")]
    print(json.dumps({"ok": False, "error": " ".join(lines[:2])}))
"""


LOADERS = ("get_cmudict", "get_pyphen", "get_lang_easy_words")  # load-once data, kept


def textstat_caches():
    """textstat's lru_cache wrappers of text-level results (cleared between articles; its
    word-list and dictionary loaders are kept, as in any long-running process)."""
    import functools
    return [o for o in gc.get_objects()
            if isinstance(o, functools._lru_cache_wrapper)
            and getattr(o, "__module__", "").startswith("textstat")
            and o.__name__ not in LOADERS]


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run_nela(python: str, texts: list[str]) -> str:
    import json
    try:
        out = subprocess.run([python, "-c", NELA_SNIPPET], input=json.dumps(texts), text=True,
                             capture_output=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"NELA: could not run {python}: {exc}"
    try:
        result = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return f"NELA: failed: {out.stderr.strip().splitlines()[-1:]}"
    if not result["ok"]:
        return f"NELA: stops offline — {result['error']}"
    ms = [1000 * t for t in result["times"]]
    return f"NELA: median {statistics.median(ms):.0f} ms over {len(ms)} articles"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=300, help="data articles (default 300)")
    ap.add_argument("--seed-passes", type=int, default=10, help="passes over the five seeds")
    ap.add_argument("--cpu", type=int, default=None)
    ap.add_argument("--nela-python", default=None,
                    help="python of a separate venv with nela_features installed")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {args.cpu if args.cpu is not None else min(os.sched_getaffinity(0))})

    import textstat
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from service.framing.analyze import analyze
    from service.framing.resources import load_resources
    from service.reference.model import DEFAULT_MODEL, load_model
    from service.reference.place import place

    resources = load_resources()
    model = load_model(ROOT / "models" / DEFAULT_MODEL)
    vader = SentimentIntensityAnalyzer()
    metrics = [getattr(textstat, name) for name in TEXTSTAT_TEN]
    caches = None

    def t_slant(text):
        analyze(text, resources=resources)

    def t_place(text):
        place(analyze(text, resources=resources), model)

    def t_vader(text):
        vader.polarity_scores(text)

    def t_textstat(text):
        for m in metrics:
            m(text)

    def t_baseline(text):
        vader.polarity_scores(text)
        for m in metrics:
            m(text)

    tools = {"slant": t_slant, "slant+place": t_place, "vader-whole": t_vader,
             "textstat-10": t_textstat, "baseline": t_baseline}
    seeds = seed_texts()
    largest = max(seeds, key=len)
    corpora = {"seeds (5 × passes)": seeds * args.seed_passes,
               f"largest seed alone ({len(largest.encode()) / 1000:.1f} KB) × {4 * args.seed_passes}":
                   [largest] * (4 * args.seed_passes),
               f"data ({args.articles} articles)": data_texts(args.articles)}
    for text in seeds[:2]:  # warm every tool (matcher caches, VADER, textstat imports)
        for f in tools.values():
            f(text)
    caches = textstat_caches()
    clock = time.perf_counter
    print(f"Side by side, one core, Python {sys.version.split()[0]}, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    for name, texts in corpora.items():
        times = {k: [] for k in tools}
        for text in texts:
            for key, f in tools.items():
                for c in caches:
                    c.cache_clear()
                start = clock()
                f(text)
                times[key].append(1000 * (clock() - start))
        kb = statistics.mean(len(t.encode()) for t in texts) / 1000
        print(f"\n{name}: mean {kb:.1f} KB")
        print(f"  {'tool':<13}{'median ms':>10}{'p90 ms':>9}{'art/s':>8}   slant ÷ tool (median)")
        slant = statistics.median(times["slant"])
        for key, values in times.items():
            med = statistics.median(values)
            print(f"  {key:<13}{med:>10.2f}{pct(values, 0.9):>9.2f}{len(values) / sum(values) * 1000:>8.0f}"
                  f"   {slant / med:.2f}")
        print(f"  {'NELA (quoted)':<13}{NELA_QUOTED_MS:>10.0f}{'':>9}{'':>8}   {slant / NELA_QUOTED_MS:.4f}"
              "   (issue #8: 1.4 s per 5.4 KB article; not run here, see --nela-python)")
    print(f"\nload average {os.getloadavg()[0]:.1f} at end")
    if args.nela_python:
        print(run_nela(args.nela_python, seeds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
