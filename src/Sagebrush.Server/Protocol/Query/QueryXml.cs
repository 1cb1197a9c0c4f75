using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Protocol.Query;

/// <summary>
/// The query protocol's XML documents: <c>&lt;ActionResponse&gt;&lt;ActionResult&gt;…&lt;/ActionResult&gt;&lt;ResponseMetadata&gt;</c>
/// for a result, <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Type/&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c> for an error.
/// </summary>
public static class QueryXml
{
    public const string ContentType = "text/xml";

    public static XDocument Response(string xmlNamespace, string action, IEnumerable<XElement> result, string requestId)
    {
        XNamespace ns = xmlNamespace;
        var children = result.ToList();
        return new XDocument(new XElement(ns + (action + "Response"),
            children.Count == 0 ? null : new XElement(ns + (action + "Result"), children.Select(c => InNamespace(c, ns))),
            new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId))));
    }

    public static XDocument Error(string xmlNamespace, AwsException error, string requestId)
    {
        XNamespace ns = xmlNamespace;
        return new XDocument(new XElement(ns + "ErrorResponse",
            new XElement(ns + "Error",
                new XElement(ns + "Type", error.StatusCode >= 500 ? "Receiver" : "Sender"),
                new XElement(ns + "Code", error.Code),
                new XElement(ns + "Message", error.Message)),
            new XElement(ns + "RequestId", requestId)));
    }

    public static async Task WriteAsync(HttpResponse response, XDocument document, int status)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(document);
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Async = true }))
        {
            await document.SaveAsync(writer, CancellationToken.None);
        }

        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>Services build elements without a namespace; the document puts them in the service's.</summary>
    private static XElement InNamespace(XElement element, XNamespace ns) =>
        new(ns + element.Name.LocalName, element.Attributes(), element.Nodes().Select(n => n is XElement child ? InNamespace(child, ns) : n));
}
