using System.Collections.Concurrent;
using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Tests.Training;

/// <summary>
/// An executor the test drives: each run reports Downloading and Training, prints the lines the test gave it, then
/// waits until the test releases it (with an outcome) or the stop token fires (Stopped).
/// </summary>
public sealed class GatedTrainingExecutor : ITrainingExecutor
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<TrainingOutcome>> gates = new();
    private int running;
    private int maxRunning;

    public IReadOnlyList<string> Lines { get; init; } = [];

    public int MaxRunning => Volatile.Read(ref maxRunning);

    public int Running => Volatile.Read(ref running);

    public ConcurrentQueue<string> Started { get; } = new();

    public void Release(string job, TrainingOutcome outcome) => Gate(job).TrySetResult(outcome);

    public async Task<TrainingOutcome> RunAsync(TrainingRun run, ITrainingObserver observer, CancellationToken stop)
    {
        var now = Interlocked.Increment(ref running);
        InterlockedMax(ref maxRunning, now);
        Started.Enqueue(run.JobName);
        try
        {
            observer.OnSecondaryStatus("Downloading", "Downloading input data");
            observer.OnSecondaryStatus("Training", "Training image download completed. Training in progress.");
            foreach (var line in Lines)
            {
                observer.OnLogLine("algo-1", DateTimeOffset.UtcNow, line);
            }

            try
            {
                return await Gate(run.JobName).Task.WaitAsync(stop);
            }
            catch (OperationCanceledException)
            {
                return new TrainingOutcome(TrainingOutcomeKind.Stopped, null, null, TimeSpan.FromSeconds(1));
            }
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    private TaskCompletionSource<TrainingOutcome> Gate(string job) =>
        gates.GetOrAdd(job, _ => new TaskCompletionSource<TrainingOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
