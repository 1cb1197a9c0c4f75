using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// POST Object, the browser upload through an HTML form (a signed policy in the form fields, no Authorization
/// header): Sagebrush does not implement it. Such a request is recognised before authentication, which it would
/// otherwise fail with a misleading 403, and answered NotImplemented (501).
/// </summary>
internal static class S3PostObject
{
    public static void Refuse(HttpRequest request)
    {
        if (HttpMethods.IsPost(request.Method)
            && request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true
            && !request.Headers.ContainsKey("Authorization"))
        {
            throw new AwsException("NotImplemented",
                "Sagebrush does not implement POST Object (browser uploads with an HTML form) yet; use PutObject or a presigned PUT URL.", 501);
        }
    }
}
