using System.Globalization;
using System.Net.Http.Headers;
using Sagebrush.Server.Protocol.Auth;

namespace Sagebrush.Cli.Client;

/// <summary>
/// Signs outgoing requests with AWS Signature Version 4 (header form, literal payload hash), as the AWS SDKs do, so
/// the CLI's own commands talk to a Sagebrush server like any other client. The key derivation and signature are the
/// server's own <see cref="SigV4Signer"/>. The signing name comes from the request's options (<see cref="ServiceKey"/>). Only what the CLI sends is covered: paths of plain names, no
/// query strings, buffered bodies.
/// </summary>
internal sealed class SigV4SigningHandler(string accessKeyId, string secretAccessKey, string region, TimeProvider time) : DelegatingHandler(new SocketsHttpHandler())
{
    public static readonly HttpRequestOptionsKey<string> ServiceKey = new("sagebrush.signing-service");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var service = request.Options.TryGetValue(ServiceKey, out var name) ? name : "sagemaker";
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var now = time.GetUtcNow();
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var payloadHash = SigV4Signer.Sha256Hex(body);
        var uri = request.RequestUri!;
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";

        request.Headers.Host = host;
        request.Headers.Add("x-amz-date", amzDate);
        request.Headers.Add("x-amz-content-sha256", payloadHash);
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = amzDate,
        };
        if (request.Headers.TryGetValues("X-Amz-Target", out var target))
        {
            headers["x-amz-target"] = string.Join(',', target);
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = string.Join('\n',
            request.Method.Method,
            uri.AbsolutePath,
            "",
            string.Concat(headers.Select(h => $"{h.Key}:{h.Value.Trim()}\n")),
            signedHeaders,
            payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var signer = new SigV4Signer(SigV4Signer.DeriveSigningKey(secretAccessKey, date, region, service), amzDate, scope);
        var signature = signer.SignCanonicalRequest(canonical);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            SigV4Names.Algorithm, $"Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        return await base.SendAsync(request, cancellationToken);
    }
}
