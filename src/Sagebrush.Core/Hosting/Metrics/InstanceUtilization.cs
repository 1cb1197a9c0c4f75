using Microsoft.Extensions.Logging;
using Sagebrush.Core.CloudWatch.Store;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Core.Hosting.Instances;
using Sagebrush.Core.Hosting.Routing;

namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// The endpoint instances' utilization, as SageMaker publishes it in <c>/aws/sagemaker/Endpoints</c> (dimensions
/// EndpointName and VariantName, one value per instance per sample, so Average and Maximum are over instances):
/// <c>CPUUtilization</c> (percent of one core, summed over cores: up to 100 x vCPUs, from the instance's cgroup CPU time
/// between two samples), <c>MemoryUtilization</c> (percent of the instance type's memory in use, from its cgroup) and
/// <c>DiskUtilization</c> (percent used of the file system holding the instance's writable directory: shared by every
/// instance on the machine, as Sagebrush gives instances no disk of their own). Sampled every
/// <see cref="EndpointMetricsOptions.UtilizationInterval"/>; an instance without cgroups reports disk only.
/// </summary>
public sealed partial class InstanceUtilization(
    EndpointRouter router,
    IMetricStore store,
    EndpointMetricsOptions options,
    TimeProvider time,
    ILogger<InstanceUtilization> logger) : IBackgroundController, IDisposable
{
    public const string Namespace = "/aws/sagemaker/Endpoints";
    public const string Cpu = "CPUUtilization";
    public const string Memory = "MemoryUtilization";
    public const string Disk = "DiskUtilization";

    private readonly CancellationTokenSource stop = new();
    private readonly Dictionary<ModelInstance, (DateTimeOffset At, TimeSpan Cpu)> previous = [];
    private Task loop = Task.CompletedTask;

    public string Runs => "endpoint instance utilization";

    public TimeSpan ShutdownGrace => TimeSpan.FromSeconds(2);

    public Task RecoverAsync(CancellationToken cancellationToken)
    {
        loop = Task.Run(() => LoopAsync(stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task ShutdownAsync(TimeSpan grace)
    {
        await stop.CancelAsync();
        await loop.WaitAsync(grace, time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose() => stop.Dispose();

    /// <summary>One sample of every live instance (the loop's step; tests call it directly).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var seen = new HashSet<ModelInstance>();
        foreach (var deployment in router.Live)
        {
            foreach (var variant in deployment.Variants)
            {
                var dimensions = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [EndpointMetricNames.EndpointNameDimension] = deployment.EndpointName,
                    [EndpointMetricNames.VariantNameDimension] = variant.Name,
                };
                var (cpu, memory, disk) = (new List<MetricSampleRow>(), new List<MetricSampleRow>(), new List<MetricSampleRow>());
                foreach (var instance in variant.Instances)
                {
                    seen.Add(instance);
                    if (instance.Usage() is { } usage)
                    {
                        if (previous.TryGetValue(instance, out var last) && now > last.At && usage.CpuTime >= last.Cpu)
                        {
                            cpu.Add(Row(now, 100 * (usage.CpuTime - last.Cpu).TotalSeconds / (now - last.At).TotalSeconds));
                        }

                        previous[instance] = (now, usage.CpuTime);
                        if (usage.MemoryLimitBytes is > 0 and < long.MaxValue / 2)
                        {
                            memory.Add(Row(now, 100.0 * usage.MemoryBytes / usage.MemoryLimitBytes));
                        }
                    }

                    if (DiskUsed(instance.ScratchDirectory) is { } used)
                    {
                        disk.Add(Row(now, used));
                    }
                }

                await store.PutAsync(new MetricKey(Namespace, Cpu, dimensions), cpu, cancellationToken);
                await store.PutAsync(new MetricKey(Namespace, Memory, dimensions), memory, cancellationToken);
                await store.PutAsync(new MetricKey(Namespace, Disk, dimensions), disk, cancellationToken);
            }
        }

        foreach (var gone in previous.Keys.Where(i => !seen.Contains(i)).ToList())
        {
            previous.Remove(gone);
        }
    }

    private static MetricSampleRow Row(DateTimeOffset at, double percent) => new(at, 1, percent, percent, percent, percent, "Percent");

    private static double? DiskUsed(string directory)
    {
        try
        {
            var drive = new DriveInfo(directory);
            return drive.TotalSize > 0 ? 100.0 * (drive.TotalSize - drive.AvailableFreeSpace) / drive.TotalSize : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private async Task LoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.UtilizationInterval, time, token);
                await SampleAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // sampling must outlive one bad pass; the next one tries again
            catch (Exception failed)
#pragma warning restore CA1031
            {
                LogFailed(logger, failed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint instance utilization: a sample failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
