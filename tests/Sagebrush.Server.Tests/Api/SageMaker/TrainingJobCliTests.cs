using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Debian's AWS CLI v2 drives training jobs on the real executor: create from <c>--cli-input-json</c>, describe,
/// list with filters, tags, and the errors as the CLI prints them. The CLI's own waiter polls every 120 seconds, so
/// the test polls describe-training-job itself.
/// </summary>
public sealed class TrainingJobCliTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>, IDisposable
{
    private const string Bucket = "cli-training";

    // Bound, not expectation.
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    private const string TrainScript = """
        import os
        rows = open(os.path.join(os.environ["SM_CHANNEL_TRAIN"], "train.csv")).read().splitlines()
        open("/opt/ml/model/rows.txt", "w").write(str(len(rows)))
        print(f"trained on {len(rows)} rows", flush=True)
        """;

    private readonly AwsCli aws = new(server);
    private readonly TempFiles files = new();

    [Fact]
    public async Task TheCliCreatesAJobFromInputJsonThenDescribesListsTagsAndCannotStopItOnceFinished()
    {
        (await aws.RunAsync("s3", "mb", $"s3://{Bucket}")).EnsureSuccess();
        await File.WriteAllTextAsync(files.Path("train.csv"), "1,0.5\n0,0.25\n1,0.75\n");
        (await aws.RunAsync("s3", "cp", files.Path("train.csv"), $"s3://{Bucket}/data/train/train.csv")).EnsureSuccess();
        await WriteSourceArchiveAsync(files.Path("sourcedir.tar.gz"), new Dictionary<string, string>
        {
            ["train.py"] = TrainScript,
            ["broken.py"] = "raise SystemExit('this script always fails')\n",
        });
        (await aws.RunAsync("s3", "cp", files.Path("sourcedir.tar.gz"), $"s3://{Bucket}/code/sourcedir.tar.gz")).EnsureSuccess();

        var arn = JsonDocument.Parse((await CreateAsync("cli-trained", "train.py")).StandardOutput).RootElement.GetProperty("TrainingJobArn").GetString();
        await CreateAsync("cli-broken", "broken.py");
        Assert.Equal("arn:aws:sagemaker:us-east-1:000000000000:training-job/cli-trained", arn);

        Assert.Equal("Completed", await WaitAsync("cli-trained"));
        Assert.Equal("Failed", await WaitAsync("cli-broken"));

        using (var described = await RunJsonAsync("sagemaker", "describe-training-job", "--training-job-name", "cli-trained"))
        {
            var job = described.RootElement;
            Assert.Equal(arn, job.GetProperty("TrainingJobArn").GetString());
            Assert.Equal("Completed", job.GetProperty("SecondaryStatus").GetString());
            Assert.Equal($"s3://{Bucket}/output/cli-trained/output/model.tar.gz", job.GetProperty("ModelArtifacts").GetProperty("S3ModelArtifacts").GetString());
            Assert.Equal("\"train.py\"", job.GetProperty("HyperParameters").GetProperty("sagemaker_program").GetString());
            Assert.Equal(
                ["Starting", "Downloading", "Training", "Uploading", "Completed"],
                job.GetProperty("SecondaryStatusTransitions").EnumerateArray().Select(t => t.GetProperty("Status").GetString()));
        }

        Assert.Equal(["cli-trained"], await ListNamesAsync("--name-contains", "cli-", "--status-equals", "Completed"));
        Assert.Equal(["cli-broken"], await ListNamesAsync("--name-contains", "cli-", "--status-equals", "Failed"));
        Assert.Equal(["cli-broken", "cli-trained"], (await ListNamesAsync("--name-contains", "cli-")).Order(StringComparer.Ordinal));
        Assert.Empty(await ListNamesAsync("--name-contains", "cli-train", "--status-equals", "Failed"));

        (await aws.RunAsync("sagemaker", "add-tags", "--resource-arn", arn!, "--tags", "Key=team,Value=vision", "Key=stage,Value=test")).EnsureSuccess();
        using (var tags = await RunJsonAsync("sagemaker", "list-tags", "--resource-arn", arn!))
        {
            Assert.Equal(
                [("created-by", "aws-cli"), ("stage", "test"), ("team", "vision")],
                tags.RootElement.GetProperty("Tags").EnumerateArray()
                    .Select(t => (t.GetProperty("Key").GetString(), t.GetProperty("Value").GetString())).Order());
        }

        var stop = await aws.RunAsync("sagemaker", "stop-training-job", "--training-job-name", "cli-trained");
        Assert.Equal(254, stop.ExitCode);
        Assert.Contains(
            "An error occurred (ValidationException) when calling the StopTrainingJob operation: The request was rejected because the training job is in status Completed.",
            stop.StandardError,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribingAJobThatDoesNotExistIsRequestedResourceNotFound()
    {
        var missing = await aws.RunAsync("sagemaker", "describe-training-job", "--training-job-name", "missing");

        Assert.Equal(254, missing.ExitCode);
        Assert.Equal(
            "An error occurred (ValidationException) when calling the DescribeTrainingJob operation: Requested resource not found.",
            missing.StandardError.Trim());
    }

    public void Dispose() => files.Dispose();

    private async Task<ProcessResult> CreateAsync(string name, string program)
    {
        var input = files.Path(name + ".json");
        await File.WriteAllTextAsync(input, $$"""
            {
              "TrainingJobName": "{{name}}",
              "AlgorithmSpecification": {
                "TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3",
                "TrainingInputMode": "File"
              },
              "RoleArn": "arn:aws:iam::000000000000:role/SageMakerRole",
              "HyperParameters": {
                "sagemaker_program": "\"{{program}}\"",
                "sagemaker_submit_directory": "\"s3://{{Bucket}}/code/sourcedir.tar.gz\""
              },
              "InputDataConfig": [
                {
                  "ChannelName": "train",
                  "ContentType": "text/csv",
                  "DataSource": { "S3DataSource": { "S3DataType": "S3Prefix", "S3Uri": "s3://{{Bucket}}/data/train/", "S3DataDistributionType": "FullyReplicated" } }
                }
              ],
              "OutputDataConfig": { "S3OutputPath": "s3://{{Bucket}}/output" },
              "ResourceConfig": { "InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10 },
              "StoppingCondition": { "MaxRuntimeInSeconds": 300 },
              "Tags": [ { "Key": "created-by", "Value": "aws-cli" } ]
            }
            """);
        return (await aws.RunAsync("sagemaker", "create-training-job", "--cli-input-json", "file://" + input)).EnsureSuccess();
    }

    /// <summary>Polls describe-training-job until the job leaves InProgress and returns its status.</summary>
    private async Task<string> WaitAsync(string name)
    {
        using var limit = new CancellationTokenSource(JobTimeout);
        while (true)
        {
            var status = (await aws.RunAsync("sagemaker", "describe-training-job", "--training-job-name", name, "--query", "TrainingJobStatus", "--output", "text"))
                .EnsureSuccess().StandardOutput.Trim();
            if (status is not "InProgress" and not "Stopping")
            {
                return status;
            }

            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"{name} is still {status}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), CancellationToken.None);
        }
    }

    private async Task<List<string?>> ListNamesAsync(params string[] filters)
    {
        using var listed = await RunJsonAsync(["sagemaker", "list-training-jobs", .. filters]);
        return [.. listed.RootElement.GetProperty("TrainingJobSummaries").EnumerateArray().Select(s => s.GetProperty("TrainingJobName").GetString())];
    }

    private async Task<JsonDocument> RunJsonAsync(params string[] arguments) =>
        JsonDocument.Parse((await aws.RunAsync([.. arguments, "--output", "json"])).EnsureSuccess().StandardOutput);

    private static async Task WriteSourceArchiveAsync(string path, IReadOnlyDictionary<string, string> sources)
    {
        await using var file = File.Create(path);
        await using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip);
        foreach (var (name, text) in sources)
        {
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        }
    }
}
