using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Hosting;

/// <summary>
/// The whole HTTP surface: GET /ping (200 once the model is loaded, which is before the server listens),
/// GET /execution-parameters (what batch transform asks), POST /invocations. The body is read into a pooled buffer
/// and handed to the predictor; an <see cref="InvocationException"/> becomes its status with the message as text,
/// anything else a 500 with the message.
/// </summary>
internal sealed class InvocationsHandler(IPredictor predictor, long maxBodyBytes)
{
    private static readonly byte[] ExecutionParameters = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"{{\"MaxConcurrentTransforms\": {Environment.ProcessorCount}, \"BatchStrategy\": \"MULTI_RECORD\", \"MaxPayloadInMB\": 6}}"));

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (path == "/invocations" && HttpMethods.IsPost(request.Method))
        {
            await InvokeAsync(context);
        }
        else if (path == "/ping" && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
        }
        else if (path == "/execution-parameters" && HttpMethods.IsGet(request.Method))
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(ExecutionParameters);
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var length = request.ContentLength;
        if (length > maxBodyBytes)
        {
            await WriteTextAsync(context.Response, StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
            return;
        }

        using var body = new PooledBody(length is > 0 ? (int)length.Value : 64 * 1024);
        await body.ReadAsync(request.Body, length);
        var answer = Predict(predictor, body.Memory, request.ContentType, request.Headers.Accept.ToString() is { Length: > 0 } accept ? accept : null);
        var response = context.Response;
        response.StatusCode = answer.Status;
        if (answer.Status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return;
        }

        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        await response.Body.WriteAsync(answer.Body);
    }

    /// <summary>The predictor's answer, or its refusal as a status and a text message (HTTP and frames answer alike).</summary>
    public static Answer Predict(IPredictor predictor, ReadOnlyMemory<byte> body, string? contentType, string? accept)
    {
        try
        {
            var result = predictor.Invoke(body, contentType, accept);
            return new Answer(StatusCodes.Status200OK, result.ContentType, result.Body);
        }
        catch (InvocationException exception)
        {
            return Text(exception.StatusCode, exception.Message);
        }
#pragma warning disable CA1031 // a model that throws answers 500 with its message, as the containers do
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return Text(StatusCodes.Status500InternalServerError, exception.Message);
        }
    }

    private static Answer Text(int status, string message) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message));

    /// <summary>A status, its Content-Type and body.</summary>
    public readonly record struct Answer(int Status, string ContentType, ReadOnlyMemory<byte> Body);

    private static Task WriteTextAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        if (status is StatusCodes.Status204NoContent or StatusCodes.Status304NotModified)
        {
            return Task.CompletedTask;
        }

        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message);
    }
}
