using Sagebrush.Core.Hosting.Routing;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Hosting.Endpoints;

/// <summary>How DescribeEndpoint's fields follow the endpoint's state: what a deployment shows while it starts and once it runs.</summary>
public static class EndpointDocuments
{
    /// <summary>Variants of a deployment that is starting: desired values only, VariantStatus Creating.</summary>
    public static IReadOnlyList<ProductionVariantSummary> Starting(DeploymentSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Variants.Select(v => new ProductionVariantSummary
        {
            VariantName = v.VariantName,
            DesiredWeight = v.Weight,
            DesiredInstanceCount = v.InstanceCount,
            VariantStatus = [new ProductionVariantStatus { Status = "Creating", StatusMessage = "Launching instances.", StartTime = now }],
        }).ToList();
    }

    /// <summary>Variants of the running deployment: current equals desired.</summary>
    public static IReadOnlyList<ProductionVariantSummary> Running(Deployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.Variants.Select(v => new ProductionVariantSummary
        {
            VariantName = v.Name,
            DeployedImages = v.DeployedImages,
            CurrentWeight = v.Weight,
            DesiredWeight = v.Weight,
            CurrentInstanceCount = v.Instances.Length,
            DesiredInstanceCount = deployment.SleepingCounts?.GetValueOrDefault(v.Name) ?? v.Instances.Length,
        }).ToList();
    }

    public static PendingDeploymentSummary Pending(DeploymentSpec spec, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new PendingDeploymentSummary
        {
            EndpointConfigName = spec.EndpointConfigName,
            StartTime = now,
            ProductionVariants = spec.Variants.Select(v => new PendingProductionVariantSummary
            {
                VariantName = v.VariantName,
                DesiredWeight = v.Weight,
                DesiredInstanceCount = v.InstanceCount,
                InstanceType = v.InstanceType,
                VariantStatus = [new ProductionVariantStatus { Status = "Creating", StatusMessage = "Launching instances.", StartTime = now }],
            }).ToList(),
        };
    }

    public static DataCaptureConfigSummary? Capture(DataCaptureConfig? config) => config is null ? null : new DataCaptureConfigSummary
    {
        EnableCapture = config.EnableCapture ?? true,
        CaptureStatus = config.EnableCapture ?? true ? "Started" : "Stopped",
        CurrentSamplingPercentage = config.InitialSamplingPercentage ?? 0,
        DestinationS3Uri = config.DestinationS3Uri ?? "",
        KmsKeyId = config.KmsKeyId,
    };
}
