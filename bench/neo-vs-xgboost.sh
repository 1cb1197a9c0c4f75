#!/usr/bin/env bash
# Neo: the same XGBoost model (100 trees, depth 6, 28 features) through libxgboost and compiled by a compilation job,
# side by side in one run: in-process (one row per call, and 100,000 rows in one call) and through two endpoints of
# one ml.m5.large instance each (1,000-row CSV payloads, calls alternating). Prints markdown tables; results go to
# docs/benchmarks.md by hand.
#
#   bench/neo-vs-xgboost.sh [endpoint calls]     (default 200 calls per endpoint)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
calls="${1:-200}"
python=/usr/bin/python3   # Debian's, with boto3 and xgboost
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/neo-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebrush-neo-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI and the algorithms bench (Release)..."
build_cli
timeout 600 dotnet build "$root/bench/Sagebrush.Bench.Algorithms/Sagebrush.Bench.Algorithms.csproj" -c Release -o "$work/bench" --nologo -v quiet -clp:ErrorsOnly >&2
{
  machine_info "bench/neo-vs-xgboost.sh $calls"
  echo "gcc: $(gcc --version | head -n1), xgboost $($python -c 'import xgboost; print(xgboost.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials
"$python" - "$work" <<'PY'
import sys, tarfile, numpy as np, xgboost as xgb
work = sys.argv[1]
rng = np.random.default_rng(2026)
X = rng.normal(size=(200_000, 28)).astype(np.float32)
X[rng.random(X.shape) < 0.05] = np.nan
y = (np.nansum(X[:, :4], axis=1) + rng.normal(scale=0.5, size=len(X)) > 0).astype(np.float32)
xgb.train({"objective": "binary:logistic", "max_depth": 6, "nthread": 2}, xgb.DMatrix(X[:100_000], label=y[:100_000]), 100).save_model(f"{work}/xgboost-model")
with tarfile.open(f"{work}/model.tar.gz", "w:gz") as tar:
    tar.add(f"{work}/xgboost-model", arcname="xgboost-model")
rows = X[100_000:]
with open(f"{work}/rows.csv", "w") as f:
    for row in rows:
        f.write(",".join("" if np.isnan(v) else f"{v:.6f}" for v in row) + "\n")
PY

start_server "$work/data"
timeout 1800 "$python" - "$url" "$work" "$calls" <<'PY' | tee "$results/endpoint.md"
import statistics, sys, tarfile, time, boto3
from botocore.config import Config
url, work, calls = sys.argv[1], sys.argv[2], int(sys.argv[3])
cfg = Config(retries={"max_attempts": 1}, read_timeout=120)
sm = boto3.client("sagemaker", endpoint_url=url, config=cfg)
rt = boto3.client("sagemaker-runtime", endpoint_url=url, config=cfg)
s3 = boto3.client("s3", endpoint_url=url, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
s3.create_bucket(Bucket="bench")
s3.upload_file(f"{work}/model.tar.gz", "bench", "xgb/model.tar.gz")
started = time.perf_counter()
sm.create_compilation_job(CompilationJobName="bench", RoleArn=ROLE,
    InputConfig={"S3Uri": "s3://bench/xgb/model.tar.gz", "DataInputConfig": '{"data": [1, 28]}', "Framework": "XGBOOST"},
    OutputConfig={"S3OutputLocation": "s3://bench/compiled", "TargetDevice": "ml_m5"}, StoppingCondition={"MaxRuntimeInSeconds": 600})
while (job := sm.describe_compilation_job(CompilationJobName="bench"))["CompilationJobStatus"] not in ("COMPLETED", "FAILED"):
    time.sleep(0.2)
assert job["CompilationJobStatus"] == "COMPLETED", job["FailureReason"]
compile_seconds = time.perf_counter() - started
s3.download_file("bench", job["ModelArtifacts"]["S3ModelArtifacts"].split("/", 3)[3], f"{work}/compiled.tar.gz")
with tarfile.open(f"{work}/compiled.tar.gz") as tar:
    tar.extractall(f"{work}/compiled")
for name, image, data in [("neo", job["InferenceImage"], job["ModelArtifacts"]["S3ModelArtifacts"]),
                          ("plain", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "s3://bench/xgb/model.tar.gz")]:
    sm.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": image, "ModelDataUrl": data})
    sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{"VariantName": "v", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
    sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
with open(f"{work}/rows.csv") as f:
    lines = f.read().splitlines()
payload = "\n".join(lines[:1000])
one = lines[0]
def rate(name, body, n):
    t = time.perf_counter()
    for _ in range(n):
        rt.invoke_endpoint(EndpointName=name, Body=body, ContentType="text/csv")["Body"].read()
    return n / (time.perf_counter() - t)
samples = {"neo": [], "plain": []}
for _ in range(5):
    for name in ("plain", "neo"):
        samples[name].append(rate(name, payload, calls // 5))
singles = {name: statistics.median([rate(name, one, 100) for _ in range(3)]) for name in ("plain", "neo")}
p, n = statistics.median(samples["plain"]), statistics.median(samples["neo"])
print(f"compilation job (CreateCompilationJob -> COMPLETED): {compile_seconds:.1f} s\n")
print("| through an endpoint (ml.m5.large, 1 instance) | built-in XGBoost (libxgboost) | xgboost-neo (compiled) | ratio |")
print("|---|---|---|---|")
print(f"| 1,000-row CSV calls per second (median of 5 x {calls // 5}) | {p:.1f} ({p * 1000:,.0f} rows/s) | {n:.1f} ({n * 1000:,.0f} rows/s) | {n / p:.2f}x |")
print(f"| one-row calls per second (median of 3 x 100) | {singles['plain']:.0f} | {singles['neo']:.0f} | {singles['neo'] / singles['plain']:.2f}x |")
PY
dotnet "$work/bench/Sagebrush.Bench.Algorithms.dll" neo "$work/xgboost-model" "$work/compiled" "$work/rows.csv" | tee "$results/in-process.md"
