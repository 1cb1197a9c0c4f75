using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training;

namespace Sagebrush.Core.Tuning;

/// <summary>The errors the tuning operations answer, in AWS's words.</summary>
public static class TuningErrors
{
    public const string ResourceNotFound = "ResourceNotFound";

    public static AwsException Validation(string message) => SageMakerErrors.Validation(message);

    /// <summary>Describe, Stop, Delete and ListTrainingJobsForHyperParameterTuningJob on an unknown name.</summary>
    public static AwsException NotFound(string name) => new(ResourceNotFound, $"Amazon SageMaker can't find a tuning job with name {name}");

    public static AwsException DuplicateName(string arn) => new(
        SageMakerErrors.ResourceInUse,
        $"Hyperparameter tuning job names must be unique within an AWS account and region, and a hyperparameter tuning job with this name already exists ({arn})");

    public static AwsException NotStoppable(string status) =>
        Validation($"The request was rejected because the hyperparameter tuning job is in status {status}.");

    public static AwsException NotDeletable(string status) =>
        Validation($"The request was rejected because the hyperparameter tuning job is in status {status}: only a tuning job that has ended (Completed, Failed or Stopped) can be deleted.");
}
