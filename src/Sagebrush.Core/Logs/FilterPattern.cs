namespace Sagebrush.Core.Logs;

/// <summary>
/// The part of CloudWatch Logs' filter pattern syntax Sagebrush supports: plain terms (<c>ERROR</c>) and quoted
/// phrases (<c>"loss is"</c>), separated by spaces. An event matches when its message contains every term and phrase,
/// case-sensitively, as AWS matches them. OR (<c>?term</c>), exclusion (<c>-term</c>), regular expressions
/// (<c>%...%</c>), JSON (<c>{ ... }</c>) and space-delimited (<c>[ ... ]</c>) patterns are refused with
/// InvalidParameterException rather than silently matching too much.
/// </summary>
public sealed class FilterPattern
{
    public static readonly FilterPattern MatchAll = new([]);

    private FilterPattern(IReadOnlyList<string> terms) => Terms = terms;

    /// <summary>The substrings every matching message contains.</summary>
    public IReadOnlyList<string> Terms { get; }

    public static FilterPattern Parse(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return MatchAll;
        }

        var text = pattern.Trim();
        if (text[0] is '{' or '[')
        {
            throw Unsupported(pattern, "JSON and space-delimited patterns are not supported");
        }

        var terms = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                i++;
                continue;
            }

            if (text[i] == '"')
            {
                terms.Add(ReadPhrase(text, ref i, pattern));
                continue;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var term = text[start..i];
            if (term.Length > 1 && term[0] is '?' or '-' or '%')
            {
                throw Unsupported(pattern, $"'{term}': OR (?), exclusion (-) and regular expressions (%) are not supported");
            }

            if (term.Contains('"', StringComparison.Ordinal))
            {
                throw Unsupported(pattern, $"'{term}': a quote must start a phrase");
            }

            terms.Add(term);
        }

        terms.RemoveAll(t => t.Length == 0);
        return terms.Count == 0 ? MatchAll : new FilterPattern(terms);
    }

    public bool Matches(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var term in Terms)
        {
            if (!message.Contains(term, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // A phrase runs to the next unescaped quote; \" and \\ inside it stand for " and \.
    private static string ReadPhrase(string text, ref int i, string pattern)
    {
        var phrase = new System.Text.StringBuilder();
        for (i++; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
            {
                phrase.Append(text[++i]);
            }
            else if (c == '"')
            {
                i++;
                return phrase.ToString();
            }
            else
            {
                phrase.Append(c);
            }
        }

        throw Unsupported(pattern, "a quoted phrase is not closed");
    }

    private static Common.AwsException Unsupported(string pattern, string reason) =>
        LogErrors.Invalid($"Invalid filter pattern '{pattern}': {reason}. Sagebrush supports plain terms and quoted phrases.");
}
