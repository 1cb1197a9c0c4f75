using System.Globalization;
using System.Text.RegularExpressions;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// Collects model-constraint violations and reports them as AWS does: "2 validation errors detected: Value 'x' at
/// 'trainingJobName' failed to satisfy constraint: Member must ...; Value null at 'roleArn' ...". Paths are the
/// members in camelCase, list members 1-based (<c>inputDataConfig.1.member.channelName</c>). A path prefix places the
/// paths inside a larger request (a tuning job's <c>trainingJobDefinition.</c> checked with the training job's rules).
/// </summary>
public sealed class ConstraintErrors(string pathPrefix = "")
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(100);
    private readonly List<string> errors = [];

    public int Count => errors.Count;

    public bool Required(object? value, string path)
    {
        if (value is null)
        {
            errors.Add($"Value null at '{pathPrefix}{path}' failed to satisfy constraint: Member must not be null");
            return false;
        }

        return true;
    }

    public void Length(string? value, string path, int min, int max)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length < min)
        {
            Add(value, path, $"Member must have length greater than or equal to {min}");
        }

        if (value.Length > max)
        {
            Add(value, path, $"Member must have length less than or equal to {max}");
        }
    }

    /// <summary>
    /// The model's patterns are matched against the whole value, as AWS's Java validators do. The end is <c>\z</c>:
    /// .NET's <c>$</c> also matches before a final newline, which would let <c>name\n</c> through.
    /// </summary>
    public void Pattern(string? value, string path, string pattern)
    {
        if (value is not null && !Regex.IsMatch(value, $@"^(?:{pattern})\z", RegexOptions.None, PatternTimeout))
        {
            Add(value, path, $"Member must satisfy regular expression pattern: {pattern}");
        }
    }

    public void Enum(string? value, string path, IReadOnlyList<string> values)
    {
        if (value is not null && !values.Contains(value))
        {
            Add(value, path, $"Member must satisfy enum value set: [{string.Join(", ", values)}]");
        }
    }

    public void Minimum(int? value, string path, int min)
    {
        if (value is { } number && number < min)
        {
            Add(number.ToString(CultureInfo.InvariantCulture), path, $"Member must have value greater than or equal to {min}");
        }
    }

    public void Maximum(int? value, string path, int max)
    {
        if (value is { } number && number > max)
        {
            Add(number.ToString(CultureInfo.InvariantCulture), path, $"Member must have value less than or equal to {max}");
        }
    }

    public void Items<T>(IReadOnlyCollection<T>? items, string path, int min, int max)
    {
        if (items is null)
        {
            return;
        }

        if (items.Count < min)
        {
            errors.Add($"Value '[{items.Count} items]' at '{pathPrefix}{path}' failed to satisfy constraint: Member must have length greater than or equal to {min}");
        }

        if (items.Count > max)
        {
            errors.Add($"Value '[{items.Count} items]' at '{pathPrefix}{path}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }
    }

    /// <summary>A list of strings (a container's entry point or arguments): its count, then each member's length.</summary>
    public void Strings(IReadOnlyList<string>? items, string path, int maxItems, int maxLength)
    {
        Items(items, path, 1, maxItems);
        for (var i = 0; items is not null && i < items.Count; i++)
        {
            Length(items[i], $"{path}.{i + 1}.member", 0, maxLength);
        }
    }

    /// <summary>A map's keys or values: "Map keys must satisfy constraint: [Member must have length less than or equal to 256]".</summary>
    public void MapEntries(IReadOnlyDictionary<string, string>? map, string path, bool keys, int max, string? pattern = null)
    {
        if (map is null)
        {
            return;
        }

        foreach (var (key, value) in map)
        {
            var text = keys ? key : value;
            var failed = new List<string>();
            if (text.Length > max)
            {
                failed.Add($"Member must have length less than or equal to {max}");
            }

            if (pattern is not null && !Regex.IsMatch(text, $@"^(?:{pattern})\z", RegexOptions.None, PatternTimeout))
            {
                failed.Add($"Member must satisfy regular expression pattern: {pattern}");
            }

            if (failed.Count > 0)
            {
                errors.Add($"Value '{Shorten(text)}' at '{pathPrefix}{path}' failed to satisfy constraint: Map {(keys ? "keys" : "value")} must satisfy constraint: [{string.Join(", ", failed)}]");
            }
        }
    }

    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            var noun = errors.Count == 1 ? "error" : "errors";
            throw SageMakerErrors.Validation($"{errors.Count} validation {noun} detected: {string.Join("; ", errors)}");
        }
    }

    private void Add(string value, string path, string constraint) =>
        errors.Add($"Value '{Shorten(value)}' at '{pathPrefix}{path}' failed to satisfy constraint: {constraint}");

    // A multi-kilobyte value would drown the message; AWS echoes values, so keep the start of long ones.
    private static string Shorten(string value) => value.Length <= 300 ? value : value[..300] + "...";
}
