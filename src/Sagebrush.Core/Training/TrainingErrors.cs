using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Training;

/// <summary>The errors the training operations answer, in AWS's words.</summary>
public static class TrainingErrors
{
    public const string ValidationException = SageMakerErrors.ValidationException;
    public const string ResourceInUse = SageMakerErrors.ResourceInUse;

    public static AwsException Validation(string message) => SageMakerErrors.Validation(message);

    /// <summary>DescribeTrainingJob and StopTrainingJob on an unknown name (AWS answers ValidationException, not ResourceNotFound).</summary>
    public static AwsException JobNotFound() => Validation("Requested resource not found.");

    public static AwsException DuplicateName(string arn) => new(
        ResourceInUse,
        $"Training job names must be unique within an AWS account and region, and a training job with this name already exists ({arn})");

    public static AwsException NotStoppable(string status) =>
        Validation($"The request was rejected because the training job is in status {status}.");
}
