#!/usr/bin/env bash
# The quickstart's loop with the AWS CLI against a running server: the breast cancer dataset into S3, the built-in
# XGBoost trained, an endpoint deployed, the test rows sent through InvokeEndpoint, accuracy printed, all deleted.
# Usage: eval "$(./sagebrush credentials)"; examples/xgboost-endpoint-cli.sh [http://127.0.0.1:8780]
set -euo pipefail
endpoint="${1:-${AWS_ENDPOINT_URL:-http://127.0.0.1:8780}}"
aws() { /usr/bin/aws --endpoint-url "$endpoint" "$@"; }
name="cli-xgb-$(date +%H%M%S)-$$"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
image=683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1
role=arn:aws:iam::000000000000:role/SageMakerRole

# Label first, no header: scikit-learn ships the target last.
/usr/bin/python3 - "$work" <<'PY'
import csv, random, sys
rows = list(csv.reader(open("/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv")))[1:]
rows = [[r[-1]] + r[:-1] for r in rows]
random.Random(42).shuffle(rows)
n = len(rows); a, b = n * 70 // 100, n * 85 // 100
for name, part in (("train", rows[:a]), ("validation", rows[a:b]), ("test", rows[b:])):
    with open(f"{sys.argv[1]}/{name}.csv", "w") as f:
        f.writelines(",".join(r) + "\n" for r in part)
PY
aws s3 mb "s3://$name" >/dev/null
for channel in train validation test; do aws s3 cp --quiet "$work/$channel.csv" "s3://$name/data/$channel/$channel.csv"; done

channel() { echo "{\"ChannelName\":\"$1\",\"ContentType\":\"text/csv\",\"DataSource\":{\"S3DataSource\":{\"S3DataType\":\"S3Prefix\",\"S3Uri\":\"s3://$name/data/$1/\",\"S3DataDistributionType\":\"FullyReplicated\"}}}"; }
aws sagemaker create-training-job --training-job-name "$name" --role-arn "$role" \
  --algorithm-specification "TrainingImage=$image,TrainingInputMode=File" \
  --hyper-parameters objective=binary:logistic,num_round=50,max_depth=4,eta=0.2,eval_metric=auc \
  --input-data-config "[$(channel train),$(channel validation)]" \
  --output-data-config "S3OutputPath=s3://$name/output" \
  --resource-config InstanceType=ml.m5.large,InstanceCount=1,VolumeSizeInGB=1 \
  --stopping-condition MaxRuntimeInSeconds=600 >/dev/null
# `aws sagemaker wait training-job-completed-or-stopped` polls every 120 s; poll faster here.
until status=$(aws sagemaker describe-training-job --training-job-name "$name" --query TrainingJobStatus --output text) \
      && [[ "$status" =~ ^(Completed|Failed|Stopped)$ ]]; do sleep 0.5; done
[ "$status" = Completed ] || { aws sagemaker describe-training-job --training-job-name "$name" --query FailureReason --output text >&2; exit 1; }
aws sagemaker describe-training-job --training-job-name "$name" --query 'FinalMetricDataList[].[MetricName,Value]' --output text
model_data=$(aws sagemaker describe-training-job --training-job-name "$name" --query ModelArtifacts.S3ModelArtifacts --output text)

aws sagemaker create-model --model-name "$name" --execution-role-arn "$role" \
  --primary-container "Image=$image,ModelDataUrl=$model_data" >/dev/null
aws sagemaker create-endpoint-config --endpoint-config-name "$name" \
  --production-variants "VariantName=AllTraffic,ModelName=$name,InitialInstanceCount=1,InstanceType=ml.m5.large,InitialVariantWeight=1" >/dev/null
aws sagemaker create-endpoint --endpoint-name "$name" --endpoint-config-name "$name" >/dev/null
# `aws sagemaker wait endpoint-in-service` polls every 30 s; poll faster here.
until status=$(aws sagemaker describe-endpoint --endpoint-name "$name" --query EndpointStatus --output text) \
      && [[ "$status" =~ ^(InService|Failed)$ ]]; do sleep 0.5; done
[ "$status" = InService ] || { aws sagemaker describe-endpoint --endpoint-name "$name" --query FailureReason --output text >&2; exit 1; }

# One call with every test row (the XGBoost container scores a CSV body row by row).
cut -d, -f2- "$work/test.csv" >"$work/features.csv"
aws sagemaker-runtime invoke-endpoint --endpoint-name "$name" --content-type text/csv \
  --cli-binary-format raw-in-base64-out --body "fileb://$work/features.csv" "$work/scores.txt" >/dev/null
paste -d, <(cut -d, -f1 "$work/test.csv") <(tr ',' '\n' <"$work/scores.txt" | sed '/^$/d') |
  awk -F, '{ n++; if (($2 >= 0.5) == ($1 == 1)) ok++ } END { printf "accuracy %.3f on %d test rows\n", ok / n, n }'

aws sagemaker delete-endpoint --endpoint-name "$name"
aws sagemaker delete-endpoint-config --endpoint-config-name "$name"
aws sagemaker delete-model --model-name "$name"
aws s3 rb --force "s3://$name" >/dev/null
