using Sagebrush.Core.Identity;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Identity;

public sealed class RootCredentialsTests : IDisposable
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void EnvironmentVariablesTakePrecedenceOverTheFile()
    {
        RootCredentials.LoadOrCreate(directory.Path, NoEnvironment);
        var environment = new Dictionary<string, string?>
        {
            [RootCredentials.AccessKeyVariable] = "AKIAFROMENVIRONMENT1",
            [RootCredentials.SecretKeyVariable] = "secret-from-environment",
        };

        var credentials = RootCredentials.LoadOrCreate(directory.Path, name => environment.GetValueOrDefault(name));

        Assert.Equal(new RootCredentials("AKIAFROMENVIRONMENT1", "secret-from-environment"), credentials);
    }

    [Fact]
    public void EnvironmentVariablesDoNotCreateAFile()
    {
        var dataDir = directory.File("data");
        var environment = new Dictionary<string, string?>
        {
            [RootCredentials.AccessKeyVariable] = "id",
            [RootCredentials.SecretKeyVariable] = "secret",
        };

        RootCredentials.LoadOrCreate(dataDir, name => environment.GetValueOrDefault(name));

        Assert.False(Directory.Exists(dataDir));
    }

    [Fact]
    public void OnlyOneEnvironmentVariableFallsBackToTheFile()
    {
        var credentials = RootCredentials.LoadOrCreate(directory.Path, name => name == RootCredentials.AccessKeyVariable ? "id" : null);

        Assert.StartsWith("AKIA", credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.True(File.Exists(directory.File("credentials.json")));
    }

    [Fact]
    public void GeneratedFileIsReadableOnlyByItsOwner()
    {
        RootCredentials.LoadOrCreate(directory.Path, NoEnvironment);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.File("credentials.json")));
    }

    [Fact]
    public void GeneratedFileIsReadableOnlyByItsOwnerEvenOverALeftoverTemporaryFile()
    {
        // A crash between writing the temporary file and renaming it can leave one behind with any mode.
        var leftover = directory.File("credentials.json.tmp");
        File.WriteAllText(leftover, "{}");
        File.SetUnixFileMode(leftover, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        RootCredentials.LoadOrCreate(directory.Path, NoEnvironment);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(directory.File("credentials.json")));
    }

    [Fact]
    public void GeneratedCredentialsAreReusedOnTheNextCall()
    {
        var first = RootCredentials.LoadOrCreate(directory.Path, NoEnvironment);
        var second = RootCredentials.LoadOrCreate(directory.Path, NoEnvironment);

        Assert.Equal(first, second);
    }

    [Fact]
    public void AFileWithoutAKeyPairIsRejected()
    {
        File.WriteAllText(directory.File("credentials.json"), """{"AccessKeyId":"","SecretAccessKey":""}""");

        Assert.Throws<InvalidDataException>(() => RootCredentials.LoadOrCreate(directory.Path, NoEnvironment));
    }

    [Fact]
    public void GeneratedAccessKeyIdLooksLikeAws()
    {
        var credentials = RootCredentials.Generate();

        Assert.Matches("^AKIA[A-Z2-7]{16}$", credentials.AccessKeyId);
        Assert.Equal(20, credentials.AccessKeyId.Length);
        Assert.Equal(40, credentials.SecretAccessKey.Length);
    }

    [Fact]
    public void GeneratedKeysDiffer() =>
        Assert.NotEqual(RootCredentials.Generate(), RootCredentials.Generate());

    [Fact]
    public void ToStringNeverContainsTheSecret()
    {
        var credentials = RootCredentials.Generate();

        Assert.DoesNotContain(credentials.SecretAccessKey, credentials.ToString(), StringComparison.Ordinal);
        Assert.Contains(credentials.AccessKeyId, credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.SecretAccessKey, $"{credentials}", StringComparison.Ordinal);
    }
}
