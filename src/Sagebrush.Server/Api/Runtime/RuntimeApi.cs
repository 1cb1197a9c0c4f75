using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using Sagebrush.Core.Hosting.Routing;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.Runtime;

/// <summary>
/// SageMaker Runtime (rest-json): <c>POST /endpoints/{EndpointName}/invocations</c>, mapped onto the
/// <see cref="EndpointRouter"/>. The body is at most 6 MB (6,291,456 bytes), as on SageMaker.
/// Not supported yet: InvokeEndpointAsync, InvokeEndpointWithResponseStream, TargetModel (multi-model endpoints),
/// TargetContainerHostname, EnableExplanations.
/// </summary>
public sealed partial class RuntimeApi(EndpointRouter router, TimeProvider time)
{
    public const int MaxBodyBytes = 6_291_456;
    private const string Prefix = "X-Amzn-SageMaker-";

    public async Task HandleAsync(ServiceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        // From the edge's receipt (authentication included), as SageMaker's OverheadLatency counts.
        var started = call.Started != 0 && time == TimeProvider.System ? call.Started : time.GetTimestamp();
        var segments = (call.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length != 3 || segments[2] != "invocations")
        {
            await call.Auth.Body.CopyToAsync(Stream.Null, call.Aborted);
            throw RuntimeErrors.Validation($"The operation {segments[^1]} is not supported by Sagebrush yet; use InvokeEndpoint (/endpoints/{{EndpointName}}/invocations).");
        }

        var endpointName = Uri.UnescapeDataString(segments[1]);
        var body = await ReadBodyAsync(call);
        var headers = call.Request.Headers;
        var request = new InvocationRequest(
            endpointName,
            body,
            Header(headers.ContentType),
            Header(headers.Accept),
            Header(headers[Prefix + "Custom-Attributes"]),
            Header(headers[Prefix + "Target-Variant"]),
            Header(headers[Prefix + "Inference-Id"]),
            started);
        Validate(request, headers.ContainsKey(Prefix + "Target-Model"));

        // The router records the call once the answer is written, so OverheadLatency includes the write and a client
        // that hangs up meanwhile is an abandoned call, not a 5XX.
        await router.InvokeAsync(request, (response, cancellationToken) => WriteAsync(call.Response, response, cancellationToken), call.Aborted);
    }

    private static async Task WriteAsync(Microsoft.AspNetCore.Http.HttpResponse http, InvocationResponse response, CancellationToken cancellationToken)
    {
        http.StatusCode = 200;
        http.ContentType = response.ContentType ?? "application/octet-stream";
        http.Headers["x-Amzn-Invoked-Production-Variant"] = response.InvokedProductionVariant;
        if (response.CustomAttributes is { } attributes)
        {
            http.Headers[Prefix + "Custom-Attributes"] = attributes;
        }

        http.ContentLength = response.Body.Length;
        await http.Body.WriteAsync(response.Body, cancellationToken);
    }

    private static string? Header(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();

    /// <summary>The body as one block: the authenticator already buffered it when it hashed it; otherwise read it here.</summary>
    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(ServiceCall call)
    {
        if (call.Auth.Body is MemoryStream buffered && buffered.TryGetBuffer(out var segment))
        {
            var remaining = segment.AsMemory((int)buffered.Position);
            return remaining.Length > MaxBodyBytes ? throw Oversize(call) : remaining;
        }

        using var copy = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await call.Auth.Body.ReadAsync(chunk, call.Aborted)) > 0)
            {
                if (copy.Length + read > MaxBodyBytes)
                {
                    await call.Auth.Body.CopyToAsync(Stream.Null, call.Aborted);
                    throw Oversize(call);
                }

                copy.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return copy.ToArray();
    }

    private static Core.Common.AwsException Oversize(ServiceCall call) =>
        RuntimeErrors.Validation($"Request {call.RequestId} has oversize body.");

    /// <summary>The model's constraints on InvokeEndpoint's members, in AWS's words.</summary>
    private static void Validate(InvocationRequest request, bool targetModel)
    {
        var errors = new List<string>();
        Check(request.EndpointName, "endpointName", 63, EndpointName(), errors);
        Check(request.ContentType, "contentType", 1024, Ascii(), errors);
        Check(request.Accept, "accept", 1024, Ascii(), errors);
        Check(request.CustomAttributes, "customAttributes", 1024, Ascii(), errors);
        Check(request.TargetVariant, "targetVariant", 63, EndpointName(), errors);
        if (request.InferenceId is { } id && (id.Length is 0 or > 64 || !Printable().IsMatch(id)))
        {
            errors.Add($"Value '{id}' at 'inferenceId' failed to satisfy constraint: Member must have length between 1 and 64 and satisfy regular expression pattern: \\A\\S[\\p{{Print}}]*\\z");
        }

        if (errors.Count > 0)
        {
            var noun = errors.Count == 1 ? "error" : "errors";
            throw RuntimeErrors.Validation(string.Create(CultureInfo.InvariantCulture, $"{errors.Count} validation {noun} detected: {string.Join("; ", errors)}"));
        }

        if (targetModel)
        {
            throw RuntimeErrors.Validation("TargetModel (multi-model endpoints) is not supported by Sagebrush yet.");
        }
    }

    private static void Check(string? value, string path, int max, Regex pattern, List<string> errors)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length > max)
        {
            errors.Add($"Value '{value}' at '{path}' failed to satisfy constraint: Member must have length less than or equal to {max}");
        }
        else if (!pattern.IsMatch(value))
        {
            errors.Add($"Value '{value}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9](-*[a-zA-Z0-9])*\\z")]
    private static partial Regex EndpointName();

    [GeneratedRegex(@"^\p{IsBasicLatin}*\z")]
    private static partial Regex Ascii();

    [GeneratedRegex(@"^\S[\P{Cc}]*\z")]
    private static partial Regex Printable();
}
