#!/usr/bin/env bash
# Availability of a one-instance endpoint while its serving instance's process is killed every 10 s for 60 s, with
# no client retries, side by side in one run: without a warm spare (the instance restarts in place) and with one
# (--warm-spares 1). The built-in XGBoost (100 trees), one-row CSV calls from 4 threads. The process killed is the
# endpoint's model server that used the most CPU in the last second (the one serving; a spare idles). Prints a
# markdown table; results go to docs/benchmarks.md by hand.
#
#   bench/availability-kills.sh [seconds]     (default 60)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
python=/usr/bin/python3
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/availability-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebrush-availability-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI (Release)..."
build_cli
{
  machine_info "bench/availability-kills.sh $seconds"
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

cat >"$work/run.py" <<'PY'
import os, signal, sys, threading, time, boto3
from botocore.config import Config
url, work, data, seconds, label = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
cfg = Config(retries={"max_attempts": 1}, read_timeout=30, connect_timeout=5, max_pool_connections=8)
sm = boto3.client("sagemaker", endpoint_url=url, config=cfg)
s3 = boto3.client("s3", endpoint_url=url, config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
s3.create_bucket(Bucket="bench")
s3.upload_file(f"{work}/model.tar.gz", "bench", "model.tar.gz")
sm.create_model(ModelName="m", ExecutionRoleArn=ROLE, PrimaryContainer={"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://bench/model.tar.gz"})
sm.create_endpoint_config(EndpointConfigName="c", ProductionVariants=[{"VariantName": "v", "ModelName": "m", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
sm.create_endpoint(EndpointName="e", EndpointConfigName="c")
sm.get_waiter("endpoint_in_service").wait(EndpointName="e", WaiterConfig={"Delay": 1, "MaxAttempts": 120})
root = os.path.join(data, "endpoints", "e")
def servers():
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = open(f"/proc/{pid}/cmdline", "rb").read().replace(b"\0", b" ").decode(errors="replace")
            if "Sagebrush.Algorithms.dll" in command and " serve" in command:
                fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
                found[int(pid)] = int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return found
def busiest():
    before = servers(); time.sleep(1); after = servers()
    return max(after, key=lambda p: after[p] - before.get(p, after[p])) if after else None
row = ",".join(["0.5"] * 28)
ok, failed, stop = [0], [0], threading.Event()
def load():
    client = boto3.client("sagemaker-runtime", endpoint_url=url, config=cfg)
    while not stop.is_set():
        try:
            client.invoke_endpoint(EndpointName="e", Body=row, ContentType="text/csv")["Body"].read()
            ok[0] += 1
        except Exception:
            failed[0] += 1
threads = [threading.Thread(target=load) for _ in range(4)]
for t in threads:
    t.start()
kills, end = 0, time.time() + seconds
while time.time() < end:
    time.sleep(9)
    pid = busiest()
    if pid:
        os.kill(pid, signal.SIGKILL)
        kills += 1
stop.set()
for t in threads:
    t.join()
total = ok[0] + failed[0]
print(f"| {label} | {kills} | {total} | {failed[0]} | {100.0 * ok[0] / total:.3f}% |")
PY

echo "| one ml.m5.large instance, its serving process killed every 10 s for ${seconds} s | kills | calls | failed | availability |" | tee "$results/summary.md"
echo "|---|---|---|---|---|" | tee -a "$results/summary.md"
start_server "$work/data-plain"
timeout 600 "$python" "$work/run.py" "$url" "$work" "$work/data-plain" "$seconds" "no warm spare (the instance restarts in place)" | tee -a "$results/summary.md"
stop_server
SERVER_ARGS="--warm-spares 1" start_server "$work/data-spare"
timeout 600 "$python" "$work/run.py" "$url" "$work" "$work/data-spare" "$seconds" "one warm spare (--warm-spares 1)" | tee -a "$results/summary.md"
