using System.Globalization;
using System.Text;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Training;

namespace Sagebrush.Core.Hosting;

/// <summary>
/// ListModels', ListEndpointConfigs' and ListEndpoints' filters, order and pages (default: newest first, 10 a page).
/// NextToken is opaque: it carries the sort key of the last item returned, so items created between pages neither
/// repeat nor vanish.
/// </summary>
public sealed class HostingListQuery
{
    private static readonly IReadOnlyList<string> SortOrders = ["Ascending", "Descending"];

    private readonly IListRequest request;
    private readonly string sortBy;
    private readonly bool descending;
    private readonly int maxResults;
    private readonly ListItem? after;

    private HostingListQuery(IListRequest request, string sortBy, bool descending, int maxResults, ListItem? after)
    {
        this.request = request;
        this.sortBy = sortBy;
        this.descending = descending;
        this.maxResults = maxResults;
        this.after = after;
    }

    /// <param name="sortKeys">The operation's SortBy enum (Status only for endpoints).</param>
    /// <param name="statuses">EndpointStatus for StatusEquals, or null when the operation has no status.</param>
    public static HostingListQuery Parse(IListRequest request, IReadOnlyList<string> sortKeys, IReadOnlyList<string>? statuses = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sortKeys);
        var errors = new ConstraintErrors();
        errors.Minimum(request.MaxResults, "maxResults", 1);
        errors.Maximum(request.MaxResults, "maxResults", 100);
        errors.Length(request.NameContains, "nameContains", 0, 63);
        errors.Pattern(request.NameContains, "nameContains", "[a-zA-Z0-9-]+");
        errors.Enum(request.SortBy, "sortBy", sortKeys);
        errors.Enum(request.SortOrder, "sortOrder", SortOrders);
        if (statuses is not null)
        {
            errors.Enum(request.StatusEquals, "statusEquals", statuses);
        }

        errors.Length(request.NextToken, "nextToken", 0, 8192);
        errors.ThrowIfAny();
        var sortBy = request.SortBy ?? "CreationTime";
        var after = request.NextToken is null ? null : Decode(request.NextToken, sortBy);
        return new HostingListQuery(request, sortBy, request.SortOrder != "Ascending", request.MaxResults ?? 10, after);
    }

    public (IReadOnlyList<T> Page, string? NextToken) Apply<T>(IEnumerable<T> items, Func<T, ListItem> describe)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(describe);
        var matching = items.Select(i => (Item: i, Key: describe(i))).Where(p => Matches(p.Key)).ToList();
        matching.Sort((a, b) => Compare(a.Key, b.Key));
        var start = after is null ? 0 : matching.FindIndex(p => Compare(p.Key, after) > 0);
        var page = start < 0 ? [] : matching.Skip(start).Take(maxResults).ToList();
        var more = start >= 0 && start + page.Count < matching.Count;
        return (page.Select(p => p.Item).ToList(), more ? Encode(page[^1].Key) : null);
    }

    private bool Matches(ListItem item)
    {
        var r = request;
        return (r.NameContains is null || item.Name.Contains(r.NameContains, StringComparison.OrdinalIgnoreCase))
            && (r.StatusEquals is null || item.Status == r.StatusEquals)
            && (r.CreationTimeAfter is null || item.CreationTime > r.CreationTimeAfter)
            && (r.CreationTimeBefore is null || item.CreationTime < r.CreationTimeBefore)
            && (r.LastModifiedTimeAfter is null || item.LastModifiedTime > r.LastModifiedTimeAfter)
            && (r.LastModifiedTimeBefore is null || item.LastModifiedTime < r.LastModifiedTimeBefore);
    }

    private int Compare(ListItem a, ListItem b)
    {
        var order = sortBy switch
        {
            "Name" => 0,
            "Status" => string.CompareOrdinal(a.Status, b.Status),
            _ => a.CreationTime.ToUnixTimeMilliseconds().CompareTo(b.CreationTime.ToUnixTimeMilliseconds()),
        };
        if (order == 0 && sortBy == "Status")
        {
            order = a.CreationTime.ToUnixTimeMilliseconds().CompareTo(b.CreationTime.ToUnixTimeMilliseconds());
        }

        if (order == 0)
        {
            order = string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
        }

        return descending ? -order : order;
    }

    private string Encode(ListItem item) => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join(
        '\n', "v1", sortBy, item.Name, item.CreationTime.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), item.Status ?? "")));

    private static ListItem Decode(string token, string sortBy)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
            if (parts is ["v1", var tokenSortBy, var name, var created, var status] && tokenSortBy == sortBy
                && long.TryParse(created, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                var time = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                return new ListItem(name, time, time, status);
            }
        }
        catch (FormatException)
        {
            // Falls through to the error below.
        }

        throw HostingErrors.Validation("Invalid pagination token: NextToken must come from a previous response of the same operation with the same SortBy.");
    }
}

/// <summary>What a list operation filters and sorts an item by.</summary>
public sealed record ListItem(string Name, DateTimeOffset CreationTime, DateTimeOffset LastModifiedTime, string? Status = null);
