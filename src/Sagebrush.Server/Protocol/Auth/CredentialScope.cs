namespace Sagebrush.Server.Protocol.Auth;

/// <summary>The parsed <c>AKID/yyyyMMdd/region/service/aws4_request</c> credential of a signed request.</summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service)
{
    private const string Terminator = "aws4_request";

    /// <summary>The scope as it appears in the string to sign: everything after the access key id.</summary>
    public string Scope => $"{Date}/{Region}/{Service}/{Terminator}";

    public bool IsS3 => Service == "s3";

    public static CredentialScope? TryParse(string? credential)
    {
        if (string.IsNullOrEmpty(credential))
        {
            return null;
        }

        var parts = credential.Split('/');
        if (parts.Length != 5 || parts[4] != Terminator || parts[1].Length != 8 || !parts[1].All(char.IsAsciiDigit)
            || parts.Take(4).Any(string.IsNullOrEmpty))
        {
            return null;
        }

        return new CredentialScope(parts[0], parts[1], parts[2], parts[3]);
    }
}
