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
    ILogger<EndpointIdlePolicy> logger) : IBackgroundController, IDisposable
{
    public const string IdleMinutesTag = "sagebrush:idle-minutes";

    private readonly CancellationTokenSource stop = new();
    private Task loop = Task.CompletedTask;

    public string Runs => "the idle endpoint policy";

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

    /// <summary>Puts to sleep every endpoint idle past its timeout; returns their names.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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

    private async Task LoopAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.IdleCheckInterval, time, token);
                await CheckAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the policy must outlive one bad pass; the next one tries again
            catch (Exception failed)
#pragma warning restore CA1031
            {
                LogCheckFailed(logger, failed);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Idle endpoint policy: a check failed; trying again at the next interval")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
