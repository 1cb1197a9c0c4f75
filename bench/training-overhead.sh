#!/usr/bin/env bash
# Training job platform overhead: wall time from CreateTrainingJob to Completed minus the entry point's own running
# time. Results go to docs/benchmarks.md by hand; this prints them.
#
#   bench/training-overhead.sh [jobs per scenario]      (default 10; JOBS=N works too)
#   BEFORE=<commit> bench/training-overhead.sh [jobs]   (the same jobs first against that commit's server, then this one's)
#
# Builds and starts one server on 127.0.0.1 (data directory in a temp directory), then bench/training_overhead.py
# (Debian's /usr/bin/python3 with boto3) runs script-mode jobs one after another: a trivial entry point, the same with
# a 100 MB channel (4 x 25 MB), and the trivial one printing one log line (a control), in interleaved rounds. Before
# the jobs it times, on the same disk: `python3 -c pass`, the launcher's bubblewrap sandbox around it, and `cp -r` and
# `rm -r` of the channel.
# Raw samples are kept in bench/results/training-<time>/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jobs="${1:-${JOBS:-10}}"
python=/usr/bin/python3   # Debian's, with boto3; not whatever `python3` is first on PATH
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/training-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagebrush-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

# --- build ---------------------------------------------------------------------------------------------------------
log "building the CLI (Release)..."
build_cli

# --- machine -------------------------------------------------------------------------------------------------------
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/training-overhead.sh $jobs"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm)"
  echo "nproc: $(nproc)"
  echo "dotnet: $(dotnet --version)"
  echo "python: $($python --version 2>&1), boto3 $($python -c 'import boto3; print(boto3.__version__)')"
  echo "bwrap: $(/usr/bin/bwrap --version 2>&1 || echo missing)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo; lscpu | sed -n '1,15p'
  echo; free -h
  echo; df -hT "$work"
} >"$results/machine.txt"
cat "$results/machine.txt" >&2

# --- server --------------------------------------------------------------------------------------------------------
bench_credentials
mkdir -p "$work/client"

# --- jobs ----------------------------------------------------------------------------------------------------------
# The client's files live beside the server's data directory (same file system), so cp is on the same disk.
if [ -n "${BEFORE:-}" ]; then
  log "building the CLI of $BEFORE..."
  build_cli_at "$BEFORE" "$work/before-cli"
  echo "before: $(git -C "$root" rev-parse --short "$BEFORE")" >>"$results/machine.txt"
  mkdir -p "$work/before-data" "$work/before-client" "$results/before"
  start_server "$work/before-data" "$work/before-cli"
  log "== $BEFORE =="
  timeout 1800 "$python" "$root/bench/training_overhead.py" "$url" "$work/before-client" "$results/before" "$jobs" | tee "$results/before/summary.md"
  cp "$work/server.log" "$results/before/server.log"
  stop_server
  log "== this checkout =="
fi

start_server "$work/data"
timeout 1800 "$python" "$root/bench/training_overhead.py" "$url" "$work/client" "$results" "$jobs" | tee "$results/summary.md"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"
log "$(tail -n1 "$results/machine.txt")"
cp "$work/server.log" "$results/server.log"
log "raw samples in $results"
