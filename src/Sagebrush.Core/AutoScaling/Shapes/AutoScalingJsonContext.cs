using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.AutoScaling.Shapes;

/// <summary>Application Auto Scaling's shapes on the wire and in the metadata store: AWS's member names, absent members left out, epoch seconds.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(RegisterScalableTargetRequest))]
[JsonSerializable(typeof(TargetRequest))]
[JsonSerializable(typeof(DescribeScalableTargetsRequest))]
[JsonSerializable(typeof(DescribeScalableTargetsResponse))]
[JsonSerializable(typeof(PutScalingPolicyRequest))]
[JsonSerializable(typeof(PutScalingPolicyResponse))]
[JsonSerializable(typeof(DescribeScalingPoliciesRequest))]
[JsonSerializable(typeof(DescribeScalingPoliciesResponse))]
[JsonSerializable(typeof(DeleteScalingPolicyRequest))]
[JsonSerializable(typeof(DescribeScalingActivitiesRequest))]
[JsonSerializable(typeof(DescribeScalingActivitiesResponse))]
[JsonSerializable(typeof(ScalingActivity))]
[JsonSerializable(typeof(StoredTarget))]
[JsonSerializable(typeof(EmptyResponse))]
public sealed partial class AutoScalingJsonContext : JsonSerializerContext;
