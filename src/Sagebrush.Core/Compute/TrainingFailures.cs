using System.Globalization;

namespace Sagebrush.Core.Compute;

/// <summary>FailureReason texts, worded as SageMaker (and its training toolkit) word them.</summary>
public static class TrainingFailures
{
    /// <summary>DescribeTrainingJob returns the first 1024 characters of /opt/ml/output/failure.</summary>
    public const int MaxLength = 1024;

    public static string Trim(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        reason = reason.Trim();
        return reason.Length <= MaxLength ? reason : reason[..MaxLength];
    }

    /// <summary>What SageMaker reports for a framework container whose script exited non-zero.</summary>
    public static string AlgorithmError(int exitCode, IReadOnlyList<string> command, IEnumerable<string> lastErrorLines) =>
        Trim(string.Create(CultureInfo.InvariantCulture,
            $"AlgorithmError: ExecuteUserScriptError:\nExitCode {exitCode}\nErrorMessage \"{string.Join("\n", lastErrorLines)}\"\nCommand \"{string.Join(" ", command)}\", exit code: {exitCode}"));

    public const string NoEntryPoint =
        "ClientError: No entry point to run: set the hyperparameter sagemaker_program (or the environment variable SAGEMAKER_PROGRAM) to the script in the code directory.";

    /// <summary>
    /// The entry point is not in /opt/ml/code once the code is staged. Checked before the script runs: python's own
    /// "can't open file" says nothing about where script mode takes the code from.
    /// </summary>
    public static string EntryPointNotFound(string entryPoint, string? submitDirectory) =>
        Trim(submitDirectory is not null && submitDirectory.StartsWith("s3://", StringComparison.Ordinal)
            ? $"ClientError: The entry point {entryPoint} was not found in /opt/ml/code, where the code from {submitDirectory} (sagemaker_submit_directory) was unpacked."
            : $"ClientError: The entry point {entryPoint} was not found in /opt/ml/code: script mode needs the hyperparameter sagemaker_submit_directory, the s3:// URI of a sourcedir.tar.gz that contains {entryPoint}.");

    public static string Requirements(string pipError) =>
        Trim("ClientError: InstallRequirementsError: the packages in requirements.txt could not be installed: "
            + "pip reaches only the package indexes this machine reaches; packages installed on this machine need no requirements.txt. pip: " + pipError);

    /// <summary>SageMaker's wording when a host is killed for using more memory than its instance type has.</summary>
    public const string OutOfMemory =
        "OutOfMemoryError: Please use an instance type with more memory, or reduce the size of job data processed on an instance.";

    public static string VolumeFull(long volumeBytes) => string.Create(CultureInfo.InvariantCulture,
        $"ClientError: The job wrote more than its ML storage volume holds ({volumeBytes / (1024 * 1024 * 1024.0):0.##} GB, VolumeSizeInGB) under /opt/ml. Please use a larger VolumeSizeInGB.");

    public static string UnsafeOutput(string detail) =>
        Trim("ClientError: Sagebrush does not follow links or read special files a job leaves in /opt/ml: " + detail);
}
