using System.Globalization;

namespace Sagebrush.Core.Compute.Jobs;

/// <summary>The FailureReasons the spine gives any job, worded as SageMaker words them.</summary>
public static class JobFailures
{
    /// <summary>Describe* returns the first 1024 characters of /opt/ml/output/failure.</summary>
    public const int MaxLength = 1024;

    public static string Trim(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        reason = reason.Trim();
        return reason.Length <= MaxLength ? reason : reason[..MaxLength];
    }

    /// <summary>SageMaker's wording when a host is killed for using more memory than its instance type has.</summary>
    public const string OutOfMemory =
        "OutOfMemoryError: Please use an instance type with more memory, or reduce the size of job data processed on an instance.";

    public static string VolumeFull(long volumeBytes) => string.Create(CultureInfo.InvariantCulture,
        $"ClientError: The job wrote more than its ML storage volume holds ({volumeBytes / (1024 * 1024 * 1024.0):0.##} GB, VolumeSizeInGB) under /opt/ml. Please use a larger VolumeSizeInGB.");

    /// <summary>A processing or transform job the server was running when it went down, found on the next start.</summary>
    public const string ServerRestarted = "InternalServerError: the server restarted while the job ran; create it again.";

    public static string UnsafeOutput(string detail) =>
        Trim("ClientError: Sagebrush does not follow links or read special files a job leaves in /opt/ml: " + detail);
}
