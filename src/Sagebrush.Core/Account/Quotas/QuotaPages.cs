using System.Globalization;
using System.Text;

namespace Sagebrush.Core.Account.Quotas;

/// <summary>Pages of a fixed-order list: NextToken is the opaque position of the next item, MaxResults 1-100 (default 100).</summary>
public static class QuotaPages
{
    public static (IReadOnlyList<T> Items, string? NextToken) Page<T>(IReadOnlyList<T> all, string? nextToken, int? maxResults)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (maxResults is < 1 or > 100)
        {
            throw QuotaErrors.IllegalArgument($"1 validation error detected: Value '{maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        }

        var start = nextToken is null ? 0 : Decode(nextToken);
        var size = maxResults ?? 100;
        var items = all.Skip(start).Take(size).ToList();
        var next = start + items.Count < all.Count ? Convert.ToBase64String(Encoding.ASCII.GetBytes("p" + (start + items.Count).ToString(CultureInfo.InvariantCulture))) : null;
        return (items, next);
    }

    private static int Decode(string token)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(token));
            if (text.StartsWith('p') && int.TryParse(text.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                return position;
            }
        }
        catch (FormatException)
        {
        }

        throw QuotaErrors.InvalidToken();
    }
}
