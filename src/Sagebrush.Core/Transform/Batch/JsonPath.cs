using System.Globalization;
using System.Text.Json.Nodes;

namespace Sagebrush.Core.Transform.Batch;

/// <summary>
/// The JSONPath subset SageMaker's InputFilter and OutputFilter use: <c>$</c>, <c>.name</c>, <c>['a','b']</c>,
/// <c>[2]</c>, <c>[-1]</c>, <c>[0,2,-1]</c>, <c>[1:]</c>, <c>[1:5]</c>, <c>[*]</c> and <c>.*</c>. Only the last step may
/// select more than one thing (a list of names gives an object of those members, anything else an array). A CSV record
/// is filtered as the array of its columns. No library here evaluates JSONPath on System.Text.Json nodes, so this is
/// the smallest version that covers the filters AWS documents.
/// </summary>
public sealed class JsonPath
{
    private readonly IReadOnlyList<Step> steps;

    private JsonPath(IReadOnlyList<Step> steps) => this.steps = steps;

    /// <summary><c>$</c>: the whole record.</summary>
    public bool IsRoot => steps.Count == 0;

    public static JsonPath Parse(string text) =>
        TryParse(text, out var path, out var problem) ? path! : throw new FormatException(problem);

    public static bool TryParse(string text, out JsonPath? path, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        path = null;
        problem = null;
        var steps = new List<Step>();
        var at = 0;
        if (text.Length == 0 || text[0] != '$')
        {
            problem = "a JSONPath begins with $.";
            return false;
        }

        at = 1;
        while (at < text.Length)
        {
            if (steps.Count > 0 && steps[^1].Multiple)
            {
                problem = "only the last step may select more than one member or element.";
                return false;
            }

            if (text[at] == '.')
            {
                var start = ++at;
                while (at < text.Length && text[at] != '.' && text[at] != '[')
                {
                    at++;
                }

                var name = text[start..at];
                if (name.Length == 0)
                {
                    problem = "a '.' must be followed by a member name or *.";
                    return false;
                }

                steps.Add(name == "*" ? new Step(StepKind.Wildcard) : new Step(StepKind.Names) { Names = [name] });
            }
            else if (text[at] == '[')
            {
                var end = text.IndexOf(']', at);
                if (end < 0)
                {
                    problem = "a '[' is not closed.";
                    return false;
                }

                if (ParseBracket(text[(at + 1)..end].Trim()) is not { } step)
                {
                    problem = $"'{text[at..(end + 1)]}' is not a member list, index list, slice or [*].";
                    return false;
                }

                steps.Add(step);
                at = end + 1;
            }
            else
            {
                problem = $"unexpected '{text[at]}' at position {at + 1}.";
                return false;
            }
        }

        path = new JsonPath(steps);
        return true;
    }

    /// <summary>What the path selects in a JSON record; throws <see cref="FormatException"/> when the record lacks it.</summary>
    public JsonNode? Select(JsonNode? node)
    {
        foreach (var step in steps)
        {
            node = step.Apply(node);
        }

        return node;
    }

    /// <summary>What the path selects in a CSV record's columns, as CSV.</summary>
    public string SelectColumns(string record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (IsRoot)
        {
            return record;
        }

        if (steps.Count > 1 || steps[0].Kind == StepKind.Names)
        {
            throw new FormatException("a CSV record is an array of columns: its filter selects columns by index or slice ($[1:], $[0,-1]).");
        }

        var columns = record.Split(',');
        return string.Join(',', steps[0].Indices(columns.Length).Select(i => columns[i]));
    }

    private static Step? ParseBracket(string inside)
    {
        if (inside == "*")
        {
            return new Step(StepKind.Wildcard);
        }

        if (inside.StartsWith('\'') || inside.StartsWith('"'))
        {
            var names = new List<string>();
            foreach (var part in inside.Split(','))
            {
                var quoted = part.Trim();
                if (quoted.Length < 2 || quoted[0] != quoted[^1] || (quoted[0] != '\'' && quoted[0] != '"'))
                {
                    return null;
                }

                names.Add(quoted[1..^1]);
            }

            return new Step(StepKind.Names) { Names = names };
        }

        if (inside.Contains(':', StringComparison.Ordinal))
        {
            var bounds = inside.Split(':');
            if (bounds.Length != 2 || !TryInt(bounds[0], out var start) || !TryInt(bounds[1], out var end))
            {
                return null;
            }

            return new Step(StepKind.Slice) { Start = start, End = end };
        }

        var indexes = new List<int>();
        foreach (var part in inside.Split(','))
        {
            if (!TryInt(part, out var index) || index is null)
            {
                return null;
            }

            indexes.Add(index.Value);
        }

        return new Step(StepKind.Indexes) { IndexList = indexes };
    }

    private static bool TryInt(string text, out int? value)
    {
        value = null;
        text = text.Trim();
        if (text.Length == 0)
        {
            return true;
        }

        var ok = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed);
        value = parsed;
        return ok;
    }

    private enum StepKind
    {
        Names,
        Indexes,
        Slice,
        Wildcard,
    }

    private sealed record Step(StepKind Kind)
    {
        public IReadOnlyList<string> Names { get; init; } = [];

        public IReadOnlyList<int> IndexList { get; init; } = [];

        public int? Start { get; init; }

        public int? End { get; init; }

        public bool Multiple => Kind is StepKind.Slice or StepKind.Wildcard || Names.Count > 1 || IndexList.Count > 1;

        /// <summary>The positions this step picks in an array of <paramref name="length"/>, in order.</summary>
        public IEnumerable<int> Indices(int length)
        {
            switch (Kind)
            {
                case StepKind.Wildcard:
                    return Enumerable.Range(0, length);
                case StepKind.Slice:
                    var from = Math.Clamp(Start is < 0 ? length + Start.Value : Start ?? 0, 0, length);
                    var to = Math.Clamp(End is < 0 ? length + End.Value : End ?? length, 0, length);
                    return Enumerable.Range(from, Math.Max(0, to - from));
                default:
                    return IndexList.Select(i =>
                    {
                        var at = i < 0 ? length + i : i;
                        return at >= 0 && at < length ? at : throw new FormatException($"the record has no element {i} (it has {length}).");
                    });
            }
        }

        public JsonNode? Apply(JsonNode? node)
        {
            if (Kind == StepKind.Names)
            {
                var members = node as JsonObject ?? throw new FormatException($"the record has no member '{Names[0]}': it is not a JSON object.");
                if (Names.Count == 1)
                {
                    return members.TryGetPropertyValue(Names[0], out var value) ? value : throw new FormatException($"the record has no member '{Names[0]}'.");
                }

                var picked = new JsonObject();
                foreach (var name in Names)
                {
                    if (members.TryGetPropertyValue(name, out var value))
                    {
                        picked[name] = value?.DeepClone();
                    }
                }

                return picked;
            }

            if (Kind == StepKind.Wildcard && node is JsonObject all)
            {
                return new JsonArray([.. all.Select(p => p.Value?.DeepClone())]);
            }

            var array = node as JsonArray ?? throw new FormatException("the record is not a JSON array.");
            var positions = Indices(array.Count).ToList();
            return Multiple ? new JsonArray([.. positions.Select(i => array[i]?.DeepClone())]) : array[positions[0]];
        }
    }
}
