using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Tests.Hosting;

public sealed class HostingListQueryTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly IReadOnlyList<string> SortKeys = ["Name", "CreationTime", "Status"];

    [Fact]
    public void PagesWalkEveryItemNewestFirstWithoutRepeats()
    {
        var items = Enumerable.Range(0, 23).Select(i => new ListItem($"ep-{i:00}", Start.AddSeconds(i), Start.AddSeconds(i), "InService")).ToList();
        var seen = new List<string>();
        string? token = null;
        do
        {
            var query = HostingListQuery.Parse(new ListEndpointsInput { MaxResults = 5, NextToken = token }, SortKeys);
            var (page, next) = query.Apply(items, i => i);
            seen.AddRange(page.Select(i => i.Name));
            token = next;
        }
        while (token is not null);

        Assert.Equal(items.Select(i => i.Name).Reverse(), seen);
    }

    [Fact]
    public void FiltersByNameStatusAndTimes()
    {
        var items = new[]
        {
            new ListItem("alpha", Start, Start.AddHours(1), "InService"),
            new ListItem("beta", Start.AddHours(2), Start.AddHours(3), "Failed"),
            new ListItem("alphabet", Start.AddHours(4), Start.AddHours(5), "InService"),
        };
        var query = HostingListQuery.Parse(
            new ListEndpointsInput { NameContains = "ALPHA", StatusEquals = "InService", CreationTimeAfter = Start.AddMinutes(1), SortBy = "Name", SortOrder = "Ascending" },
            SortKeys,
            ["InService", "Failed"]);

        var (page, next) = query.Apply(items, i => i);

        Assert.Equal(["alphabet"], page.Select(i => i.Name));
        Assert.Null(next);
    }

    [Fact]
    public void ABadTokenOrSortKeyIsAValidationException()
    {
        Assert.Equal("ValidationException", Assert.Throws<AwsException>(() => HostingListQuery.Parse(new ListModelsInput { NextToken = "not-a-token" }, SortKeys)).Code);
        var error = Assert.Throws<AwsException>(() => HostingListQuery.Parse(new ListModelsInput { SortBy = "Size", MaxResults = 0 }, ["Name", "CreationTime"]));
        Assert.StartsWith("2 validation errors detected: Value '0' at 'maxResults' failed to satisfy constraint", error.Message, StringComparison.Ordinal);
    }
}
