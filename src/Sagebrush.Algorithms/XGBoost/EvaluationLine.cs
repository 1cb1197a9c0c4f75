using System.Globalization;
using System.Text;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>
/// One round's evaluation: XGBoost's <c>[3]\ttrain-rmse:0.12\tvalidation-rmse:0.2</c> parsed into scores, and written
/// back as the SageMaker XGBoost container logs it: five decimals (the Python package's EvaluationMonitor) and tabs
/// as <c>#011</c>, which is how the container's lines reach CloudWatch and what its metric definitions match.
/// </summary>
internal sealed record EvaluationLine(int Iteration, IReadOnlyList<EvaluationScore> Scores)
{
    public const string Tab = "#011";

    public static EvaluationLine Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var iteration = int.Parse(parts[0].AsSpan().Trim("[]"), NumberStyles.Integer, CultureInfo.InvariantCulture);
        var scores = new List<EvaluationScore>();
        foreach (var part in parts.Skip(1))
        {
            var colon = part.LastIndexOf(':');
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (colon < 0 || dash < 0 || dash > colon)
            {
                continue;
            }

            scores.Add(new EvaluationScore(part[..dash], part[(dash + 1)..colon], double.Parse(part.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return new EvaluationLine(iteration, scores);
    }

    public string Format()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{Iteration}]");
        foreach (var score in Scores)
        {
            text.Append(CultureInfo.InvariantCulture, $"{Tab}{score.DataSet}-{score.Metric}:{score.Value:F5}");
        }

        return text.ToString();
    }
}

/// <summary>One metric on one data set (<c>validation</c>, <c>auc</c>, 0.93).</summary>
internal sealed record EvaluationScore(string DataSet, string Metric, double Value);
