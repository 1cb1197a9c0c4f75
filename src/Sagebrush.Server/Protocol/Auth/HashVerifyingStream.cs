using System.Security.Cryptography;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// Passes the body through while hashing it, and at end of stream throws
/// <see cref="AuthFailure.ContentSha256Mismatch"/> if it is not the body the client declared and signed. Nothing
/// is buffered: the caller writes to a temporary place and discards it when the exception comes.
/// </summary>
internal sealed class HashVerifyingStream : ReadOnlyWrappingStream
{
    private readonly Stream _inner;
    private readonly byte[] _expectedSha256;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    public HashVerifyingStream(Stream inner, byte[] expectedSha256)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(expectedSha256);
        _inner = inner;
        _expectedSha256 = expectedSha256;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_verified)
        {
            return 0;
        }

        var read = await _inner.ReadAsync(buffer, cancellationToken);
        if (read > 0)
        {
            _hash.AppendData(buffer.Span[..read]);
            return read;
        }

        if (buffer.Length == 0)
        {
            return 0;
        }

        if (!CryptographicOperations.FixedTimeEquals(_hash.GetHashAndReset(), _expectedSha256))
        {
            throw new AuthenticationException(AuthFailure.ContentSha256Mismatch, AuthMessages.ContentSha256Mismatch);
        }

        _verified = true;
        return 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
