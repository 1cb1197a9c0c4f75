namespace Sagebrush.Core.Common;

/// <summary>
/// What SageMaker's List operations share once their members are checked: the NameContains, StatusEquals and time
/// filters, the order (SortBy and SortOrder, with each operation's defaults) and the pages of MaxResults (10 by
/// default). StatusEquals filters before paging (AWS documents that it filters each page after reading it; paging to
/// the end gives the same items either way). NextToken is opaque: it carries the <see cref="ListKey"/> of the last item
/// returned.
/// </summary>
public sealed class ListQuery
{
    private readonly IListRequest request;
    private readonly bool descending;
    private readonly int maxResults;
    private readonly ListKey? after;

    private ListQuery(IListRequest request, string sortBy, bool descending, int maxResults, ListKey? after)
    {
        this.request = request;
        SortBy = sortBy;
        this.descending = descending;
        this.maxResults = maxResults;
        this.after = after;
    }

    public string SortBy { get; }

    /// <param name="request">A request whose members the operation has already checked.</param>
    /// <param name="defaultSortBy">SortBy when the request leaves it out.</param>
    /// <param name="defaultSortOrder">SortOrder when the request leaves it out.</param>
    /// <param name="invalidToken">The operation's own words for a NextToken it did not issue (a ValidationException).</param>
    public static ListQuery Parse(IListRequest request, string defaultSortBy, string defaultSortOrder, string invalidToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sortBy = request.SortBy ?? defaultSortBy;
        var after = request.NextToken is null ? null : ListKey.Decode(request.NextToken, sortBy, invalidToken);
        return new ListQuery(request, sortBy, (request.SortOrder ?? defaultSortOrder) == "Descending", request.MaxResults ?? 10, after);
    }

    /// <summary>One page of the items that pass the filters, and the token of the next page (null on the last).</summary>
    /// <param name="describe">What the filters and the default order see of an item.</param>
    /// <param name="keyOf">An order of the operation's own (an objective value); by default <see cref="ListKey.Of"/>.</param>
    public (IReadOnlyList<T> Page, string? NextToken) Apply<T>(IEnumerable<T> items, Func<T, ListItem> describe, Func<T, ListKey?>? keyOf = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(describe);
        var sign = descending ? -1 : 1;
        var keyed = items
            .Select(item => (Item: item, Described: describe(item)))
            .Where(p => Matches(p.Described))
            .Select(p => (p.Item, Key: keyOf?.Invoke(p.Item) ?? ListKey.Of(SortBy, p.Described)))
            .ToList();
        keyed.Sort((a, b) => sign * ListKey.Compare(a.Key, b.Key));
        var rest = after is null ? keyed : keyed.Where(k => sign * ListKey.Compare(k.Key, after) > 0).ToList();
        var page = rest.Take(maxResults).ToList();
        return (page.Select(p => p.Item).ToList(), rest.Count > page.Count ? page[^1].Key.Encode(SortBy) : null);
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
}
