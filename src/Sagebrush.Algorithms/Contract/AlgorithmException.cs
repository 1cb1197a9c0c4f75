namespace Sagebrush.Algorithms.Contract;

/// <summary>
/// A training failure the user can fix. The message becomes the job's FailureReason, so it says what is wrong and
/// names the hyperparameter or channel: <c>ClientError: Hyperparameter 'num_round' is required.</c>
/// </summary>
public sealed class AlgorithmException(string message) : Exception(message)
{
    public static AlgorithmException HyperParameter(string name, string problem) =>
        new($"ClientError: Hyperparameter '{name}' {problem}");

    public static AlgorithmException Channel(string name, string problem) =>
        new($"ClientError: Channel '{name}' {problem}");
}
