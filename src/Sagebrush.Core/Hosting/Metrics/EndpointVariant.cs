namespace Sagebrush.Core.Hosting.Metrics;

/// <summary>The two dimensions every endpoint invocation metric has.</summary>
public sealed record EndpointVariant(string EndpointName, string VariantName);
