// The train/deploy/invoke loop with the AWS SDK for JavaScript v3, configured only by the environment:
// AWS_ENDPOINT_URL (one port for every service), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_REGION.
// Prints one JSON line with what it saw; exits non-zero on any failure.
import { S3Client, CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import {
  SageMakerClient, CreateTrainingJobCommand, DescribeTrainingJobCommand, CreateModelCommand,
  CreateEndpointConfigCommand, CreateEndpointCommand, DescribeEndpointCommand, DeleteEndpointCommand,
} from "@aws-sdk/client-sagemaker";
import { SageMakerRuntimeClient, InvokeEndpointCommand } from "@aws-sdk/client-sagemaker-runtime";
import { STSClient, GetCallerIdentityCommand } from "@aws-sdk/client-sts";

const name = process.argv[2] ?? "js-loop";
const image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
const role = "arn:aws:iam::000000000000:role/SageMakerRole";
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// A seeded generator (mulberry32), so the data and the predictions are the same every run.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const rows = (n) => Array.from({ length: n }, () => {
  const x = [random() * 2 - 1, random() * 2 - 1, random() * 2 - 1];
  return { label: 2 * x[0] - x[1] + 0.5 * x[2] > 0 ? 1 : 0, x };
});

const account = (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Account;
const s3 = new S3Client({ forcePathStyle: true });
const bucket = `${name}-data`;
await s3.send(new CreateBucketCommand({ Bucket: bucket }));
const csv = (set) => set.map((r) => [r.label, ...r.x.map((v) => v.toFixed(5))].join(",")).join("\n") + "\n";
await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "train/train.csv", Body: csv(rows(800)) }));
await s3.send(new PutObjectCommand({ Bucket: bucket, Key: "validation/validation.csv", Body: csv(rows(200)) }));

const sm = new SageMakerClient({});
const channel = (c) => ({
  ChannelName: c, ContentType: "text/csv",
  DataSource: { S3DataSource: { S3DataType: "S3Prefix", S3Uri: `s3://${bucket}/${c}/`, S3DataDistributionType: "FullyReplicated" } },
});
await sm.send(new CreateTrainingJobCommand({
  TrainingJobName: name, RoleArn: role,
  AlgorithmSpecification: { TrainingImage: image, TrainingInputMode: "File" },
  HyperParameters: { objective: "binary:logistic", num_round: "30", max_depth: "3", eval_metric: "auc" },
  InputDataConfig: [channel("train"), channel("validation")],
  OutputDataConfig: { S3OutputPath: `s3://${bucket}/output` },
  ResourceConfig: { InstanceType: "ml.m5.large", InstanceCount: 1, VolumeSizeInGB: 1 },
  StoppingCondition: { MaxRuntimeInSeconds: 600 },
}));
let job;
for (let i = 0; i < 600; i++) {
  job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
  if (["Completed", "Failed", "Stopped"].includes(job.TrainingJobStatus)) break;
  await sleep(200);
}
if (job.TrainingJobStatus !== "Completed") throw new Error(`training ended ${job.TrainingJobStatus}: ${job.FailureReason}`);

await sm.send(new CreateModelCommand({ ModelName: name, ExecutionRoleArn: role, PrimaryContainer: { Image: image, ModelDataUrl: job.ModelArtifacts.S3ModelArtifacts } }));
await sm.send(new CreateEndpointConfigCommand({
  EndpointConfigName: name,
  ProductionVariants: [{ VariantName: "AllTraffic", ModelName: name, InitialInstanceCount: 1, InstanceType: "ml.m5.large", InitialVariantWeight: 1 }],
}));
await sm.send(new CreateEndpointCommand({ EndpointName: name, EndpointConfigName: name }));
let endpoint;
for (let i = 0; i < 600; i++) {
  endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
  if (["InService", "Failed"].includes(endpoint.EndpointStatus)) break;
  await sleep(200);
}
if (endpoint.EndpointStatus !== "InService") throw new Error(`endpoint ${endpoint.EndpointStatus}: ${endpoint.FailureReason}`);

const test = rows(100);
const runtime = new SageMakerRuntimeClient({});
const answer = await runtime.send(new InvokeEndpointCommand({
  EndpointName: name, ContentType: "text/csv", Body: new TextEncoder().encode(test.map((r) => r.x.join(",")).join("\n")),
}));
const scores = new TextDecoder().decode(answer.Body).trim().split(/[\n,]/).map(Number);
const correct = scores.filter((p, i) => (p > 0.5 ? 1 : 0) === test[i].label).length;
await sm.send(new DeleteEndpointCommand({ EndpointName: name }));
const auc = job.FinalMetricDataList.find((m) => m.MetricName === "validation:auc")?.Value;
console.log(JSON.stringify({ account, auc, predictions: scores.length, accuracy: correct / test.length, variant: answer.InvokedProductionVariant }));
