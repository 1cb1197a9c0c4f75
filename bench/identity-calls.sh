#!/usr/bin/env bash
# What the query protocol and temporary credentials cost per call: STS GetCallerIdentity, IAM GetRole, and
# SageMaker ListModels signed with the root key and with AssumeRole's temporary credentials, side by side in rounds,
# from one boto3 client each (connections kept alive). Prints a markdown table; results go to docs/benchmarks.md by hand.
#
#   bench/identity-calls.sh [calls per kind]     (default 500)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
calls="${1:-500}"
python=/usr/bin/python3   # Debian's, with boto3
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/identity-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/tmp}/sagebrush-identity-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

log "building the CLI (Release)..."
build_cli
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "command: bench/identity-calls.sh $calls"
  echo "commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "kernel: $(uname -srm), nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "python: $($python --version 2>&1), boto3 $($python -c 'import boto3; print(boto3.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials

start_server "$work/data"
timeout 1200 "$python" - "$url" "$calls" <<'PY' | tee "$results/summary.md"
import statistics, sys, time, boto3
url, calls = sys.argv[1], int(sys.argv[2])
sts = boto3.client("sts", endpoint_url=url)
iam = boto3.client("iam", endpoint_url=url)
sm_root = boto3.client("sagemaker", endpoint_url=url)
c = sts.assume_role(RoleArn="arn:aws:iam::000000000000:role/SageMakerRole", RoleSessionName="bench")["Credentials"]
sm_session = boto3.client("sagemaker", endpoint_url=url, aws_access_key_id=c["AccessKeyId"],
                          aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
kinds = {
    "STS GetCallerIdentity (query, XML)": lambda: sts.get_caller_identity(),
    "IAM GetRole (query, XML)": lambda: iam.get_role(RoleName="SageMakerRole"),
    "SageMaker ListModels, root key": lambda: sm_root.list_models(),
    "SageMaker ListModels, AssumeRole credentials": lambda: sm_session.list_models(),
}
for call in kinds.values():   # warm-up: connections, JIT
    for _ in range(20):
        call()
times = {name: [] for name in kinds}
for _ in range(calls):          # rounds of one call of each kind, so background load falls on all alike
    for name, call in kinds.items():
        start = time.perf_counter(); call(); times[name].append(time.perf_counter() - start)
print("| call (boto3, one client each, keep-alive) | N | median ms | p90 ms | p99 ms |")
print("|---|---:|---:|---:|---:|")
for name, samples in times.items():
    q = statistics.quantiles(samples, n=100)
    print(f"| {name} | {len(samples)} | {statistics.median(samples) * 1000:.2f} | {q[89] * 1000:.2f} | {q[98] * 1000:.2f} |")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results/machine.txt" >&2
