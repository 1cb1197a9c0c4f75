namespace Sagebrush.Core.Hosting.Instances;

/// <summary>A deployment could not start; the message is the endpoint's FailureReason.</summary>
public sealed class DeploymentException(string message) : Exception(message)
{
    /// <summary>SageMaker's FailureReason is at most 1024 characters.</summary>
    public const int MaxReasonLength = 1024;

    public static string Trim(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 3)] + "...";
    }
}
