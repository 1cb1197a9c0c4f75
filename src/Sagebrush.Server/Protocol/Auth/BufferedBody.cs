using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// Reads a whole body into memory so it can be hashed before the signature is checked, which is what non-S3
/// services need: their clients sign the SHA-256 of the body without sending it as a header. Bodies not yet
/// authenticated share one budget per server (<see cref="BodyBudget"/>): a body that does not fit is refused with
/// ThrottlingException (which SDKs retry) before it is read, so connections sending large bodies under made-up
/// signatures cannot hold more than the budget between them. The caller releases the reservation once the signature
/// has been checked.
/// </summary>
internal static class BufferedBody
{
    /// <summary>The largest body buffered; bigger ones fail with <see cref="InvalidDataException"/> (the edge's 413).</summary>
    public const int MaxBytes = 8 * 1024 * 1024;

    /// <summary>The body, its SHA-256, and its reservation in the budget (dispose it once the signature is checked).</summary>
    public static async Task<(MemoryStream Body, string Sha256Hex, IDisposable Reservation)> ReadAsync(HttpRequest request, BodyBudget budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(budget);
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        var reservation = new BodyBudget.Reservation(budget);
        try
        {
            // A declared length is reserved whole before anything is read; a chunked body as it arrives.
            reservation.Add(request.ContentLength ?? 0);
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

                    reservation.Add(body.Length + read - reservation.Bytes);
                    body.Write(chunk, 0, read);
                    hash.AppendData(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            body.Position = 0;
            return (body, Convert.ToHexStringLower(hash.GetHashAndReset()), reservation);
        }
        catch
        {
            reservation.Dispose();
            throw;
        }
    }

    private static InvalidDataException TooLarge() =>
        new(string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the {MaxBytes} bytes this service accepts."));
}

/// <summary>The bytes of request bodies a server holds before their signatures are checked, all requests together.</summary>
internal sealed class BodyBudget(long bytes)
{
    public const long DefaultBytes = 64L * 1024 * 1024;

    private long reserved;

    /// <summary>Bytes reserved now.</summary>
    public long Reserved => Interlocked.Read(ref reserved);

    /// <summary>One body's share, grown as it is read; disposing gives it back.</summary>
    internal sealed class Reservation(BodyBudget budget) : IDisposable
    {
        public long Bytes { get; private set; }

        public void Add(long more)
        {
            if (more <= 0)
            {
                return;
            }

            if (Interlocked.Add(ref budget.reserved, more) > budget.Limit)
            {
                Interlocked.Add(ref budget.reserved, -more);
                throw new Core.Common.AwsException(
                    "ThrottlingException",
                    "Rate exceeded: too many request bodies are waiting for their signature check at once. Retry shortly.");
            }

            Bytes += more;
        }

        public void Dispose()
        {
            Interlocked.Add(ref budget.reserved, -Bytes);
            Bytes = 0;
        }
    }

    /// <summary>The most held at once.</summary>
    public long Limit => bytes;
}
