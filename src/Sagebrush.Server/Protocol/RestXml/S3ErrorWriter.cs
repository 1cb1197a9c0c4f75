using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Protocol.RestXml;

/// <summary>S3's XML error document; HEAD responses carry the status only, as S3 does.</summary>
public static class S3ErrorWriter
{
    public static async Task WriteAsync(HttpContext context, AwsException error, string requestId)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = error.StatusCode;
            return;
        }

        var root = new System.Xml.Linq.XElement("Error",
            new System.Xml.Linq.XElement("Code", error.Code),
            new System.Xml.Linq.XElement("Message", error.Message),
            error.Details.Select(d => new System.Xml.Linq.XElement(d.Key, d.Value)),
            new System.Xml.Linq.XElement("Resource", context.Request.Path.Value),
            new System.Xml.Linq.XElement("RequestId", requestId));
        await S3Xml.WriteAsync(context.Response, root, error.StatusCode);
    }
}
