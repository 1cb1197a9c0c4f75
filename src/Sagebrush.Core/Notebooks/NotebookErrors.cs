using Sagebrush.Core.Common;

namespace Sagebrush.Core.Notebooks;

/// <summary>The notebook family's errors in SageMaker's words (every one a ValidationException, as SageMaker answers them).</summary>
public static class NotebookErrors
{
    /// <summary>DescribeNotebookInstance and the other operations on a notebook instance that does not exist.</summary>
    public static AwsException NotFound() => Validation("RecordNotFound");

    public static AwsException Duplicate(string arn) => Validation($"Cannot create a duplicate Notebook Instance ({arn})");

    /// <summary>A transition the instance's status does not allow: <c>Status (InService) not in ([Stopped, Failed]). Unable to transition to (Deleting) ...</c>.</summary>
    public static AwsException CannotTransition(string status, IReadOnlyList<string> allowed, string target, string arn) =>
        Validation($"Status ({status}) not in ([{string.Join(", ", allowed)}]). Unable to transition to ({target}) for Notebook Instance ({arn})");

    public static AwsException LifecycleConfigExists(string arn) =>
        Validation($"Unable to create Notebook Instance Lifecycle Config {arn}. (Details: Notebook Instance Lifecycle Config already exists.)");

    /// <summary><paramref name="verb"/>: describe, update, delete (SageMaker names what it was doing).</summary>
    public static AwsException LifecycleConfigNotFound(string verb, string arn) =>
        Validation($"Unable to {verb} Notebook Instance Lifecycle Config '{arn}'. (Details: Notebook Instance Lifecycle Config does not exist.)");

    public static AwsException CodeRepositoryExists(string arn) => Validation($"Cannot create a duplicate Code Repository ({arn})");

    public static AwsException CodeRepositoryNotFound(string arn) => Validation($"Cannot find Code Repository ({arn})");

    public static AwsException Validation(string message) => new("ValidationException", message);
}
