"""The quickstart's loop with boto3 against a running server: the breast cancer dataset into S3, the built-in
XGBoost trained, an endpoint deployed, the test rows sent through InvokeEndpoint, accuracy printed, all deleted.

Usage: eval "$(./sagebrush credentials)"; /usr/bin/python3 examples/xgboost_endpoint_boto3.py [http://127.0.0.1:8780]
"""
import csv
import os
import random
import sys
import time

import boto3

endpoint_url = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("AWS_ENDPOINT_URL", "http://127.0.0.1:8780")
s3 = boto3.client("s3", endpoint_url=endpoint_url)
sm = boto3.client("sagemaker", endpoint_url=endpoint_url)
runtime = boto3.client("sagemaker-runtime", endpoint_url=endpoint_url)
name = f"boto3-xgb-{int(time.time())}-{os.getpid()}"
image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
role = "arn:aws:iam::000000000000:role/SageMakerRole"

# Label first, no header: scikit-learn ships the target last.
with open("/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv") as f:
    rows = [[r[-1]] + r[:-1] for r in list(csv.reader(f))[1:]]
random.Random(42).shuffle(rows)
a, b = len(rows) * 70 // 100, len(rows) * 85 // 100
parts = {"train": rows[:a], "validation": rows[a:b], "test": rows[b:]}
s3.create_bucket(Bucket=name)
for channel, part in parts.items():
    s3.put_object(Bucket=name, Key=f"data/{channel}/{channel}.csv", Body="".join(",".join(r) + "\n" for r in part))


def channel(channel_name):
    return {"ChannelName": channel_name, "ContentType": "text/csv",
            "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": f"s3://{name}/data/{channel_name}/",
                                            "S3DataDistributionType": "FullyReplicated"}}}


sm.create_training_job(
    TrainingJobName=name, RoleArn=role,
    AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"},
    HyperParameters={"objective": "binary:logistic", "num_round": "50", "max_depth": "4", "eta": "0.2", "eval_metric": "auc"},
    InputDataConfig=[channel("train"), channel("validation")],
    OutputDataConfig={"S3OutputPath": f"s3://{name}/output"},
    ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
    StoppingCondition={"MaxRuntimeInSeconds": 600})
sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=name, WaiterConfig={"Delay": 1})
job = sm.describe_training_job(TrainingJobName=name)
print({m["MetricName"]: round(m["Value"], 4) for m in job["FinalMetricDataList"]})

sm.create_model(ModelName=name, ExecutionRoleArn=role,
                PrimaryContainer={"Image": image, "ModelDataUrl": job["ModelArtifacts"]["S3ModelArtifacts"]})
sm.create_endpoint_config(EndpointConfigName=name, ProductionVariants=[{
    "VariantName": "AllTraffic", "ModelName": name, "InitialInstanceCount": 1,
    "InstanceType": "ml.m5.large", "InitialVariantWeight": 1.0}])
sm.create_endpoint(EndpointName=name, EndpointConfigName=name)
sm.get_waiter("endpoint_in_service").wait(EndpointName=name, WaiterConfig={"Delay": 1})

correct = 0
for row in parts["test"]:
    response = runtime.invoke_endpoint(EndpointName=name, ContentType="text/csv", Body=",".join(row[1:]))
    score = float(response["Body"].read().decode().strip().split(",")[0])
    correct += (score >= 0.5) == (row[0] == "1")
print(f"accuracy {correct / len(parts['test']):.3f} on {len(parts['test'])} test rows")

sm.delete_endpoint(EndpointName=name)
sm.delete_endpoint_config(EndpointConfigName=name)
sm.delete_model(ModelName=name)
for obj in s3.list_objects_v2(Bucket=name).get("Contents", []):
    s3.delete_object(Bucket=name, Key=obj["Key"])
s3.delete_bucket(Bucket=name)
