using System.Globalization;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Training;

/// <summary>
/// Typed, validated access to hyperparameters.json's strings. Every problem is an <see cref="AlgorithmException"/>
/// naming the hyperparameter, so the job fails at once with a FailureReason the user can act on. Names read through
/// the reader are remembered; <see cref="RejectUnknown"/> then refuses the rest, as SageMaker's algorithms refuse
/// an extraneous hyperparameter (names starting with <c>sagemaker_</c> are the SDK's and pass).
/// </summary>
public sealed class HyperParameterReader(IReadOnlyDictionary<string, string> values)
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public string? Raw(string name)
    {
        _known.Add(name);
        return values.TryGetValue(name, out var value) ? value.Trim() : null;
    }

    public int RequiredInteger(string name, Interval range) =>
        Integer(name, range) ?? throw AlgorithmException.HyperParameter(name, "is required.");

    public int? Integer(string name, Interval range)
    {
        if (Raw(name) is not { } text)
        {
            return null;
        }

        // "10" and "10.0" both (the SDK writes what Python's str() gives); "10.5" is not an integer.
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number != Math.Floor(number) || Math.Abs(number) > int.MaxValue)
        {
            throw AlgorithmException.HyperParameter(name, $"must be an integer, got '{text}'.");
        }

        return range.Contains(number) ? (int)number : throw OutOfRange(name, text, range);
    }

    public double? Float(string name, Interval range)
    {
        if (Raw(name) is not { } text)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number))
        {
            throw AlgorithmException.HyperParameter(name, $"must be a number, got '{text}'.");
        }

        return range.Contains(number) ? number : throw OutOfRange(name, text, range);
    }

    public string? Choice(string name, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (Raw(name) is not { } text)
        {
            return null;
        }

        return allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw AlgorithmException.HyperParameter(name, $"must be one of {string.Join(", ", allowed.Select(a => "'" + a + "'"))}, got '{text}'.");
    }

    /// <summary>A comma-separated list (<c>eval_metric=auc,error</c>); empty items are dropped.</summary>
    public IReadOnlyList<string> List(string name) =>
        Raw(name) is { } text ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : [];

    public void RejectUnknown()
    {
        foreach (var name in values.Keys.Order(StringComparer.Ordinal))
        {
            if (!_known.Contains(name) && !name.StartsWith("sagemaker_", StringComparison.Ordinal))
            {
                throw new AlgorithmException($"ClientError: Extraneous hyperparameter found: {name}");
            }
        }
    }

    private static AlgorithmException OutOfRange(string name, string text, Interval range) =>
        AlgorithmException.HyperParameter(name, $"must be in {range}, got '{text}'.");
}
