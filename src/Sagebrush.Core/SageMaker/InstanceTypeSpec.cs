namespace Sagebrush.Core.SageMaker;

/// <summary>
/// One row of the instance catalogue: what the type has (as EC2 sizes it) and SageMaker's on-demand price per
/// instance-hour in us-east-1 for each use that offers it. <see cref="Basis"/> says whether the price is AWS's
/// published one or derived (docs/account.md).
/// </summary>
public sealed record InstanceTypeSpec(
    string Name,
    int VCpus,
    double MemoryGiB,
    int Gpus,
    int GpuMemoryGiB,
    string? Accelerator,
    IReadOnlyDictionary<InstanceUsage, decimal> HourlyPrices,
    string Basis)
{
    public bool OffersFor(InstanceUsage usage) => HourlyPrices.ContainsKey(usage);

    /// <summary>The price per instance-hour for the use, or null when SageMaker does not offer the type for it.</summary>
    public decimal? HourlyPrice(InstanceUsage usage) => HourlyPrices.TryGetValue(usage, out var price) ? price : null;
}
