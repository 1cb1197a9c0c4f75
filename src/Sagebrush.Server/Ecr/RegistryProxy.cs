using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Ecr;
using Yarp.ReverseProxy.Forwarder;

namespace Sagebrush.Server.Ecr;

/// <summary>
/// The Docker Registry API (<c>/v2/</c>) on the server's port, ahead of the SigV4 edge: docker signs in with ECR's
/// password (HTTP Basic, user <c>AWS</c>, from GetAuthorizationToken), names only repositories created with
/// CreateRepository (as ECR, a push to any other name is refused), may not overwrite a tag of an IMMUTABLE repository,
/// and is then forwarded, bodies streamed, to the registry on its Unix socket (YARP's forwarder). No path of the
/// registry's is reachable without a valid password.
/// </summary>
public sealed partial class RegistryProxy(EcrService ecr, IHttpForwarder forwarder, ILogger<RegistryProxy> logger)
{
    private static readonly ForwarderRequestConfig RequestConfig = new() { ActivityTimeout = TimeSpan.FromMinutes(10) };

    /// <summary>
    /// Whether the request is for the registry: <c>/v2</c> on the server's own host. S3 bucket names have at least 3
    /// characters, so a path-style request never names a bucket <c>v2</c>; a virtual-host request (<c>bucket.localhost/v2/...</c>)
    /// names its bucket in the host and is S3's.
    /// </summary>
    public static bool Handles(HttpRequest request) =>
        request.Path.StartsWithSegments("/v2", StringComparison.Ordinal) && Api.S3.S3Target.From(request).Bucket == "v2";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await Task.Yield(); // off Kestrel's inline thread, as every route but InvokeEndpoint
        var request = context.Request;
        if (!ecr.Tokens.Accepts(request.Headers.Authorization))
        {
            context.Response.Headers.WWWAuthenticate = $"Basic realm=\"{ecr.RegistryHost}\",service=\"ecr.amazonaws.com\"";
            await ErrorAsync(context, StatusCodes.Status401Unauthorized, "DENIED", "Your authorization token is not valid or has expired: sign in again with 'aws ecr get-login-password | docker login --username AWS --password-stdin " + ecr.RegistryHost + "'.");
            return;
        }

        if (ecr.Registry.Unavailable is { } missing)
        {
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "The image registry is not available: " + missing);
            return;
        }

        var path = request.Path.Value ?? "";
        if (RepositoryPath().Match(path) is { Success: true } match)
        {
            var name = match.Groups["name"].Value;
            var repository = await ecr.FindAsync(name, context.RequestAborted);
            if (repository is null)
            {
                await ErrorAsync(context, StatusCodes.Status404NotFound, "NAME_UNKNOWN", $"The repository with name '{name}' does not exist in the registry with id '{ecr.AccountId}'");
                return;
            }

            if (repository.ImageTagMutability == "IMMUTABLE" && HttpMethods.IsPut(request.Method) && match.Groups["tag"] is { Success: true } tag
                && !tag.Value.StartsWith("sha256:", StringComparison.Ordinal) && (await ecr.TagsAsync(name, context.RequestAborted)).Contains(tag.Value))
            {
                await ErrorAsync(context, StatusCodes.Status400BadRequest, "TAG_INVALID", $"The image tag '{tag.Value}' already exists in the '{name}' repository and cannot be overwritten because the repository is immutable.");
                return;
            }
        }
        else if (path is not ("/v2" or "/v2/"))
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, "UNSUPPORTED", "ECR serves repositories only: /v2/<repository>/manifests, blobs and tags.");
            return;
        }

        HttpMessageInvoker invoker;
        try
        {
            invoker = await ecr.Registry.InvokerAsync(context.RequestAborted);
        }
        catch (InvalidOperationException e)
        {
            LogRegistryFailed(logger, e.Message);
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "UNAVAILABLE", "The image registry could not be started: " + e.Message);
            return;
        }

        var error = await forwarder.SendAsync(context, "http://registry", invoker, RequestConfig, HttpTransformer.Empty);
        if (error != ForwarderError.None && error != ForwarderError.RequestCanceled)
        {
            LogForwardFailed(logger, request.Method, path, error);
        }
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = JsonSerializer.SerializeToUtf8Bytes(new RegistryErrors([new RegistryError(code, message)]), RegistryJsonContext.Default.RegistryErrors);
        return context.Response.Body.WriteAsync(body).AsTask();
    }

    [GeneratedRegex(@"^/v2/(?<name>[a-z0-9][a-z0-9._/-]*?)/(?:manifests/(?<tag>[^/]+)|blobs/uploads/[^/]*|blobs/sha256:[a-f0-9]{64}|tags/list)\z")]
    private static partial Regex RepositoryPath();

    [LoggerMessage(Level = LogLevel.Error, Message = "ECR: the image registry could not be started: {Reason}")]
    private static partial void LogRegistryFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ECR: forwarding {Method} {Path} to the registry failed: {Error}")]
    private static partial void LogForwardFailed(ILogger logger, string method, string path, ForwarderError error);
}

/// <summary>The registry API's error document: <c>{"errors": [{"code", "message"}]}</c>, which docker prints.</summary>
internal sealed record RegistryErrors(IReadOnlyList<RegistryError> Errors);

internal sealed record RegistryError(string Code, string Message);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(RegistryErrors))]
internal sealed partial class RegistryJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
