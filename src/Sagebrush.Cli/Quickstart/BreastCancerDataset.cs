using System.Globalization;
using System.Text;

namespace Sagebrush.Cli.Quickstart;

/// <summary>
/// The Wisconsin breast cancer dataset as scikit-learn ships it (Debian's python3-sklearn): 569 rows of 30 features,
/// target last (0 malignant, 1 benign). Shuffled with a fixed seed and split 70/15/15 into label-first, headerless
/// CSV, the layout SageMaker's built-in XGBoost reads.
/// </summary>
internal sealed record BreastCancerDataset(IReadOnlyList<string> Train, IReadOnlyList<string> Validation, IReadOnlyList<string> Test)
{
    public const string DefaultPath = "/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv";

    public static BreastCancerDataset Load(string path, int seed = 42)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The quickstart's dataset is not at {path}; install it with `apt-get install python3-sklearn` (./scripts/quickstart does).", path);
        }

        var rows = File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(LabelFirst).ToList();
        var random = new Random(seed);
        for (var i = rows.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }

        var trainCount = rows.Count * 70 / 100;
        var validationCount = rows.Count * 15 / 100;
        return new BreastCancerDataset(rows[..trainCount], rows[trainCount..(trainCount + validationCount)], rows[(trainCount + validationCount)..]);
    }

    public static byte[] ToCsv(IEnumerable<string> rows) => Encoding.UTF8.GetBytes(string.Concat(rows.Select(r => r + "\n")));

    /// <summary>The label of a label-first row.</summary>
    public static int Label(string row) => int.Parse(row.AsSpan(0, row.IndexOf(',', StringComparison.Ordinal)), CultureInfo.InvariantCulture);

    /// <summary>The features of a label-first row, as InvokeEndpoint takes them.</summary>
    public static string Features(string row) => row[(row.IndexOf(',', StringComparison.Ordinal) + 1)..];

    private static string LabelFirst(string line)
    {
        var last = line.LastIndexOf(',');
        return line[(last + 1)..].Trim() + "," + line[..last];
    }
}
