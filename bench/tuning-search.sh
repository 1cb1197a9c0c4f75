#!/usr/bin/env bash
# Hyperparameter search benchmark: no server, no jobs - the strategies against known functions, in one process.
# Results go to docs/benchmarks.md by hand; this prints them.
#
#   bench/tuning-search.sh [seeds] [bayesian budget] [part]   (defaults 20, 200, all; SEEDS, BUDGET, PART work too)
#
# part: all, suite (Sagebrush vs Optuna's TPE), trials (Bayesian vs Random), curves (Hyperband vs Random) or time
# (time per call).
#
# bench/Sagebrush.Bench.Tuning (Release) measures, over seeds 0..N-1:
#   - the suite: Branin, Hartmann-6, three mixed spaces with categoricals and the built-in XGBoost on scikit-learn's
#     breast-cancer data; Sagebrush's Bayesian (1 and 3 parallel), its Random, and Optuna's TPE sampler (Debian's
#     python3-optuna, through bench/tuning/optuna_tpe.py; 1 and 3 parallel), 50 trials per run: the median best
#     after 20 and 50 trials and the trials to within 1% of the optimum;
#   - trials until one is within 1% of the optimum, one trial at a time, Bayesian vs Random, on Branin and
#     Hartmann-6 (the problems and loop the unit tests use: tests/Sagebrush.Core.Tests/Tuning/Search);
#   - epochs ("wall time") until a trial completes within 1% of Branin's optimum on synthetic learning curves,
#     Hyperband (MinResource 1, MaxResource 27) vs Random;
#   - the wall time of one strategy call against histories of 10 to 400 trials.
# Per-seed counts are kept in bench/results/tuning-<time>/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds="${1:-${SEEDS:-20}}"
budget="${2:-${BUDGET:-200}}"
part="${3:-${PART:-all}}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/tuning-$stamp"
mkdir -p "$results"

# The suite's comparison and real problem need Optuna and scikit-learn's data from Debian.
if ! /usr/bin/python3 -c 'import optuna' 2>/dev/null || [ ! -f /usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv ]; then
  printf 'installing python3-optuna and python3-sklearn (apt-get)...\n' >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-optuna python3-sklearn >&2
fi

printf 'building bench/Sagebrush.Bench.Tuning (Release)...\n' >&2
timeout 900 dotnet build "$root/bench/Sagebrush.Bench.Tuning/Sagebrush.Bench.Tuning.csproj" -c Release \
  -o "$root/artifacts/bench-tuning" --nologo -v quiet -clp:ErrorsOnly >&2

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/tuning-search.sh $seeds $budget $part"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm)"
  echo "nproc: $(nproc)"
  echo "dotnet: $(dotnet --version)"
  echo "optuna: $(/usr/bin/python3 -c 'import optuna; print(optuna.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo; lscpu | sed -n '1,15p'
} >"$results/machine.txt"
cat "$results/machine.txt" >&2

timeout 7200 dotnet "$root/artifacts/bench-tuning/Sagebrush.Bench.Tuning.dll" "$seeds" "$budget" "$part" "$root/bench/tuning/optuna_tpe.py" \
  2> >(tee "$results/per-seed.txt" >&2) | tee "$results/summary.md"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$results/machine.txt"
printf 'results in %s\n' "$results" >&2
