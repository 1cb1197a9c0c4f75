using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Compilation;

/// <summary>The errors the compilation operations answer, in AWS's words where AWS has them.</summary>
public static class CompilationErrors
{
    public static AwsException JobNotFound(string name) => new(SageMakerErrors.ResourceNotFound, $"Could not find compilation job with name {name}");

    public static AwsException DuplicateName(string arn) => new(
        SageMakerErrors.ResourceInUse, $"Job name must be unique within an AWS account and region, and a job with this name already exists ({arn})");

    public static AwsException NotStoppable(string name, string status) =>
        SageMakerErrors.Validation($"Compilation job {name} is in status {status} and cannot be stopped.");

    public static AwsException NotDeletable(string name, string status) =>
        SageMakerErrors.Validation($"Compilation job {name} is in status {status}; only a COMPLETED, FAILED or STOPPED job can be deleted (stop it first).");
}
