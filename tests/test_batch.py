"""slant batch: one output record per input record, crash-safe resume, Dask equals local."""
from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service import batch

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = ("The SDF said on Friday that at least 28 ISIS militants were killed. "
           "Officials reportedly fear a resurgence. \u201cWe will not stop,\u201d Kirby said.")


def write_jsonl(path: Path, n: int, bad_every: int = 0) -> list[str]:
    ids = []
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(n):
            rid = f"a{i:05d}"
            ids.append(rid)
            if bad_every and i % bad_every == 3:
                handle.write('{"id": "%s", "text": \n' % rid)          # invalid JSON
                ids[-1] = f"{path.name}:{i + 1}"                       # falls back to file:line
            elif bad_every and i % bad_every == 5:
                handle.write(json.dumps({"id": rid, "title": "no text"}) + "\n")
            else:
                handle.write(json.dumps({"id": rid, "text": f"{ARTICLE} Item {i}."}) + "\n")
    return ids


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "service.batch", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, **kwargs)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_input_record_gives_exactly_one_output_record_in_order(tmp_path):
    src = tmp_path / "in.jsonl"
    ids = write_jsonl(src, 40, bad_every=10)
    out = tmp_path / "out.jsonl"
    result = run_cli(str(src), "-o", str(out), "--workers", "2")
    assert result.returncode == 0, result.stderr
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ids
    errors = {r["id"]: r["error"]["type"] for r in records if "error" in r}
    assert errors == {f"in.jsonl:{i + 1}": "invalid-record" for i in range(40) if i % 10 == 3} | {
        f"a{i:05d}": "invalid-record" for i in range(40) if i % 10 == 5}
    assert "40 done (8 errors)" in result.stderr


def test_csv_output_has_stable_feature_columns(tmp_path):
    from service.framing.analyze import feature_names

    src = tmp_path / "in.jsonl"
    write_jsonl(src, 5)
    out = tmp_path / "out.csv"
    assert run_cli(str(src), "-o", str(out), "--workers", "1").returncode == 0
    with open(out, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["id", "error.type", "error.detail"]
    assert rows[0][6:] == feature_names()
    assert len(rows) == 6


def test_directory_of_txt_files_uses_file_names_as_ids(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in ("b.txt", "a.txt"):
        (folder / name).write_text(ARTICLE, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\xff\xfe not utf-8")
    records = list(batch.iter_records(batch.expand_inputs([str(folder)])))
    assert [r.id for r in records] == ["a.txt", "b.txt", "bad.txt"]
    assert records[2].problem and "UTF-8" in records[2].problem


def test_csv_input_reports_rows_with_too_many_fields(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text('id,text\nx1,"Hello there, world."\nx2,a,b\n,"no id here"\n', encoding="utf-8")
    records = list(batch.read_csv(src))
    assert [r.id for r in records] == ["x1", "x2", "in.csv:4"]
    assert records[1].problem and records[0].problem is None


def test_resume_drops_partial_last_line_and_skips_done_ids(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a00000", "features": {}}\n{"id": "a000', encoding="utf-8")
    assert batch.completed_ids(out, "jsonl") == {"a00000"}
    assert out.read_text(encoding="utf-8").endswith("}\n")


@pytest.mark.slow
def test_killed_run_resumes_with_every_id_exactly_once(tmp_path):
    src = tmp_path / "in.jsonl"
    ids = write_jsonl(src, 3000)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "service.batch", str(src), "-o", str(out),
                             "--workers", "1"], cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not out.exists() or out.stat().st_size < 20_000):
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with open(out, "a", encoding="utf-8") as handle:   # what a kill mid-write leaves behind
        handle.write('{"id": "a0')
    written_before = len(out.read_text(encoding="utf-8").splitlines()) - 1
    assert 0 < written_before < len(ids), "the run must be killed midway for this test to mean anything"
    result = run_cli(str(src), "-o", str(out), "--workers", "2", "--resume")
    assert result.returncode == 0, result.stderr
    seen = [r["id"] for r in read_jsonl(out)]
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))


@pytest.mark.slow
def test_dask_local_cluster_output_equals_local_engine(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 60, bad_every=20)
    local_out = tmp_path / "local.jsonl"
    assert run_cli(str(src), "-o", str(local_out), "--workers", "1").returncode == 0
    dask_out = tmp_path / "dask"
    result = run_cli(str(src), "-o", str(dask_out), "--engine", "dask", "--workers", "2",
                     "--partition-mb", "0.004")
    assert result.returncode == 0, result.stderr
    manifest = json.loads((dask_out / "manifest.json").read_text())
    assert len(manifest["partitions"]) > 2
    assert manifest["records"] == 60
    combined = []
    for part in manifest["partitions"]:
        combined.extend(read_jsonl(dask_out / part["file"]))
    assert combined == read_jsonl(local_out)


def test_partitions_cover_the_file_exactly_on_line_boundaries(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 50)
    from service.batch_dask import plan_partitions

    parts = plan_partitions([src], 700)
    assert parts[0].start == 0 and parts[-1].end == src.stat().st_size
    data = src.read_bytes()
    for a, b in zip(parts, parts[1:]):
        assert a.end == b.start and data[a.end - 1:a.end] == b"\n"
        assert b.first_line == data[:b.start].count(b"\n") + 1


def test_parquet_output_has_one_row_per_record_and_the_feature_columns(tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    from service.framing.analyze import feature_names

    src = tmp_path / "in.jsonl"
    ids = write_jsonl(src, 12, bad_every=10)
    out = tmp_path / "out.parquet"
    result = run_cli(str(src), "-o", str(out), "--workers", "1")
    assert result.returncode == 0, result.stderr
    table = pq.read_table(out)
    assert table.column("id").to_pylist() == ids
    assert table.column_names[5:] == feature_names()
    errors = [e for e in table.column("error_type").to_pylist() if e]
    assert errors == ["invalid-record", "invalid-record"]
    assert not (tmp_path / "out.parquet.partial").exists()


def test_parquet_refuses_resume(tmp_path):
    pytest.importorskip("pyarrow")
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 2)
    result = run_cli(str(src), "-o", str(tmp_path / "out.parquet"), "--resume")
    assert result.returncode == 2 and "resume" in result.stderr


def test_include_spans_and_placement(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 3)
    out = tmp_path / "out.jsonl"
    result = run_cli(str(src), "-o", str(out), "--workers", "1", "--include", "spans,placement")
    assert result.returncode == 0, result.stderr
    for rec in read_jsonl(out):
        assert rec["placement"]["model"]["name"] == "hyperpartisan"
        text = f"{ARTICLE} Item {int(rec['id'][1:])}."
        assert all(text[s["start"]:s["end"]] == s["text"] for s in rec["spans"])


def test_unknown_include_is_a_usage_error(tmp_path):
    src = tmp_path / "in.jsonl"
    write_jsonl(src, 1)
    result = run_cli(str(src), "-o", "-", "--include", "everything")
    assert result.returncode == 2 and "everything" in result.stderr
