using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Sagebrush.Server.Protocol.Auth;

/// <summary>
/// Derived signing keys per (access key, date, region, service): four HMACs saved per request. Entries are keyed
/// by a hash of the secret rather than the secret itself, so a rotated secret misses the cache and no secret is
/// kept here.
/// </summary>
internal sealed class SigningKeyCache
{
    // A day's worth of keys for a handful of regions and services; past this the cache simply starts over.
    private const int MaxEntries = 512;

    private readonly ConcurrentDictionary<string, byte[]> _keys = new(StringComparer.Ordinal);

    public byte[] GetOrDerive(CredentialScope scope, string secretAccessKey)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(secretAccessKey);
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secretAccessKey)));
        var cacheKey = $"{scope.AccessKeyId}\n{fingerprint}\n{scope.Date}\n{scope.Region}\n{scope.Service}";
        if (_keys.TryGetValue(cacheKey, out var key))
        {
            return key;
        }

        if (_keys.Count >= MaxEntries)
        {
            _keys.Clear();
        }

        key = SigV4Signer.DeriveSigningKey(secretAccessKey, scope.Date, scope.Region, scope.Service);
        _keys[cacheKey] = key;
        return key;
    }
}
