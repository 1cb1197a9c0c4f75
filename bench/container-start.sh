#!/usr/bin/env bash
# Bring-your-own-container start-up, side by side in one run on one server: CreateTrainingJob -> the host's first line
# of output (in CloudWatch Logs) and -> Completed, and CreateEndpoint -> InService, for a user's image pushed to the
# server's ECR (tests/containers/byoc, run in a Docker container) and for the bubblewrap path (the scikit-learn framework
# image in script mode, the user's script and Sagebrush's model server on this machine's Python); with the floor,
# `docker run --rm --network none <image> train`'s first line. Needs root, a Docker engine (scripts/docker-daemon) and the
# base image (scripts/base-image). Prints a markdown table; results go to docs/benchmarks.md by hand.
#
#   bench/container-start.sh [rounds]     (default 5)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
python=/usr/bin/python3   # Debian's, with boto3
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
results="$root/bench/results/container-start-$stamp"
mkdir -p "$results"
work="$(mktemp -d "${TMPDIR:-/var/tmp}/sagebrush-container-bench.XXXXXX")"
# shellcheck source=lib/server.sh
. "$root/bench/lib/server.sh"

"$root/scripts/require-packages" docker.io docker-registry debootstrap python3-sklearn
"$root/scripts/docker-daemon" >&2
"$root/scripts/base-image" >&2
DOCKER_BUILDKIT=0 /usr/bin/docker build --quiet --network none --tag sagebrush-bench/byoc:1 "$root/tests/containers/byoc" >/dev/null
log "building the CLI (Release)..."
build_cli
{
  machine_info "bench/container-start.sh $rounds"
  echo "docker: $(/usr/bin/docker version --format '{{.Server.Version}}') ($(/usr/bin/docker info --format '{{.Driver}}, cgroup {{.CgroupVersion}}'))"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$results/machine.txt" >&2

bench_credentials
start_server "$work/data"
registry="${url#http://}"
export DOCKER_CONFIG="$work/docker"
/usr/bin/aws --endpoint-url "$url" ecr create-repository --repository-name byoc >/dev/null
/usr/bin/aws --endpoint-url "$url" ecr get-login-password | /usr/bin/docker login --username AWS --password-stdin "$registry" >/dev/null 2>&1
/usr/bin/docker tag sagebrush-bench/byoc:1 "$registry/byoc:v1"
/usr/bin/docker push "$registry/byoc:v1" >/dev/null

timeout 1800 "$python" - "$url" "$work" "$rounds" <<'PY' | tee "$results/summary.md"
import io, statistics, subprocess, sys, tarfile, time, boto3
from botocore.config import Config
url, work, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
cfg = Config(retries={"max_attempts": 1})
sm = boto3.client("sagemaker", endpoint_url=url, config=cfg)
logs = boto3.client("logs", endpoint_url=url, config=cfg)
s3 = boto3.client("s3", endpoint_url=url, config=Config(s3={"addressing_style": "path"}))
ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"
BYOC = "000000000000.dkr.ecr.us-east-1.amazonaws.com/byoc:v1"
SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
s3.create_bucket(Bucket="bench")
s3.put_object(Bucket="bench", Key="train/iris.csv", Body=b"a,1,1\na,1.2,0.9\nb,5,5\nb,5.1,4.8\n")
source = io.BytesIO()
with tarfile.open(fileobj=source, mode="w:gz") as tar:
    script = (b"import os, joblib\nfrom sklearn.dummy import DummyClassifier\n"
              b"def model_fn(model_dir):\n    return joblib.load(os.path.join(model_dir, 'model.joblib'))\n"
              b"if __name__ == '__main__':\n    print('Starting the training', flush=True)\n"
              b"    joblib.dump(DummyClassifier().fit([[0], [1]], [0, 1]), os.path.join(os.environ['SM_MODEL_DIR'], 'model.joblib'))\n")
    info = tarfile.TarInfo("train.py"); info.size = len(script); tar.addfile(info, io.BytesIO(script))
s3.put_object(Bucket="bench", Key="code/sourcedir.tar.gz", Body=source.getvalue())
paths = {"byoc": (BYOC, {}), "bwrap": (SKLEARN, {"sagemaker_program": '"train.py"', "sagemaker_submit_directory": '"s3://bench/code/sourcedir.tar.gz"'})}

def first_line(name, wanted, t0):
    while True:
        try:
            streams = logs.describe_log_streams(logGroupName="/aws/sagemaker/TrainingJobs", logStreamNamePrefix=name + "/")["logStreams"]
        except logs.exceptions.ResourceNotFoundException:
            streams = []  # the group is made with the first job's first line
        for s in streams:
            events = logs.get_log_events(logGroupName="/aws/sagemaker/TrainingJobs", logStreamName=s["logStreamName"], startFromHead=True)["events"]
            if any(e["message"].startswith(wanted) for e in events):
                return time.perf_counter() - t0
        time.sleep(0.01)

def train(name, kind):
    image, hyperparameters = paths[kind]
    t0 = time.perf_counter()
    sm.create_training_job(TrainingJobName=name, AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"}, RoleArn=ROLE,
        HyperParameters=hyperparameters, InputDataConfig=[{"ChannelName": "training", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bench/train/"}}}],
        OutputDataConfig={"S3OutputPath": "s3://bench/out"}, ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 5},
        StoppingCondition={"MaxRuntimeInSeconds": 300})
    line = first_line(name, "Starting the training", t0)
    while (d := sm.describe_training_job(TrainingJobName=name))["TrainingJobStatus"] == "InProgress":
        time.sleep(0.01)
    assert d["TrainingJobStatus"] == "Completed", d
    return line, time.perf_counter() - t0, d["ModelArtifacts"]["S3ModelArtifacts"]

def deploy(name, kind, artifacts):
    image = paths[kind][0]
    environment = {} if kind == "byoc" else {"SAGEMAKER_PROGRAM": "train.py", "SAGEMAKER_SUBMIT_DIRECTORY": "s3://bench/code/sourcedir.tar.gz"}
    sm.create_model(ModelName=name, ExecutionRoleArn=ROLE, PrimaryContainer={"Image": image, "ModelDataUrl": artifacts, "Environment": environment})
    sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{"VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}])
    t0 = time.perf_counter()
    sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
    while (d := sm.describe_endpoint(EndpointName=name))["EndpointStatus"] == "Creating":
        time.sleep(0.01)
    assert d["EndpointStatus"] == "InService", d
    elapsed = time.perf_counter() - t0
    sm.delete_endpoint(EndpointName=name)
    return elapsed

def docker_floor():
    t0 = time.perf_counter()
    p = subprocess.Popen(["/usr/bin/docker", "run", "--rm", "--network", "none", "--entrypoint", "python3", "sagebrush-bench/byoc:1", "-c", "print('Starting the training', flush=True)"],
                         stdout=subprocess.PIPE, text=True)
    p.stdout.readline()
    elapsed = time.perf_counter() - t0
    p.wait()
    return elapsed

rows = {k: [] for k in ("floor", "byoc-line", "bwrap-line", "byoc-done", "bwrap-done", "byoc-endpoint", "bwrap-endpoint")}
for i in range(rounds):
    rows["floor"].append(docker_floor())
    for kind in ("byoc", "bwrap"):
        line, done, artifacts = train(f"bench-{kind}-{i}", kind)
        rows[f"{kind}-line"].append(line)
        rows[f"{kind}-done"].append(done)
        rows[f"{kind}-endpoint"].append(deploy(f"bench-{kind}-{i}", kind, artifacts))

labels = {
    "floor": "`docker run --rm --network none` of the image -> its first line (the floor)",
    "byoc-line": "CreateTrainingJob -> first line in CloudWatch Logs, user image in a container (pulled from ECR)",
    "bwrap-line": "CreateTrainingJob -> first line in CloudWatch Logs, scikit-learn script mode in bubblewrap",
    "byoc-done": "CreateTrainingJob -> Completed, user image in a container",
    "bwrap-done": "CreateTrainingJob -> Completed, scikit-learn script mode in bubblewrap",
    "byoc-endpoint": "CreateEndpoint -> InService, user image's `serve` in a container",
    "bwrap-endpoint": "CreateEndpoint -> InService, scikit-learn model server in bubblewrap",
}
print("| what | p50 | min | max | n |")
print("|---|---|---|---|---|")
for key, label in labels.items():
    v = rows[key]
    print(f"| {label} | {statistics.median(v):.2f} s | {min(v):.2f} s | {max(v):.2f} s | {len(v)} |")
PY
