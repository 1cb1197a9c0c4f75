namespace Sagebrush.Server.Edge;

/// <summary>Which service a request is for, and so which protocol answers it (errors included).</summary>
public enum ServiceRoute
{
    Health,
    AwsJson,
    SageMakerRuntime,
    S3,
}
