using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// Reads a whole body into memory so it can be hashed before the signature is checked, which is what non-S3
/// services need: their clients sign the SHA-256 of the body without sending it as a header.
/// </summary>
internal static class BufferedBody
{
    /// <summary>The largest body buffered; bigger ones fail with <see cref="InvalidDataException"/> (the edge's 413).</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    public static async Task<(MemoryStream Body, string Sha256Hex)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        var body = new MemoryStream((int)(request.ContentLength ?? 0));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (body.Length + read > MaxBytes)
                {
                    throw TooLarge();
                }

                body.Write(chunk, 0, read);
                hash.AppendData(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        body.Position = 0;
        return (body, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static InvalidDataException TooLarge() =>
        new(string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the {MaxBytes} bytes this service accepts."));
}
