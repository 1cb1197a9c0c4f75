using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Transform;

/// <summary>The errors the transform operations answer, in AWS's words.</summary>
public static class TransformErrors
{
    public static AwsException JobNotFound(string name) => SageMakerErrors.Validation($"Could not find requested job with name {name}");

    public static AwsException DuplicateName(string arn) => new(
        SageMakerErrors.ResourceInUse,
        $"Job name must be unique within an AWS account and region, and a job with this name already exists ({arn})");

    public static AwsException NotStoppable(string status) =>
        SageMakerErrors.Validation($"The request was rejected because the transform job is in status {status}.");
}
