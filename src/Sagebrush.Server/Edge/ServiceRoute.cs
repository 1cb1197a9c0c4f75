namespace Sagebrush.Server.Edge;

/// <summary>Which service a request is for, and so which protocol answers it (errors included).</summary>
public enum ServiceRoute
{
    Health,
    AwsJson,
    SageMakerRuntime,
    S3,

    /// <summary>A query-protocol service (STS, IAM, CloudWatch, ...), by the credential scope's signing name.</summary>
    Query,
}
