using System.Globalization;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Common;

/// <summary>
/// Reads SageMaker's string hyperparameters with the algorithm's own names, types and defaults. Every problem becomes
/// an <see cref="AlgorithmException"/> naming the hyperparameter, so a job fails before any data is read.
/// Names that start with <c>_</c> or <c>sagemaker_</c> (a tuning job's <c>_tuning_objective_metric</c>, SDK
/// bookkeeping) are allowed beside the algorithm's own; any other unknown name is refused, as SageMaker's algorithms
/// refuse it, so a misspelt hyperparameter is not silently ignored.
/// </summary>
public sealed class HyperParameterReader
{
    private readonly IReadOnlyDictionary<string, string> _values;

    public HyperParameterReader(IReadOnlyDictionary<string, string> values, string algorithm, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = values;
        var knownSet = new HashSet<string>(known, StringComparer.Ordinal);
        foreach (var name in values.Keys.Order(StringComparer.Ordinal))
        {
            if (!knownSet.Contains(name) && !name.StartsWith('_') && !name.StartsWith("sagemaker_", StringComparison.Ordinal))
            {
                throw AlgorithmException.HyperParameter(name, $"is not a {algorithm} hyperparameter.");
            }
        }
    }

    /// <summary>The value as given, trimmed; null when absent or blank.</summary>
    public string? Raw(string name) =>
        _values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public string Choice(string name, string @default, params string[] allowed) =>
        Raw(name) is { } value ? CheckChoice(name, value, allowed) : @default;

    public string RequiredChoice(string name, params string[] allowed) =>
        CheckChoice(name, Raw(name) ?? throw Missing(name), allowed);

    public int Int(string name, int @default, long min = int.MinValue, long max = int.MaxValue) =>
        Raw(name) is { } value ? ParseInt(name, value, min, max) : @default;

    public int RequiredInt(string name, long min = int.MinValue, long max = int.MaxValue) =>
        ParseInt(name, Raw(name) ?? throw Missing(name), min, max);

    /// <summary>An integer or <c>auto</c> (null); absent is <c>auto</c>.</summary>
    public int? IntOrAuto(string name, long min = int.MinValue, long max = int.MaxValue) =>
        Raw(name) is { } value && !IsAuto(value) ? ParseInt(name, value, min, max, orAuto: true) : null;

    public double Double(string name, double @default, Bounds bounds) =>
        Raw(name) is { } value ? ParseDouble(name, value, bounds) : @default;

    /// <summary>A number or <c>auto</c> (null); absent is <c>auto</c>.</summary>
    public double? DoubleOrAuto(string name, Bounds bounds) =>
        Raw(name) is { } value && !IsAuto(value) ? ParseDouble(name, value, bounds, orAuto: true) : null;

    public bool Bool(string name, bool @default) =>
        Raw(name) is { } value ? ParseBool(name, value, orAuto: false) : @default;

    /// <summary><c>true</c>, <c>false</c> or <c>auto</c> (null); absent is <c>auto</c>.</summary>
    public bool? BoolOrAuto(string name) =>
        Raw(name) is { } value && !IsAuto(value) ? ParseBool(name, value, orAuto: true) : null;

    public static bool IsAuto(string value) => value.Equals("auto", StringComparison.OrdinalIgnoreCase);

    public static AlgorithmException Missing(string name) => AlgorithmException.HyperParameter(name, "is required.");

    private static string CheckChoice(string name, string value, string[] allowed) =>
        allowed.FirstOrDefault(a => a.Equals(value, StringComparison.OrdinalIgnoreCase))
        ?? throw AlgorithmException.HyperParameter(name, $"must be one of {string.Join(", ", allowed)} (got '{value}').");

    private static int ParseInt(string name, string value, long min, long max, bool orAuto = false)
    {
        // SageMaker's SDK may send integers as "10.0"; accept a float that is a whole number.
        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            && !(double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var asDouble)
                 && asDouble == Math.Floor(asDouble) && Math.Abs(asDouble) < 1e15 && (parsed = (long)asDouble) == asDouble))
        {
            throw AlgorithmException.HyperParameter(name, $"must be an integer{(orAuto ? " or 'auto'" : "")}{RangeText(min, max)} (got '{value}').");
        }

        if (parsed < min || parsed > max)
        {
            throw AlgorithmException.HyperParameter(name, $"must be an integer{(orAuto ? " or 'auto'" : "")}{RangeText(min, max)} (got '{value}').");
        }

        return (int)parsed;
    }

    private static string RangeText(long min, long max) => (min, max) switch
    {
        (int.MinValue, int.MaxValue) => "",
        (_, int.MaxValue) => $" >= {min}",
        (int.MinValue, _) => $" <= {max}",
        _ => $" from {min} to {max}",
    };

    private static double ParseDouble(string name, string value, Bounds bounds, bool orAuto = false)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || !double.IsFinite(parsed) || !bounds.Contains(parsed))
        {
            throw AlgorithmException.HyperParameter(name, $"must be a number{(orAuto ? " or 'auto'" : "")}{bounds.Text} (got '{value}').");
        }

        return parsed;
    }

    private static bool ParseBool(string name, string value, bool orAuto) => value.ToUpperInvariant() switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => throw AlgorithmException.HyperParameter(name, $"must be true or false{(orAuto ? " or auto" : "")} (got '{value}')."),
    };
}
