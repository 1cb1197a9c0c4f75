using Sagebrush.Core.Common;
using Sagebrush.Core.Logs;

namespace Sagebrush.Core.Tests.Logs;

public sealed class FilterPatternTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\"")]
    public void AnEmptyPatternMatchesEverything(string? pattern)
    {
        Assert.Same(FilterPattern.MatchAll, FilterPattern.Parse(pattern));
        Assert.True(FilterPattern.Parse(pattern).Matches("anything"));
    }

    [Fact]
    public void TermsAndQuotedPhrasesAreSeparated()
    {
        var pattern = FilterPattern.Parse("ERROR  \"loss is nan\" epoch=3 \"say \\\"hi\\\"\"");

        Assert.Equal(["ERROR", "loss is nan", "epoch=3", "say \"hi\""], pattern.Terms);
    }

    [Theory]
    [InlineData("ERROR", "[ERROR] disk", true)]
    [InlineData("ERROR", "error: disk", false)]
    [InlineData("ERROR disk", "disk ERROR", true)]
    [InlineData("\"disk ERROR\"", "ERROR disk", false)]
    [InlineData("\"disk ERROR\"", "the disk ERROR!", true)]
    public void AMessageMatchesWhenItContainsEveryTermCaseSensitively(string pattern, string message, bool matches)
    {
        Assert.Equal(matches, FilterPattern.Parse(pattern).Matches(message));
    }

    [Theory]
    [InlineData("{ $.level = \"error\" }")]
    [InlineData("[ip, user, status]")]
    [InlineData("?ERROR ?WARN")]
    [InlineData("ERROR -debug")]
    [InlineData("%err.*%")]
    [InlineData("\"unterminated")]
    [InlineData("mid\"quote")]
    public void UnsupportedSyntaxIsAnInvalidParameterRatherThanABroadMatch(string pattern)
    {
        var error = Assert.Throws<AwsException>(() => FilterPattern.Parse(pattern));

        Assert.Equal(LogErrors.InvalidParameter, error.Code);
    }
}
