using System.Security.Cryptography;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compilation.Shapes;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Jobs;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Compilation;

/// <summary>
/// What a compilation job adds to the <see cref="JobSpine"/>: the model archive (InputConfig.S3Uri) unpacked into the
/// host's <c>input/data/model</c> (a tar.gz unpacked safely and bounded; any other object copied as it is), the
/// compiler (<c>Sagebrush.Algorithms xgboost-neo compile</c>) as the host's command, the FailureReason it writes to
/// <c>output/failure</c>, and the host's <c>model/</c> packed and uploaded as
/// <c>&lt;S3OutputLocation&gt;/&lt;archive name&gt;-&lt;target&gt;.tar.gz</c>, with its SHA-256.
/// </summary>
internal sealed class CompilationJobPlugin(IObjectStore store, DescribeCompilationJobResponse job, Action<string> digest) : IJobPlugin
{
    private const int FailureFileBytes = 64 * 1024;

    public async Task<string?> StageAsync(JobContext context, CancellationToken stop)
    {
        var host = context.Hosts[0];
        var modelDirectory = Path.Combine(host.Root, "input", "data", "model");
        Directory.CreateDirectory(modelDirectory);
        Directory.CreateDirectory(Path.Combine(host.Root, "model"));
        Directory.CreateDirectory(Path.Combine(host.Root, "output"));
        var source = S3Location.Parse(job.InputConfig.S3Uri!);
        context.Log.Line(host.Name, $"Sagebrush: downloading the model from {source}");
        var download = Path.Combine(context.Directory, "model-download");
        try
        {
            await ChannelStager.DownloadAsync(store, source, download, stop);
            if (source.Key.EndsWith(".tar.gz", StringComparison.Ordinal) || source.Key.EndsWith(".tgz", StringComparison.Ordinal))
            {
                await using var archive = File.OpenRead(download);
                await SafeTarExtractor.ExtractAsync(archive, modelDirectory, context.Spec.Resources.VolumeBytes, stop);
            }
            else
            {
                File.Move(download, Path.Combine(modelDirectory, Path.GetFileName(source.Key)));
            }
        }
        catch (AwsException missing)
        {
            return JobFailures.Trim($"ClientError: InputConfiguration: Unable to download the model from {source}: {missing.Code}: {missing.Message}");
        }
        catch (Exception broken) when (broken is IOException or InvalidDataException or FormatException)
        {
            return JobFailures.Trim($"ClientError: InputConfiguration: The model at {source} is not a tar.gz archive that unpacks safely: {broken.Message}");
        }
        finally
        {
            File.Delete(download);
        }

        return null;
    }

    public Task<string?> PrepareAsync(JobContext context, CancellationToken stop)
    {
        context.Log.Line(context.Hosts[0].Name, $"Sagebrush: compiling the {job.InputConfig.Framework} model for {NeoTargets.Name(job.OutputConfig)} (gcc -mtune={NeoTargets.Tune(job.OutputConfig)})");
        return Task.FromResult<string?>(null);
    }

    public JobHostCommand CommandFor(JobContext context, JobHost host)
    {
        var mlRoot = context.MlRoot(host).TrimEnd('/');
        var environment = HostEnvironment.Base();
        environment["SM_INPUT_DIR"] = mlRoot + "/input";
        environment["SM_MODEL_DIR"] = mlRoot + "/model";
        environment["SM_OUTPUT_DIR"] = mlRoot + "/output";
        environment["SAGEBRUSH_NEO_TUNE"] = NeoTargets.Tune(job.OutputConfig)!;
        environment["SAGEBRUSH_NEO_DATA_INPUT"] = job.InputConfig.DataInputConfig ?? string.Empty;
        return new JobHostCommand(AlgorithmsProgram.Command(NeoTargets.InferenceImageName, "compile"), environment, mlRoot)
        {
            ReadOnlyPaths = AlgorithmsProgram.ReadOnlyPaths(),
        };
    }

    public Task WhileRunningAsync(JobContext context, CancellationToken done) => Task.CompletedTask;

    public string FailureReason(JobContext context, IReadOnlyList<JobHostResult> results)
    {
        var failed = results.First(r => r.Exit.ExitCode != 0);
        using var workspace = ConfinedDirectory.Open(failed.Host.Root);
        if (workspace.ReadText("output/failure", FailureFileBytes) is { } text && text.Trim().Length > 0)
        {
            return JobFailures.Trim(text.Trim());
        }

        var detail = failed.LastErrors.Count > 0 ? $" The last lines on stderr: {string.Join("\n", failed.LastErrors)}" : string.Empty;
        return JobFailures.Trim($"InternalServerError: the compiler exited with code {failed.Exit.ExitCode}.{detail}");
    }

    /// <summary>The compiled model.tar.gz, uploaded; returns its s3:// URI (null when the compiler failed).</summary>
    public async Task<string?> CollectAsync(JobContext context, IReadOnlyList<JobHostResult> results)
    {
        if (results.Any(r => r.Exit.ExitCode != 0))
        {
            return null;
        }

        var archive = Path.Combine(context.Directory, "compiled.tar.gz");
        await ArtifactPacker.PackAsync([(context.Hosts[0].Root, "model")], archive, CancellationToken.None);
        await using (var file = File.OpenRead(archive))
        {
            digest(Convert.ToHexStringLower(await SHA256.HashDataAsync(file)));
        }

        var target = S3Location.Parse(job.OutputConfig.S3OutputLocation!).Child(ArtifactName());
        await using (var body = File.OpenRead(archive))
        {
            await store.PutObjectAsync(target.Bucket, target.Key, body, ObjectWrite.Plain("application/x-tar"), CancellationToken.None);
        }

        context.Log.Line(context.Hosts[0].Name, $"Sagebrush: uploaded the compiled model to {target}");
        return target.ToString();
    }

    /// <summary>As Neo names it: the input archive's name without .tar.gz, a dash, the target (<c>model-ml_m5.tar.gz</c>).</summary>
    private string ArtifactName()
    {
        var name = Path.GetFileName(S3Location.Parse(job.InputConfig.S3Uri!).Key);
        foreach (var suffix in new[] { ".tar.gz", ".tgz" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name[..^suffix.Length];
            }
        }

        return $"{(name.Length > 0 ? name : "model")}-{NeoTargets.Name(job.OutputConfig)}.tar.gz";
    }
}
