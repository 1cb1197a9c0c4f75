using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Billing;

/// <summary>A metered stretch as stored: <see cref="Ended"/> is null while the instances are still held.</summary>
public sealed record UsageRecord(
    long Id,
    string ResourceArn,
    InstanceUsage Usage,
    string InstanceType,
    int InstanceCount,
    DateTimeOffset Started,
    DateTimeOffset? Ended,
    IReadOnlyList<KeyValuePair<string, string>> Tags)
{
    /// <summary>The resource's name: the last part of its ARN.</summary>
    public string ResourceName => ResourceArn[(ResourceArn.LastIndexOf('/') + 1)..];

    /// <summary>The resource's kind as its ARN names it (<c>training-job</c>, <c>endpoint</c>, ...).</summary>
    public string ResourceType => ResourceArn.Split(':').ElementAtOrDefault(5)?.Split('/')[0] ?? string.Empty;

    /// <summary>Instance-seconds within [from, to): the overlap of the stretch (open ones end at <paramref name="now"/>), times the count.</summary>
    public double InstanceSeconds(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var start = Started > from ? Started : from;
        var endOfUse = Ended ?? now;
        var end = endOfUse < to ? endOfUse : to;
        return end > start ? (end - start).TotalSeconds * InstanceCount : 0;
    }

    /// <summary>What SageMaker would charge for the instance-seconds at the catalogue's on-demand price.</summary>
    public decimal Cost(double instanceSeconds) =>
        InstanceCatalogue.Find(InstanceType)?.HourlyPrice(Usage) is { } hourly ? hourly * (decimal)instanceSeconds / 3600m : 0m;
}
