using System.Globalization;
using Microsoft.AspNetCore.Http;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Api.S3;

/// <summary>
/// S3's size limit for one PUT (an object or a part): 5 GiB. A request declaring more is refused with EntityTooLarge
/// before its body is read, so a client waiting for "100 Continue" is not invited to send it.
/// </summary>
internal static class S3EntityLimit
{
    public const long MaxBytes = 5L * 1024 * 1024 * 1024;

    public static void Check(HttpRequest request)
    {
        if (!HttpMethods.IsPut(request.Method) && !HttpMethods.IsPost(request.Method))
        {
            return;
        }

        var decoded = long.TryParse(request.Headers["x-amz-decoded-content-length"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : (long?)null;
        if ((decoded ?? request.ContentLength) > MaxBytes)
        {
            throw new AwsException("EntityTooLarge", "Your proposed upload exceeds the maximum allowed object size.", 400)
            {
                Details = new Dictionary<string, string>
                {
                    ["ProposedSize"] = (decoded ?? request.ContentLength)!.Value.ToString(CultureInfo.InvariantCulture),
                    ["MaxSizeAllowed"] = MaxBytes.ToString(CultureInfo.InvariantCulture),
                },
            };
        }
    }
}
