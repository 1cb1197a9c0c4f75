using Sagebrush.Core.Common;

namespace Sagebrush.Core.Tests.Common;

public sealed class ListQueryTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly ListItem[] Items =
    [
        new("b-failed", Start, Start, "Failed"),
        new("a-running", Start.AddSeconds(1), Start.AddSeconds(1), "InProgress"),
        new("C-done", Start.AddSeconds(2), Start.AddSeconds(2), "Completed"),
        new("d-done", Start.AddSeconds(2), Start.AddSeconds(2), "Completed"),
    ];

    [Theory]
    [InlineData("Name", "Ascending", "a-running,b-failed,C-done,d-done")]
    [InlineData("CreationTime", "Descending", "d-done,C-done,a-running,b-failed")]
    [InlineData("Status", "Ascending", "C-done,d-done,b-failed,a-running")]
    public void PagesOfOneWalkTheOrderStatusThenCreationThenName(string sortBy, string sortOrder, string expected)
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var request = new Request { SortBy = sortBy, SortOrder = sortOrder, MaxResults = 1, NextToken = token };
            var (page, next) = ListQuery.Parse(request, "CreationTime", "Descending", "bad token").Apply(Items, i => i);
            seen.AddRange(page.Select(i => i.Name));
            token = next;
        }
        while (token is not null);

        Assert.Equal(expected, string.Join(',', seen));
    }

    [Fact]
    public void AnOperationsOwnKeyOrdersTheItemsAndATokenForAnotherSortByIsRejectedInItsWords()
    {
        var query = ListQuery.Parse(new Request { MaxResults = 3 }, "Size", "Ascending", "bad token");
        var (page, next) = query.Apply(Items, i => i, i => new ListKey(i.Name.Length, string.Empty, i.Name));

        Assert.Equal(["C-done", "d-done", "b-failed"], page.Select(i => i.Name));
        var error = Assert.Throws<AwsException>(() => ListQuery.Parse(new Request { NextToken = next }, "Name", "Ascending", "bad token"));
        Assert.Equal(("ValidationException", "bad token"), (error.Code, error.Message));
    }

    private sealed record Request : IListRequest
    {
        public string? NextToken { get; init; }

        public int? MaxResults { get; init; }

        public string? SortBy { get; init; }

        public string? SortOrder { get; init; }
    }
}
