using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Identity;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Server.Tests.Protocol.Auth;

/// <summary>Temporary credentials: good with their own session token until they expire, and only then.</summary>
public sealed class SessionTokenTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 20, 0, TimeSpan.Zero);
    private static readonly TestSigner Session = new("ASIASESSIONKEY000001", "session-secret", "us-east-1", "sagemaker");
    private const string Token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";
    private static readonly string BodyHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("{}"u8));

    [Fact]
    public async Task TemporaryCredentialsWithTheirTokenAreAccepted()
    {
        var auth = await Authenticator(Now).AuthenticateAsync(Signed(Token, Now), CancellationToken.None);

        Assert.Equal(Session.AccessKeyId, auth.AccessKeyId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("made-up")]
    public async Task AMissingOrMadeUpTokenIsInvalid(string? token)
    {
        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => Authenticator(Now).AuthenticateAsync(Signed(token, Now), CancellationToken.None));

        Assert.Equal(AuthFailure.InvalidToken, failure.Failure);
    }

    [Fact]
    public async Task TheSameCredentialsAfterTheirExpirationAreExpired()
    {
        var later = Now.AddMinutes(16);

        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => Authenticator(later).AuthenticateAsync(Signed(Token, later), CancellationToken.None));

        Assert.Equal(AuthFailure.ExpiredToken, failure.Failure);
        Assert.Equal("The security token included in the request is expired", failure.Message);
    }

    [Fact]
    public async Task ALongTermKeyWithATokenIsInvalid()
    {
        var request = TestRequests.Create("POST", "/", [("Host", "localhost"), ("X-Amz-Target", "SageMaker.ListModels"), ("X-Amz-Security-Token", "x")], "{}"u8.ToArray());
        var root = new TestSigner("AKIAROOT000000000000", "root-secret", "us-east-1", "sagemaker");
        root.SignHeaders(request, Now, BodyHash);
        var authenticator = new SigV4Authenticator(key => key == root.AccessKeyId ? new SigningCredential(root.Secret) : null, new FixedTimeProvider(Now));

        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => authenticator.AuthenticateAsync(request, CancellationToken.None));

        Assert.Equal(AuthFailure.InvalidToken, failure.Failure);
    }

    private static HttpRequest Signed(string? token, DateTimeOffset at)
    {
        List<(string, string)> headers = [("Host", "localhost"), ("X-Amz-Target", "SageMaker.ListModels")];
        if (token is not null)
        {
            headers.Add(("X-Amz-Security-Token", token));
        }

        var request = TestRequests.Create("POST", "/", headers, "{}"u8.ToArray());
        Session.SignHeaders(request, at, BodyHash);
        return request;
    }

    /// <summary>The session was issued at <see cref="Now"/> for 15 minutes.</summary>
    private static SigV4Authenticator Authenticator(DateTimeOffset clock) => new(
        key => key == Session.AccessKeyId ? new SigningCredential(Session.Secret, Token, Now.AddMinutes(15)) : null,
        new FixedTimeProvider(clock));
}
