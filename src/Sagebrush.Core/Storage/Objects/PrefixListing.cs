using System.Text;

namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// S3's listing walk over rows sorted by key: keep keys under the prefix, roll keys with a delimiter after the
/// prefix into common prefixes (each counting against the page size, as in S3), and jump past a common prefix
/// with one new indexed query instead of reading every key beneath it.
/// </summary>
internal static class PrefixListing
{
    /// <summary>
    /// Reads one page. <paramref name="fetch"/> returns up to the given number of rows after a position, in key
    /// order; <paramref name="positionAfter"/> says where to resume after a row.
    /// </summary>
    public static ListingPage<T> Collect<T>(
        string prefix,
        string? delimiter,
        ListPosition start,
        int maxEntries,
        Func<ListPosition, int, IReadOnlyList<T>> fetch,
        Func<T, string> keyOf,
        Func<T, ListPosition> positionAfter)
    {
        var items = new List<T>();
        var prefixes = new List<string>();
        string? last = null;
        var lastIsPrefix = false;
        var position = start;
        var exhausted = false;
        while (!exhausted && items.Count + prefixes.Count < maxEntries)
        {
            var wanted = maxEntries - items.Count - prefixes.Count;
            var rows = fetch(position, wanted);
            var jumped = false;
            foreach (var row in rows)
            {
                var key = keyOf(row);
                if (!key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    exhausted = true; // Keys under a prefix are contiguous: once past them, nothing else matches.
                    break;
                }

                if (CommonPrefix(key, prefix, delimiter) is { } common)
                {
                    prefixes.Add(common);
                    (last, lastIsPrefix) = (common, true);
                    position = PastPrefix(common);
                    jumped = true;
                    break;
                }

                items.Add(row);
                (last, lastIsPrefix) = (key, false);
                position = positionAfter(row);
            }

            exhausted |= !jumped && rows.Count < wanted;
        }

        var truncated = !exhausted && maxEntries > 0 && HasMore(prefix, position, fetch, keyOf);
        return new ListingPage<T>(items, prefixes, truncated, last, lastIsPrefix);
    }

    /// <summary>
    /// The first position of a listing. A marker that is itself a common prefix (a NextMarker handed out for a
    /// rolled-up prefix) resumes past everything beneath it, so the prefix is not returned twice.
    /// </summary>
    public static ListPosition Start(string prefix, string? delimiter, string? after, string? uploadIdAfter = null)
    {
        var prefixBytes = Encoding.UTF8.GetBytes(prefix);
        if (after is null)
        {
            return new ListPosition(prefixBytes, Inclusive: true);
        }

        var afterBytes = Encoding.UTF8.GetBytes(after);
        if (afterBytes.AsSpan().SequenceCompareTo(prefixBytes) < 0)
        {
            return new ListPosition(prefixBytes, Inclusive: true);
        }

        if (after.StartsWith(prefix, StringComparison.Ordinal) && CommonPrefix(after, prefix, delimiter) == after)
        {
            return PastPrefix(after);
        }

        return new ListPosition(afterBytes, Inclusive: false, uploadIdAfter);
    }

    public static string? CommonPrefix(string key, string prefix, string? delimiter)
    {
        if (string.IsNullOrEmpty(delimiter))
        {
            return null;
        }

        var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
        return at < 0 ? null : key[..(at + delimiter.Length)];
    }

    // No UTF-8 string contains the byte 0xFF, so every key under the prefix sorts below prefix+0xFF and every
    // later key above it.
    private static ListPosition PastPrefix(string commonPrefix) =>
        new([.. Encoding.UTF8.GetBytes(commonPrefix), 0xFF], Inclusive: false);

    private static bool HasMore<T>(string prefix, ListPosition position, Func<ListPosition, int, IReadOnlyList<T>> fetch, Func<T, string> keyOf)
    {
        var next = fetch(position, 1);
        return next.Count > 0 && keyOf(next[0]).StartsWith(prefix, StringComparison.Ordinal);
    }
}
