using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Billing;

/// <summary>
/// Meters instances while they are held: a job's hosts from the first start to the last exit, an endpoint's or a
/// transform job's instance from launch to stop, a notebook while it runs. Metering never fails the work it meters:
/// a meter that cannot write logs and carries on.
/// </summary>
public interface IUsageMeter
{
    Task<IUsageRun> StartAsync(MeteredUse use, CancellationToken cancellationToken = default);
}

/// <summary>One metered stretch; stopping it more than once is harmless.</summary>
public interface IUsageRun : IAsyncDisposable
{
    Task StopAsync();
}

/// <summary>What is metered: which resource, for which use, how many instances of which type.</summary>
public sealed record MeteredUse(string ResourceArn, InstanceUsage Usage, string InstanceType, int InstanceCount);
