using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Sagebrush.Server.Protocol.Auth;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server.Edge;

/// <summary>
/// Tells the services apart the way AWS's own front doors do: by the signing name in the credential scope,
/// by X-Amz-Target, and by path. It never guesses from the body.
/// </summary>
public static partial class ServiceResolver
{
    public static ServiceRoute Resolve(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (HttpMethods.IsGet(request.Method) && request.Path.Equals(SagebrushServer.HealthPath, StringComparison.Ordinal))
        {
            return ServiceRoute.Health;
        }

        if (request.Headers.ContainsKey("X-Amz-Target"))
        {
            return ServiceRoute.AwsJson;
        }

        var signingName = SigV4Authenticator.SigningNameOf(request);
        if (QueryServices.IsQueryService(signingName))
        {
            return ServiceRoute.Query;
        }

        return signingName switch
        {
            "s3" => ServiceRoute.S3,

            // SageMaker Runtime signs as "sagemaker" too; its operations live under /endpoints/.
            "sagemaker" when IsRuntimePath(request) => ServiceRoute.SageMakerRuntime,
            null when HttpMethods.IsPost(request.Method) && IsRuntimePath(request) => ServiceRoute.SageMakerRuntime,
            null => ServiceRoute.S3,

            // Any other signed request without a target is a JSON service call we cannot name: answer in JSON.
            _ => ServiceRoute.AwsJson,
        };
    }

    public static WireProtocol ProtocolOf(ServiceRoute route) => route switch
    {
        ServiceRoute.S3 => WireProtocol.RestXml,
        ServiceRoute.SageMakerRuntime => WireProtocol.RestJson,
        ServiceRoute.Query => WireProtocol.Query,
        _ => WireProtocol.AwsJson,
    };

    private static bool IsRuntimePath(HttpRequest request) => RuntimePath().IsMatch(request.Path.Value ?? string.Empty);

    [GeneratedRegex("^/endpoints/[^/]+/invocations(-response-stream|-async)?\\z")]
    private static partial Regex RuntimePath();
}
