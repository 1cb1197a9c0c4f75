namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>What <c>sagebrush endpoints</c> shows of an endpoint from its DescribeEndpoint document.</summary>
public sealed record EndpointOverview(string EndpointName, string EndpointStatus, IReadOnlyList<VariantOverview> Variants);

/// <summary>A production variant as DescribeEndpoint reports it; counts are null while not yet known.</summary>
public sealed record VariantOverview(string VariantName, int? CurrentInstanceCount, double? CurrentWeight);
