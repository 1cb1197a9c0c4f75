using Sagebrush.Core.Common;
using Sagebrush.Core.Iam;
using Sagebrush.Core.Identity;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Tests.Common;

namespace Sagebrush.Core.Tests.Identity;

public sealed class StsServiceTests : IDisposable
{
    private static readonly RootCredentials Root = new("AKIAROOT000000000000", "root-secret");
    private readonly TempDirectory directory = new();
    private readonly ManualTimeProvider time = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
    private readonly SqliteMetadataStore metadata;
    private readonly IamService iam;

    public StsServiceTests()
    {
        metadata = new SqliteMetadataStore(directory.File("metadata.db"), time);
        iam = new IamService(metadata, new AccountSettings(), time);
    }

    public void Dispose()
    {
        metadata.Dispose();
        directory.Dispose();
    }

    [Fact]
    public async Task AnAssumedRoleSessionIsItsOwnCallerUntilItExpires()
    {
        await iam.EnsureDefaultRoleAsync();
        var credentials = new CredentialStore(Root, new AccountSettings(), metadata, time);
        var sts = new StsService(credentials, iam);

        var (session, roleId, arn) = await sts.AssumeRoleAsync(Root.AccessKeyId, "arn:aws:iam::000000000000:role/SageMakerRole", "trainer", 900);

        Assert.StartsWith("ASIA", session.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/SageMakerRole/trainer", arn);
        Assert.Equal(new Caller(arn, roleId, "000000000000"), sts.GetCallerIdentity(session.AccessKeyId));
        Assert.Equal(new SigningCredential(session.SecretAccessKey, session.SessionToken, time.GetUtcNow().AddSeconds(900)), credentials.Find(session.AccessKeyId));
    }

    [Fact]
    public async Task SessionsOutliveARestartUntilTheyExpire()
    {
        var first = new CredentialStore(Root, new AccountSettings(), metadata, time);
        var session = await new StsService(first, iam).GetSessionTokenAsync(Root.AccessKeyId, 900);

        var restarted = new CredentialStore(Root, new AccountSettings(), metadata, time);
        await restarted.LoadAsync();
        Assert.NotNull(restarted.Find(session.AccessKeyId));

        time.Advance(TimeSpan.FromSeconds(901));
        var later = new CredentialStore(Root, new AccountSettings(), metadata, time);
        await later.LoadAsync();
        Assert.Null(later.Find(session.AccessKeyId));
    }

    [Fact]
    public async Task AssumingARoleThatDoesNotExistIsAccessDenied()
    {
        var sts = new StsService(new CredentialStore(Root, new AccountSettings(), metadata, time), iam);

        var denied = await Assert.ThrowsAsync<AwsException>(() => sts.AssumeRoleAsync(Root.AccessKeyId, "arn:aws:iam::000000000000:role/Nobody", "s1", null));

        Assert.Equal(("AccessDenied", 403), (denied.Code, denied.StatusCode));
        Assert.Equal("User: arn:aws:iam::000000000000:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::000000000000:role/Nobody", denied.Message);
    }
}
