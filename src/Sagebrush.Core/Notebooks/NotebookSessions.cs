using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// Who may open a notebook instance's Jupyter. Each instance has an origin of its own,
/// <c>http://&lt;name&gt;.notebook.localhost:&lt;port&gt;</c> (browsers resolve every <c>*.localhost</c> name to the loopback),
/// so one notebook's pages can never read another's, or the API's. CreatePresignedNotebookInstanceUrl hands out a
/// URL with an <c>authToken</c> that signs one browser in, once, within 5 minutes; the browser then holds a session
/// cookie for that origin alone, good for SessionExpirationDurationInSeconds. Tokens and cookies are HMACs under a key
/// made when the server starts, so a restart signs everyone out (a new presigned URL signs in again).
/// </summary>
public sealed class NotebookSessions(NotebookOptions options, TimeProvider time, Func<Uri> serverAddress, string domain = NotebookSessions.DefaultDomain)
{
    public const string DefaultDomain = "notebook.localhost";
    public const string CookieName = "sagebrush-notebook-session";

    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, DateTimeOffset> redeemed = new(StringComparer.Ordinal);

    public string Domain => domain;

    /// <summary>DescribeNotebookInstance's Url: the instance's host and port, without a scheme, as SageMaker gives it.</summary>
    public string UrlOf(string name) =>
        string.Create(CultureInfo.InvariantCulture, $"{name.ToLowerInvariant()}.{domain}:{serverAddress().Port}");

    /// <summary>The notebook a request's host names (<c>&lt;name&gt;.notebook.localhost</c>), or null when it names none.</summary>
    public string? NotebookOf(string host)
    {
        var suffix = "." + domain;
        if (!host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var label = host[..^suffix.Length];
        return label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? label : null;
    }

    public string Presign(string name, TimeSpan session)
    {
        var expires = time.GetUtcNow() + options.PresignedUrlLifetime;
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var token = Sign(string.Create(CultureInfo.InvariantCulture, $"url|{name.ToLowerInvariant()}|{expires.ToUnixTimeSeconds()}|{(long)session.TotalSeconds}|{nonce}"));
        return $"http://{UrlOf(name)}/?authToken={token}";
    }

    /// <summary>
    /// Redeems a presigned URL's token for the notebook <paramref name="label"/>: the session cookie's value and when it
    /// expires, or null when the token is forged, for another notebook, expired or already used.
    /// </summary>
    public (string Cookie, DateTimeOffset Expires)? Redeem(string label, string token)
    {
        if (Verify(token) is not { Length: 5 } parts || parts[0] != "url" || !string.Equals(parts[1], label, StringComparison.OrdinalIgnoreCase)
            || !long.TryParse(parts[2], CultureInfo.InvariantCulture, out var expires) || !long.TryParse(parts[3], CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (now.ToUnixTimeSeconds() > expires || !redeemed.TryAdd(parts[4], DateTimeOffset.FromUnixTimeSeconds(expires)))
        {
            return null;
        }

        foreach (var (nonce, until) in redeemed)
        {
            if (until < now)
            {
                redeemed.TryRemove(nonce, out _);
            }
        }

        var sessionEnds = now + TimeSpan.FromSeconds(seconds);
        var cookie = Sign(string.Create(CultureInfo.InvariantCulture, $"session|{parts[1]}|{sessionEnds.ToUnixTimeSeconds()}"));
        return (cookie, sessionEnds);
    }

    /// <summary>Whether a session cookie signs its holder in to the notebook <paramref name="label"/> now.</summary>
    public bool IsSignedIn(string label, string? cookie) =>
        cookie is not null
        && Verify(cookie) is { Length: 3 } parts
        && parts[0] == "session"
        && string.Equals(parts[1], label, StringComparison.OrdinalIgnoreCase)
        && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ends)
        && time.GetUtcNow().ToUnixTimeSeconds() < ends;

    private string Sign(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url(bytes) + "." + Base64Url(HMACSHA256.HashData(key, bytes));
    }

    private string[]? Verify(string token)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 1024)
        {
            return null;
        }

        try
        {
            var payload = FromBase64Url(token[..dot]);
            var mac = FromBase64Url(token[(dot + 1)..]);
            return CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(key, payload))
                ? Encoding.UTF8.GetString(payload).Split('|')
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
