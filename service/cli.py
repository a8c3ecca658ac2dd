"""`slant`: the command line.

    slant analyze FILE|-        a readable summary (or --json, the API's result)
    slant serve                 development server (production: gunicorn "service:create_app()")
    slant reference build|list  reference corpora for placement
    slant evaluate              score the extractors on the annotated data sets
    slant batch                 many articles, resumable, on all cores

Exit codes: 0 success, 1 the command failed (message on stderr), 2 bad usage.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any, Sequence

from . import __version__

OK, FAILED, USAGE = 0, 1, 2


class CommandError(Exception):
    """A failure to report on stderr with exit code 1."""


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `slant evaluate …` hands everything after the word to its own parser.
    if argv and argv[0] == "evaluate":
        return _evaluate(argv[1:])
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return USAGE
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"slant: error: {exc}", file=sys.stderr)
        return FAILED
    except KeyboardInterrupt:
        return FAILED
    except BrokenPipeError:  # `slant analyze x | head`
        return OK
    except Exception as exc:  # a bug: one line, the traceback only when asked for
        import os
        import traceback

        if os.environ.get("SLANT_DEBUG"):
            traceback.print_exc()
        print(f"slant: internal error: {type(exc).__name__}: {exc} "
              "(set SLANT_DEBUG=1 for the traceback)", file=sys.stderr)
        return FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slant", description="Slant: how a news article frames an event, with evidence spans.",
        epilog="Exit codes: 0 success, 1 failure, 2 bad usage. `slant COMMAND --help` for details.")
    parser.add_argument("--version", action="version", version=f"slant {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser("analyze", help="analyse one article (a file or - for stdin)",
                       description="Analyse one article and print a summary table "
                                   "(or the full result as JSON with --json).")
    p.add_argument("file", metavar="FILE|-", help="a text or HTML file, or - for stdin")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--title", help="the article's headline (analysed separately from the body)")
    p.add_argument("--html", action="store_true",
                   help="the input is an HTML page (default: by the .html/.htm extension)")
    p.add_argument("--reference", help="place the article against this reference corpus")
    p.add_argument("--models-dir", help="reference models directory (default: $SLANT_MODELS_DIR or ./models)")
    p.add_argument("--lexicons-dir", help="lexicons directory (default: the shipped lexicons)")
    p.set_defaults(func=_analyze)

    p = sub.add_parser("serve", help="run the development server",
                       description="Run the API on Flask's development server. In production use "
                                   'gunicorn "service:create_app()" (see `make serve`).')
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p.add_argument("--debug", action="store_true", help="reload on code changes, show tracebacks")
    p.set_defaults(func=_serve)

    _add_reference(sub)

    sub.add_parser("evaluate", add_help=False, help="score the extractors on ../shared/data "
                                                    "(`slant evaluate --help` for options)")

    from . import batch, compare

    p = sub.add_parser("batch", help="analyse many articles (JSONL/CSV/.txt), resumable",
                       description=(batch.__doc__ or "").strip(),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    batch.build_parser(p)
    p.set_defaults(func=batch.run_from_args)

    p = sub.add_parser("compare", help="compare 2–20 articles about one event",
                       description=(compare.__doc__ or "").strip(),
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    compare.build_parser(p)
    p.set_defaults(func=compare.run_from_args)
    return parser


def _add_reference(sub) -> None:
    from .reference import commands

    commands.add_subcommands(sub)


def _fail(message: str) -> int:
    raise CommandError(message)


def _evaluate(argv: list[str]) -> int:
    if importlib.util.find_spec("service.evaluate") is None:
        print("slant: error: evaluation is not available in this build", file=sys.stderr)
        return FAILED
    from . import evaluate

    try:
        return int(evaluate.main(argv) or 0)
    except SystemExit as exc:
        return int(exc.code or 0)


# ---------------------------------------------------------------- analyze

def _read_input(name: str) -> str:
    try:
        if name == "-":
            data = sys.stdin.buffer.read()
        else:
            data = Path(name).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _analyze(args: argparse.Namespace) -> int:
    from .framing.analyze import analyze, feature_specs
    from .framing.resources import load_resources

    text = _read_input(args.file)
    title = args.title
    source = "text"
    if args.html or Path(args.file).suffix.lower() in (".html", ".htm"):
        from .html_text import html_to_text

        try:
            extracted = html_to_text(text)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if not extracted.text:
            raise CommandError(f"no article text found in {args.file}")
        text, title, source = extracted.text, title or extracted.title, f"html ({extracted.method})"
    try:
        resources = load_resources(args.lexicons_dir)
    except Exception as exc:
        raise CommandError(f"the lexicons did not load: {exc}") from None
    try:
        analysis = analyze(text, title=title, resources=resources)
    except ValueError as exc:
        raise CommandError(f"cannot analyse {args.file}: {exc}") from None
    result = analysis.to_dict()
    placement = _placement(analysis, args)
    if placement is not None:
        result["placement"] = placement
    if args.json:
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return OK
    sys.stdout.write(render_summary(args.file, source, result, feature_specs()))
    return OK


def _placement(analysis, args) -> dict[str, Any] | None:
    if not args.reference:
        return None
    if importlib.util.find_spec("service.reference.model") is None:
        raise CommandError("reference placement is not available in this build")
    import os

    from .reference.model import load_reference_models
    from .reference.place import place

    models_dir = args.models_dir or os.environ.get("SLANT_MODELS_DIR") \
        or str(Path(__file__).resolve().parents[1] / "models")
    try:
        models = load_reference_models(models_dir)
    except Exception as exc:
        raise CommandError(f"reference models in {models_dir} did not load: {exc}") from None
    if args.reference not in models:
        raise CommandError(f"no reference {args.reference!r}; available: {', '.join(sorted(models)) or 'none'}")
    return place(analysis, models[args.reference]).to_dict()


def render_summary(name: str, source: str, result: dict[str, Any], specs: dict) -> str:
    """A plain-text table: one row per feature, grouped, with its direction."""
    meta = result["meta"]
    lines = [f"{name}  ({source}; {meta.get('word_count', 0)} words, "
             f"{meta.get('sentence_count', 0)} sentences, language {meta.get('language')})", ""]
    lines.extend(f"warning: {w}" for w in meta.get("warnings", []))
    title = result.get("details", {}).get("title")
    if title:
        terms = ", ".join(f"{t['text']} ({t['category']})" for t in title["loaded_terms"]) or "none"
        lines.append(f"headline: compound {title['compound']:+.3f}; loaded terms: {terms}")
    if len(lines) > 2:
        lines.append("")
    features = result["features"]
    if not features:
        lines.append("(no features: no extractor is registered)")
    width = max((len(n) for n in features), default=10)
    group = None
    for fname, value in features.items():
        g = fname.split(".", 1)[0]
        if g != group:
            if group is not None:
                lines.append("")
            group = g
        spec = specs.get(fname)
        shown = "—" if value is None else f"{value:.4g}"
        hint = f"higher ⇒ {spec.higher}" if spec else ""
        if value is None:
            hint = "null: " + meta.get("null_reasons", {}).get(fname, "not measurable")
        lines.append(f"  {fname:<{width}}  {shown:>9}  {hint}")
    counts: dict[str, int] = {}
    for span in result["spans"]:
        counts[span["label"]] = counts.get(span["label"], 0) + 1
    lines.append("")
    lines.append("evidence spans: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
    placement = result.get("placement")
    if placement:
        lines.extend(_placement_lines(placement))
    lines.append(f"lexicon digest {meta.get('lexicon_digest', '')[:12]}, slant {meta.get('version')}")
    return "\n".join(lines) + "\n"


def _placement_lines(placement: dict[str, Any]) -> list[str]:
    """A few readable lines; the full placement is in --json."""
    model = placement.get("model") or {}
    out = [f"placement against {model.get('name', '?')} ({model.get('n_articles', '?')} articles, "
           f"licence {model.get('licence', '?')}):"]
    unusual = placement.get("most_unusual") or []
    if unusual:
        out.append("  most unusual: " + "; ".join(
            f"{u.get('feature')} at percentile {u.get('percentile')}" for u in unusual[:3]))
    outlets = placement.get("nearest_outlets") or []
    if outlets:
        out.append("  nearest outlets: " + ", ".join(str(o.get("outlet")) for o in outlets[:5]))
    for name, label in (placement.get("labels") or {}).items():
        probs = label.get("probabilities") or {}
        shown = ", ".join(f"{k} {v:.2f}" for k, v in probs.items() if isinstance(v, (int, float)))
        out.append(f"  {name}: {label.get('predicted')} ({shown})")
    typ = placement.get("typicality") or {}
    if typ.get("reasons"):
        out.append("  caution: " + "; ".join(map(str, typ["reasons"])))
    return out


# ---------------------------------------------------------------- serve

def _serve(args: argparse.Namespace) -> int:
    from . import create_app

    try:
        app = create_app()
    except Exception as exc:
        raise CommandError(str(exc)) from None
    app.run(host=args.host, port=args.port, debug=args.debug, use_reloader=args.debug)
    return OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
