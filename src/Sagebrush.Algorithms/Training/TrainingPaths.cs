namespace Sagebrush.Algorithms.Training;

/// <summary>
/// Where the training contract's files are: the SM_* variables the training toolkit sets (Sagebrush sets them for
/// every image), else SageMaker's fixed /opt/ml layout.
/// </summary>
public sealed record TrainingPaths(string InputConfig, string Input, string Model, string Output, string OutputData)
{
    public const string DefaultRoot = "/opt/ml";

    public string Channel(string name) => Path.Combine(Input, "data", name);

    public string FailureFile => Path.Combine(Output, "failure");

    public static TrainingPaths FromEnvironment() => FromVariables(Environment.GetEnvironmentVariable);

    public static TrainingPaths FromVariables(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        string Get(string name, string fallback) => variable(name) is { Length: > 0 } value ? value : fallback;
        var input = Get("SM_INPUT_DIR", DefaultRoot + "/input");
        var output = Get("SM_OUTPUT_DIR", DefaultRoot + "/output");
        return new TrainingPaths(
            Get("SM_INPUT_CONFIG_DIR", Path.Combine(input, "config")),
            input,
            Get("SM_MODEL_DIR", DefaultRoot + "/model"),
            output,
            Get("SM_OUTPUT_DATA_DIR", Path.Combine(output, "data")));
    }
}
