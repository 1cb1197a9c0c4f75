#!/usr/bin/env bash
# The account layer's costs, side by side in one run on one server: an InvokeEndpoint on a warm endpoint against the
# first InvokeEndpoint after the idle policy scaled it to zero (the call that waits for the instance to start again),
# for the built-in XGBoost (100 trees) and the Python model server (scikit-learn's default handlers); and
# CreateTrainingJob's latency (quota admission included) beside DescribeTrainingJob's, and GetCostAndUsage over the
# ledger. Prints a markdown table; results go to docs/benchmarks.md by hand.
#
#   bench/idle-wake.sh [rounds]     (default 3 wakes per model server)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
python=/usr/bin/python3   # Debian's, with boto3, xgboost and scikit-learn
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/idle-wake-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebrush-idle-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI (Release)..."
build_cli
{
  machine_info "bench/idle-wake.sh $rounds"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials
"$python" - "$work" <<'PY'
import io, pickle, sys, tarfile, numpy as np, xgboost as xgb
from sklearn.linear_model import LogisticRegression
work = sys.argv[1]
rng = np.random.default_rng(2026)
X = rng.normal(size=(20000, 28)).astype(np.float32)
y = (X[:, :4].sum(axis=1) > 0).astype(np.float32)
xgb.train({"objective": "binary:logistic", "max_depth": 6, "nthread": 2}, xgb.DMatrix(X, label=y), 100).save_model(f"{work}/xgboost-model")
with tarfile.open(f"{work}/xgboost.tar.gz", "w:gz") as tar:
    tar.add(f"{work}/xgboost-model", arcname="xgboost-model")
import joblib
joblib.dump(LogisticRegression().fit(X, y), f"{work}/model.joblib")
with open(f"{work}/inference.py", "w") as f:
    f.write("import os, joblib\ndef model_fn(model_dir):\n    return joblib.load(os.path.join(model_dir, 'model.joblib'))\n")
with tarfile.open(f"{work}/sklearn.tar.gz", "w:gz") as tar:
    tar.add(f"{work}/model.joblib", arcname="model.joblib")
    tar.add(f"{work}/inference.py", arcname="code/inference.py")
PY

start_server "$work/data"
timeout 1800 "$python" - "$url" "$work" "$rounds" <<'PY' | tee "$results/summary.md"
import statistics, sys, time, boto3, botocore
from botocore.config import Config
url, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
cfg = Config(retries={"max_attempts": 1}, read_timeout=120)
sm = boto3.client("sagemaker", endpoint_url=url, config=cfg)
rt = boto3.client("sagemaker-runtime", endpoint_url=url, config=cfg)
ce = boto3.client("ce", endpoint_url=url, config=cfg)
s3 = boto3.client("s3", endpoint_url=url, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
s3.create_bucket(Bucket="bench")
row = ",".join(["0.5"] * 28)
servers = {
    "built-in XGBoost": ("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "xgboost.tar.gz", {}),
    "Python model server (scikit-learn)": ("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", "sklearn.tar.gz", {"SAGEMAKER_PROGRAM": "inference.py"}),
}
def invoke(name):
    started = time.perf_counter()
    rt.invoke_endpoint(EndpointName=name, Body=row, ContentType="text/csv")["Body"].read()
    return time.perf_counter() - started
lines = ["| what | model server | p50 | min | max | n |", "|---|---|---|---|---|---|"]
def add(what, server, samples):
    ms = [s * 1000 for s in samples]
    lines.append(f"| {what} | {server} | {statistics.median(ms):.1f} ms | {min(ms):.1f} ms | {max(ms):.1f} ms | {len(ms)} |")
for i, (label, (image, archive, env)) in enumerate(servers.items()):
    s3.upload_file(f"{work}/{archive}", "bench", archive)
    name = f"wake-{i}"
    sm.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": image, "ModelDataUrl": f"s3://bench/{archive}", "Environment": env})
    sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    # Idle after 6 s without a call; the policy looks every 30 s.
    sm.create_endpoint(EndpointName=name, EndpointConfigName=name, Tags=[{"Key": "sagebrush:idle-minutes", "Value": "0.1"}])
    try:
        sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120})
    except botocore.exceptions.WaiterError:
        raise SystemExit(f"{label}: {sm.describe_endpoint(EndpointName=name).get('FailureReason')}")
    add("warm InvokeEndpoint", label, [invoke(name) for _ in range(50)])
    wakes = []
    for _ in range(rounds):
        for _ in range(900):
            if sm.describe_endpoint(EndpointName=name)["ProductionVariants"][0]["CurrentInstanceCount"] == 0:
                break
            time.sleep(0.1)
        else:
            raise SystemExit("the endpoint was not scaled to zero within 90 s")
        wakes.append(invoke(name))
    add("first InvokeEndpoint after scale-to-zero (wake)", label, wakes)
    sm.delete_endpoint(EndpointName=name)

creates, describes = [], []
for i in range(15):
    started = time.perf_counter()
    sm.create_training_job(TrainingJobName=f"admitted-{i}", AlgorithmSpecification={"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
        RoleArn=ROLE, HyperParameters={"num_round": "1"}, OutputDataConfig={"S3OutputPath": "s3://bench/out"},
        InputDataConfig=[{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bench/none/"}}}],
        ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1}, StoppingCondition={"MaxRuntimeInSeconds": 60})
    creates.append(time.perf_counter() - started)
    started = time.perf_counter()
    sm.describe_training_job(TrainingJobName=f"admitted-{i}")
    describes.append(time.perf_counter() - started)
    try:
        sm.stop_training_job(TrainingJobName=f"admitted-{i}")
    except botocore.exceptions.ClientError:
        pass  # it already failed (its channel is empty): either way it holds no instance
add("CreateTrainingJob (quota admission included)", "-", creates)
add("DescribeTrainingJob", "-", describes)
today = time.strftime("%Y-%m-%d", time.gmtime())
tomorrow = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
bills = []
for _ in range(20):
    started = time.perf_counter()
    ce.get_cost_and_usage(TimePeriod={"Start": today, "End": tomorrow}, Granularity="DAILY", Metrics=["UnblendedCost"], GroupBy=[{"Type": "DIMENSION", "Key": "USAGE_TYPE"}])
    bills.append(time.perf_counter() - started)
add("GetCostAndUsage (DAILY, by USAGE_TYPE)", "-", bills)
print("\n".join(lines))
PY
grep -E "woken by an invocation" "$work/server.log" | tee "$results/wakes.log" >&2 || true
