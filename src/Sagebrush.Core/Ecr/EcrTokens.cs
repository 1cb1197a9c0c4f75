using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sagebrush.Core.Ecr;

/// <summary>
/// GetAuthorizationToken's tokens: the password <c>docker login -u AWS</c> signs in with is the expiry and an
/// HMAC-SHA256 of it under a key of the server's (<c>ecr/token.key</c>, 0600), so any server with that key can check it
/// and no list of tokens is kept. Valid for 12 hours, as ECR's.
/// </summary>
public sealed class EcrTokens(string keyFile, TimeProvider time)
{
    public const string UserName = "AWS";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly Lazy<byte[]> key = new(() => LoadOrCreate(keyFile));

    /// <summary>A new password and when it expires.</summary>
    public (string Password, DateTimeOffset ExpiresAt) Issue()
    {
        var expires = time.GetUtcNow() + Lifetime;
        var stamp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return (stamp + "." + Sign(stamp), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
    }

    /// <summary>ECR's authorizationToken: base64 of <c>AWS:&lt;password&gt;</c>.</summary>
    public static string AuthorizationToken(string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(UserName + ":" + password));

    /// <summary>Whether an HTTP Basic <c>Authorization</c> value carries a password this server issued that has not expired.</summary>
    public bool Accepts(string? authorization)
    {
        if (authorization is null || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string pair;
        try
        {
            pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || pair[..colon] != UserName)
        {
            return false;
        }

        var password = pair[(colon + 1)..];
        var dot = password.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0 || !long.TryParse(password[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(password[..dot]));
        var given = Encoding.ASCII.GetBytes(password[(dot + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) && time.GetUtcNow().ToUnixTimeSeconds() < expires;
    }

    private string Sign(string stamp) => Convert.ToHexStringLower(HMACSHA256.HashData(key.Value, Encoding.ASCII.GetBytes("ecr-login:" + stamp)));

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllBytes(path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = RandomNumberGenerator.GetBytes(32);
        using (var file = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            file.Write(bytes);
        }

        return bytes;
    }
}
