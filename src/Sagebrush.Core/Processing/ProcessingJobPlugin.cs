using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Processing;

/// <summary>
/// What a processing job adds to the <see cref="JobSpine"/>: each host's /opt/ml as SageMaker Processing lays it out
/// (<c>config/processingjobconfig.json</c> and <c>config/resourceconfig.json</c>, every S3Input in its LocalPath under
/// /opt/ml/processing, ShardedByS3Key dealing files to hosts), the ContainerEntrypoint and ContainerArguments as the
/// command (<c>python3</c> is this machine's Python), ExitMessage from <c>/opt/ml/output/message</c>, and each
/// S3Output's LocalPath uploaded, file by file, to its S3Uri once every host has exited 0. In a user's own image
/// (<paramref name="inContainer"/>) ContainerEntrypoint replaces the image's entry point and ContainerArguments are its
/// arguments, as SageMaker Processing runs them; the image's Python and PATH are its own.
/// </summary>
internal sealed class ProcessingJobPlugin(IObjectStore store, ProcessingOptions options, DescribeProcessingJobResponse job, Action<string> exitMessage, bool inContainer = false) : IJobPlugin
{
    private const string MessageFile = "output/message";
    private const int MessageBytes = 4 * JobFailures.MaxLength;

    public static string RelativeToMl(string localPath) => localPath.TrimEnd('/')[(TrainingWorkspace.ContainerRoot.Length + 1)..];

    public async Task<string?> StageAsync(JobContext context, CancellationToken stop)
    {
        var hosts = TrainingConfigFiles.Hosts(context.Hosts.Count);
        foreach (var host in context.Hosts)
        {
            var config = Path.Combine(host.Root, "config");
            Directory.CreateDirectory(config);
            Directory.CreateDirectory(Path.Combine(host.Root, "output"));
            await File.WriteAllTextAsync(Path.Combine(config, "processingjobconfig.json"), JobConfig(), stop);
            await File.WriteAllTextAsync(Path.Combine(config, "resourceconfig.json"), ResourceConfig(host.Name, hosts), stop);
            foreach (var path in LocalPaths())
            {
                Directory.CreateDirectory(Path.Combine(host.Root, RelativeToMl(path)));
            }
        }

        try
        {
            var stager = new ChannelStager(store);
            foreach (var input in job.ProcessingInputs ?? [])
            {
                var s3 = input.S3Input!;
                context.Log.Line(context.Hosts[0].Name, $"Sagebrush: downloading input {input.InputName} from {s3.S3Uri} to {s3.LocalPath}");
                var channel = new TrainingChannel(input.InputName!, s3.S3DataType!, s3.S3Uri!, s3.S3DataDistributionType ?? "FullyReplicated", null, "None", "File");
                await stager.StageAsync(channel, [.. context.Hosts.Select(h => Path.Combine(h.Root, RelativeToMl(s3.LocalPath!)))], stop);
            }
        }
        catch (ChannelStagingException exception)
        {
            return "ClientError: " + exception.Message;
        }
        catch (AwsException exception)
        {
            return JobFailures.Trim($"ClientError: Data download failed: {exception.Code}: {exception.Message}");
        }
        catch (InvalidDataException exception)
        {
            return JobFailures.Trim("ClientError: Data download failed: " + exception.Message);
        }

        return null;
    }

    /// <summary>Each host's stream begins with what it runs (a quiet host still has its stream, as on SageMaker).</summary>
    public Task<string?> PrepareAsync(JobContext context, CancellationToken stop)
    {
        var app = job.AppSpecification;
        var command = string.Join(' ', (app.ContainerEntrypoint ?? []).Concat(app.ContainerArguments ?? []));
        foreach (var host in context.Hosts)
        {
            context.Log.Line(host.Name, $"Sagebrush: {host.Name} of {context.Hosts.Count} ({job.ProcessingResources.ClusterConfig!.InstanceType}) runs {command}");
        }

        return Task.FromResult<string?>(null);
    }

    public JobHostCommand CommandFor(JobContext context, JobHost host)
    {
        var app = job.AppSpecification;
        var mlRoot = context.MlRoot(host);
        if (inContainer)
        {
            return new JobHostCommand(app.ContainerArguments ?? [], new Dictionary<string, string>(job.Environment ?? new Dictionary<string, string>()), TrainingWorkspace.ContainerRoot)
            {
                Entrypoint = app.ContainerEntrypoint,
            };
        }

        var command = new List<string>();
        foreach (var part in (app.ContainerEntrypoint ?? []).Concat(app.ContainerArguments ?? []))
        {
            // Where hosts do not see /opt/ml, the paths the job names are its workspace's.
            command.Add(context.MountsOptMl ? part : part.Replace(TrainingWorkspace.ContainerRoot + "/", mlRoot.TrimEnd('/') + "/", StringComparison.Ordinal));
        }

        if (command[0] is "python3" or "python" or "/usr/bin/python3" or "/usr/local/bin/python3" or "/usr/bin/python" or "/usr/local/bin/python")
        {
            command[0] = options.Python;
        }

        var environment = HostEnvironment.Base();
        foreach (var (key, value) in job.Environment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return new JobHostCommand(command, environment, mlRoot);
    }

    public Task WhileRunningAsync(JobContext context, CancellationToken done) => Task.CompletedTask;

    public string FailureReason(JobContext context, IReadOnlyList<JobHostResult> results)
    {
        var failed = results.First(r => r.Exit.ExitCode != 0);
        var detail = failed.LastErrors.Count > 0 ? $" Exit code {failed.Exit.ExitCode}; the last lines on stderr: {string.Join("\n", failed.LastErrors)}" : $" Exit code {failed.Exit.ExitCode}.";
        return JobFailures.Trim("AlgorithmError: See job logs for more information." + detail);
    }

    /// <summary>ExitMessage from every host's /opt/ml/output/message; the outputs once every host has exited 0.</summary>
    public async Task<string?> CollectAsync(JobContext context, IReadOnlyList<JobHostResult> results)
    {
        exitMessage(ReadExitMessage(context));
        if (results.Any(r => r.Exit.ExitCode != 0))
        {
            return null;
        }

        foreach (var output in job.ProcessingOutputConfig?.Outputs ?? [])
        {
            var s3 = output.S3Output!;
            var target = S3Location.Parse(s3.S3Uri!);
            var relative = RelativeToMl(s3.LocalPath!);
            var uploaded = 0;
            foreach (var host in context.Hosts)
            {
                using var root = ConfinedDirectory.Open(host.Root);
                foreach (var entry in root.Walk(relative))
                {
                    if (entry.Kind is ConfinedEntryKind.SymbolicLink or ConfinedEntryKind.Other)
                    {
                        throw new UnsafePathException($"'{entry.RelativePath}' in the output {output.OutputName} is not a regular file or directory.");
                    }

                    if (entry.Kind == ConfinedEntryKind.File)
                    {
                        await using var body = root.OpenRead(entry.RelativePath)!;
                        var key = target.Child(entry.RelativePath[(relative.Length + 1)..]);
                        await store.PutObjectAsync(key.Bucket, key.Key, body, ObjectWrite.Plain("binary/octet-stream"), CancellationToken.None);
                        uploaded++;
                    }
                }
            }

            context.Log.Line(context.Hosts[0].Name, $"Sagebrush: uploaded {uploaded} file(s) of output {output.OutputName} from {s3.LocalPath} to {s3.S3Uri}");
        }

        return null;
    }

    private IEnumerable<string> LocalPaths() =>
        (job.ProcessingInputs ?? []).Select(i => i.S3Input!.LocalPath!)
            .Concat((job.ProcessingOutputConfig?.Outputs ?? []).Select(o => o.S3Output!.LocalPath!));

    /// <summary>The hosts' messages, concatenated, cut to 1 KB; a message that is not UTF-8 is reported as such.</summary>
    private static string ReadExitMessage(JobContext context)
    {
        var text = new StringBuilder();
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        foreach (var host in context.Hosts)
        {
            try
            {
                using var root = ConfinedDirectory.Open(host.Root);
                using var file = root.OpenRead(MessageFile);
                if (file is null)
                {
                    continue;
                }

                var buffer = new byte[MessageBytes];
                var read = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                text.Append(strict.GetString(buffer, 0, read));
            }
            catch (DecoderFallbackException)
            {
                text.Append($"[{host.Name}: /opt/ml/output/message is not UTF-8 text]");
            }
            catch (UnsafePathException unsafePath)
            {
                text.Append($"[{host.Name}: {unsafePath.Message}]");
            }
        }

        return text.Length <= JobFailures.MaxLength ? text.ToString() : text.ToString(0, JobFailures.MaxLength);
    }

    /// <summary>processingjobconfig.json: the job as CreateProcessingJob described it, with its ARN.</summary>
    private string JobConfig()
    {
        var node = JsonSerializer.SerializeToNode(job, ProcessingJsonContext.Default.DescribeProcessingJobResponse)!.AsObject();
        foreach (var status in new[] { "ProcessingJobStatus", "CreationTime", "LastModifiedTime", "ProcessingStartTime", "ProcessingEndTime", "FailureReason", "ExitMessage" })
        {
            node.Remove(status);
        }

        return PythonJson.Dumps(node);
    }

    private static string ResourceConfig(string currentHost, IReadOnlyList<string> hosts) => PythonJson.Dumps(new JsonObject
    {
        ["current_host"] = currentHost,
        ["hosts"] = new JsonArray([.. hosts.Select(h => (JsonNode)JsonValue.Create(h))]),
    });
}
