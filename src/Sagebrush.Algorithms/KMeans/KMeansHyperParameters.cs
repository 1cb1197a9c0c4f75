using System.Text.Json;
using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>K-Means' hyperparameters with SageMaker's names, types and defaults ("K-Means Hyperparameters").</summary>
public sealed record KMeansHyperParameters
{
    public required int K { get; init; }

    public required int FeatureDim { get; init; }

    public int MiniBatchSize { get; init; }

    public int Epochs { get; init; }

    public bool KMeansPlusPlusInit { get; init; }

    public int LocalLloydMaxIter { get; init; }

    public double LocalLloydTol { get; init; }

    public bool LocalLloydKMeansPlusPlusInit { get; init; }

    /// <summary>null = auto.</summary>
    public int? LocalLloydNumTrials { get; init; }

    /// <summary>null = auto.</summary>
    public int? ExtraCenterFactor { get; init; }

    public int HalfLifeTimeSize { get; init; }

    public IReadOnlyList<string> EvalMetrics { get; init; } = ["msd"];

    public static KMeansHyperParameters Parse(IReadOnlyDictionary<string, string> values)
    {
        var read = new HyperParameterReader(values);
        _ = read.Bool("force_dense", true); // dense is all Sagebrush reads
        var parsed = new KMeansHyperParameters
        {
            K = read.RequiredInt("k", Interval.AtLeast(1)),
            FeatureDim = read.RequiredInt("feature_dim", Interval.AtLeast(1)),
            MiniBatchSize = read.Int("mini_batch_size", 5000, Interval.AtLeast(1)),
            Epochs = read.Int("epochs", 1, Interval.AtLeast(1)),
            KMeansPlusPlusInit = read.Choice("init_method", "random", "random", "kmeans++") == "kmeans++",
            LocalLloydMaxIter = read.Int("local_lloyd_max_iter", 300, Interval.AtLeast(1)),
            LocalLloydTol = read.Double("local_lloyd_tol", 0.0001, Interval.Closed(0, 1)),
            LocalLloydKMeansPlusPlusInit = read.Choice("local_lloyd_init_method", "kmeans++", "random", "kmeans++") == "kmeans++",
            LocalLloydNumTrials = read.IntOrAuto("local_lloyd_num_trials", Interval.AtLeast(1)),
            ExtraCenterFactor = read.IntOrAuto("extra_center_factor", Interval.AtLeast(1)),
            HalfLifeTimeSize = read.Int("half_life_time_size", 0, Interval.AtLeast(0)),
            EvalMetrics = ParseEvalMetrics(read.Raw("eval_metrics")),
        };
        read.RejectUnknown("kmeans");
        return parsed;
    }

    // SageMaker takes a JSON list ('["msd","ssd"]'); a bare name or a comma list is accepted too.
    private static string[] ParseEvalMetrics(string? raw)
    {
        if (raw is null)
        {
            return ["msd"];
        }

        string[] names;
        try
        {
            names = raw.StartsWith('[') ? JsonSerializer.Deserialize(raw, KMeansJson.Default.StringArray) ?? [] : raw.Split(',', StringSplitOptions.TrimEntries);
        }
        catch (JsonException)
        {
            throw AlgorithmException.HyperParameter("eval_metrics", $"must be a JSON list of \"msd\" and \"ssd\" (got '{raw}').");
        }

        if (names.Length == 0 || names.Any(n => n is not ("msd" or "ssd")))
        {
            throw AlgorithmException.HyperParameter("eval_metrics", $"must be a JSON list of \"msd\" and \"ssd\" (got '{raw}').");
        }

        return [.. names.Distinct()];
    }
}
