using System.Security.Cryptography;

namespace Sagebrush.Core.Storage.Objects.Encryption;

/// <summary>
/// The object store's master key: 32 random bytes made on first use in <c>&lt;objects&gt;/master.key</c> (0600, in the
/// 0700 data directory), never sent anywhere. It wraps each SSE-S3 and SSE-KMS object's own data key; anyone holding
/// the data directory holds it too, so it protects against a copied disk image only together with the key file being
/// kept elsewhere (docs/compatibility.md).
/// </summary>
internal sealed class MasterKey(string path)
{
    private readonly Lazy<byte[]> key = new(() => LoadOrCreate(path));

    public byte[] Bytes => key.Value;

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            return existing.Length == 32 ? existing : throw new InvalidDataException($"The object store's master key {path} is not 32 bytes: restore it from a backup; objects encrypted under it cannot be read without it.");
        }

        var made = RandomNumberGenerator.GetBytes(32);
        var temp = path + ".new";
        using (var file = new FileStream(temp, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            file.Write(made);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path);
        return made;
    }
}
