using System.Text.Json.Nodes;

namespace Sagebrush.Core.Compute;

/// <summary>
/// A request's hyperparameters as the sagemaker-training-toolkit reads them: every value JSON-decoded (the SDK
/// sends each as a JSON string; a value that is not JSON stays the raw string), <c>sagemaker_*</c> keys split off
/// from the user's, and the settings the toolkit takes from them.
/// </summary>
internal sealed class ScriptModeHyperParameters
{
    public const string ProgramKey = "sagemaker_program";
    public const string SubmitDirectoryKey = "sagemaker_submit_directory";
    public const string LogLevelKey = "sagemaker_container_log_level";

    // The toolkit's params.SAGEMAKER_HYPERPARAMETERS: consumed by it, neither user hyperparameters nor framework params.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        ProgramKey, SubmitDirectoryKey, "sagemaker_enable_cloudwatch_metrics", "sagemaker_region", LogLevelKey,
        "sagemaker_job_name", "default_user_module_name", "_tuning_objective_metric", "sagemaker_s3_output",
    };

    private ScriptModeHyperParameters(SortedDictionary<string, JsonNode?> user, SortedDictionary<string, JsonNode?> framework, SortedDictionary<string, JsonNode?> reserved)
    {
        User = user;
        Framework = framework;
        ReservedValues = reserved;
    }

    /// <summary>What the script receives: SM_HPS, SM_HP_*, and the <c>--key value</c> arguments.</summary>
    public SortedDictionary<string, JsonNode?> User { get; }

    /// <summary><c>sagemaker_*</c> keys the toolkit does not consume itself (SM_FRAMEWORK_PARAMS).</summary>
    public SortedDictionary<string, JsonNode?> Framework { get; }

    private SortedDictionary<string, JsonNode?> ReservedValues { get; }

    public string? Program => Text(ProgramKey);

    public string? SubmitDirectory => Text(SubmitDirectoryKey);

    /// <summary>The log level, Python's logging.INFO (20) unless <c>sagemaker_container_log_level</c> says otherwise.</summary>
    public JsonNode LogLevel => ReservedValues.TryGetValue(LogLevelKey, out var level) && level is not null ? level.DeepClone() : JsonValue.Create(20);

    public static ScriptModeHyperParameters Parse(IReadOnlyDictionary<string, string> hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        var user = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var framework = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var reserved = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, raw) in hyperParameters)
        {
            var value = PythonJson.LoadsOrRaw(raw);
            if (Reserved.Contains(key))
            {
                reserved[key] = value;
            }
            else if (key.StartsWith("sagemaker_", StringComparison.Ordinal))
            {
                framework[key] = value;
            }
            else
            {
                user[key] = value;
            }
        }

        return new ScriptModeHyperParameters(user, framework, reserved);
    }

    /// <summary>The toolkit's <c>mapping.to_cmd_args</c>: sorted keys, <c>--key</c> (or <c>-k</c>), <c>str(value)</c>, dicts as <c>k=v,...</c>.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var arguments = new List<string>();
        foreach (var (key, value) in User)
        {
            arguments.Add(key.Length > 1 ? "--" + key : "-" + key);
            arguments.Add(value switch
            {
                null => "",
                JsonObject map => string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + PythonJson.Str(p.Value))),
                _ => PythonJson.Str(value),
            });
        }

        return arguments;
    }

    public JsonObject UserObject() => ToObject(User);

    public JsonObject FrameworkObject() => ToObject(Framework);

    private static JsonObject ToObject(SortedDictionary<string, JsonNode?> values)
    {
        var result = new JsonObject();
        foreach (var (key, value) in values)
        {
            result[key] = value?.DeepClone();
        }

        return result;
    }

    private string? Text(string key) => ReservedValues.TryGetValue(key, out var value) && value is not null ? PythonJson.Str(value) : null;
}
