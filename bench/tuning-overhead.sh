#!/usr/bin/env bash
# The tuning scheduler's own overhead per trial: Random tuning jobs over a trivial script-mode training job, comparing
# the tuning job's wall time with its training jobs' own times and measuring, from the server's timestamps, the gap
# between a training job ending and the next one being created. Results go to docs/benchmarks.md by hand.
#
#   bench/tuning-overhead.sh [trials] [parallel] [runs]     (defaults 20, 2, 3)
#
# Builds and starts one server on 127.0.0.1 (bench/lib/server.sh), then bench/tuning_overhead.py (Debian's
# /usr/bin/python3 with boto3) runs a 4-trial warm-up tuning job and RUNS measured ones, one after another.
# Raw samples are kept in bench/results/tuning-<time>/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
trials="${1:-${TRIALS:-20}}"
parallel="${2:-${PARALLEL:-2}}"
runs="${3:-${RUNS:-3}}"
python=/usr/bin/python3   # Debian's, with boto3; not whatever `python3` is first on PATH
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/tuning-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagebrush-tuning-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI (Release)..."
build_cli

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/tuning-overhead.sh $trials $parallel $runs"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "dotnet: $(dotnet --version)"
  echo "python: $($python --version 2>&1), boto3 $($python -c 'import boto3; print(boto3.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials

start_server "$work/data"
timeout 3600 "$python" "$root/bench/tuning_overhead.py" "$url" "$results" "$trials" "$parallel" "$runs" | tee "$results/summary.md"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/machine.txt" >&2
cp "$work/server.log" "$results/server.log"
log "raw samples in $results"
