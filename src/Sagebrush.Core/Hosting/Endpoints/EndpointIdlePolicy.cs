using System.Globalization;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Routing;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Hosting.Endpoints;

/// <summary>
/// Scales idle endpoints to zero: every <see cref="HostingOptions.IdleCheckInterval"/>, an InService endpoint whose
/// deployment has taken no call for its idle timeout (the tag <see cref="IdleMinutesTag"/>, else
/// <see cref="HostingOptions.EndpointIdleTimeout"/>) is put to sleep by the supervisor. Its next InvokeEndpoint wakes it.
/// </summary>
public sealed partial class EndpointIdlePolicy(
    HostingStore<StoredEndpoint> endpoints,
    EndpointRouter router,
    EndpointSupervisor supervisor,
    IMetadataStore metadata,
    HostingOptions options,
    TimeProvider time,
    ILogger<EndpointIdlePolicy> logger) : PeriodicController(time)
{
    public const string IdleMinutesTag = "sagebrush:idle-minutes";

    public override string Runs => "the idle endpoint policy";

    protected override TimeSpan Interval => options.IdleCheckInterval;

    protected override Task StepAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    protected override void OnStepFailed(Exception failure) => LogCheckFailed(logger, failure);

    /// <summary>Puts to sleep every endpoint idle past its timeout; returns their names.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var slept = new List<string>();
        foreach (var stored in await endpoints.ListAsync(cancellationToken))
        {
            var name = stored.Endpoint.EndpointName;
            if (stored.Endpoint.EndpointStatus != EndpointStatus.InService
                || router.Current(name) is not { SleepingCounts: null } deployment
                || await TimeoutOfAsync(stored.Endpoint.EndpointArn, cancellationToken) is not { } timeout
                || now - deployment.LastCalled < timeout)
            {
                continue;
            }

            supervisor.BeginSleep(name);
            slept.Add(name);
        }

        return slept;
    }

    private async Task<TimeSpan?> TimeoutOfAsync(string arn, CancellationToken cancellationToken)
    {
        var tags = await metadata.GetTagsAsync(arn, cancellationToken);
        var tagged = tags.FirstOrDefault(t => t.Key == IdleMinutesTag).Value;
        var timeout = tagged is not null && double.TryParse(tagged, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) && minutes >= 0
            ? TimeSpan.FromMinutes(minutes)
            : options.EndpointIdleTimeout;
        return timeout > TimeSpan.Zero ? timeout : null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Idle endpoint policy: a check failed; trying again at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
