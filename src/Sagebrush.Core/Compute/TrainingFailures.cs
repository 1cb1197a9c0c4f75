using System.Globalization;

namespace Sagebrush.Core.Compute;

/// <summary>FailureReason texts, worded as SageMaker (and its training toolkit) word them.</summary>
public static class TrainingFailures
{
    public const int MaxLength = Jobs.JobFailures.MaxLength;

    public static string Trim(string reason) => Jobs.JobFailures.Trim(reason);

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
}
