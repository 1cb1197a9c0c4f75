#!/usr/bin/env bash
# A whole batch transform job (S3 read, split, invoke, assemble, S3 write) against the same work done by a bare Python
# script in one process (pandas read_csv, xgboost booster.predict, numpy savetxt), side by side in one run, on the
# same CSV and the same 100-tree XGBoost model. Also: CreateTransformJob -> first record predicted (the job's data-log
# event). Prints a markdown table; results go to docs/benchmarks.md by hand.
#
#   bench/transform-vs-python.sh [rows] [rounds]     (default 1000000 rows x 28 features, 3 rounds)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${1:-1000000}"
rounds="${2:-3}"
python=/usr/bin/python3   # Debian's, with boto3, xgboost, pandas
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/transform-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebrush-transform-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI (Release)..."
build_cli
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/transform-vs-python.sh $rows $rounds"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm), nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "python: $($python --version 2>&1), xgboost $($python -c 'import xgboost; print(xgboost.__version__)'), pandas $($python -c 'import pandas; print(pandas.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials
log "making $rows rows x 28 features and a 100-tree model..."
"$python" - "$work" "$rows" <<'PY'
import io, sys, tarfile, numpy as np, xgboost as xgb
work, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(2026)
X = rng.normal(size=(rows, 28)).astype(np.float32)
y = (X[:, :4].sum(axis=1) + rng.normal(scale=0.5, size=rows) > 0).astype(np.float32)
train = min(rows, 200_000)
booster = xgb.train({"objective": "binary:logistic", "max_depth": 6, "nthread": 2}, xgb.DMatrix(X[:train], label=y[:train]), 100)
booster.save_model(f"{work}/xgboost-model")
with tarfile.open(f"{work}/model.tar.gz", "w:gz") as tar:
    tar.add(f"{work}/xgboost-model", arcname="xgboost-model")
np.savetxt(f"{work}/input.csv", X, fmt="%.6f", delimiter=",")
PY
log "input: $(du -h "$work/input.csv" | cut -f1)"

cat >"$work/bare.py" <<'PY'
# The bare script: what a user would write to predict a CSV file in one Python process.
import sys, numpy as np, pandas as pd, xgboost as xgb
booster = xgb.Booster({"nthread": 2})
booster.load_model(sys.argv[1])
X = pd.read_csv(sys.argv[2], header=None, dtype=np.float32).to_numpy()
np.savetxt(sys.argv[3], booster.predict(xgb.DMatrix(X, nthread=2)), fmt="%.8g")
PY

start_server "$work/data"
timeout 3600 "$python" - "$url" "$work" "$rounds" <<'PY' | tee "$results/summary.md"
import statistics, subprocess, sys, time, boto3, numpy as np
url, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
s3 = boto3.client("s3", endpoint_url=url)
sm = boto3.client("sagemaker", endpoint_url=url)
logs = boto3.client("logs", endpoint_url=url)
s3.create_bucket(Bucket="bench")
s3.upload_file(f"{work}/model.tar.gz", "bench", "model/model.tar.gz")
s3.upload_file(f"{work}/input.csv", "bench", "input/input.csv")
sm.create_model(ModelName="xgb100", ExecutionRoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
                PrimaryContainer={"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                                  "ModelDataUrl": "s3://bench/model/model.tar.gz"})

def transform(i):
    name = f"bench-{i}"
    start = time.time()
    sm.create_transform_job(TransformJobName=name, ModelName="xgb100", BatchStrategy="MultiRecord",
        TransformInput={"DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bench/input/"}},
                        "ContentType": "text/csv", "SplitType": "Line"},
        TransformOutput={"S3OutputPath": f"s3://bench/output/{name}", "AssembleWith": "Line"},
        TransformResources={"InstanceType": "ml.m5.large", "InstanceCount": 1})
    while sm.describe_transform_job(TransformJobName=name)["TransformJobStatus"] in ("InProgress", "Stopping"):
        time.sleep(0.05)
    total = time.time() - start
    d = sm.describe_transform_job(TransformJobName=name)
    assert d["TransformJobStatus"] == "Completed", d.get("FailureReason")
    first = None
    for stream in logs.describe_log_streams(logGroupName="/aws/sagemaker/TransformJobs", logStreamNamePrefix=name + "/")["logStreams"]:
        for e in logs.get_log_events(logGroupName="/aws/sagemaker/TransformJobs", logStreamName=stream["logStreamName"])["events"]:
            if e["message"] == "Sagebrush: first record predicted":
                first = e["timestamp"] / 1000 - start
    s3.download_file("bench", f"output/{name}/input.csv.out", f"{work}/transform.out")
    return total, first

def bare():
    start = time.time()
    subprocess.run([sys.executable, f"{work}/bare.py", f"{work}/xgboost-model", f"{work}/input.csv", f"{work}/bare.out"], check=True)
    return time.time() - start

jobs, firsts, scripts = [], [], []
for i in range(rounds):
    total, first = transform(i)
    jobs.append(total); firsts.append(first)
    scripts.append(bare())
a, b = np.loadtxt(f"{work}/transform.out"), np.loadtxt(f"{work}/bare.out")
assert a.shape == b.shape and np.allclose(a, b, atol=1e-6), (a.shape, b.shape, np.abs(a - b).max())
med = statistics.median
print(f"| {len(a):,} rows x 28 features, 100 trees | median of {rounds} | min | max |")
print("|---|---|---|---|")
print(f"| transform job (CreateTransformJob -> Completed) | {med(jobs):.2f} s | {min(jobs):.2f} s | {max(jobs):.2f} s |")
print(f"| bare Python script (read_csv, predict, savetxt) | {med(scripts):.2f} s | {min(scripts):.2f} s | {max(scripts):.2f} s |")
print(f"| ratio transform / script | {med(jobs) / med(scripts):.2f} | | |")
print(f"| CreateTransformJob -> first record predicted | {med(firsts):.3f} s | {min(firsts):.3f} s | {max(firsts):.3f} s |")
print(f"\nOutputs equal to 1e-6: yes (max difference {np.abs(a - b).max():.2g}).")
PY
