"""`slant reference build|list`: build a reference model from a corpus, list the models.

    slant reference build CORPUS --name NAME -o models/NAME [--skip-bad] [--workers 2]
    slant reference list [--models-dir models] [--json]

Also runnable as `python -m service.reference.commands build|list ...`.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .corpus import CorpusError

OK, FAILED = 0, 1


def add_subcommands(subparsers) -> None:
    """Register `reference build` and `reference list` on an argparse subparsers object."""
    ref = subparsers.add_parser("reference", help="reference corpora: build a model, list models",
                                description="Build reference models from article corpora and "
                                            "list the models a models directory holds.")
    sub = ref.add_subparsers(dest="reference_command", metavar="{build,list}", required=True)

    b = sub.add_parser("build", help="analyse a corpus (JSONL/CSV) and fit a reference model",
                       description="Stream CORPUS (.jsonl or .csv with id, text and optional title, "
                                   "outlet, url, date, event, labels), analyse every article and "
                                   "save a model directory (arrays.npz + meta.json + README.md).")
    b.add_argument("corpus", type=Path, help="corpus file (.jsonl or .csv)")
    b.add_argument("--name", required=True, help="model name (how requests choose it)")
    b.add_argument("-o", "--output", type=Path, required=True, help="model directory to write")
    b.add_argument("--skip-bad", action="store_true",
                   help="skip (and report) bad corpus lines instead of stopping")
    b.add_argument("--workers", type=int, default=2, help="analysis processes (default: 2)")
    b.add_argument("--description", default="", help="one paragraph saying what the corpus is")
    b.add_argument("--licence", default="unspecified", help="licence of the corpus texts")
    b.add_argument("--attribution", default="", help="who to credit")
    b.add_argument("--group-by", choices=("outlet", "event"), default="outlet",
                   help="cross-validation groups (default: outlet; no group in both train and test)")
    b.add_argument("--min-outlet-articles", type=int, default=5,
                   help="outlets with fewer articles are marked (default: 5)")
    b.set_defaults(func=_build)

    ls = sub.add_parser("list", help="list the reference models in a models directory")
    ls.add_argument("--models-dir", type=Path, default=None,
                    help="models directory (default: $SLANT_MODELS_DIR or ./models)")
    ls.add_argument("--json", action="store_true", help="print every model's description as JSON")
    ls.set_defaults(func=_list)


def _build(args) -> int:
    from .build import build_model
    try:
        meta = build_model(args.corpus, args.name, args.output, skip_bad=args.skip_bad,
                           workers=args.workers, description=args.description,
                           licence=args.licence, attribution=args.attribution,
                           group_by=args.group_by, min_outlet_articles=args.min_outlet_articles,
                           log=lambda msg: print(msg, file=sys.stderr))
    except (CorpusError, FileNotFoundError, ValueError) as exc:
        print(f"slant reference build: error: {exc}", file=sys.stderr)
        return FAILED
    for skipped in meta["skipped_lines"]:
        print(f"skipped {args.corpus}:{skipped['line']}: {skipped['reason']}", file=sys.stderr)
    print(f"built {meta['name']!r}: {meta['n_articles']} articles, {meta['n_outlets']} outlets, "
          f"{len(meta['labels'])} label model(s) in {meta['build']['seconds']} s "
          f"(peak {meta['build']['peak_rss_mb']} MB) -> {args.output}")
    for lm in meta["labels"]:
        v = lm["validation"]
        print(f"  {lm['name']}: grouped-CV macro-F1 {v[lm['served']]['macro_f1']} "
              f"({lm['served']}) vs TF-IDF baseline {v['tfidf_baseline']['macro_f1']}")
    return OK


def _list(args) -> int:
    from .model import ModelMismatchError, load_reference_models
    models_dir = args.models_dir or Path(os.environ.get("SLANT_MODELS_DIR", "models"))
    try:
        models = load_reference_models(models_dir)
    except (ModelMismatchError, FileNotFoundError) as exc:
        print(f"slant reference list: error: {exc}", file=sys.stderr)
        return FAILED
    if args.json:
        print(json.dumps({n: m.describe() for n, m in models.items()}, indent=1))
        return OK
    if not models:
        print(f"no reference models in {models_dir}")
    for name, model in models.items():
        d = model.describe()
        labels = ", ".join(d["labels"]) or "none"
        print(f"{name}{' (default)' if d['default'] else ''}: {d['n_articles']} articles, "
              f"{d['n_outlets']} outlets, labels: {labels}; licence: {d['licence']}")
    return OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.reference.commands")
    sub = parser.add_subparsers(dest="command", required=True)
    add_subcommands(sub)
    # allow both `build ...` and `reference build ...`
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] != "reference":
        argv = ["reference", *argv]
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
