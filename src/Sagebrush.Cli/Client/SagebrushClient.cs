using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sagebrush.Cli.Client;

/// <summary>
/// The few calls the CLI's own commands make to a Sagebrush server: SageMaker operations (AWS JSON 1.1), S3 puts and
/// deletes, and InvokeEndpoint. Errors come back as <see cref="SagebrushClientException"/> with AWS's code.
/// </summary>
internal sealed class SagebrushClient : IDisposable
{
    private readonly HttpClient _http;

    public SagebrushClient(Uri endpoint, string accessKeyId, string secretAccessKey, string region)
    {
        _http = new HttpClient(new SigV4SigningHandler(accessKeyId, secretAccessKey, region, TimeProvider.System))
        {
            BaseAddress = endpoint,
            Timeout = TimeSpan.FromMinutes(2),
        };
    }

    public Task<JsonObject> SageMakerAsync(string operation, JsonObject input, CancellationToken cancellationToken) =>
        JsonAsync("SageMaker." + operation, input, cancellationToken);

    /// <summary>An AWS JSON 1.1 call signed as <c>sagemaker</c>: SageMaker's operations, and Sagebrush's own (<c>Sagebrush.*</c>).</summary>
    public async Task<JsonObject> JsonAsync(string target, JsonObject input, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(input.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", target);
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = JsonNode.Parse(text) as JsonObject;
            var code = (error?["__type"]?.GetValue<string>() ?? response.StatusCode.ToString()).Split('#')[^1];
            throw new SagebrushClientException(code, error?["message"]?.GetValue<string>() ?? text);
        }

        return JsonNode.Parse(text) as JsonObject ?? [];
    }

    public Task PutBucketAsync(string bucket, CancellationToken cancellationToken) =>
        S3Async(HttpMethod.Put, $"/{bucket}", [], cancellationToken, allow: "BucketAlreadyOwnedByYou");

    public Task PutObjectAsync(string bucket, string key, byte[] body, CancellationToken cancellationToken) =>
        S3Async(HttpMethod.Put, $"/{bucket}/{key}", body, cancellationToken);

    public Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken) =>
        S3Async(HttpMethod.Delete, $"/{bucket}/{key}", [], cancellationToken);

    public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken) =>
        S3Async(HttpMethod.Delete, $"/{bucket}", [], cancellationToken);

    /// <summary>InvokeEndpoint; returns the body and the variant that answered.</summary>
    public async Task<(string Body, string? Variant)> InvokeEndpointAsync(string endpoint, string body, string contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{endpoint}/invocations")
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var code = response.Headers.TryGetValues("X-Amzn-ErrorType", out var types) ? types.First().Split(':')[0] : response.StatusCode.ToString();
            throw new SagebrushClientException(code, text);
        }

        return (text, response.Headers.TryGetValues("x-Amzn-Invoked-Production-Variant", out var variants) ? variants.First() : null);
    }

    public void Dispose() => _http.Dispose();

    private async Task S3Async(HttpMethod method, string path, byte[] body, CancellationToken cancellationToken, string? allow = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Options.Set(SigV4SigningHandler.ServiceKey, "s3");
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var code = System.Text.RegularExpressions.Regex.Match(text, "<Code>([^<]*)</Code>").Groups[1].Value;
            if (code != allow)
            {
                throw new SagebrushClientException(code.Length > 0 ? code : response.StatusCode.ToString(), text);
            }
        }
    }
}
