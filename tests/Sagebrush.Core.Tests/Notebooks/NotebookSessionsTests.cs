using Sagebrush.Core.Notebooks;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Notebooks;

public sealed class NotebookSessionsTests
{
    private static readonly Uri Server = new("http://127.0.0.1:4599/");
    private readonly ManualTimeProvider time = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    private NotebookSessions Sessions() => new(new NotebookOptions(), time, () => Server);

    private static string TokenOf(string url) => url[(url.IndexOf("authToken=", StringComparison.Ordinal) + "authToken=".Length)..];

    [Fact]
    public void APresignedUrlNamesTheInstancesOwnOriginAndSignsInOnce()
    {
        var sessions = Sessions();
        var url = sessions.Presign("My-Notebook", TimeSpan.FromHours(1));
        Assert.StartsWith("http://my-notebook.notebook.localhost:4599/?authToken=", url, StringComparison.Ordinal);
        Assert.NotNull(sessions.Redeem("my-notebook", TokenOf(url)));
        Assert.Null(sessions.Redeem("my-notebook", TokenOf(url)));
    }

    [Fact]
    public void APresignedUrlExpiresAfterFiveMinutes()
    {
        var sessions = Sessions();
        var late = sessions.Presign("nb", TimeSpan.FromHours(1));
        var onTime = sessions.Presign("nb", TimeSpan.FromHours(1));
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.NotNull(sessions.Redeem("nb", TokenOf(onTime)));
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Null(sessions.Redeem("nb", TokenOf(late)));
    }

    [Fact]
    public void ASessionLastsItsDurationForItsOwnInstanceOnly()
    {
        var sessions = Sessions();
        var (cookie, expires) = sessions.Redeem("nb", TokenOf(sessions.Presign("nb", TimeSpan.FromSeconds(1800))))!.Value;
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromSeconds(1800), expires);
        Assert.True(sessions.IsSignedIn("nb", cookie));
        Assert.True(sessions.IsSignedIn("NB", cookie));
        Assert.False(sessions.IsSignedIn("other", cookie));
        time.Advance(TimeSpan.FromSeconds(1800));
        Assert.False(sessions.IsSignedIn("nb", cookie));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData("dXJsfG5ifDk5OTk5OTk5OTl8MTgwMHxhYmM.AAAA")]
    [InlineData("!!!.???")]
    public void AForgedTokenOrCookieSignsNobodyIn(string forged)
    {
        var sessions = Sessions();
        Assert.Null(sessions.Redeem("nb", forged));
        Assert.False(sessions.IsSignedIn("nb", forged));
    }

    [Fact]
    public void AnotherServersTokenIsForged()
    {
        var url = Sessions().Presign("nb", TimeSpan.FromHours(1));
        Assert.Null(Sessions().Redeem("nb", TokenOf(url)));
    }

    [Theory]
    [InlineData("nb.notebook.localhost", "nb")]
    [InlineData("My-NB.Notebook.LocalHost", "My-NB")]
    [InlineData("notebook.localhost", null)]
    [InlineData("127.0.0.1", null)]
    [InlineData("a.b.notebook.localhost", null)]
    [InlineData("bucket.localhost", null)]
    public void OnlyAHostUnderTheNotebookDomainNamesANotebook(string host, string? notebook) =>
        Assert.Equal(notebook, Sessions().NotebookOf(host));
}
