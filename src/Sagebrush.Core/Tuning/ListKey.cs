using System.Globalization;
using System.Text;

namespace Sagebrush.Core.Tuning;

/// <summary>
/// Where an item sits in a sorted listing: a text (a status), then a number (creation time in ms, an objective
/// value), then the name. NextToken carries the key of the last item returned, so items created between pages neither repeat
/// nor vanish.
/// </summary>
public sealed record ListKey(double Number, string Text, string Name)
{
    public static int Compare(ListKey a, ListKey b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var order = string.CompareOrdinal(a.Text, b.Text);
        if (order == 0)
        {
            order = a.Number.CompareTo(b.Number);
        }

        return order != 0 ? order : string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
    }

    public string Encode(string sortBy) => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        string.Join('\n', "v1", sortBy, Number.ToString("R", CultureInfo.InvariantCulture), Text, Name)));

    public static ListKey Decode(string token, string sortBy, string operation)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            if (parts is ["v1", var tokenSortBy, var number, var text, var name] && tokenSortBy == sortBy)
            {
                return new ListKey(double.Parse(number, CultureInfo.InvariantCulture), text, name);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw TuningErrors.Validation($"Invalid pagination token: NextToken must come from a previous {operation} response with the same SortBy.");
    }

    /// <summary>One page of <paramref name="items"/> after <paramref name="token"/>, and the token of the next page.</summary>
    public static (List<T> Page, string? NextToken) Page<T>(
        IEnumerable<T> items,
        Func<T, ListKey> keyOf,
        string sortBy,
        bool descending,
        int maxResults,
        string? token,
        string operation)
    {
        ArgumentNullException.ThrowIfNull(keyOf);
        var after = token is null ? null : Decode(token, sortBy, operation);
        var sign = descending ? -1 : 1;
        var keyed = items.Select(item => (Item: item, Key: keyOf(item))).ToList();
        keyed.Sort((a, b) => sign * Compare(a.Key, b.Key));
        var rest = after is null ? keyed : keyed.Where(k => sign * Compare(k.Key, after) > 0).ToList();
        var page = rest.Take(maxResults).ToList();
        return (page.Select(p => p.Item).ToList(), rest.Count > page.Count ? page[^1].Key.Encode(sortBy) : null);
    }
}
