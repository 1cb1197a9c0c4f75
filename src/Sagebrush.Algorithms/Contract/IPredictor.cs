namespace Sagebrush.Algorithms.Contract;

/// <summary>
/// A loaded model answering POST /invocations. Implementations are thread-safe: the server calls
/// <see cref="Invoke"/> concurrently. <paramref name="contentType"/> and <paramref name="accept"/> are the request's
/// headers as sent (null when absent; parameters such as <c>; charset=utf-8</c> may follow the media type).
/// Throws <see cref="InvocationException"/> for a request the model cannot answer (415, 406, 400).
/// </summary>
public interface IPredictor
{
    InvocationResult Invoke(ReadOnlyMemory<byte> body, string? contentType, string? accept);
}

/// <summary>The response body and its Content-Type.</summary>
public sealed record InvocationResult(ReadOnlyMemory<byte> Body, string ContentType);

/// <summary>A request the model refuses; the server answers <see cref="StatusCode"/> with the message as text.</summary>
public sealed class InvocationException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static InvocationException UnsupportedContentType(string? contentType, params string[] supported) =>
        new(415, $"Content type '{contentType}' is not supported; use one of: {string.Join(", ", supported)}.");

    public static InvocationException UnsupportedAccept(string? accept, params string[] supported) =>
        new(406, $"Accept '{accept}' is not supported; use one of: {string.Join(", ", supported)}.");

    public static InvocationException BadRequest(string message) => new(400, message);
}
