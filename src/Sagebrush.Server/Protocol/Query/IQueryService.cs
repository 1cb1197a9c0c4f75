using System.Xml.Linq;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Protocol.Query;

/// <summary>One operation of a query-protocol service: the parameters in, the children of <c>&lt;ActionResult&gt;</c> out (none for an empty result).</summary>
public delegate Task<IEnumerable<XElement>> QueryOperation(QueryRequest request, ServiceCall call);

/// <summary>
/// A service spoken over the AWS query protocol (STS, IAM, CloudWatch), found by the signing name of the request's
/// credential scope. Responses and errors are XML in the service's namespace.
/// </summary>
public interface IQueryService
{
    /// <summary>The credential scope's service: <c>sts</c>, <c>iam</c>, ...</summary>
    string SigningName { get; }

    /// <summary>The model's <c>xmlNamespace</c>, e.g. <c>https://sts.amazonaws.com/doc/2011-06-15/</c>.</summary>
    string XmlNamespace { get; }

    /// <summary>The model's apiVersion, for the InvalidAction message.</summary>
    string Version { get; }

    IReadOnlyDictionary<string, QueryOperation> Operations { get; }
}
