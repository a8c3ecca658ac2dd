"""`slant batch`: analyse many articles, crash-safe and resumable, on all cores or on Dask.

Inputs are JSONL, CSV, or `.txt` files (a directory or glob; the id is the file name);
`-` reads JSONL from stdin. Every input record yields exactly one output record —
a result or an error record `{"id", "error": {"type", "detail"}}` — in input order.
Output is appended and flushed chunk by chunk, so a killed run leaves a readable
file; `--resume` drops a trailing partial line and skips ids already written.
"""
from __future__ import annotations

import argparse
import csv
import glob
import io
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

CHUNK = 64                       # records written (and flushed) together
PROGRESS_EVERY_S = 5.0           # plain progress lines when stderr is not a terminal
csv.field_size_limit(1 << 30)


# ---------------------------------------------------------------- input records

@dataclass(frozen=True, slots=True)
class Record:
    """One input article, or the reason it could not be read (`problem`)."""

    id: str
    text: str | None = None
    title: str | None = None
    extra: dict | None = None
    problem: str | None = None


def _from_mapping(obj: Any, fallback_id: str) -> Record:
    if not isinstance(obj, dict):
        return Record(fallback_id, problem=f"expected a JSON object, got {type(obj).__name__}")
    rid = obj.get("id")
    rid = fallback_id if rid is None or rid == "" else str(rid)
    text = obj.get("text")
    if not isinstance(text, str):
        return Record(rid, problem="missing or non-string 'text' field")
    title = obj.get("title")
    extra = {k: obj[k] for k in ("outlet", "url", "date", "event") if obj.get(k) not in (None, "")}
    return Record(rid, text, title if isinstance(title, str) else None, extra or None)


def parse_jsonl_line(line: bytes | str, fallback_id: str) -> Record | None:
    """A record from one JSONL line; None for a blank line (blank lines are not records)."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            return Record(fallback_id, problem=f"line is not UTF-8: {exc.reason}")
    if not line.strip():
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(fallback_id, problem=f"invalid JSON: {exc.msg} (column {exc.colno})")
    return _from_mapping(obj, fallback_id)


def read_jsonl(stream: Iterable[bytes | str], name: str, first_line: int = 1) -> Iterator[Record]:
    for number, line in enumerate(stream, start=first_line):
        record = parse_jsonl_line(line, f"{name}:{number}")
        if record is not None:
            yield record


def read_csv(path: Path) -> Iterator[Record]:
    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "text" not in reader.fieldnames:
            raise ValueError(f"{path}: CSV needs a header with a 'text' column")
        for number, row in enumerate(reader, start=2):
            if None in row:  # more fields than the header names
                yield Record(row.get("id") or f"{path.name}:{number}",
                             problem=f"line {number} has more fields than the header")
                continue
            yield _from_mapping(row, f"{path.name}:{number}")


def expand_inputs(inputs: list[str]) -> list[Path | str]:
    """Files in a stable order: directories become their `.txt` files, globs are expanded."""
    out: list[Path | str] = []
    for item in inputs:
        if item == "-":
            out.append("-")
            continue
        path = Path(item)
        if path.is_dir():
            out.extend(sorted(path.glob("*.txt")))
        elif any(c in item for c in "*?["):
            matched = sorted(Path(p) for p in glob.glob(item))
            if not matched:
                raise ValueError(f"{item}: the pattern matches no file")
            out.extend(matched)
        elif path.is_file():
            out.append(path)
        else:
            raise ValueError(f"{item}: no such file or directory")
    return out


def iter_records(inputs: list[Path | str], stdin=None) -> Iterator[Record]:
    for item in inputs:
        if item == "-":
            yield from read_jsonl((stdin or sys.stdin.buffer), "stdin")
        elif item.suffix.lower() == ".csv":
            yield from read_csv(item)
        elif item.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            with open(item, "rb") as handle:
                yield from read_jsonl(handle, item.name)
        else:
            try:
                yield Record(item.name, item.read_text(encoding="utf-8"))
            except UnicodeDecodeError as exc:
                yield Record(item.name, problem=f"file is not UTF-8: {exc.reason}")


# ---------------------------------------------------------------- per-article work

_WORKER: dict[str, Any] = {}


def init_worker(reference: str | None, models_dir: str | None, lexicon_dir: str | None) -> None:
    """Load lexicons (and the reference model, if asked) once per worker process."""
    from .framing.resources import load_resources

    _WORKER["resources"] = load_resources(lexicon_dir)
    _WORKER["model"] = None
    if reference:
        from .reference.model import load_reference_models

        models = load_reference_models(models_dir or _default_models_dir())
        if reference not in models:
            raise ValueError(f"no reference model {reference!r}; available: {', '.join(sorted(models))}")
        _WORKER["model"] = models[reference]


def _default_models_dir() -> str:
    return os.environ.get("SLANT_MODELS_DIR", str(Path(__file__).resolve().parents[1] / "models"))


def process(record: Record, include: tuple[str, ...] = ()) -> dict[str, Any]:
    """One output record for one input record; never raises."""
    if record.problem:
        return {"id": record.id, "error": {"type": "invalid-record", "detail": record.problem}}
    try:
        from .framing.analyze import analyze

        analysis = analyze(record.text, title=record.title, resources=_WORKER.get("resources"))
    except ValueError as exc:
        return {"id": record.id, "error": {"type": "invalid-text", "detail": str(exc)}}
    except Exception as exc:  # a bug must not lose the record or stop the run
        return {"id": record.id, "error": {"type": "internal-error",
                                           "detail": f"{type(exc).__name__}: {exc}"}}
    out: dict[str, Any] = {"id": record.id}
    if record.extra:
        out.update(record.extra)
    out["features"] = analysis.features
    out["meta"] = {k: analysis.meta[k] for k in ("word_count", "sentence_count", "language")}
    if "spans" in include:
        out["spans"] = analysis.spans
    if "placement" in include and _WORKER.get("model") is not None:
        from .reference.place import place

        out["placement"] = place(analysis, _WORKER["model"]).to_dict()
    return out


def _process_many(records: list[Record], include: tuple[str, ...]) -> list[dict[str, Any]]:
    return [process(r, include) for r in records]


# ---------------------------------------------------------------- output

class Writer:
    """Appends records to JSONL or CSV; flushes and fsyncs after every chunk."""

    def __init__(self, target: str, fmt: str, feature_names: list[str], append: bool):
        self.fmt = fmt
        self.columns = ["id", "error.type", "error.detail", "meta.word_count",
                        "meta.sentence_count", "meta.language", *feature_names]
        self._to_stdout = target == "-"
        if self._to_stdout:
            self.handle = sys.stdout
        else:
            fresh = not append or not Path(target).exists() or Path(target).stat().st_size == 0
            self.handle = open(target, "a" if append else "w", encoding="utf-8", newline="")
            if fmt == "csv" and fresh:
                csv.writer(self.handle).writerow(self.columns)
        if self._to_stdout and fmt == "csv":
            csv.writer(self.handle).writerow(self.columns)
        self._csv = csv.writer(self.handle) if fmt == "csv" else None

    def write(self, records: list[dict[str, Any]]) -> None:
        if self._csv is not None:
            for rec in records:
                self._csv.writerow(self._row(rec))
        else:
            self.handle.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
        self.handle.flush()
        if not self._to_stdout:
            os.fsync(self.handle.fileno())

    def _row(self, rec: dict[str, Any]) -> list[Any]:
        flat = {"id": rec["id"]}
        if "error" in rec:
            flat["error.type"] = rec["error"]["type"]
            flat["error.detail"] = rec["error"]["detail"]
        for key, value in rec.get("meta", {}).items():
            flat[f"meta.{key}"] = value
        flat.update(rec.get("features", {}))
        return ["" if flat.get(c) is None else flat[c] for c in self.columns]

    def close(self) -> None:
        if not self._to_stdout:
            self.handle.close()


def completed_ids(path: Path, fmt: str) -> set[str]:
    """Ids already in OUTPUT; a trailing partial line (a killed run) is cut off first."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    cut = data.rfind(b"\n") + 1
    if cut < len(data):
        with open(path, "r+b") as handle:
            handle.truncate(cut)
        data = data[:cut]
    ids: set[str] = set()
    if fmt == "csv":
        reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace")))
        next(reader, None)
        ids.update(row[0] for row in reader if row)
    else:
        for line in data.splitlines():
            try:
                ids.add(str(json.loads(line)["id"]))
            except (ValueError, KeyError, TypeError):
                continue
    return ids


# ---------------------------------------------------------------- progress

class Progress:
    """A bar with count, rate and ETA on a terminal; periodic plain lines otherwise."""

    def __init__(self, total: int | None, stream=None):
        self.total, self.stream = total, stream or sys.stderr
        self.tty = self.stream.isatty()
        self.done = self.errors = 0
        self.started = self._last = time.monotonic()

    def update(self, records: list[dict[str, Any]]) -> None:
        self.done += len(records)
        self.errors += sum(1 for r in records if "error" in r)
        now = time.monotonic()
        if self.tty or now - self._last >= PROGRESS_EVERY_S:
            self._last = now
            self._print(now)

    def _print(self, now: float) -> None:
        rate = self.done / max(now - self.started, 1e-9)
        if self.total:
            eta = (self.total - self.done) / rate if rate else 0.0
            width = 30
            filled = int(width * self.done / self.total) if self.total else 0
            bar = "#" * filled + "-" * (width - filled)
            line = f"[{bar}] {self.done}/{self.total} {rate:.1f} articles/s ETA {eta:.0f}s"
        else:
            line = f"{self.done} done, {rate:.1f} articles/s"
        if self.tty:
            self.stream.write("\r" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def summary(self, skipped: int) -> str:
        seconds = max(time.monotonic() - self.started, 1e-9)
        if self.tty:
            self.stream.write("\n")
        return (f"batch: {self.done} done ({self.errors} errors), {skipped} skipped as already done, "
                f"{self.done / seconds:.1f} articles/s in {seconds:.1f} s")


# ---------------------------------------------------------------- engines

def _chunks(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for rec in records:
        chunk.append(rec)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_local(records: Iterable[Record], writer: Writer, progress: Progress, workers: int,
              include: tuple[str, ...], init_args: tuple) -> None:
    """Process in input order on `workers` processes (1 = in this process)."""
    if workers <= 1:
        init_worker(*init_args)
        for chunk in _chunks(records, CHUNK):
            out = _process_many(chunk, include)
            writer.write(out)
            progress.update(out)
        return
    from concurrent.futures import ProcessPoolExecutor
    import multiprocessing

    small = max(1, CHUNK // 8)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker,
                             initargs=init_args) as pool:
        pending: list = []
        for chunk in _chunks(records, small):
            pending.append(pool.submit(_process_many, chunk, include))
            if len(pending) >= workers * 4:  # bounded read-ahead keeps memory flat
                _drain(pending, writer, progress, keep=workers * 2)
        _drain(pending, writer, progress, keep=0)


def _drain(pending: list, writer: Writer, progress: Progress, keep: int) -> None:
    while len(pending) > keep:
        out = pending.pop(0).result()
        writer.write(out)
        progress.update(out)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser(argparse.ArgumentParser(prog="slant batch", description=__doc__.splitlines()[0]))
    return run_from_args(parser.parse_args(argv))


def build_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("inputs", nargs="+", help="JSONL/CSV files, .txt files, a directory, a glob, or - for stdin")
    parser.add_argument("-o", "--output", required=True,
                        help="output file (.jsonl, .csv, .parquet) or - for stdout; with --engine dask a directory")
    parser.add_argument("--format", choices=("jsonl", "csv", "parquet"),
                        help="output format (default: from the output file's extension, else jsonl)")
    parser.add_argument("--reference", help="reference model name for placement (default: none)")
    parser.add_argument("--include", default="", help="comma list of extras: spans,placement")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all cores)")
    parser.add_argument("--resume", action="store_true", help="skip ids already in OUTPUT")
    parser.add_argument("--engine", choices=("local", "dask"), default="local")
    parser.add_argument("--scheduler", help="Dask scheduler address tcp://HOST:PORT (default: a LocalCluster)")
    parser.add_argument("--partition-mb", type=float, default=16.0,
                        help="Dask: split large JSONL inputs into byte ranges of about this size")
    parser.add_argument("--models-dir", help="reference models directory (default: $SLANT_MODELS_DIR or ./models)")
    parser.add_argument("--lexicons-dir", help="lexicons directory (default: the shipped lexicons)")
    return parser


def _output_format(output: str, explicit: str | None) -> str:
    if explicit:
        return explicit
    suffix = Path(output).suffix.lower()
    return {".csv": "csv", ".parquet": "parquet"}.get(suffix, "jsonl")


def run_from_args(args: argparse.Namespace) -> int:
    include = tuple(x.strip() for x in args.include.split(",") if x.strip())
    unknown = set(include) - {"spans", "placement"}
    if unknown:
        print(f"error: unknown --include values {sorted(unknown)}; valid: spans, placement", file=sys.stderr)
        return 2
    reference = args.reference or ("hyperpartisan" if "placement" in include else None)
    init_args = (reference, args.models_dir, args.lexicons_dir)
    try:
        inputs = expand_inputs(args.inputs)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.engine == "dask":
        from .batch_dask import run_dask

        return run_dask(inputs, args.output, include, init_args, args.scheduler,
                        args.partition_mb, args.workers)
    fmt = _output_format(args.output, args.format)
    if fmt == "parquet":
        return _run_parquet(inputs, args, include, init_args)
    from .framing.analyze import feature_names

    done = completed_ids(Path(args.output), fmt) if args.resume and args.output != "-" else set()
    skipped = 0

    def todo() -> Iterator[Record]:
        nonlocal skipped
        for rec in iter_records(inputs):
            if rec.id in done:
                skipped += 1
                continue
            yield rec

    total = _count_records(inputs)
    writer = Writer(args.output, fmt, feature_names(), append=args.resume)
    progress = Progress(None if total is None else max(total - len(done), 0))
    try:
        run_local(todo(), writer, progress, args.workers, include, init_args)
    except KeyboardInterrupt:
        print("\ninterrupted: the output holds every record written so far; rerun with --resume",
              file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        writer.close()
    print(progress.summary(skipped), file=sys.stderr)
    return 0


def _count_records(inputs: list[Path | str]) -> int | None:
    """Number of input records for the ETA (None for stdin); cheap: counts lines/files."""
    total = 0
    for item in inputs:
        if item == "-":
            return None
        if item.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            with open(item, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        elif item.suffix.lower() == ".csv":
            return None  # quoted newlines make a line count wrong
        else:
            total += 1
    return total


def _run_parquet(inputs, args, include, init_args) -> int:
    """Parquet: written to OUTPUT.partial and renamed at the end (a Parquet file is only
    readable once closed, so a killed run leaves the previous state; no --resume)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        print("error: Parquet output needs pyarrow (pip install pyarrow)", file=sys.stderr)
        return 2
    if args.resume or args.output == "-":
        print("error: Parquet output supports neither --resume nor stdout; use JSONL or CSV",
              file=sys.stderr)
        return 2
    from .framing.analyze import feature_names

    names = feature_names()
    schema = pa.schema([("id", pa.string()), ("error_type", pa.string()), ("error_detail", pa.string()),
                        ("word_count", pa.int64()), ("language", pa.string())]
                       + [(n, pa.float64()) for n in names])
    partial = args.output + ".partial"
    progress = Progress(_count_records(inputs))

    class ParquetWriter:
        def __init__(self):
            self.w = pq.ParquetWriter(partial, schema)

        def write(self, records):
            cols = {f.name: [] for f in schema}
            for r in records:
                err = r.get("error") or {}
                cols["id"].append(r["id"])
                cols["error_type"].append(err.get("type"))
                cols["error_detail"].append(err.get("detail"))
                cols["word_count"].append(r.get("meta", {}).get("word_count"))
                cols["language"].append(r.get("meta", {}).get("language"))
                for n in names:
                    cols[n].append(r.get("features", {}).get(n))
            self.w.write_table(pa.table(cols, schema=schema))

    writer = ParquetWriter()
    run_local(iter_records(inputs), writer, progress, args.workers, include, init_args)
    writer.w.close()
    os.replace(partial, args.output)
    print(progress.summary(0), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
