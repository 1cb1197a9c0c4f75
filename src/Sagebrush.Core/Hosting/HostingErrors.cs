using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting;

/// <summary>
/// The errors the model, endpoint-configuration and endpoint operations answer, in SageMaker's words: a missing or
/// duplicate resource is a ValidationException quoting its ARN, never ResourceNotFound.
/// </summary>
public static class HostingErrors
{
    public const string ValidationException = SageMakerErrors.ValidationException;

    public static AwsException Validation(string message) => SageMakerErrors.Validation(message);

    public static AwsException ModelNotFound(string arn) => Validation($"Could not find model \"{arn}\".");

    public static AwsException EndpointConfigNotFound(string arn) => Validation($"Could not find endpoint configuration \"{arn}\".");

    public static AwsException EndpointNotFound(string arn) => Validation($"Could not find endpoint \"{arn}\".");

    public static AwsException ModelExists(string arn) => Validation($"Cannot create already existing model \"{arn}\".");

    public static AwsException EndpointConfigExists(string arn) => Validation($"Cannot create already existing endpoint configuration \"{arn}\".");

    public static AwsException EndpointExists(string arn) => Validation($"Cannot create already existing endpoint \"{arn}\".");

    public static AwsException InProgress(string arn) => Validation($"Cannot update in-progress endpoint \"{arn}\".");

    public static AwsException UpdateFailed(string arn) => Validation($"Cannot update failed endpoint \"{arn}\".");
}
