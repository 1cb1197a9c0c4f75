namespace Sagebrush.Core.Hosting.Instances;

/// <summary>A deployment could not start; the message is the endpoint's FailureReason.</summary>
public sealed class DeploymentException(string message) : Exception(message)
{
    /// <summary>SageMaker's FailureReason is at most 1024 characters.</summary>
    public const int MaxReasonLength = 1024;

    /// <summary>
    /// Whatever stopped a deployment, as a FailureReason: a DeploymentException says it already; anything else (a disk
    /// error, a bug) still ends the endpoint in Failed with what happened, never in Creating for ever.
    /// </summary>
    public static DeploymentException From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception as DeploymentException
            ?? new DeploymentException(Trim($"InternalFailure: the deployment could not start: {exception.GetType().Name}: {exception.Message}"));
    }

    public static string Trim(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return reason.Length <= MaxReasonLength ? reason : reason[..(MaxReasonLength - 3)] + "...";
    }
}
