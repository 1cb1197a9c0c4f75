#!/usr/bin/env bash
# Parse rate of Sagebrush's dataset readers (Sagebrush.Algorithms' CsvDatasetReader and LibSvmDatasetReader) on the
# data bench/xgboost-training.sh trains on: a generated 1M-row x 28-column binary classification CSV (label first,
# 258 MB) and the same rows as libsvm (332 MB). Results go to docs/benchmarks.md by hand; this prints them.
#
#   bench/csv-parse.sh [rows] [repeats]        (default 1000000 rows, 3 reads of each file)
#   BEFORE=<dir> bench/csv-parse.sh            (also time a bench tool built from another commit, alternating)
#
# Each read is timed in wall clock and in process CPU time (the second is what a loaded machine changes least);
# every read of a file runs in one process, so the first read includes JIT warm-up, as a training job's one read does.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
repeats="${2:-3}"
python=/usr/bin/python3
work="$(mktemp -d "${TMPDIR:-/tmp}/sagebrush-parse.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "building bench/Sagebrush.Bench.Algorithms (Release)..." >&2
dotnet build "$root/bench/Sagebrush.Bench.Algorithms" -c Release -o "$root/artifacts/bench-algorithms" -v quiet -nologo >&2
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/csv-parse.sh $rows $repeats"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc), dotnet: $(dotnet --version)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} >&2

$python - "$work/train.csv" "$rows" <<'PY'
import sys, numpy as np
path, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(20240601)
with open(path, "w") as out:
    for start in range(0, rows, 100_000):
        n = min(100_000, rows - start)
        x = rng.normal(size=(n, 28)).astype(np.float32)
        score = x[:, 0] - 0.8 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3] + np.sin(x[:, 4]) + 0.3 * x[:, 5:10].sum(axis=1)
        y = (score + rng.normal(scale=0.5, size=n) > 0).astype(np.float32)
        np.savetxt(out, np.column_stack([y, x]), delimiter=",", fmt="%.6g")
PY
awk -F, '{s=$1; for(i=2;i<=NF;i++) s=s" "(i-2)":"$i; print s}' "$work/train.csv" >"$work/train.libsvm"

for format in csv libsvm; do
  for tool in ${BEFORE:+"$BEFORE"} "$root/artifacts/bench-algorithms"; do
    echo "$([ "$tool" = "${BEFORE:-}" ] && echo before || echo after) $("$tool/Sagebrush.Bench.Algorithms" parse "$format" "$repeats" "$work/train.$format")"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
