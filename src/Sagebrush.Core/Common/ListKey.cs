using System.Globalization;
using System.Text;

namespace Sagebrush.Core.Common;

/// <summary>
/// Where an item sits in a sorted listing: a text (a status), then a number (creation time in ms, an objective
/// value), then the name. NextToken carries the key of the last item returned, so items created between pages neither
/// repeat nor vanish.
/// </summary>
public sealed record ListKey(double Number, string Text, string Name)
{
    /// <summary>The key for SortBy Name, Status (then creation time) or CreationTime (any other value).</summary>
    public static ListKey Of(string sortBy, ListItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return sortBy switch
        {
            "Name" => new ListKey(0, string.Empty, item.Name),
            "Status" => new ListKey(item.CreationTime.ToUnixTimeMilliseconds(), item.Status ?? string.Empty, item.Name),
            _ => new ListKey(item.CreationTime.ToUnixTimeMilliseconds(), string.Empty, item.Name),
        };
    }

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

    /// <param name="invalidToken">The operation's own words for a token it did not issue.</param>
    public static ListKey Decode(string token, string sortBy, string invalidToken)
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

        throw new AwsException("ValidationException", invalidToken);
    }
}
