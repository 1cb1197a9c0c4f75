using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;
using Sagebrush.Server.Protocol.Json;

namespace Sagebrush.Server.Protocol.RestJson;

/// <summary>rest-json errors: the code travels in X-Amzn-ErrorType (botocore reads it there first) and in the body.</summary>
public static class RestJsonErrorWriter
{
    public static async Task WriteAsync(HttpResponse response, AwsException error)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(error);
        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json";
        response.Headers["X-Amzn-ErrorType"] = error.Code;
        await response.Body.WriteAsync(AwsJsonErrorWriter.Serialize(error, "__type"));
    }
}
