using System.Globalization;
using Sagebrush.Core.Compute;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// A stand-in ITrainingExecutor for the API tests until the real one (Compute/) is merged. It runs nothing: it acts out
/// what the job's hyperparameters ask for. <c>test_log</c>: lines to print, separated by <c>|</c>; <c>test_seconds</c>:
/// how long to "train" (a stop ends it early as Stopped); <c>test_outcome</c>: Completed (default), Failed, Stopped or
/// MaxRuntimeExceeded. On Completed it reports model.tar.gz under the S3OutputPath, as SageMaker names it.
/// </summary>
public sealed class HyperParameterScriptedExecutor : ITrainingExecutor
{
    public async Task<TrainingOutcome> RunAsync(TrainingRun run, ITrainingObserver observer, CancellationToken stop)
    {
        var parameters = run.HyperParameters;
        var started = DateTimeOffset.UtcNow;
        observer.OnSecondaryStatus("Downloading", "Downloading input data");
        observer.OnSecondaryStatus("Training", "Training image download completed. Training in progress.");
        if (parameters.TryGetValue("test_log", out var log))
        {
            foreach (var line in log.Split('|'))
            {
                observer.OnLogLine("algo-1", DateTimeOffset.UtcNow, line);
            }
        }

        var seconds = parameters.TryGetValue("test_seconds", out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : 0;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), stop);
        }
        catch (OperationCanceledException)
        {
            return new TrainingOutcome(TrainingOutcomeKind.Stopped, null, null, DateTimeOffset.UtcNow - started);
        }

        var kind = Enum.Parse<TrainingOutcomeKind>(parameters.GetValueOrDefault("test_outcome", "Completed"));
        if (kind == TrainingOutcomeKind.Completed)
        {
            observer.OnSecondaryStatus("Uploading", "Uploading generated training model");
        }

        return new TrainingOutcome(
            kind,
            kind == TrainingOutcomeKind.Failed ? "AlgorithmError: the test asked this job to fail" : null,
            kind == TrainingOutcomeKind.Completed ? $"{run.S3OutputPath.TrimEnd('/')}/{run.JobName}/output/model.tar.gz" : null,
            DateTimeOffset.UtcNow - started);
    }
}
