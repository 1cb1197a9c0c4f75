using System.Text;
using Sagebrush.Core.Common;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Protocol.Query;

/// <summary>
/// Routes query-protocol requests to the service registered for the credential scope's signing name and the
/// operation named by <c>Action</c>. A service or action Sagebrush lacks is <c>InvalidAction</c> in XML, as AWS answers.
/// </summary>
public sealed class QueryServiceDispatcher(IEnumerable<IQueryService> services)
{
    private const int MaxFormBytes = 1 << 20;
    private readonly Dictionary<string, IQueryService> bySigningName = services.ToDictionary(s => s.SigningName, StringComparer.Ordinal);

    /// <summary>The Action of the request being dispatched, for the request log (set once the body is read).</summary>
    public const string ActionItem = "sagebrush.query.action";

    public async Task HandleAsync(ServiceCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        string? form = null;
        if (HttpMethodsWithBody(call.Request.Method))
        {
            using var reader = new StreamReader(call.Auth.Body, Encoding.UTF8);
            var buffer = new char[MaxFormBytes + 1];
            var read = await reader.ReadBlockAsync(buffer, call.Aborted);
            form = read > MaxFormBytes
                ? throw new AwsException("ValidationError", "The request body is larger than Sagebrush reads for a query-protocol call (1 MiB).")
                : new string(buffer, 0, read);
        }

        var request = QueryRequest.Parse(call.Request.QueryString.Value ?? "", form);
        call.Http.Items[ActionItem] = request.Action;
        var signingName = call.Auth.SigningName;
        var (xmlNamespace, version) = QueryServices.Of(signingName);
        if (!bySigningName.TryGetValue(signingName, out var service) || !service.Operations.TryGetValue(request.Action, out var operation))
        {
            throw new AwsException("InvalidAction", $"Could not find operation {request.Action} for version {request.Version ?? version}");
        }

        var result = await operation(request, call);
        await QueryXml.WriteAsync(call.Response, QueryXml.Response(service.XmlNamespace, request.Action, result, call.RequestId), 200);
    }

    private static bool HttpMethodsWithBody(string method) => !Microsoft.AspNetCore.Http.HttpMethods.IsGet(method);
}
