#!/usr/bin/env bash
# Target tracking's reaction at AWS's own periods (a one-minute metric, evaluation every 15 s): from a step in load
# to the new instance serving, and back, with the failed calls counted. The built-in XGBoost (100 trees) on one
# ml.m5.large instance, 1-row CSV calls from 4 threads; TargetValue 600 invocations per instance per minute,
# MinCapacity 1, MaxCapacity 2, ScaleInCooldown 1 s. Prints a markdown table; results go to docs/benchmarks.md by hand.
#
#   bench/autoscaling-reaction.sh [rounds]     (default 2)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-2}"
python=/usr/bin/python3
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/autoscaling-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebrush-autoscaling-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI (Release)..."
build_cli
{
  machine_info "bench/autoscaling-reaction.sh $rounds"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials
"$python" - "$work" <<'PY'
import sys, tarfile, numpy as np, xgboost as xgb
work = sys.argv[1]
rng = np.random.default_rng(2026)
X = rng.normal(size=(20000, 28)).astype(np.float32)
xgb.train({"objective": "binary:logistic", "max_depth": 6, "nthread": 2}, xgb.DMatrix(X, label=(X[:, 0] > 0).astype(np.float32)), 100).save_model(f"{work}/xgboost-model")
with tarfile.open(f"{work}/model.tar.gz", "w:gz") as tar:
    tar.add(f"{work}/xgboost-model", arcname="xgboost-model")
PY

start_server "$work/data"
timeout 1800 "$python" - "$url" "$work" "$rounds" <<'PY' | tee "$results/summary.md"
import statistics, sys, threading, time, boto3
from botocore.config import Config
url, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
cfg = Config(retries={"max_attempts": 1}, read_timeout=60, max_pool_connections=8)
sm = boto3.client("sagemaker", endpoint_url=url, config=cfg)
rt = boto3.client("sagemaker-runtime", endpoint_url=url, config=cfg)
aas = boto3.client("application-autoscaling", endpoint_url=url, config=cfg)
s3 = boto3.client("s3", endpoint_url=url, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
s3.create_bucket(Bucket="bench")
s3.upload_file(f"{work}/model.tar.gz", "bench", "model.tar.gz")
sm.create_model(ModelName="m", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://bench/model.tar.gz"})
sm.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v", "ModelName": "m", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
sm.create_endpoint(EndpointName="e", EndpointConfigName="c")
sm.get_waiter("endpoint_in_service").wait(EndpointName="e", WaiterConfig={"Delay": 1, "MaxAttempts": 120})
resource = "endpoint/e/variant/v"
aas.register_scalable_target(ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension="sagemaker:variant:DesiredInstanceCount", MinCapacity=1, MaxCapacity=2)
aas.put_scaling_policy(PolicyName="p", ServiceNamespace="sagemaker", ResourceId=resource, ScalableDimension="sagemaker:variant:DesiredInstanceCount",
    PolicyType="TargetTrackingScaling", TargetTrackingScalingPolicyConfiguration={"TargetValue": 600.0, "ScaleOutCooldown": 60, "ScaleInCooldown": 1,
        "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"}})
row = ",".join(["0.5"] * 28)
def count():
    return sm.describe_endpoint(EndpointName="e")["ProductionVariants"][0]["CurrentInstanceCount"]
out_times, in_times, calls, failures = [], [], [0], [0]
for _ in range(rounds):
    stop = threading.Event()
    def load():
        client = boto3.client("sagemaker-runtime", endpoint_url=url, config=cfg)
        while not stop.is_set():
            try:
                client.invoke_endpoint(EndpointName="e", Body=row, ContentType="text/csv")["Body"].read()
                calls[0] += 1
            except Exception:
                failures[0] += 1
    threads = [threading.Thread(target=load) for _ in range(4)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    while count() < 2:
        time.sleep(0.2)
    out_times.append(time.perf_counter() - started)
    time.sleep(5)
    stop.set()
    for t in threads:
        t.join()
    stopped = time.perf_counter()
    while count() > 1:
        time.sleep(0.5)
    in_times.append(time.perf_counter() - stopped)
print("| target tracking at AWS's periods (1-minute metric, 15 s evaluation) | median | min | max | n |")
print("|---|---|---|---|---|")
print(f"| step in load -> second instance serving | {statistics.median(out_times):.1f} s | {min(out_times):.1f} s | {max(out_times):.1f} s | {len(out_times)} |")
print(f"| load stops -> back to one instance | {statistics.median(in_times):.1f} s | {min(in_times):.1f} s | {max(in_times):.1f} s | {len(in_times)} |")
print(f"| calls during the run / failed | {calls[0]} / {failures[0]} | | | |")
PY
