using System.Globalization;
using Sagebrush.Core.Common;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Protocol.Query;

/// <summary>
/// The parameters of an AWS query protocol request (<c>Action=GetRole&amp;Version=2010-05-08&amp;RoleName=x</c>), from
/// the form-encoded body of a POST or the query string of a GET. Lists come flattened as the model serializes them:
/// <c>Tags.member.1.Key</c>, <c>Tags.member.1.Value</c>, ...
/// </summary>
public sealed class QueryRequest(IReadOnlyDictionary<string, string> parameters)
{
    public string Action => Get("Action") ?? "";

    public string? Version => Get("Version");

    public string? Get(string name) => parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>A required member: missing is AWS's ValidationError wording for the query services.</summary>
    public string Require(string name) =>
        Get(name) is { Length: > 0 } value ? value : throw new AwsException("ValidationError", $"1 validation error detected: Value null at '{CamelCase(name)}' failed to satisfy constraint: Member must not be null");

    public int? GetInt(string name)
    {
        var value = Get(name);
        if (value is null)
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new AwsException("ValidationError", $"Value '{value}' at '{CamelCase(name)}' failed to satisfy constraint: Member must be a number");
    }

    /// <summary>The members of a list of strings (<c>Statistics.member.N</c>), in N order.</summary>
    public IReadOnlyList<string> Strings(string list)
    {
        var prefix = list + ".member.";
        var members = new SortedDictionary<int, string>();
        foreach (var (name, value) in parameters)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                members[index] = value;
            }
        }

        return [.. members.Values];
    }

    /// <summary>The members of a list of structures (<c>Tags.member.N.Key</c>), in N order, each as its fields.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Structures(string list)
    {
        var prefix = list + ".member.";
        var members = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (name, value) in parameters)
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = name[prefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                (members.TryGetValue(index, out var fields) ? fields : members[index] = new Dictionary<string, string>(StringComparer.Ordinal))[rest[(dot + 1)..]] = value;
            }
        }

        return [.. members.Values];
    }

    /// <summary>
    /// Reads the parameters of a request: the query string, then a form-encoded body over it, decoded as the
    /// signature check decodes the query (<see cref="QueryParameter"/>: <c>+</c> is a space).
    /// </summary>
    public static QueryRequest Parse(string queryString, string? formBody)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in QueryParameter.ParseAll(queryString.TrimStart('?')).Concat(QueryParameter.ParseAll(formBody ?? "")))
        {
            parameters[parameter.Name] = parameter.Value;
        }

        return new QueryRequest(parameters);
    }

    private static string CamelCase(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
