#!/usr/bin/env bash
# Script mode with the AWS CLI: builds the CLI, starts a server, and takes a generated dataset through the path a
# SageMaker user takes: split it into train / validation / test channels in S3, train a scikit-learn model with
# CreateTrainingJob in script mode (the request the SageMaker Python SDK's Estimator sends), follow the job's status
# and logs, and score the model it produced on the test channel.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/require-packages" awscli curl bubblewrap python3-sklearn python3-pandas

port="${SAGEBRUSH_PORT:-8780}"
data_dir="${SAGEBRUSH_DATA_DIR:-$HOME/.sagebrush}"
endpoint="http://127.0.0.1:$port"
work="$(mktemp -d)"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

if curl -sf "$endpoint/_sagebrush/health" >/dev/null 2>&1; then
  echo "Something already answers on $endpoint; stop it or set SAGEBRUSH_PORT to a free port." >&2
  exit 1
fi

step "Building Sagebrush and starting the server on $endpoint (data in $data_dir)"
"$root/sagebrush" --help >/dev/null
"$root/sagebrush" server --port "$port" --data-dir "$data_dir" >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do
  curl -sf "$endpoint/_sagebrush/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; echo "The server exited; its log is above." >&2; exit 1; }
  sleep 0.5
done
curl -sf "$endpoint/_sagebrush/health" >/dev/null || { echo "The server did not become ready in 60 s; log: $work/server.log" >&2; exit 1; }
echo "ready: $(head -n 1 "$work/server.log")"

step "Loading credentials (./sagebrush credentials)"
eval "$("$root/sagebrush" credentials --data-dir "$data_dir" --endpoint-url "$endpoint")"
aws() { /usr/bin/aws --endpoint-url "$endpoint" "$@"; }
echo "AWS_ACCESS_KEY_ID=$AWS_ACCESS_KEY_ID, region $AWS_DEFAULT_REGION"

step "Making a dataset (10,000 rows, label first) and splitting it 70/15/15 into train, validation and test"
awk 'BEGIN { srand(42); for (i = 0; i < 10000; i++) { x1 = rand(); x2 = rand(); x3 = rand();
       y = (2 * x1 - x2 + 0.5 * x3 + 0.1 * (rand() - 0.5) > 0.7) ? 1 : 0; printf "%d,%.6f,%.6f,%.6f\n", y, x1, x2, x3 } }' >"$work/all.csv"
mkdir -p "$work/data/train" "$work/data/validation" "$work/data/test"
head -n 7000 "$work/all.csv" >"$work/data/train/train.csv"
sed -n '7001,8500p' "$work/all.csv" >"$work/data/validation/validation.csv"
tail -n 1500 "$work/all.csv" >"$work/data/test/test.csv"
wc -l "$work"/data/*/*.csv

bucket="quickstart-$(date +%Y%m%d-%H%M%S)"
step "Uploading the channels to s3://$bucket/data/"
aws s3 mb "s3://$bucket"
aws s3 sync "$work/data" "s3://$bucket/data"
aws s3 ls --recursive "s3://$bucket/"

step "Reading the training channel back and comparing byte for byte"
aws s3 cp "s3://$bucket/data/train/train.csv" "$work/train.back.csv"
cmp "$work/data/train/train.csv" "$work/train.back.csv"
echo "identical: $(wc -c <"$work/train.back.csv") bytes"

step "Writing a training script and uploading it as sourcedir.tar.gz"
mkdir -p "$work/code"
cat >"$work/code/train.py" <<'PY'
import argparse, os, joblib, pandas as pd
from sklearn.linear_model import LogisticRegression
parser = argparse.ArgumentParser()
parser.add_argument("--max-iter", type=int, default=100)
args = parser.parse_args()
train = pd.read_csv(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "train.csv"), header=None)
valid = pd.read_csv(os.path.join(os.environ["SM_CHANNEL_VALIDATION"], "validation.csv"), header=None)
print(f"training on {len(train)} rows with max_iter={args.max_iter}", flush=True)
model = LogisticRegression(max_iter=args.max_iter).fit(train.iloc[:, 1:], train.iloc[:, 0])
print(f"validation-accuracy: {model.score(valid.iloc[:, 1:], valid.iloc[:, 0]):.4f}", flush=True)
joblib.dump(model, os.path.join(os.environ["SM_MODEL_DIR"], "model.joblib"))
PY
tar -czf "$work/sourcedir.tar.gz" -C "$work/code" train.py
aws s3 cp "$work/sourcedir.tar.gz" "s3://$bucket/code/sourcedir.tar.gz"

job="quickstart-sklearn-$(date +%H%M%S)"
step "Creating training job $job (scikit-learn image, script mode, train + validation channels)"
channel() {
  printf '{"ChannelName": "%s", "ContentType": "text/csv", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://%s/data/%s/", "S3DataDistributionType": "FullyReplicated"}}}' "$1" "$bucket" "$1"
}
cat >"$work/job.json" <<JSON
{
  "TrainingJobName": "$job",
  "AlgorithmSpecification": {
    "TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
    "TrainingInputMode": "File",
    "MetricDefinitions": [{"Name": "validation:accuracy", "Regex": "validation-accuracy: ([0-9.]+)"}]
  },
  "RoleArn": "arn:aws:iam::000000000000:role/SageMakerRole",
  "HyperParameters": {
    "sagemaker_program": "\"train.py\"",
    "sagemaker_submit_directory": "\"s3://$bucket/code/sourcedir.tar.gz\"",
    "max-iter": "200"
  },
  "InputDataConfig": [$(channel train), $(channel validation)],
  "OutputDataConfig": {"S3OutputPath": "s3://$bucket/output"},
  "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
  "StoppingCondition": {"MaxRuntimeInSeconds": 600}
}
JSON
started=$EPOCHREALTIME
aws sagemaker create-training-job --cli-input-json "file://$work/job.json" --query TrainingJobArn --output text

# The AWS CLI's own waiter polls every 120 s; follow the status transitions as they happen instead.
last=""
while true; do
  read -r status secondary < <(aws sagemaker describe-training-job --training-job-name "$job" \
    --query '[TrainingJobStatus, SecondaryStatus]' --output text)
  if [ "$status/$secondary" != "$last" ]; then
    awk -v now="$EPOCHREALTIME" -v start="$started" -v s="$status" -v s2="$secondary" \
      'BEGIN { printf "  %6.1f s  %-10s %s\n", now - start, s, s2 }'
    last="$status/$secondary"
  fi
  case "$status" in Completed|Failed|Stopped) break ;; esac
  sleep 0.5
done
if [ "$status" != "Completed" ]; then
  aws sagemaker describe-training-job --training-job-name "$job" --query FailureReason --output text >&2
  exit 1
fi

step "The job's log (./sagebrush logs $job)"
"$root/sagebrush" logs "$job" --data-dir "$data_dir"

step "Metrics and artifacts"
aws sagemaker describe-training-job --training-job-name "$job" \
  --query '{metrics: FinalMetricDataList[].[MetricName, Value], model: ModelArtifacts.S3ModelArtifacts, seconds: TrainingTimeInSeconds}'
model_uri=$(aws sagemaker describe-training-job --training-job-name "$job" --query ModelArtifacts.S3ModelArtifacts --output text)
mkdir -p "$work/model"
aws s3 cp "$model_uri" "$work/model.tar.gz"
tar -xzf "$work/model.tar.gz" -C "$work/model"

step "Scoring the trained model on the test channel, in plain Python"
/usr/bin/python3 - "$work/model/model.joblib" "$work/data/test/test.csv" <<'PY'
import sys, joblib, pandas as pd
model = joblib.load(sys.argv[1])
test = pd.read_csv(sys.argv[2], header=None)
print(f"test accuracy: {model.score(test.iloc[:, 1:], test.iloc[:, 0]):.4f} on {len(test)} rows")
PY

step "Done"
echo "The data, the code and the model are in s3://$bucket on the server's disk ($data_dir)."
echo "The server stops now; start it again with: ./sagebrush server --data-dir $data_dir"
