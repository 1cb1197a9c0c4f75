namespace Sagebrush.Core.Common;

/// <summary>
/// An error that reaches the client in AWS's own shape. The code is the wire error code
/// (<c>ValidationException</c>, <c>NoSuchKey</c>, ...); the protocol layer decides how it is serialized.
/// </summary>
public class AwsException(string code, string message, int statusCode = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int StatusCode { get; } = statusCode;

    /// <summary>Extra fields some errors carry on the wire (S3's <c>&lt;Key&gt;</c>, <c>&lt;BucketName&gt;</c>, ...).</summary>
    public IReadOnlyDictionary<string, string> Details { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra fields that are numbers on the wire (SageMaker Runtime's OriginalStatusCode).</summary>
    public IReadOnlyDictionary<string, long> NumberDetails { get; init; } = new Dictionary<string, long>();
}
