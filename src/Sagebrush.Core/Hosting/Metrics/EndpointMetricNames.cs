namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>
/// The endpoint invocation metrics as SageMaker publishes them to CloudWatch (namespace <c>AWS/SageMaker</c>,
/// dimensions <c>EndpointName</c> and <c>VariantName</c>, one-minute periods), each one value per invocation:
/// <list type="bullet">
/// <item><c>Invocations</c>: 1 per InvokeEndpoint request that reached a variant (Sum is the request count).</item>
/// <item><c>Invocation4XXErrors</c>, <c>Invocation5XXErrors</c>: 1 when the model answered 4xx or 5xx, else 0 (Average
/// is the error rate). When no instance answered, the status the caller got decides.</item>
/// <item><c>InvocationsPerInstance</c>: 1/n per request, n the variant's instance count at the time (Sum is what
/// target-tracking autoscaling watches).</item>
/// <item><c>ModelLatency</c>: microseconds the instance took, request sent to response read (only when one answered).</item>
/// <item><c>OverheadLatency</c>: microseconds the rest of the call took (from the request arriving to the response
/// leaving, less ModelLatency).</item>
/// </list>
/// </summary>
public static class EndpointMetricNames
{
    public const string Namespace = "AWS/SageMaker";

    public const string EndpointNameDimension = "EndpointName";

    public const string VariantNameDimension = "VariantName";

    public const string Invocations = "Invocations";

    public const string Invocation4XXErrors = "Invocation4XXErrors";

    public const string Invocation5XXErrors = "Invocation5XXErrors";

    public const string InvocationsPerInstance = "InvocationsPerInstance";

    public const string ModelLatency = "ModelLatency";

    public const string OverheadLatency = "OverheadLatency";

    public static IReadOnlyList<string> All { get; } =
        [Invocations, Invocation4XXErrors, Invocation5XXErrors, InvocationsPerInstance, ModelLatency, OverheadLatency];

    /// <summary>CloudWatch's unit for the metric: the latencies are in microseconds, the counts have none.</summary>
    public static string UnitOf(string metricName) =>
        metricName is ModelLatency or OverheadLatency ? "Microseconds" : "None";
}
