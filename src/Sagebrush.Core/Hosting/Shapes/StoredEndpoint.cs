namespace Sagebrush.Core.Hosting.Shapes;

/// <summary>
/// The document the metadata store keeps for an endpoint: what DescribeEndpoint answers, plus what it runs. The
/// deployment is a snapshot of the configuration and models taken at CreateEndpoint/UpdateEndpoint, because SageMaker
/// lets both be deleted while the endpoint keeps serving (and the server brings the endpoint back up from it after a
/// restart).
/// </summary>
public sealed record StoredEndpoint
{
    public required DescribeEndpointOutput Endpoint { get; init; }

    public required DeploymentSpec Deployment { get; init; }
}

/// <summary>What one endpoint configuration deploys: its variants, each with a copy of its model's container.</summary>
public sealed record DeploymentSpec
{
    public required string EndpointConfigName { get; init; }

    public required IReadOnlyList<VariantSpec> Variants { get; init; }

    public DataCaptureConfig? DataCaptureConfig { get; init; }
}

public sealed record VariantSpec
{
    public required string VariantName { get; init; }

    public required string ModelName { get; init; }

    public required string Image { get; init; }

    /// <summary>The model's own image when <see cref="Image"/> is its compiled version's (AcceleratorType); null otherwise.</summary>
    public string? SpecifiedImage { get; init; }

    public string? AcceleratorType { get; init; }

    public string? ModelDataUrl { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public required string InstanceType { get; init; }

    public required int InstanceCount { get; init; }

    public required float Weight { get; init; }

    public int? StartupTimeoutInSeconds { get; init; }

    /// <summary>The variant's VolumeSizeInGB: what one instance may unpack and keep.</summary>
    public int? VolumeSizeInGB { get; init; }
}
