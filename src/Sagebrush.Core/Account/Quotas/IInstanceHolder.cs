using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Quotas;

/// <summary>
/// A resource family that holds instances (training, processing and transform jobs, endpoints, notebooks): what its
/// live resources hold now, read from its own store, so quota utilization is never a separate count that can drift.
/// </summary>
public interface IInstanceHolder
{
    Task<IReadOnlyList<HeldInstances>> HeldAsync(CancellationToken cancellationToken);
}

/// <summary>Instances of one type held by one resource (a job, an endpoint's variant, a notebook).</summary>
public sealed record HeldInstances(string ResourceArn, InstanceUsage Usage, string InstanceType, int Count);
