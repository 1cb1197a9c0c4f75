#!/usr/bin/env bash
# Built-in XGBoost training time: Sagebrush's algorithms program versus the `xgboost` command-line tool (Debian
# package xgboost) and Python xgboost (python3-xgboost), all three on Debian's libxgboost 1.7.4, on the same data and
# parameters: a generated 1M-row x 28-column binary classification CSV (label first), 100 rounds, max_depth 8,
# tree_method hist, objective binary:logistic, the training set evaluated every round, every core.
# Results go to docs/benchmarks.md by hand; this prints them.
#
#   bench/xgboost-training.sh [rows]        (default 1000000; ROWS=N works too)
#   SKIP_JOB=1 bench/xgboost-training.sh    (without the end-to-end CreateTrainingJob)
#
# Each tool runs under /usr/bin/time -v (wall time, peak RSS). The program's `train` runs on a prepared /opt/ml-like
# directory (SM_* variables), as the training launcher runs it; then the same job runs end to end through a server:
# upload with boto3, CreateTrainingJob, wait for Completed (staging, sandbox, upload of model.tar.gz included).
# Raw logs are kept in bench/results/xgboost-<time>/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-${ROWS:-1000000}}"
python=/usr/bin/python3
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/xgboost-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagebrush-xgb-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI and the algorithms program (Release)..."
build_cli
program="$root/artifacts/cli/Sagebrush.Algorithms.dll"

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/xgboost-training.sh $rows"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm)"
  echo "nproc: $(nproc)"
  echo "dotnet: $(dotnet --version)"
  echo "libxgboost: $(dpkg-query -W -f='${Version}' libxgboost0), python3-xgboost $($python -c 'import xgboost; print(xgboost.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo; lscpu | sed -n '1,15p'
} | tee "$results/machine.txt" >&2

# --- data ----------------------------------------------------------------------------------------------------------
ml="$work/ml"
mkdir -p "$ml/input/config" "$ml/input/data/train" "$ml/model" "$ml/output/data"
data="$ml/input/data/train/train.csv"
log "generating $rows rows x 28 features..."
$python - "$data" "$rows" <<'PY'
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
bytes=$(stat -c %s "$data")
log "data: $(( bytes / 1000000 )) MB"
cat >"$ml/input/config/hyperparameters.json" <<'JSON'
{"num_round": "100", "max_depth": "8", "tree_method": "hist", "objective": "binary:logistic"}
JSON
echo '{"train": {"ContentType": "text/csv"}}' >"$ml/input/config/inputdataconfig.json"

# timed NAME COMMAND...: runs under /usr/bin/time -v, keeps the output, prints "NAME wall_s rss_mb".
timed() {
  local name="$1"; shift
  /usr/bin/time -v -o "$results/$name.time" "$@" >"$results/$name.log" 2>&1 || { cat "$results/$name.log" >&2; log "$name failed"; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$results/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$results/$name.time")
  echo "$name $wall $rss"
}

# --- the three trainers, alternating, twice ------------------------------------------------------------------------
cat >"$work/cli.conf" <<CONF
booster = gbtree
objective = binary:logistic
tree_method = hist
max_depth = 8
num_round = 100
eval_train = 1
data = "$data?format=csv&label_column=0"
model_out = "$work/cli.model"
CONF
cat >"$work/train.py" <<PY
import xgboost as xgb
dtrain = xgb.DMatrix("$data?format=csv&label_column=0")
booster = xgb.train({"objective": "binary:logistic", "tree_method": "hist", "max_depth": 8}, dtrain, 100,
                    evals=[(dtrain, "train")], verbose_eval=True)
booster.save_model("$work/python.model")
PY

: >"$results/samples.txt"
for round in 1 2; do
  log "round $round: sagebrush train..."
  rm -rf "$ml/model/"* "$ml/output/failure"
  timed "sagebrush-$round" env SM_INPUT_DIR="$ml/input" SM_MODEL_DIR="$ml/model" SM_OUTPUT_DIR="$ml/output" \
    dotnet "$program" xgboost train | tee -a "$results/samples.txt" >&2
  log "round $round: xgboost CLI..."
  timed "cli-$round" /usr/bin/xgboost "$work/cli.conf" | tee -a "$results/samples.txt" >&2
  log "round $round: python xgboost..."
  timed "python-$round" $python "$work/train.py" | tee -a "$results/samples.txt" >&2
done
grep -h "matrix has" "$results"/sagebrush-*.log >&2

# --- end to end: CreateTrainingJob ---------------------------------------------------------------------------------
if [ -z "${SKIP_JOB:-}" ]; then
  bench_credentials
  start_server "$work/data"
  log "end to end: CreateTrainingJob..."
  SAGEBRUSH_ENDPOINT="$url" $python - "$data" <<'PY' | tee -a "$results/samples.txt" >&2
import os, sys, time, boto3
from botocore.config import Config
endpoint = os.environ["SAGEBRUSH_ENDPOINT"]
s3 = boto3.client("s3", endpoint_url=endpoint, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
sm = boto3.client("sagemaker", endpoint_url=endpoint)
s3.create_bucket(Bucket="bench")
s3.upload_file(sys.argv[1], "bench", "xgb/train/train.csv")
started = time.monotonic()
sm.create_training_job(
    TrainingJobName="xgb-bench",
    AlgorithmSpecification={"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
    RoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
    HyperParameters={"num_round": "100", "max_depth": "8", "tree_method": "hist", "objective": "binary:logistic"},
    InputDataConfig=[{"ChannelName": "train", "ContentType": "text/csv", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bench/xgb/train/"}}}],
    OutputDataConfig={"S3OutputPath": "s3://bench/output"},
    ResourceConfig={"InstanceType": "ml.m5.24xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
    StoppingCondition={"MaxRuntimeInSeconds": 3600})
while True:
    d = sm.describe_training_job(TrainingJobName="xgb-bench")
    if d["TrainingJobStatus"] in ("Completed", "Failed", "Stopped"):
        break
    time.sleep(0.2)
assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
print(f"job {time.monotonic() - started:.1f} -  (TrainingTimeInSeconds {d['TrainingTimeInSeconds']})")
PY
fi

log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
log "results: $results"
# Summary: best of two per tool, ratios to the CLI, parse rate from the program's own log line.
awk -v bytes="$bytes" '
  /^sagebrush-/ { if (!s || $2 < s) { s = $2; srss = $3 } }
  /^cli-/ { if (!c || $2 < c) { c = $2; crss = $3 } }
  /^python-/ { if (!p || $2 < p) { p = $2; prss = $3 } }
  /^job / { j = $2 }
  END {
    printf "| trainer | wall (s, best of 2) | vs CLI | peak RSS (MB) |\n|---|---|---|---|\n"
    printf "| Sagebrush `xgboost train` | %.1f | %.2fx | %d |\n", s, s / c, srss
    printf "| xgboost CLI | %.1f | 1.00x | %d |\n", c, crss
    printf "| Python xgboost | %.1f | %.2fx | %d |\n", p, p / c, prss
    if (j) printf "| CreateTrainingJob end to end | %.1f | %.2fx | |\n", j, j / c
  }' "$results/samples.txt" | tee "$results/summary.md"
grep -ho "[0-9.]* MB read in [0-9.]* s, [0-9]* MB/s" "$results"/sagebrush-*.log | sed "s/^/CSV parse: /"
