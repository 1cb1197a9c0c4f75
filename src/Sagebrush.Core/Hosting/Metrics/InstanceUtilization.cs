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
    ILogger<InstanceUtilization> logger) : PeriodicController(time)
{
    public const string Namespace = "/aws/sagemaker/Endpoints";
    public const string Cpu = "CPUUtilization";
    public const string Memory = "MemoryUtilization";
    public const string Disk = "DiskUtilization";

    private readonly Dictionary<ModelInstance, (DateTimeOffset At, TimeSpan Cpu)> previous = [];

    public override string Runs => "endpoint instance utilization";

    protected override TimeSpan Interval => options.UtilizationInterval;

    protected override Task StepAsync(CancellationToken cancellationToken) => SampleAsync(cancellationToken);

    protected override void OnStepFailed(Exception failure) => LogFailed(logger, failure);

    /// <summary>One sample of every live instance (the loop's step; tests call it directly).</summary>
    public async Task SampleAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint instance utilization: a sample failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
