"""The Dask engine of `slant batch`: the same per-article function over partitions.

Large JSONL inputs are cut into byte ranges that end on line boundaries, CSV files
are one partition each (quoted newlines make byte cuts unsafe), `.txt` files are
grouped. Each partition becomes one output file `part-NNNNN.jsonl` in the output
directory, written to a temporary name and renamed when complete, so a finished
partition is never half-written; `manifest.json` lists every partition with its
input range and counts. With `--resume`, partitions whose file exists are skipped.

Workers need the same Slant package, lexicons and models as the client
(see docs/batch.md for running on a real cluster).
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .batch import Record, _WORKER, init_worker, parse_jsonl_line, process, read_csv


@dataclass(frozen=True, slots=True)
class Partition:
    index: int
    path: str
    kind: str            # "jsonl" | "csv" | "txt"
    start: int = 0       # byte range for jsonl
    end: int = 0
    first_line: int = 1
    files: tuple[str, ...] = ()   # for kind == "txt"

    @property
    def output_name(self) -> str:
        return f"part-{self.index:05d}.jsonl"


def plan_partitions(inputs: list, partition_bytes: int) -> list[Partition]:
    parts: list[Partition] = []
    txt_group: list[str] = []
    txt_size = 0

    def flush_txt():
        nonlocal txt_group, txt_size
        if txt_group:
            parts.append(Partition(len(parts), txt_group[0], "txt", files=tuple(txt_group)))
            txt_group, txt_size = [], 0

    for item in inputs:
        if item == "-":
            raise ValueError("the Dask engine cannot read stdin; write it to a file first")
        suffix = item.suffix.lower()
        if suffix == ".csv":
            flush_txt()
            parts.append(Partition(len(parts), str(item), "csv"))
        elif suffix in (".jsonl", ".ndjson", ".json"):
            flush_txt()
            for start, end, first_line in _byte_ranges(item, partition_bytes):
                parts.append(Partition(len(parts), str(item), "jsonl", start, end, first_line))
        else:
            txt_group.append(str(item))
            txt_size += item.stat().st_size
            if txt_size >= partition_bytes:
                flush_txt()
    flush_txt()
    return parts


def _byte_ranges(path: Path, size: int):
    """(start, end, first line number) ranges of about `size` bytes ending at newlines."""
    total = path.stat().st_size
    start, line = 0, 1
    with open(path, "rb") as handle:
        while start < total:
            handle.seek(min(start + size, total))
            if handle.tell() < total:
                handle.readline()
            end = handle.tell()
            handle.seek(start)
            lines = _count_newlines(handle, end - start)
            yield start, end, line
            start, line = end, line + lines


def _count_newlines(handle, length: int) -> int:
    count = 0
    while length > 0:
        block = handle.read(min(length, 1 << 20))
        if not block:
            break
        count += block.count(b"\n")
        length -= len(block)
    return count


def _records(part: Partition):
    if part.kind == "csv":
        yield from read_csv(Path(part.path))
    elif part.kind == "txt":
        for name in part.files:
            path = Path(name)
            try:
                yield Record(path.name, path.read_text(encoding="utf-8"))
            except UnicodeDecodeError as exc:
                yield Record(path.name, problem=f"file is not UTF-8: {exc.reason}")
    else:
        name = Path(part.path).name
        with open(part.path, "rb") as handle:
            handle.seek(part.start)
            number = part.first_line
            while handle.tell() < part.end:
                line = handle.readline()
                if not line:
                    break
                record = parse_jsonl_line(line, f"{name}:{number}")
                number += 1
                if record is not None:
                    yield record


def process_partition(part: Partition, out_dir: str, include: tuple[str, ...],
                      init_args: tuple) -> dict[str, Any]:
    """Run on a Dask worker: analyse one partition, write its file atomically."""
    if _WORKER.get("init_args") != init_args:
        init_worker(*init_args)
        _WORKER["init_args"] = init_args
    target = Path(out_dir) / part.output_name
    tmp = target.with_suffix(".jsonl.tmp")
    records = errors = 0
    with open(tmp, "w", encoding="utf-8") as handle:
        for record in _records(part):
            out = process(record, include)
            records += 1
            errors += "error" in out
            handle.write(json.dumps(out, ensure_ascii=False) + "\n")
    os.replace(tmp, target)
    return {"index": part.index, "file": part.output_name, "records": records, "errors": errors}


def run_dask(inputs: list, output: str, include: tuple[str, ...], init_args: tuple,
             scheduler: str | None, partition_mb: float, workers: int) -> int:
    from dask.distributed import Client, LocalCluster, as_completed

    out_dir = Path(output)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = plan_partitions(inputs, int(partition_mb * 1024 * 1024))
    todo = [p for p in parts if not (out_dir / p.output_name).exists()]
    started = time.monotonic()
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None)
        client = Client(cluster)
    results: dict[int, dict] = {}
    try:
        futures = client.map(process_partition, todo, out_dir=str(out_dir), include=include,
                             init_args=init_args, pure=False)
        for future in as_completed(futures):
            res = future.result()
            results[res["index"]] = res
            print(f"partition {res['index'] + 1}/{len(parts)}: {res['records']} records "
                  f"({res['errors']} errors)", file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    manifest = _write_manifest(out_dir, parts, results)
    seconds = max(time.monotonic() - started, 1e-9)
    done = sum(r["records"] for r in results.values())
    print(f"batch (dask): {done} done ({sum(r['errors'] for r in results.values())} errors) in "
          f"{len(todo)} partitions, {len(parts) - len(todo)} partitions already done, "
          f"{done / seconds:.1f} articles/s; manifest {manifest}", file=sys.stderr)
    return 0


def _write_manifest(out_dir: Path, parts: list[Partition], results: dict[int, dict]) -> Path:
    path = out_dir / "manifest.json"
    previous = {}
    if path.exists():
        previous = {p["index"]: p for p in json.loads(path.read_text()).get("partitions", [])}
    entries = []
    for part in parts:
        entry = {**asdict(part), "file": part.output_name}
        entry.update(previous.get(part.index, {}) | results.get(part.index, {}))
        entries.append(entry)
    body = {"slant_version": __version__, "partitions": entries,
            "records": sum(e.get("records", 0) for e in entries),
            "errors": sum(e.get("errors", 0) for e in entries)}
    path.write_text(json.dumps(body, indent=1), encoding="utf-8")
    return path
