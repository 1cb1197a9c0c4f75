using System.Collections.Concurrent;
using System.Globalization;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.XGBoost;
using Sagebrush.Core.Tests.Tuning.Search;
using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Bench.Tuning;

/// <summary>
/// The suite's real problem: Sagebrush's built-in XGBoost (the algorithm a training job of the xgboost image runs,
/// called in-process, one thread, so a configuration always scores the same) on the Wisconsin breast-cancer data
/// Debian ships with scikit-learn (569 rows, 30 features), a fixed shuffled 70/30 split, 50 rounds of
/// binary:logistic. The objective is validation:logloss as the algorithm logs it after the last round (what a tuning
/// job's metric regex reads), minimised over booster (gbtree, dart, gblinear), max_depth 1-10, eta 0.001-1
/// (logarithmic) and subsample 0.5-1. Its optimum is not known in closed form: the suite takes the best value any
/// run found. Results are cached per configuration: the strategies ask for the same point often.
/// </summary>
internal sealed class XGBoostProblem : IDisposable
{
    public const string DataFile = "/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv";

    private readonly string directory = Directory.CreateTempSubdirectory("sagebrush-bench-xgb-").FullName;
    private readonly ConcurrentDictionary<string, double> cache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrainingChannelData> channels;

    public XGBoostProblem()
    {
        var rows = File.ReadLines(DataFile).Skip(1).Select(line => line.Split(',')).ToList();
        var shuffled = rows.OrderBy(_ => 0).ToArray();
        new Random(7).Shuffle(shuffled);
        var cut = (int)(shuffled.Length * 0.7);
        channels = new Dictionary<string, TrainingChannelData>(StringComparer.Ordinal)
        {
            ["train"] = Write("train", shuffled[..cut]),
            ["validation"] = Write("validation", shuffled[cut..]),
        };
        Objective = new SearchObjective(
            "Built-in XGBoost, breast cancer",
            new ParameterSpace([
                new CategoricalParameterRange("booster", ["gbtree", "dart", "gblinear"]),
                new IntegerParameterRange("max_depth", 1, 10, ScalingType.Linear),
                new ContinuousParameterRange("eta", 0.001, 1, ScalingType.Logarithmic),
                new ContinuousParameterRange("subsample", 0.5, 1, ScalingType.Linear),
            ]),
            ObjectiveDirection.Minimize,
            Evaluate,
            double.NaN);
    }

    /// <summary>The problem; its Optimum is NaN until the suite sets the best value found.</summary>
    public SearchObjective Objective { get; }

    public int Evaluations => cache.Count;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private double Evaluate(IReadOnlyDictionary<string, string> tuned) =>
        cache.GetOrAdd(string.Join(',', tuned.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)), _ => Train(tuned));

    private double Train(IReadOnlyDictionary<string, string> tuned)
    {
        var hyperParameters = new Dictionary<string, string>(tuned, StringComparer.Ordinal)
        {
            ["objective"] = "binary:logistic",
            ["eval_metric"] = "logloss",
            ["num_round"] = "50",
        };
        var model = Directory.CreateTempSubdirectory("model-").FullName;
        var log = new LastLine();
        try
        {
            new XGBoostAlgorithm().Train(new TrainingContext(hyperParameters, channels, model, model, CpuCount: 1, log));
        }
        finally
        {
            Directory.Delete(model, recursive: true);
        }

        // "[49]#011train-logloss:0.01234#011validation-logloss:0.09876"
        var field = log.Line!.Split("#011").Single(f => f.StartsWith("validation-logloss:", StringComparison.Ordinal));
        return double.Parse(field["validation-logloss:".Length..], CultureInfo.InvariantCulture);
    }

    private TrainingChannelData Write(string name, string[][] rows)
    {
        var channel = Path.Combine(directory, name);
        Directory.CreateDirectory(channel);
        // The built-in algorithm's CSV: the label first, no header. The file's label is its last column.
        File.WriteAllLines(Path.Combine(channel, $"{name}.csv"), rows.Select(r => string.Join(',', [r[^1], .. r[..^1]])));
        return new TrainingChannelData(name, channel, "text/csv");
    }

    private sealed class LastLine : IAlgorithmLog
    {
        public string? Line { get; private set; }

        public void Info(string line)
        {
            if (line.Contains("validation-logloss:", StringComparison.Ordinal))
            {
                Line = line;
            }
        }
    }
}
