using System.Globalization;
using System.IO.Compression;

namespace Sagebrush.Algorithms.Tests.Support;

/// <summary>
/// The datasets Debian's python3-sklearn ships as CSV under /usr/lib/python3/dist-packages/sklearn/datasets/data/,
/// read directly. Each row is returned label first, as Linear Learner's training CSV wants it.
/// </summary>
public static class SklearnDatasets
{
    private const string Directory = "/usr/lib/python3/dist-packages/sklearn/datasets/data";

    /// <summary>breast_cancer.csv, iris.csv, wine_data.csv: a first line of counts and names, then features, label last.</summary>
    public static List<float[]> LabelLast(string fileName) =>
        [.. File.ReadLines(Path.Combine(Directory, fileName)).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var values = Parse(line.Split(','));
            return (float[])[values[^1], .. values[..^1]];
        })];

    /// <summary>diabetes: the raw features (space separated) and the target, in two gzipped files.</summary>
    public static List<float[]> Diabetes()
    {
        var features = ReadGz("diabetes_data_raw.csv.gz");
        var target = ReadGz("diabetes_target.csv.gz");
        return [.. features.Zip(target, (x, y) => (float[])[y[0], .. x])];
    }

    /// <summary>A seeded shuffle split: the first <paramref name="testFraction"/> of the shuffled rows are the test set.</summary>
    public static (List<float[]> Train, List<float[]> Test) Split(List<float[]> rows, double testFraction, int seed)
    {
        var shuffled = rows.ToArray();
        new Random(seed).Shuffle(shuffled);
        var testCount = (int)Math.Round(rows.Count * testFraction);
        return ([.. shuffled.Skip(testCount)], [.. shuffled.Take(testCount)]);
    }

    private static List<float[]> ReadGz(string fileName)
    {
        using var stream = new GZipStream(File.OpenRead(Path.Combine(Directory, fileName)), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var rows = new List<float[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length > 0)
            {
                rows.Add(Parse(line.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)));
            }
        }

        return rows;
    }

    private static float[] Parse(string[] fields) =>
        [.. fields.Select(f => float.Parse(f, NumberStyles.Float, CultureInfo.InvariantCulture))];
}
