using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// Decodes an <c>aws-chunked</c> body while the caller reads it: <c>hex-size[;chunk-signature=sig]\r\n data \r\n</c>
/// repeated, a zero-size final chunk, then (trailer variants) <c>name:value\r\n</c> lines, an optional
/// <c>x-amz-trailer-signature</c> and a blank line. When a signer is given, each chunk signature is checked against
/// the chain that starts at the request's seed signature, as soon as that chunk's data has passed through; the final
/// chunk and the trailer are checked before end of stream is reported, so data is only trustworthy at EOF.
/// Only a small read buffer is held, never a whole chunk.
/// Failures: a bad signature is <see cref="AuthFailure.SignatureMismatch"/>; broken framing (bad sizes, missing CRLF,
/// early end, length differing from <c>x-amz-decoded-content-length</c>) is <see cref="AuthFailure.IncompleteSignature"/>
/// with a message starting "The aws-chunked body is malformed".
/// </summary>
internal sealed class AwsChunkedStream : ReadOnlyWrappingStream
{
    private const int BufferSize = 16 * 1024;
    private const int MaxLineLength = 4 * 1024;
    private const int MaxTrailers = 32;
    private const int SignatureLength = 64;
    private const string ChunkSignatureExtension = "chunk-signature=";

    private readonly Stream _inner;
    private readonly SigV4Signer? _signer;
    private readonly bool _hasTrailers;
    private readonly long? _declaredLength;
    private readonly Dictionary<string, string> _trailers;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly IncrementalHash _chunkHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _start;
    private int _end;
    private string _previousSignature;
    private string _chunkSignature = "";
    private long _remainingInChunk;
    private long _decodedLength;
    private State _state = State.ChunkHeader;
    private AuthenticationException? _failure;

    /// <param name="signer">Null for <c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>, whose chunks carry no signatures.</param>
    /// <param name="trailers">Filled with the trailing headers once they are read (and, if signed, verified).</param>
    public AwsChunkedStream(
        Stream inner,
        SigV4Signer? signer,
        string seedSignature,
        bool hasTrailers,
        long? declaredLength,
        Dictionary<string, string> trailers)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(seedSignature);
        ArgumentNullException.ThrowIfNull(trailers);
        _inner = inner;
        _signer = signer;
        _previousSignature = seedSignature;
        _hasTrailers = hasTrailers;
        _declaredLength = declaredLength;
        _trailers = trailers;
    }

    private enum State
    {
        ChunkHeader,
        ChunkData,
        Done,
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_failure is not null)
        {
            throw _failure;
        }

        try
        {
            return await ReadDecodedAsync(buffer, cancellationToken);
        }
        catch (AuthenticationException failure)
        {
            // A failed body must keep failing: a later read returning 0 would look like a clean end.
            _failure = failure;
            throw;
        }
    }

    private async ValueTask<int> ReadDecodedAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }

        while (true)
        {
            switch (_state)
            {
                case State.Done:
                    return 0;
                case State.ChunkHeader:
                    await ReadChunkHeaderAsync(cancellationToken);
                    continue;
                case State.ChunkData when _remainingInChunk == 0:
                    await EndChunkAsync(cancellationToken);
                    continue;
                default:
                    return await ReadChunkDataAsync(buffer, cancellationToken);
            }
        }
    }

    private async ValueTask<int> ReadChunkDataAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var wanted = (int)Math.Min(buffer.Length, _remainingInChunk);
        int read;
        if (_start < _end)
        {
            read = Math.Min(wanted, _end - _start);
            _buffer.AsSpan(_start, read).CopyTo(buffer.Span);
            _start += read;
        }
        else
        {
            // Nothing buffered: read straight into the caller's memory rather than copying twice.
            read = await _inner.ReadAsync(buffer[..wanted], cancellationToken);
            if (read == 0)
            {
                throw Truncated("the body ended inside a chunk.");
            }
        }

        _chunkHash.AppendData(buffer.Span[..read]);
        _remainingInChunk -= read;
        _decodedLength += read;
        return read;
    }

    private async ValueTask ReadChunkHeaderAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken) ?? throw Truncated("the body ended before the final chunk.");
        var parts = line.Split(';');
        var sizeText = parts[0].Trim();
        if (sizeText.Length is 0 or > 15
            || !long.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size))
        {
            throw Malformed("a chunk size is not a hexadecimal number.");
        }

        _chunkSignature = parts.Skip(1)
            .Select(extension => extension.Trim())
            .FirstOrDefault(extension => extension.StartsWith(ChunkSignatureExtension, StringComparison.Ordinal))?[ChunkSignatureExtension.Length..] ?? "";
        if (_signer is not null && _chunkSignature.Length != SignatureLength)
        {
            throw Malformed("a chunk has no chunk-signature.");
        }

        if (_decodedLength + size > _declaredLength)
        {
            throw Malformed("the chunks hold more data than x-amz-decoded-content-length declares.");
        }

        if (size > 0)
        {
            _remainingInChunk = size;
            _state = State.ChunkData;
            return;
        }

        VerifyChunkSignature();
        await ReadTrailersAsync(cancellationToken);
        if (_declaredLength is { } declared && declared != _decodedLength)
        {
            throw Malformed("the chunks hold less data than x-amz-decoded-content-length declares.");
        }

        _state = State.Done;
    }

    private async ValueTask EndChunkAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line is not { Length: 0 })
        {
            throw Malformed("a chunk's data is not followed by CRLF where its size says it ends.");
        }

        VerifyChunkSignature();
        _state = State.ChunkHeader;
    }

    private void VerifyChunkSignature()
    {
        var chunkSha256 = _chunkHash.GetHashAndReset();
        if (_signer is null)
        {
            return;
        }

        var expected = _signer.SignChunk(_previousSignature, chunkSha256);
        if (!SigV4Signer.SignaturesEqual(expected, _chunkSignature))
        {
            throw new AuthenticationException(AuthFailure.SignatureMismatch, AuthMessages.SignatureMismatch);
        }

        _previousSignature = expected;
    }

    /// <summary>
    /// Reads up to the blank line that ends the body. Trailers reach <see cref="_trailers"/> only once verified;
    /// a signed-trailer body whose trailers carry no <c>x-amz-trailer-signature</c> is refused.
    /// </summary>
    private async ValueTask ReadTrailersAsync(CancellationToken cancellationToken)
    {
        var pending = new List<KeyValuePair<string, string>>();
        var signed = false;
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            if (!_hasTrailers || signed || pending.Count >= MaxTrailers)
            {
                throw Malformed("unexpected data after the final chunk.");
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw Malformed("a trailing header has no name.");
            }

            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (name != SigV4Names.TrailerSignature)
            {
                pending.Add(new(name, value));
                continue;
            }

            if (_signer is not null)
            {
                var canonical = string.Concat(pending.Select(trailer => $"{trailer.Key}:{trailer.Value}\n"));
                if (!SigV4Signer.SignaturesEqual(_signer.SignTrailer(_previousSignature, canonical), value))
                {
                    throw new AuthenticationException(AuthFailure.SignatureMismatch, AuthMessages.SignatureMismatch);
                }
            }

            signed = true;
        }

        if (_signer is not null && pending.Count > 0 && !signed)
        {
            throw new AuthenticationException(AuthFailure.IncompleteSignature, "The trailing headers carry no x-amz-trailer-signature.");
        }

        foreach (var (name, value) in pending)
        {
            _trailers[name] = value;
        }
    }

    /// <summary>One CRLF-terminated line (a bare LF is tolerated); null at a clean end of the body.</summary>
    private async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await _inner.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    return line.Count == 0 ? null : throw Truncated("the body ended inside a line.");
                }
            }

            var available = _buffer.AsSpan(_start, _end - _start);
            var newline = available.IndexOf((byte)'\n');
            var take = newline < 0 ? available.Length : newline;
            if (line.Count + take > MaxLineLength)
            {
                throw Malformed("a chunk header or trailer line is too long.");
            }

            line.AddRange(available[..take]);
            if (newline < 0)
            {
                _start = _end;
                continue;
            }

            _start += newline + 1;
            if (line.Count > 0 && line[^1] == (byte)'\r')
            {
                line.RemoveAt(line.Count - 1);
            }

            return Encoding.UTF8.GetString([.. line]);
        }
    }

    /// <summary>A body that stopped before its framing said it would end (S3: IncompleteBody).</summary>
    private static AuthenticationException Truncated(string detail) =>
        new(AuthFailure.IncompleteBody, "The request body terminated unexpectedly: " + detail);

    private static AuthenticationException Malformed(string detail) =>
        new(AuthFailure.IncompleteSignature, "The aws-chunked body is malformed: " + detail);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _chunkHash.Dispose();
        }

        base.Dispose(disposing);
    }
}
