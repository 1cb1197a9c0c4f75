using System.Globalization;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Common;

/// <summary>
/// Typed, validated access to hyperparameters.json's strings, with SageMaker's names, types and defaults, for every
/// built-in algorithm. Every problem is an <see cref="AlgorithmException"/> naming the hyperparameter, so the job fails
/// before any data is read with a FailureReason the user can act on:
/// <c>ClientError: Hyperparameter 'epochs' must be an integer &gt;= 1 (got 'many').</c>
/// Names read through the reader are remembered; <see cref="RejectUnknown"/> then refuses the rest, as SageMaker's
/// algorithms refuse an extraneous hyperparameter, so a misspelt one is not silently ignored. Names starting with
/// <c>sagemaker_</c> (the SDK's) and a tuning job's <c>_tuning_objective_metric</c> pass.
/// A blank value is an absent one.
/// </summary>
public sealed class HyperParameterReader(IReadOnlyDictionary<string, string> values)
{
    public const string TuningObjectiveMetric = "_tuning_objective_metric";

    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>The value as given, trimmed; null when absent or blank.</summary>
    public string? Raw(string name)
    {
        _read.Add(name);
        return values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }

    public string? OptionalChoice(string name, params string[] allowed) =>
        Raw(name) is { } value ? CheckChoice(name, value, allowed) : null;

    public string Choice(string name, string @default, params string[] allowed) => OptionalChoice(name, allowed) ?? @default;

    public string RequiredChoice(string name, params string[] allowed) => OptionalChoice(name, allowed) ?? throw Missing(name);

    public int? OptionalInt(string name, Interval range) =>
        Raw(name) is { } value ? ParseInt(name, value, range, orAuto: false) : null;

    public int Int(string name, int @default, Interval range) => OptionalInt(name, range) ?? @default;

    public int RequiredInt(string name, Interval range) => OptionalInt(name, range) ?? throw Missing(name);

    /// <summary>An integer or <c>auto</c> (null); absent is <c>auto</c>.</summary>
    public int? IntOrAuto(string name, Interval range) =>
        Raw(name) is { } value && !IsAuto(value) ? ParseInt(name, value, range, orAuto: true) : null;

    public double? OptionalDouble(string name, Interval range) =>
        Raw(name) is { } value ? ParseDouble(name, value, range, orAuto: false) : null;

    public double Double(string name, double @default, Interval range) => OptionalDouble(name, range) ?? @default;

    /// <summary>A number or <c>auto</c> (null); absent is <c>auto</c>.</summary>
    public double? DoubleOrAuto(string name, Interval range) =>
        Raw(name) is { } value && !IsAuto(value) ? ParseDouble(name, value, range, orAuto: true) : null;

    public bool Bool(string name, bool @default) =>
        Raw(name) is { } value ? ParseBool(name, value, orAuto: false) : @default;

    /// <summary><c>true</c>, <c>false</c> or <c>auto</c> (null); absent is <c>auto</c>.</summary>
    public bool? BoolOrAuto(string name) =>
        Raw(name) is { } value && !IsAuto(value) ? ParseBool(name, value, orAuto: true) : null;

    /// <summary>A comma-separated list (<c>eval_metric=auc,error</c>); empty items are dropped.</summary>
    public IReadOnlyList<string> List(string name) =>
        Raw(name) is { } text ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [];

    /// <summary>The first given name (in ordinal order) that nothing read and that is not the SDK's or a tuning job's.</summary>
    public string? FirstUnknown() =>
        values.Keys.Order(StringComparer.Ordinal).FirstOrDefault(name =>
            !_read.Contains(name) && name != TuningObjectiveMetric && !name.StartsWith("sagemaker_", StringComparison.Ordinal));

    /// <summary>Call after reading every hyperparameter the algorithm knows.</summary>
    public void RejectUnknown(string algorithm)
    {
        if (FirstUnknown() is { } name)
        {
            throw AlgorithmException.HyperParameter(name, $"is not a {algorithm} hyperparameter.");
        }
    }

    public static bool IsAuto(string value) => value.Equals("auto", StringComparison.OrdinalIgnoreCase);

    public static AlgorithmException Missing(string name) => AlgorithmException.HyperParameter(name, "is required.");

    private static string CheckChoice(string name, string value, string[] allowed) =>
        allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase))
        ?? throw AlgorithmException.HyperParameter(name, $"must be one of {string.Join(", ", allowed)} (got '{value}').");

    private static int ParseInt(string name, string value, Interval range, bool orAuto)
    {
        // "10" and "10.0" both (the SDK writes what Python's str() gives); "10.5" is not an integer.
        var parsed = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue;
        return parsed && range.Contains(number)
            ? (int)number
            : throw AlgorithmException.HyperParameter(name, $"must be an integer{(orAuto ? " or 'auto'" : "")}{range.Text} (got '{value}').");
    }

    private static double ParseDouble(string name, string value, Interval range, bool orAuto) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && range.Contains(number)
            ? number
            : throw AlgorithmException.HyperParameter(name, $"must be a number{(orAuto ? " or 'auto'" : "")}{range.Text} (got '{value}').");

    private static bool ParseBool(string name, string value, bool orAuto) => value.ToUpperInvariant() switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => throw AlgorithmException.HyperParameter(name, $"must be true or false{(orAuto ? " or 'auto'" : "")} (got '{value}')."),
    };
}
