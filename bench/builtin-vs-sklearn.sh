#!/usr/bin/env bash
# Built-in Linear Learner, K-Means and PCA versus scikit-learn on the same generated data, at the quality each reaches.
# Results go to docs/benchmarks.md by hand; this prints them.
#
#   bench/builtin-vs-sklearn.sh [rounds]      (default 3; the table gives each method's median)
#
# Builds bench/Sagebrush.Bench.Algorithms (Release), which times Sagebrush.Algorithms' Train in-process on a prepared
# channel directory (its CSV read included; no server, no job launcher). bench/builtin_vs_sklearn.py (Debian's
# /usr/bin/python3) generates the data with fixed seeds, writes it as CSV, times scikit-learn on the same file
# (pandas.read_csv + fit) and scores both models with the same numpy code.
# Raw results are kept in bench/results/builtin-<time>/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
python=/usr/bin/python3
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/builtin-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagebrush-builtin.XXXXXX")"
trap 'rm -rf "$work"' EXIT

echo "building bench/Sagebrush.Bench.Algorithms (Release)..." >&2
dotnet build "$root/bench/Sagebrush.Bench.Algorithms" -c Release -o "$root/artifacts/bench-algorithms" -v quiet -nologo >&2

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/builtin-vs-sklearn.sh $rounds"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm)"
  echo "nproc: $(nproc)"
  echo "dotnet: $(dotnet --version)"
  echo "python: $($python --version 2>&1), scikit-learn $($python -c 'import sklearn; print(sklearn.__version__)'), numpy $($python -c 'import numpy; print(numpy.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo; lscpu | sed -n '1,15p'
} >"$results/machine.txt"
cat "$results/machine.txt" >&2

"$python" "$root/bench/builtin_vs_sklearn.py" "$root/artifacts/bench-algorithms/Sagebrush.Bench.Algorithms" "$work" "$results" "$rounds" | tee "$results/table.md"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/machine.txt" >&2
