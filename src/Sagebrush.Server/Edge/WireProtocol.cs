namespace Sagebrush.Server.Edge;

/// <summary>The AWS protocol families Sagebrush speaks; each has its own error shape.</summary>
public enum WireProtocol
{
    /// <summary>AWS JSON 1.1: POST / with X-Amz-Target (SageMaker, CloudWatch Logs, ...).</summary>
    AwsJson,

    /// <summary>rest-json: the operation is in the method and path (SageMaker Runtime).</summary>
    RestJson,

    /// <summary>rest-xml: S3.</summary>
    RestXml,

    /// <summary>query: form-encoded <c>Action=...</c> in, XML out (STS, IAM, CloudWatch).</summary>
    Query,
}
