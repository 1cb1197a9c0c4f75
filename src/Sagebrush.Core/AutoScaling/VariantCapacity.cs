using System.Globalization;
using Sagebrush.Core.AutoScaling.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Endpoints;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.AutoScaling;

/// <summary>
/// How every scaling policy changes a variant: through UpdateEndpointWeightsAndCapacities (quotas, the supervisor,
/// instances drained before they stop), recorded as a scaling activity in AWS's words, the target's last scale-out or
/// scale-in stamped for the cooldowns. Target tracking (<see cref="VariantScaler"/>) and step scaling
/// (<see cref="StepScalingActions"/>) both go through here.
/// </summary>
public sealed class VariantCapacity(AutoScalingService scaling, EndpointService endpoints, TimeProvider time)
{
    /// <summary>The variant's InService instance count, or null when its endpoint is gone or not InService.</summary>
    public async Task<int?> CurrentAsync(string resourceId, CancellationToken cancellationToken)
    {
        var (endpointName, variantName) = Parse(resourceId);
        try
        {
            var endpoint = await endpoints.DescribeAsync(endpointName, cancellationToken);
            return endpoint.EndpointStatus == EndpointStatus.InService
                ? endpoint.ProductionVariants?.FirstOrDefault(v => v.VariantName == variantName)?.CurrentInstanceCount
                : null;
        }
        catch (AwsException)
        {
            return null; // the endpoint is gone: its target stays until deregistered, as on AWS
        }
    }

    /// <summary>Sets the variant to <paramref name="desired"/> instances; false when SageMaker refused (the activity says why).</summary>
    public async Task<bool> SetAsync(string resourceId, int desired, bool scaleOut, string cause, CancellationToken cancellationToken)
    {
        var (endpointName, variantName) = Parse(resourceId);
        var now = time.GetUtcNow();
        var activity = new ScalingActivity
        {
            ActivityId = Guid.NewGuid().ToString(),
            ServiceNamespace = AutoScalingService.Namespace,
            ResourceId = resourceId,
            ScalableDimension = AutoScalingService.Dimension,
            Description = string.Create(CultureInfo.InvariantCulture, $"Setting desired instance count to {desired}."),
            Cause = cause,
            StartTime = now,
            StatusCode = "InProgress",
        };
        var done = false;
        try
        {
            await endpoints.UpdateWeightsAndCapacitiesAsync(
                new UpdateEndpointWeightsAndCapacitiesInput
                {
                    EndpointName = endpointName,
                    DesiredWeightsAndCapacities = [new DesiredWeightAndCapacity { VariantName = variantName, DesiredInstanceCount = desired }],
                },
                cancellationToken);
            activity = activity with
            {
                StatusCode = "Successful",
                EndTime = time.GetUtcNow(),
                StatusMessage = string.Create(CultureInfo.InvariantCulture, $"Successfully set desired instance count to {desired}. Change successfully fulfilled by sagemaker."),
            };
            await scaling.UpdateTargetAsync(resourceId, t => scaleOut ? t with { LastScaleOut = now } : t with { LastScaleIn = now }, cancellationToken);
            done = true;
        }
        catch (AwsException refused)
        {
            activity = activity with { StatusCode = "Failed", EndTime = time.GetUtcNow(), StatusMessage = $"Failed to set desired instance count to {desired}. Reason: {refused.Message}" };
        }

        await scaling.RecordAsync(activity, cancellationToken);
        return done;
    }

    private static (string Endpoint, string Variant) Parse(string resourceId)
    {
        var parts = resourceId.Split('/');
        return (parts[1], parts[3]);
    }
}
