using Microsoft.AspNetCore.Http;
using Sagebrush.Server.Protocol.Auth;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server.Edge;

/// <summary>
/// "service.Operation" for the request log: <c>SageMaker.CreateTrainingJob</c> from X-Amz-Target, <c>sts.GetCallerIdentity</c>
/// from a query call's Action, <c>s3.PutObject</c> from S3's resolver, <c>sagemaker-runtime.InvokeEndpoint</c>.
/// </summary>
public static class OperationNames
{
    /// <summary>Set by a service that resolves its own operation (S3); read by the log.</summary>
    public const string Item = "sagebrush.operation";

    public static string Of(HttpContext context, ServiceRoute route)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Item, out var named) && named is string name)
        {
            return name;
        }

        return route switch
        {
            ServiceRoute.AwsJson when context.Request.Headers["X-Amz-Target"].ToString() is { Length: > 0 } target => target,
            ServiceRoute.Query => (SigV4Authenticator.SigningNameOf(context.Request) ?? "query") + "." + (context.Items.TryGetValue(QueryServiceDispatcher.ActionItem, out var action) ? action : "?"),
            ServiceRoute.SageMakerRuntime => "sagemaker-runtime.InvokeEndpoint",
            _ => route.ToString(),
        };
    }
}
