using Sagebrush.Core.Common;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// The error codes every SageMaker resource family answers with. SageMaker reports a missing resource, a bad value
/// and most conflicts as ValidationException; ResourceInUse is for a name that is taken. Each family words its own
/// messages (TrainingErrors, HostingErrors, TuningErrors) on top of these.
/// </summary>
public static class SageMakerErrors
{
    public const string ValidationException = "ValidationException";
    public const string ResourceInUse = "ResourceInUse";
    public const string ResourceNotFound = "ResourceNotFound";

    public static AwsException Validation(string message) => new(ValidationException, message);
}
