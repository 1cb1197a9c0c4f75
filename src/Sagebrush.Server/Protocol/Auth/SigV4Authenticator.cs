using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Identity;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// Verifies AWS Signature Version 4 on any service's request, from the Authorization header or a presigned URL,
/// and hands back a body that verifies the payload as it is read.
/// Failures are <see cref="AuthenticationException"/>s, except a buffered (non-S3, no <c>x-amz-content-sha256</c>)
/// body over 8 MiB, which is an <see cref="InvalidDataException"/> for the edge to answer with 413.
/// Temporary credentials must carry their session token (<c>X-Amz-Security-Token</c>, header or query) and be used
/// before they expire. Not supported yet: SigV4a (ECDSA), S3 browser POST policies, and SigV2.
/// </summary>
public sealed class SigV4Authenticator
{
    private const int SkewMinutes = 5;
    private const int S3SkewMinutes = 15;

    private const string SecurityToken = "X-Amz-Security-Token";

    private readonly Func<string, SigningCredential?> _credentialFor;
    private readonly TimeProvider _timeProvider;
    private readonly SigningKeyCache _keys = new();

    /// <summary>Long-term keys only: <paramref name="secretForAccessKey"/> gives an access key's secret, or null.</summary>
    public SigV4Authenticator(Func<string, string?> secretForAccessKey, TimeProvider timeProvider)
        : this(key => secretForAccessKey(key) is { } secret ? new SigningCredential(secret) : null, timeProvider)
    {
    }

    /// <param name="bodyBudgetBytes">How many bytes of bodies awaiting their signature check the server holds at once (<see cref="BodyBudget"/>).</param>
    private readonly BodyBudget _budget;

    public SigV4Authenticator(Func<string, SigningCredential?> credentialFor, TimeProvider timeProvider, long bodyBudgetBytes = BodyBudget.DefaultBytes)
    {
        ArgumentNullException.ThrowIfNull(credentialFor);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _credentialFor = credentialFor;
        _timeProvider = timeProvider;
        _budget = new BodyBudget(bodyBudgetBytes);
    }

    /// <summary>Bytes of bodies held now before their signature check.</summary>
    public long BufferedBytes => _budget.Reserved;

    /// <summary>
    /// The credential scope's service (<c>s3</c>, <c>sagemaker</c>, ...) from the Authorization header or
    /// <c>X-Amz-Credential</c>; null when the request is unsigned or its credential cannot be read. This only routes:
    /// nothing is verified.
    /// </summary>
    public static string? SigningNameOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SignatureClaim.SigningNameOf(request);
    }

    public async Task<AuthenticatedRequest> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = RequestTarget.Of(request);
        var query = QueryParameter.ParseAll(target.Query);
        var claim = SignatureClaim.Parse(request, query);
        var scope = claim.Credential;

        var credential = _credentialFor(scope.AccessKeyId) ?? throw new AuthenticationException(
            AuthFailure.UnknownAccessKey, scope.IsS3 ? AuthMessages.UnknownAccessKeyS3 : AuthMessages.UnknownAccessKey);
        var secret = credential.SecretAccessKey;
        CheckSessionToken(request, query, credential, scope.IsS3);
        CheckTime(claim);
        CheckHostSigned(claim);
        CheckAmzHeadersSigned(request, claim);

        var declared = DeclaredPayloadOf(request, claim);
        MemoryStream? buffered = null;
        IDisposable? reservation = null;
        string payloadHash;
        if (declared is { } payload)
        {
            payloadHash = payload.HeaderValue;
        }
        else
        {
            (buffered, payloadHash, reservation) = await BufferedBody.ReadAsync(request, _budget, cancellationToken);
        }

        var signer = new SigV4Signer(_keys.GetOrDerive(scope, secret), claim.AmzDate, scope.Scope);
        using (reservation)
        {
            var canonicalRequest = CanonicalRequest.Build(
                request.Method,
                CanonicalRequest.CanonicalUri(target.Path, scope.IsS3),
                CanonicalRequest.CanonicalQuery(query, omitSignature: claim.IsPresigned),
                CanonicalRequest.CanonicalHeaders(request.Headers, claim.SignedHeaders),
                claim.SignedHeaderList,
                payloadHash);
            if (!SigV4Signer.SignaturesEqual(signer.SignCanonicalRequest(canonicalRequest), claim.Signature))
            {
                throw new AuthenticationException(AuthFailure.SignatureMismatch, AuthMessages.SignatureMismatch);
            }
        }

        var trailers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (buffered is not null)
        {
            return new AuthenticatedRequest(scope, buffered, trailers, buffered.Length);
        }

        var kind = declared!.Value.Kind;
        var body = kind switch
        {
            DeclaredPayloadKind.LiteralSha256 => new HashVerifyingStream(request.Body, Convert.FromHexString(payloadHash)),
            DeclaredPayloadKind.Unsigned => request.Body,
            _ => new AwsChunkedStream(
                request.Body,
                kind == DeclaredPayloadKind.StreamingUnsignedWithTrailer ? null : signer,
                claim.Signature.ToLowerInvariant(),
                hasTrailers: kind != DeclaredPayloadKind.StreamingSigned,
                DecodedContentLengthOf(request),
                trailers),
        };
        var length = declared.Value.IsAwsChunked ? DecodedContentLengthOf(request) : request.ContentLength;
        return new AuthenticatedRequest(scope, body, trailers, length);
    }

    /// <summary>
    /// The declared payload, or null when the body must be buffered and hashed (non-S3 without the header).
    /// S3 requires the header with the Authorization header; its presigned URLs default to UNSIGNED-PAYLOAD.
    /// </summary>
    private static DeclaredPayload? DeclaredPayloadOf(HttpRequest request, SignatureClaim claim)
    {
        var header = request.Headers[SigV4Names.ContentSha256Header].ToString();
        if (header.Length > 0)
        {
            return DeclaredPayload.Parse(header.Trim());
        }

        if (!claim.Credential.IsS3)
        {
            return null;
        }

        return claim.IsPresigned
            ? DeclaredPayload.Parse(SigV4Names.UnsignedPayload)
            : throw new AuthenticationException(AuthFailure.MissingContentSha256, AuthMessages.MissingContentSha256);
    }

    private void CheckTime(SignatureClaim claim)
    {
        var now = _timeProvider.GetUtcNow();
        var minutes = claim.Credential.IsS3 ? S3SkewMinutes : SkewMinutes;
        if (claim.ExpiresSeconds is { } expires)
        {
            if (now > claim.SigningTime.AddSeconds(expires))
            {
                throw new AuthenticationException(AuthFailure.PresignedUrlExpired, AuthMessages.PresignedUrlExpired);
            }
        }
        else if (claim.SigningTime < now.AddMinutes(-minutes))
        {
            throw Skewed(AuthMessages.SkewedPast(claim.AmzDate, now, minutes));
        }

        // A URL presigned for later is as suspect as a header signed for later.
        if (claim.SigningTime > now.AddMinutes(minutes))
        {
            throw Skewed(AuthMessages.SkewedFuture(claim.AmzDate, now, minutes));
        }

        AuthenticationException Skewed(string message) =>
            new(AuthFailure.RequestTimeTooSkewed, claim.Credential.IsS3 ? AuthMessages.SkewedS3 : message);
    }

    /// <summary>
    /// Temporary credentials are good only with their own session token and only until they expire; a long-term key
    /// with a token is refused as AWS refuses it (the token names no session of that key).
    /// </summary>
    private void CheckSessionToken(HttpRequest request, IReadOnlyList<QueryParameter> query, SigningCredential credential, bool isS3)
    {
        var sent = request.Headers[SecurityToken].ToString();
        if (sent.Length == 0)
        {
            sent = query.FirstOrDefault(p => p.Name == SecurityToken)?.Value ?? "";
        }

        if (credential.SessionToken is null ? sent.Length > 0 : !string.Equals(sent, credential.SessionToken, StringComparison.Ordinal))
        {
            throw new AuthenticationException(AuthFailure.InvalidToken, isS3 ? AuthMessages.InvalidTokenS3 : AuthMessages.UnknownAccessKey);
        }

        if (credential.Expiration is { } expiration && _timeProvider.GetUtcNow() >= expiration)
        {
            throw new AuthenticationException(AuthFailure.ExpiredToken, isS3 ? AuthMessages.ExpiredTokenS3 : AuthMessages.ExpiredToken);
        }
    }

    /// <summary>
    /// The host must be signed, or a signature captured for one server could be replayed to another; AWS refuses a
    /// signature without it in each front end's words.
    /// </summary>
    private static void CheckHostSigned(SignatureClaim claim)
    {
        if (claim.SignedHeaders.Contains("host", StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        throw claim.Credential.IsS3
            ? new AuthenticationException(AuthFailure.HeadersNotSigned, AuthMessages.HeadersNotSigned) { Details = new Dictionary<string, string> { ["HeadersNotSigned"] = "host" } }
            : new AuthenticationException(AuthFailure.SignatureMismatch, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }

    /// <summary>
    /// S3 refuses requests carrying <c>x-amz-*</c> headers outside the signature, header-signed and presigned alike:
    /// otherwise an ACL, metadata or a copy source (<c>x-amz-copy-source: /bucket/secret</c> on a presigned PUT) could
    /// be slipped into a request someone else signed. Other services do not check this.
    /// </summary>
    private static void CheckAmzHeadersSigned(HttpRequest request, SignatureClaim claim)
    {
        if (!claim.Credential.IsS3)
        {
            return;
        }

        var signed = claim.SignedHeaders.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unsigned = request.Headers.Keys.Where(name => name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase) && !signed.Contains(name)).ToList();
        if (unsigned.Count > 0)
        {
            throw new AuthenticationException(AuthFailure.HeadersNotSigned, AuthMessages.HeadersNotSigned)
            {
                Details = new Dictionary<string, string> { ["HeadersNotSigned"] = string.Join(", ", unsigned.Select(n => n.ToLowerInvariant())) },
            };
        }
    }

    private static long? DecodedContentLengthOf(HttpRequest request) =>
        long.TryParse(request.Headers[SigV4Names.DecodedContentLengthHeader].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : null;
}
