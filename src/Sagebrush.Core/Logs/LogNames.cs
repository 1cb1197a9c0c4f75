using System.Text.RegularExpressions;

namespace Sagebrush.Core.Logs;

/// <summary>The name rules of botocore's logs model: groups <c>[\.\-_/#A-Za-z0-9]+</c>, streams <c>[^:*]*</c>, 1 to 512 characters.</summary>
public static partial class LogNames
{
    public const int MaxLength = 512;

    public static void ValidateGroup(string? name, string member = "logGroupName")
    {
        Require(name, member);
        if (!GroupPattern().IsMatch(name!))
        {
            throw LogErrors.Constraint(member, name, @"Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+");
        }
    }

    public static void ValidateStream(string? name, string member = "logStreamName")
    {
        Require(name, member);
        if (name!.AsSpan().IndexOfAny(':', '*') >= 0)
        {
            throw LogErrors.Constraint(member, name, "Member must satisfy regular expression pattern: [^:*]*");
        }
    }

    private static void Require(string? name, string member)
    {
        if (name is null)
        {
            throw LogErrors.Constraint(member, null, "Member must not be null");
        }

        if (name.Length is 0 or > MaxLength)
        {
            throw LogErrors.Constraint(member, name, $"Member must have length between 1 and {MaxLength}");
        }
    }

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+\z")]
    private static partial Regex GroupPattern();
}
