using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Sagebrush.Server.Protocol.RestXml;

/// <summary>Reading and writing S3's XML documents.</summary>
public static class S3Xml
{
    public static readonly XNamespace Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";

    /// <summary>Request documents (DeleteObjects, CompleteMultipartUpload) are small; S3 caps them too.</summary>
    private const int MaxRequestDocumentBytes = 2 * 1024 * 1024;

    // XmlWriter would declare "utf-8"; S3 writes the declaration as below, so it is written by hand.
    private static readonly XmlWriterSettings WriterSettings = new() { Encoding = new UTF8Encoding(false), Async = true, Indent = false, OmitXmlDeclaration = true };
    private static readonly byte[] Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"u8.ToArray();

    /// <summary>S3's timestamp form in XML bodies: ISO 8601 with milliseconds, UTC.</summary>
    public static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>S3's timestamp form in headers (Last-Modified): RFC 1123.</summary>
    public static string HttpDate(DateTimeOffset time) => time.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    public static XElement Element(string name, params object?[] content) => new(Namespace + name, content);

    public static async Task WriteAsync(HttpResponse response, XElement root, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(root);
        response.StatusCode = statusCode;
        response.ContentType = "application/xml";
        using var buffer = new MemoryStream();
        buffer.Write(Declaration);
        await using (var writer = XmlWriter.Create(buffer, WriterSettings))
        {
            await root.SaveAsync(writer, CancellationToken.None);
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>Parses a request document; anything unreadable is S3's MalformedXML.</summary>
    public static async Task<XElement> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxRequestDocumentBytes)
            {
                throw Malformed();
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        try
        {
            using var reader = XmlReader.Create(buffer, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            throw Malformed();
        }
    }

    /// <summary>Children by local name, so documents with or without S3's namespace both parse.</summary>
    public static IEnumerable<XElement> Children(XElement parent, string localName) =>
        parent.Elements().Where(e => e.Name.LocalName == localName);

    public static string? ChildValue(XElement parent, string localName) => Children(parent, localName).FirstOrDefault()?.Value;

    public static Core.Common.AwsException Malformed() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema.");
}
