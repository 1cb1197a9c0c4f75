using System.Text.Json.Nodes;
using Sagebrush.Core.Transform.Batch;

namespace Sagebrush.Core.Tests.Transform;

public sealed class JsonPathTests
{
    [Theory]
    [InlineData("$.features", """{"id":1,"features":[1,2]}""", "[1,2]")]
    [InlineData("$['id','SageMakerOutput']", """{"id":1,"x":2,"SageMakerOutput":{"score":3}}""", """{"id":1,"SageMakerOutput":{"score":3}}""")]
    [InlineData("$[1:]", "[1,2,3]", "[2,3]")]
    [InlineData("$[0,-1]", "[1,2,3]", "[1,3]")]
    [InlineData("$[-1]", "[1,2,3]", "3")]
    [InlineData("$.a.b[0]", """{"a":{"b":[7,8]}}""", "7")]
    [InlineData("$.*", """{"a":1,"b":2}""", "[1,2]")]
    public void SelectsWhatSageMakersFiltersSelectInJsonRecords(string path, string record, string expected) =>
        Assert.Equal(expected, JsonPath.Parse(path).Select(JsonNode.Parse(record))!.ToJsonString());

    [Theory]
    [InlineData("$[1:]", "id7,1.5,2", "1.5,2")]
    [InlineData("$[0,-1]", "id7,1.5,2,0.9", "id7,0.9")]
    [InlineData("$", "a,b", "a,b")]
    public void FiltersACsvRecordAsItsColumns(string path, string record, string expected) =>
        Assert.Equal(expected, JsonPath.Parse(path).SelectColumns(record));

    [Theory]
    [InlineData("features")]
    [InlineData("$[1:2:3]")]
    [InlineData("$[0,1].x")]
    [InlineData("$[abc]")]
    public void RefusesWhatItDoesNotEvaluate(string path) => Assert.False(JsonPath.TryParse(path, out _, out _));

    [Fact]
    public void AMissingMemberIsAFormatErrorNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => JsonPath.Parse("$.features").Select(JsonNode.Parse("""{"id":1}""")));
        Assert.Contains("'features'", error.Message, StringComparison.Ordinal);
    }
}
