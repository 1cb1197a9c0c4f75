using System.Text;
using Sagebrush.Core.Ecr;
using Sagebrush.Core.Tests.Storage.Objects;

namespace Sagebrush.Core.Tests.Ecr;

public sealed class EcrTokensTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "ecr-tokens-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider time = new(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void ADockerLoginWithTheIssuedPasswordIsAcceptedUntilItExpires()
    {
        var tokens = new EcrTokens(Path.Combine(directory, "token.key"), time);
        var (password, expires) = tokens.Issue();

        Assert.Equal(time.GetUtcNow() + EcrTokens.Lifetime, expires);
        Assert.True(tokens.Accepts(Basic("AWS", password)));
        time.Now += EcrTokens.Lifetime - TimeSpan.FromSeconds(1);
        Assert.True(tokens.Accepts(Basic("AWS", password)));
        time.Now += TimeSpan.FromSeconds(1);
        Assert.False(tokens.Accepts(Basic("AWS", password)));
    }

    [Fact]
    public void AuthorizationTokenIsBase64OfTheUserAndPasswordAsEcrGivesIt()
    {
        var tokens = new EcrTokens(Path.Combine(directory, "token.key"), time);
        var (password, _) = tokens.Issue();

        Assert.Equal("AWS:" + password, Encoding.UTF8.GetString(Convert.FromBase64String(EcrTokens.AuthorizationToken(password))));
        Assert.True(tokens.Accepts("Basic " + EcrTokens.AuthorizationToken(password)));
    }

    [Fact]
    public void ForgedOtherUsersAndAnotherServersPasswordsAreRefused()
    {
        var tokens = new EcrTokens(Path.Combine(directory, "token.key"), time);
        var other = new EcrTokens(Path.Combine(directory, "other.key"), time);
        var (password, _) = tokens.Issue();
        var stamp = password[..password.IndexOf('.', StringComparison.Ordinal)];

        Assert.False(tokens.Accepts(Basic("root", password)));
        Assert.False(tokens.Accepts(Basic("AWS", stamp + ".00")));
        Assert.False(tokens.Accepts(Basic("AWS", (long.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture) + 3600) + password[stamp.Length..])));
        Assert.False(tokens.Accepts(Basic("AWS", other.Issue().Password)));
        Assert.False(tokens.Accepts("Basic !!!"));
        Assert.False(tokens.Accepts("Bearer " + password));
        Assert.False(tokens.Accepts(null));
    }

    [Fact]
    public void TheKeyIsKeptSoAServerRestartStillAcceptsItsPasswords()
    {
        var key = Path.Combine(directory, "token.key");
        var (password, _) = new EcrTokens(key, time).Issue();

        Assert.True(new EcrTokens(key, time).Accepts(Basic("AWS", password)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
}
