#!/usr/bin/env bash
# Every benchmark in turn (`make bench`), one after another so none disturbs another's
# timing; each section starts with the machine's load average. About 5 minutes on the
# 2-core development machine. Output: stdout (also written to the file BENCH_SAVE names,
# if set). Needs ../shared (seeds and data sets) beside the checkout.
#   BENCH_QUICK=1 benchmarks/run_all.sh    # smaller samples, about 1 minute
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
if [[ -n "${BENCH_SAVE:-}" ]]; then
  exec > >(tee "$BENCH_SAVE") 2>&1
fi
if [[ "${BENCH_QUICK:-}" == 1 ]]; then
  analyze_args=(--articles 200 --long 5 --repeat 5); baseline_args=(--articles 60 --seed-passes 4)
  placement_args=(--sizes 1000,10000 --repeats 10); load_args=(--duration 5 --requests 2000)
  batch_args=(--n 1000)
else
  analyze_args=(); baseline_args=(); placement_args=(); load_args=(); batch_args=()
fi

section() {
  echo
  echo "=== $1 — $(date -u +%H:%M:%SZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GB RAM; $($PY --version)"
if ! command -v wrk >/dev/null; then
  echo "(wrk not found: the load test uses its bounded Python client; 'apt-get install -y wrk' for wrk)"
fi
section "per-article analysis, by stage (bench_analyze.py)"
$PY benchmarks/bench_analyze.py "${analyze_args[@]}"
section "side by side (bench_baselines.py)"
$PY benchmarks/bench_baselines.py "${baseline_args[@]}"
section "placement against 1k/10k/100k corpora (bench_placement.py)"
$PY benchmarks/bench_placement.py "${placement_args[@]}"
section "service under load (bench_load.py)"
$PY benchmarks/bench_load.py "${load_args[@]}"
section "batch throughput (bench_batch.py)"
$PY benchmarks/bench_batch.py "${batch_args[@]}"
section "done"
