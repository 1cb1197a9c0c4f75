using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sagebrush.Cli.Client;

namespace Sagebrush.Cli.Quickstart;

/// <summary>
/// The main job, end to end through SageMaker's own API: the dataset into S3, CreateTrainingJob with the built-in
/// XGBoost, CreateModel / CreateEndpointConfig / CreateEndpoint, every test row through InvokeEndpoint, then accuracy,
/// latency percentiles and the cost of each step, and the resources deleted again.
/// </summary>
internal sealed class QuickstartRun(SagebrushClient client, QuickstartReport report, string name, bool keep)
{
    public const string XGBoostImage = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
    private const string Role = "arn:aws:iam::000000000000:role/SageMakerRole";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public async Task<QuickstartResult> RunAsync(BreastCancerDataset data, CancellationToken cancel)
    {
        var bucket = name;
        var uploaded = new List<string>();
        await report.StepAsync($"Uploading the dataset to s3://{bucket}/data/ (train {data.Train.Count}, validation {data.Validation.Count}, test {data.Test.Count} rows)", async progress =>
        {
            await client.PutBucketAsync(bucket, cancel);
            foreach (var (channel, rows) in new[] { ("train", data.Train), ("validation", data.Validation), ("test", data.Test) })
            {
                var key = $"data/{channel}/{channel}.csv";
                await client.PutObjectAsync(bucket, key, BreastCancerDataset.ToCsv(rows), cancel);
                uploaded.Add(key);
                progress($"s3://{bucket}/{key}");
            }
        });

        var model = await report.StepAsync("Training the built-in XGBoost (CreateTrainingJob)", progress => TrainAsync(bucket, progress, cancel));
        uploaded.Add($"output/{name}/output/model.tar.gz");
        uploaded.Add($"output/{name}/output/output.tar.gz");

        await report.StepAsync("Deploying an endpoint (CreateModel, CreateEndpointConfig, CreateEndpoint)", progress => DeployAsync(model, progress, cancel));

        var result = await report.StepAsync($"Sending the {data.Test.Count} test rows through InvokeEndpoint", progress => PredictAsync(data.Test, progress, cancel));

        if (!keep)
        {
            await report.StepAsync("Cleaning up (DeleteEndpoint, DeleteEndpointConfig, DeleteModel, the bucket)", async progress =>
            {
                await client.SageMakerAsync("DeleteEndpoint", new JsonObject { ["EndpointName"] = name }, cancel);
                await client.SageMakerAsync("DeleteEndpointConfig", new JsonObject { ["EndpointConfigName"] = name }, cancel);
                await client.SageMakerAsync("DeleteModel", new JsonObject { ["ModelName"] = name }, cancel);
                foreach (var key in uploaded)
                {
                    await client.DeleteObjectAsync(bucket, key, cancel);
                }

                await client.DeleteBucketAsync(bucket, cancel);
                progress("deleted");
            });
        }

        return result;
    }

    private async Task<string> TrainAsync(string bucket, Action<string> progress, CancellationToken cancel)
    {
        await client.SageMakerAsync("CreateTrainingJob", new JsonObject
        {
            ["TrainingJobName"] = name,
            ["AlgorithmSpecification"] = new JsonObject { ["TrainingImage"] = XGBoostImage, ["TrainingInputMode"] = "File" },
            ["RoleArn"] = Role,
            ["HyperParameters"] = new JsonObject
            {
                ["objective"] = "binary:logistic",
                ["num_round"] = "100",
                ["max_depth"] = "4",
                ["eta"] = "0.2",
                ["eval_metric"] = "auc",
            },
            ["InputDataConfig"] = new JsonArray(Channel(bucket, "train"), Channel(bucket, "validation")),
            ["OutputDataConfig"] = new JsonObject { ["S3OutputPath"] = $"s3://{bucket}/output" },
            ["ResourceConfig"] = new JsonObject { ["InstanceType"] = "ml.m5.large", ["InstanceCount"] = 1, ["VolumeSizeInGB"] = 1 },
            ["StoppingCondition"] = new JsonObject { ["MaxRuntimeInSeconds"] = 600 },
        }, cancel);

        while (true)
        {
            var job = await client.SageMakerAsync("DescribeTrainingJob", new JsonObject { ["TrainingJobName"] = name }, cancel);
            var status = job["TrainingJobStatus"]!.GetValue<string>();
            progress($"{status} - {job["SecondaryStatus"]?.GetValue<string>()}");
            if (status == "Completed")
            {
                foreach (var metric in job["FinalMetricDataList"]?.AsArray() ?? [])
                {
                    report.Line(string.Create(CultureInfo.InvariantCulture, $"{metric!["MetricName"]} = {metric["Value"]!.GetValue<double>():F4}"));
                }

                report.Line($"billable seconds: {job["BillableTimeInSeconds"]}; model: {job["ModelArtifacts"]!["S3ModelArtifacts"]}");
                return job["ModelArtifacts"]!["S3ModelArtifacts"]!.GetValue<string>();
            }

            if (status is "Failed" or "Stopped")
            {
                throw new InvalidOperationException($"The training job ended {status}: {job["FailureReason"]}. Its log: ./sagebrush logs /aws/sagemaker/TrainingJobs");
            }

            await Task.Delay(Poll, cancel);
        }
    }

    private async Task DeployAsync(string modelData, Action<string> progress, CancellationToken cancel)
    {
        await client.SageMakerAsync("CreateModel", new JsonObject
        {
            ["ModelName"] = name,
            ["PrimaryContainer"] = new JsonObject { ["Image"] = XGBoostImage, ["ModelDataUrl"] = modelData },
            ["ExecutionRoleArn"] = Role,
        }, cancel);
        await client.SageMakerAsync("CreateEndpointConfig", new JsonObject
        {
            ["EndpointConfigName"] = name,
            ["ProductionVariants"] = new JsonArray(new JsonObject
            {
                ["VariantName"] = "AllTraffic",
                ["ModelName"] = name,
                ["InitialInstanceCount"] = 1,
                ["InstanceType"] = "ml.m5.large",
                ["InitialVariantWeight"] = 1.0,
            }),
        }, cancel);
        await client.SageMakerAsync("CreateEndpoint", new JsonObject { ["EndpointName"] = name, ["EndpointConfigName"] = name }, cancel);
        while (true)
        {
            var endpoint = await client.SageMakerAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = name }, cancel);
            var status = endpoint["EndpointStatus"]!.GetValue<string>();
            progress(status);
            if (status == "InService")
            {
                return;
            }

            if (status == "Failed")
            {
                throw new InvalidOperationException($"The endpoint failed: {endpoint["FailureReason"]}");
            }

            await Task.Delay(Poll, cancel);
        }
    }

    private async Task<QuickstartResult> PredictAsync(IReadOnlyList<string> rows, Action<string> progress, CancellationToken cancel)
    {
        var latencies = new List<double>(rows.Count);
        var correct = 0;

        // One call first, not timed: the client's first connection and the server's first request are start-up costs.
        await client.InvokeEndpointAsync(name, BreastCancerDataset.Features(rows[0]), "text/csv", cancel);
        for (var i = 0; i < rows.Count; i++)
        {
            var watch = Stopwatch.StartNew();
            var (body, _) = await client.InvokeEndpointAsync(name, BreastCancerDataset.Features(rows[i]), "text/csv", cancel);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            var score = double.Parse(body.Trim().Split(',', '\n')[0], CultureInfo.InvariantCulture);
            if ((score >= 0.5 ? 1 : 0) == BreastCancerDataset.Label(rows[i]))
            {
                correct++;
            }

            if ((i + 1) % 20 == 0 || i + 1 == rows.Count)
            {
                progress($"{i + 1}/{rows.Count} rows predicted");
            }
        }

        latencies.Sort();
        var result = new QuickstartResult((double)correct / rows.Count, Percentile(latencies, 50), Percentile(latencies, 90), Percentile(latencies, 99));
        report.Line(string.Create(CultureInfo.InvariantCulture, $"accuracy {result.Accuracy:P1} ({correct}/{rows.Count}); latency per call (after one warm-up call) p50 {result.P50Ms:F2} ms, p90 {result.P90Ms:F2} ms, p99 {result.P99Ms:F2} ms"));
        return result;
    }

    private static JsonObject Channel(string bucket, string channel) => new()
    {
        ["ChannelName"] = channel,
        ["ContentType"] = "text/csv",
        ["DataSource"] = new JsonObject
        {
            ["S3DataSource"] = new JsonObject
            {
                ["S3DataType"] = "S3Prefix",
                ["S3Uri"] = $"s3://{bucket}/data/{channel}/",
                ["S3DataDistributionType"] = "FullyReplicated",
            },
        },
    };

    private static double Percentile(List<double> sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>What the quickstart measured on the test rows.</summary>
internal sealed record QuickstartResult(double Accuracy, double P50Ms, double P90Ms, double P99Ms);
