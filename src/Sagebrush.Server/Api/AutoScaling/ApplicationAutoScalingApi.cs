using Sagebrush.Core.AutoScaling;
using Sagebrush.Core.AutoScaling.Shapes;
using Sagebrush.Server.Protocol.Json;
using Context = Sagebrush.Core.AutoScaling.Shapes.AutoScalingJsonContext;

namespace Sagebrush.Server.Api.AutoScaling;

/// <summary>
/// Application Auto Scaling (AWS JSON 1.1, target prefix <c>AnyScaleFrontendService</c>, signing name
/// <c>application-autoscaling</c>) over <see cref="AutoScalingService"/>: mapping only.
/// Not supported yet: scheduled actions, tags, predictive scaling.
/// </summary>
public sealed class ApplicationAutoScalingApi : IJsonService
{
    private static readonly byte[] Empty = "{}"u8.ToArray();

    public ApplicationAutoScalingApi(AutoScalingService scaling)
    {
        Operations = new Dictionary<string, JsonOperation>(StringComparer.Ordinal)
        {
            ["RegisterScalableTarget"] = async (input, call) =>
            {
                await scaling.RegisterAsync(JsonBodies.Read(input, Context.Default.RegisterScalableTargetRequest), call.Aborted);
                return Empty;
            },
            ["DescribeScalableTargets"] = async (input, call) =>
                JsonBodies.Write(await scaling.DescribeTargetsAsync(JsonBodies.Read(input, Context.Default.DescribeScalableTargetsRequest), call.Aborted), Context.Default.DescribeScalableTargetsResponse),
            ["DeregisterScalableTarget"] = async (input, call) =>
            {
                await scaling.DeregisterAsync(JsonBodies.Read(input, Context.Default.TargetRequest), call.Aborted);
                return Empty;
            },
            ["PutScalingPolicy"] = async (input, call) =>
                JsonBodies.Write(await scaling.PutPolicyAsync(JsonBodies.Read(input, Context.Default.PutScalingPolicyRequest), call.Aborted), Context.Default.PutScalingPolicyResponse),
            ["DescribeScalingPolicies"] = async (input, call) =>
                JsonBodies.Write(await scaling.DescribePoliciesAsync(JsonBodies.Read(input, Context.Default.DescribeScalingPoliciesRequest), call.Aborted), Context.Default.DescribeScalingPoliciesResponse),
            ["DeleteScalingPolicy"] = async (input, call) =>
            {
                await scaling.DeletePolicyAsync(JsonBodies.Read(input, Context.Default.DeleteScalingPolicyRequest), call.Aborted);
                return Empty;
            },
            ["DescribeScalingActivities"] = async (input, call) =>
                JsonBodies.Write(await scaling.DescribeActivitiesAsync(JsonBodies.Read(input, Context.Default.DescribeScalingActivitiesRequest), call.Aborted), Context.Default.DescribeScalingActivitiesResponse),
        };
    }

    public string TargetPrefix => "AnyScaleFrontendService";

    public string SigningName => "application-autoscaling";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; }
}
