using System.Globalization;
using System.Text;

namespace Sagebrush.Algorithms.Tests.Support;

/// <summary>Small CSV helpers for request bodies and reading back files a reference wrote.</summary>
public static class Csv
{
    public static string Rows(IEnumerable<float[]> rows) =>
        string.Concat(rows.Select(r => string.Join(',', r.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "\n"));

    public static List<float[]> Read(string path) =>
        [.. File.ReadLines(path).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => float.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())];

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
