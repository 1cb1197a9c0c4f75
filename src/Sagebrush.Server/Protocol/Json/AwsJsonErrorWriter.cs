using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Protocol.Json;

/// <summary>AWS JSON 1.1 errors: <c>{"__type": code, "message": ...}</c> plus the X-Amzn-ErrorType header.</summary>
public static class AwsJsonErrorWriter
{
    public const string ContentType = "application/x-amz-json-1.1";

    public static async Task WriteAsync(HttpResponse response, AwsException error)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(error);
        response.StatusCode = error.StatusCode;
        response.ContentType = ContentType;
        response.Headers["X-Amzn-ErrorType"] = error.Code;
        await response.Body.WriteAsync(Serialize(error, "__type"));
    }

    /// <summary>The error body, with any extra fields the error carries (SageMaker Runtime's OriginalStatusCode, ...).</summary>
    internal static byte[] Serialize(AwsException error, string codeField)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(codeField, error.Code);
            writer.WriteString("message", error.Message);
            foreach (var (name, value) in error.Details)
            {
                writer.WriteString(name, value);
            }

            foreach (var (name, value) in error.NumberDetails)
            {
                writer.WriteNumber(name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
