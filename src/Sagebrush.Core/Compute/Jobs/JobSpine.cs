using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute.Files;
using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Core.Containers;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Compute.Jobs;

/// <summary>
/// Runs one job of any kind on a launcher, in the same steps: a directory, a user and a network of its own; the
/// plug-in stages each host's workspace (then given to the job's user) and prepares; the hosts run with the job's
/// limits while MaxRuntime and the volume are watched and the first host that fails ends the others; then the
/// plug-in uploads what they left. It never throws for a job that fails: the outcome says how it ended. The hosts'
/// run is metered (<see cref="JobSpec.Metered"/>) from their start to the last one's exit: the job's billable time.
/// A job whose hosts run in an image of the user's (<see cref="JobSpec.Container"/>) runs on the container launcher,
/// its image made ready once before anything else.
/// </summary>
public sealed class JobSpine(IHostLauncher launcher, TimeProvider time, TimeSpan volumeCheckInterval, IUsageMeter? meter = null, ContainerLauncher? containers = null)
{
    private const int ErrorLinesKept = 10;

    public async Task<JobOutcome> RunAsync(JobSpec spec, string directory, IJobPlugin plugin, JobLog log, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(plugin);
        Directory.CreateDirectory(directory);
        var hosts = Enumerable.Range(1, spec.HostCount).Select(i => new JobHost($"algo-{i}", Path.Combine(directory, $"algo-{i}"))).ToList();
        var hostLauncher = launcher;
        if (spec.Container is { } image)
        {
            PreparedImage prepared;
            try
            {
                prepared = containers is null
                    ? PreparedImage.Failed($"ClientError: The image '{image}' runs in a container, and this server has no container launcher.")
                    : await containers.PrepareAsync(image, line => log.Line(hosts[0].Name, line), stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return JobOutcome.Stopped;
            }

            if (prepared.Failure is { } failure)
            {
                return JobOutcome.Failed(failure);
            }

            spec = spec with { Container = prepared.Reference };
            hostLauncher = containers!;
        }

        using var user = hostLauncher.LeaseUser();
        var network = HostNetwork.Shared;
        try
        {
            network = await hostLauncher.CreateNetworkAsync(stop);
            var context = new JobContext(spec, directory, hosts, hostLauncher, user, network, log, time);
            if (hostLauncher.Note is { } note)
            {
                log.Line(hosts[0].Name, note);
            }

            if (await plugin.StageAsync(context, stop) is { } stagingFailure)
            {
                return JobOutcome.Failed(stagingFailure);
            }

            if (spec.Resources.VolumeBytes > 0 && hosts.Any(h => JobContext.VolumeUsed(h) > spec.Resources.VolumeBytes))
            {
                return JobOutcome.Failed(JobFailures.VolumeFull(spec.Resources.VolumeBytes));
            }

            foreach (var host in hosts)
            {
                context.GiveToJob(host.Root);
            }

            if (await plugin.PrepareAsync(context, stop) is { } prepareFailure)
            {
                return JobOutcome.Failed(prepareFailure);
            }

            return await RunHostsAsync(context, plugin, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return JobOutcome.Stopped;
        }
        finally
        {
            await network.DisposeAsync();
        }
    }

    /// <summary>
    /// <see cref="RunAsync"/> for a background job kind: its lines go to <paramref name="logGroup"/> in the log store,
    /// a job that breaks unexpectedly is Failed with the reason in its log, and its directory is removed afterwards.
    /// </summary>
    public async Task<JobOutcome> RunLoggedAsync(JobSpec spec, string directory, IJobPlugin plugin, ILogStore? logs, string logGroup, DateTimeOffset start, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await using var log = new JobLogWriter(logs, logGroup, spec.Name, start);
        try
        {
            return await RunAsync(spec, directory, plugin, new JobLog(log, time), stop);
        }
#pragma warning disable CA1031 // a job that breaks is Failed, not a server error
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            log.OnLogLine("algo-1", time.GetUtcNow(), "Sagebrush: the job failed unexpectedly: " + exception);
            return JobOutcome.Failed("InternalServerError: " + exception.Message);
        }
        finally
        {
            WorkDirectories.TryDelete(directory);
        }
    }

    private async Task<JobOutcome> RunHostsAsync(JobContext context, IJobPlugin plugin, CancellationToken stop)
    {
        var spec = context.Spec;
        using var terminate = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var limit = spec.MaxRuntime > TimeSpan.Zero && spec.MaxRuntime < TimeSpan.FromDays(40) ? spec.MaxRuntime : Timeout.InfiniteTimeSpan;
        using var maxRuntime = new CancellationTokenSource(limit, time);
        using var onMaxRuntime = maxRuntime.Token.Register(terminate.Cancel);

        var run = new HostsRun(context, plugin, terminate);
        await using var metered = meter is not null && spec.Metered is { } use ? await meter.StartAsync(use, CancellationToken.None) : null;
        var started = time.GetTimestamp();
        var running = context.Hosts.Select(run.RunHostAsync).ToList();
        using var watching = new CancellationTokenSource();
        var volumeWatch = WatchVolumeAsync(context, run, terminate, watching.Token);
        var beside = plugin.WhileRunningAsync(context, watching.Token);
        var results = await Task.WhenAll(running);
        var runTime = time.GetElapsedTime(started);
        if (metered is not null)
        {
            await metered.StopAsync();
        }

        await watching.CancelAsync();
        await Task.WhenAll(beside, volumeWatch);
        if (spec.Resources.VolumeBytes > 0 && context.Hosts.Any(h => JobContext.VolumeUsed(h) > spec.Resources.VolumeBytes))
        {
            run.VolumeFull = true;
        }

        var kind = stop.IsCancellationRequested ? JobOutcomeKind.Stopped
            : maxRuntime.IsCancellationRequested ? JobOutcomeKind.MaxRuntimeExceeded
            : results.All(r => r.Exit.ExitCode == 0) && !run.VolumeFull ? JobOutcomeKind.Completed
            : JobOutcomeKind.Failed;
        var ordered = run.FirstFailure is { } first ? [first, .. results.Where(r => r != first)] : results;
        var reason = kind == JobOutcomeKind.Failed ? FailureReason(context, plugin, ordered, run.VolumeFull) : null;
        try
        {
            var artifacts = await plugin.CollectAsync(context, results);
            return new JobOutcome(kind, reason, artifacts, runTime);
        }
        catch (AwsException exception)
        {
            return new JobOutcome(JobOutcomeKind.Failed, reason ?? JobFailures.Trim($"ClientError: Could not upload the job's output: {exception.Code}: {exception.Message}"), null, runTime);
        }
        catch (UnsafePathException exception)
        {
            return new JobOutcome(JobOutcomeKind.Failed, reason ?? JobFailures.UnsafeOutput(exception.Message), null, runTime);
        }
    }

    /// <summary>The spine's own reasons first (memory, volume, a link where the plug-in reads), then the plug-in's.</summary>
    private static string FailureReason(JobContext context, IJobPlugin plugin, IReadOnlyList<JobHostResult> results, bool volumeFull)
    {
        if (results.Any(r => r.Exit.OutOfMemory))
        {
            return JobFailures.OutOfMemory;
        }

        if (volumeFull)
        {
            return JobFailures.VolumeFull(context.Spec.Resources.VolumeBytes);
        }

        try
        {
            return plugin.FailureReason(context, results);
        }
        catch (UnsafePathException unsafePath)
        {
            return JobFailures.UnsafeOutput(unsafePath.Message);
        }
    }

    /// <summary>Ends the job when a host's workspace holds more than its volume (a single file is bounded by RLIMIT_FSIZE already).</summary>
    private async Task WatchVolumeAsync(JobContext context, HostsRun run, CancellationTokenSource terminate, CancellationToken done)
    {
        var volume = context.Spec.Resources.VolumeBytes;
        if (volume <= 0)
        {
            return;
        }

        try
        {
            while (!done.IsCancellationRequested)
            {
                await Task.Delay(volumeCheckInterval, time, done);
                if (context.Hosts.Any(h => JobContext.VolumeUsed(h) > volume))
                {
                    run.VolumeFull = true;
                    context.Log.Line(context.Hosts[0].Name, "Sagebrush: a host's workspace is larger than the job's volume (VolumeSizeInGB); stopping the job.");
                    await terminate.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    /// <summary>The hosts of one run: the first failure, and one failing host ending the others (as on SageMaker).</summary>
    private sealed class HostsRun(JobContext context, IJobPlugin plugin, CancellationTokenSource terminate)
    {
        private readonly Lock _gate = new();

        public JobHostResult? FirstFailure { get; private set; }

        public volatile bool VolumeFull;

        public async Task<JobHostResult> RunHostAsync(JobHost host)
        {
            var command = plugin.CommandFor(context, host);
            var errors = new Queue<string>();
            var exit = await context.RunLaunchAsync(context.Launch(host, command), line =>
            {
                if (line.IsStandardError)
                {
                    lock (errors)
                    {
                        errors.Enqueue(line.Text);
                        if (errors.Count > ErrorLinesKept)
                        {
                            errors.Dequeue();
                        }
                    }
                }
            }, terminate.Token);

            List<string> lastErrors;
            lock (errors)
            {
                lastErrors = [.. errors];
            }

            var result = new JobHostResult(host, exit, command.Command, lastErrors);
            if (exit.ExitCode != 0)
            {
                lock (_gate)
                {
                    if (FirstFailure is null && !terminate.IsCancellationRequested)
                    {
                        FirstFailure = result;
                    }
                }

                await terminate.CancelAsync();
            }

            return result;
        }
    }
}
