namespace Sagebrush.Server.Tests.Support;

/// <summary>A temp directory per test, with seeded random files so runs are repeatable.</summary>
public sealed class TempFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("sagebrush-files-").FullName;

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public string Create(string relative, long size, int seed)
    {
        var path = Path(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var random = new Random(seed);
        var buffer = new byte[1024 * 1024];
        using var file = File.Create(path);
        for (var left = size; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(left, buffer.Length));
        }

        return path;
    }

    public static bool SameBytes(string a, string b)
    {
        using var first = File.OpenRead(a);
        using var second = File.OpenRead(b);
        if (first.Length != second.Length)
        {
            return false;
        }

        var left = new byte[81920];
        var right = new byte[81920];
        int read;
        while ((read = first.Read(left)) > 0)
        {
            second.ReadExactly(right, 0, read);
            if (!left.AsSpan(0, read).SequenceEqual(right.AsSpan(0, read)))
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
