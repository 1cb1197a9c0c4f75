using System.Text;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class ListObjectsTests : IDisposable
{
    // Nested prefixes, neighbours of the delimiter in byte order ('-' < '/' < '0'), and characters whose UTF-16
    // order differs from their UTF-8 order (U+FFFD sorts after an emoji in UTF-16, before it in UTF-8).
    private static readonly string[] Keys =
    [
        "a", "a-b", "a/b", "a/b/c", "a/b/d", "a/c", "a0", "b/", "b/x",
        "logs/2024-01-01", "logs/2024-01-02", "logs/archive/old",
        "photos/2024/jan/1.jpg", "photos/2024/jan/2.jpg", "photos/2024/feb/1.jpg", "photos/2025/mar/1.jpg",
        "photos/index.html", "photos/readme",
        "x/", "x//y", "zebra", "~tilde", "A-upper", "0start",
        "é/1", "é/2", "éa", "ü", "日本/語", "日本/語/x", "😀", "\uFFFD", "\uE000",
    ];

    private readonly ObjectStoreScope _scope = new();

    public static TheoryData<string, string?> Queries()
    {
        var data = new TheoryData<string, string?>();
        foreach (var prefix in new[] { "", "a", "a/", "photos/", "photos/2024/", "é", "日本/", "zz", "x/" })
        {
            data.Add(prefix, null);
            data.Add(prefix, "/");
        }

        data.Add("", "-");
        data.Add("photos", "2024");
        return data;
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task PagingThroughAListingGivesS3sResultInEveryPageSize(string prefix, string? delimiter)
    {
        await PutKeysAsync();
        var expected = ExpectedEntries(prefix, delimiter);

        foreach (var pageSize in new[] { 1, 2, 3, 7, 1000 })
        {
            var entries = new List<string>();
            string? after = null;
            for (var page = 0; page < 100; page++)
            {
                var listing = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery(prefix, delimiter, after, pageSize));
                var pageEntries = listing.Objects.Select(o => o.Key).Concat(listing.CommonPrefixes).Order(Utf8Order.Instance).ToList();
                Assert.True(pageEntries.Count <= pageSize);
                entries.AddRange(pageEntries);
                if (!listing.IsTruncated)
                {
                    Assert.Null(listing.NextAfter);
                    break;
                }

                Assert.Equal(pageEntries[^1], listing.NextAfter);
                after = listing.NextAfter;
            }

            Assert.Equal(expected, entries);
        }
    }

    [Fact]
    public async Task ADelimiterRollsKeysUpIntoCommonPrefixesThatCountAgainstMaxKeys()
    {
        await PutKeysAsync();

        var first = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery("photos/", "/", MaxKeys: 3));
        var second = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery("photos/", "/", first.NextAfter, 3));

        Assert.Equal(["photos/2024/", "photos/2025/"], first.CommonPrefixes);
        Assert.Equal(["photos/index.html"], first.Objects.Select(o => o.Key));
        Assert.True(first.IsTruncated);
        Assert.Equal("photos/index.html", first.NextAfter);
        Assert.Equal(["photos/readme"], second.Objects.Select(o => o.Key));
        Assert.Empty(second.CommonPrefixes);
        Assert.False(second.IsTruncated);
    }

    [Fact]
    public async Task AListingResumedAfterACommonPrefixDoesNotRepeatIt()
    {
        await PutKeysAsync();

        var first = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery("photos/", "/", MaxKeys: 1));
        var second = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery("photos/", "/", first.NextAfter, 1));

        Assert.Equal("photos/2024/", first.NextAfter);
        Assert.Equal(["photos/2025/"], second.CommonPrefixes);
    }

    [Fact]
    public async Task ObjectsAreListedInUtf8ByteOrderWithTheirDetails()
    {
        await PutKeysAsync();

        var listing = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery());

        Assert.Equal(Keys.Order(Utf8Order.Instance), listing.Objects.Select(o => o.Key));
        Assert.Equal(["\uE000", "\uFFFD", "😀"], listing.Objects.Select(o => o.Key).TakeLast(3));
        var zebra = listing.Objects.Single(o => o.Key == "zebra");
        Assert.Equal(5, zebra.Size);
        Assert.False(listing.IsTruncated);
    }

    [Fact]
    public async Task MaxKeysOfZeroReturnsNothing()
    {
        await PutKeysAsync();
        var listing = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery(MaxKeys: 0));
        Assert.Empty(listing.Objects);
        Assert.False(listing.IsTruncated);
    }

    [Fact]
    public async Task AnAfterMarkerBeyondThePrefixEndsTheListing()
    {
        await PutKeysAsync();
        var listing = await _scope.Store.ListObjectsAsync("bucket", new ListObjectsQuery("a/", null, "b"));
        Assert.Empty(listing.Objects);
    }

    private async Task PutKeysAsync()
    {
        await _scope.WithBucketAsync();
        foreach (var key in Keys)
        {
            await _scope.PutAsync("bucket", key, Encoding.UTF8.GetBytes(key));
        }
    }

    /// <summary>S3's listing computed the plain way: every key in byte order, rolled up, no paging.</summary>
    private static List<string> ExpectedEntries(string prefix, string? delimiter)
    {
        var entries = new List<string>();
        foreach (var key in Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(Utf8Order.Instance))
        {
            var at = delimiter is null ? -1 : key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
            var entry = at < 0 ? key : key[..(at + delimiter!.Length)];
            if (entries.Count == 0 || entries[^1] != entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    public void Dispose() => _scope.Dispose();
}
