using System.Security.Cryptography;
using System.Text.Json;

namespace Sagebrush.Core.Identity;

/// <summary>
/// The server's one key pair. Taken from SAGEBRUSH_ACCESS_KEY_ID / SAGEBRUSH_SECRET_ACCESS_KEY when both are set;
/// otherwise generated on first start and kept in <c>credentials.json</c> in the data dir, readable only by its owner.
/// </summary>
public sealed record RootCredentials(string AccessKeyId, string SecretAccessKey)
{
    public const string AccessKeyVariable = "SAGEBRUSH_ACCESS_KEY_ID";
    public const string SecretKeyVariable = "SAGEBRUSH_SECRET_ACCESS_KEY";
    private const string FileName = "credentials.json";

    /// <summary>Keeps the secret out of logs and exception messages.</summary>
    public override string ToString() => $"RootCredentials {{ AccessKeyId = {AccessKeyId} }}";

    public static RootCredentials LoadOrCreate(string dataDir, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var fromEnvironment = (environment(AccessKeyVariable), environment(SecretKeyVariable));
        if (fromEnvironment is ({ Length: > 0 } id, { Length: > 0 } secret))
        {
            return new RootCredentials(id, secret);
        }

        var path = Path.Combine(dataDir, FileName);
        if (File.Exists(path))
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllText(path), CoreJsonContext.Default.RootCredentials);
            if (stored is { AccessKeyId.Length: > 0, SecretAccessKey.Length: > 0 })
            {
                return stored;
            }

            throw new InvalidDataException($"{path} holds no usable key pair; delete it to have a new one generated.");
        }

        Directory.CreateDirectory(dataDir);
        var created = Generate();
        var temp = path + ".tmp";
        // UnixCreateMode applies only to a file this call creates: a leftover temp file (from a crash before the
        // rename) would keep its own, possibly world-readable, mode. Remove it and insist on a new file.
        File.Delete(temp);
        using (var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            JsonSerializer.Serialize(stream, created, CoreJsonContext.Default.RootCredentials);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        return created;
    }

    /// <summary>Key ids look like AWS's: 20 upper-case characters starting with AKIA; secrets 40 base64-ish characters.</summary>
    public static RootCredentials Generate()
    {
        const string upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        const string secretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return new RootCredentials("AKIA" + RandomNumberGenerator.GetString(upper, 16), RandomNumberGenerator.GetString(secretAlphabet, 40));
    }
}
