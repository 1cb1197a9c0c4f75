using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.PCA;

/// <summary>PCA's hyperparameters with SageMaker's names, types and defaults ("PCA Hyperparameters").</summary>
public sealed record PcaHyperParameters
{
    public required int FeatureDim { get; init; }

    /// <summary>Required by SageMaker; here it sets how many rows each worker accumulates at a time.</summary>
    public required int MiniBatchSize { get; init; }

    public required int NumComponents { get; init; }

    public bool Randomized { get; init; }

    /// <summary>The sketch's extra width in randomized mode; -1 = max(10, num_components).</summary>
    public int ExtraComponents { get; init; }

    public bool SubtractMean { get; init; }

    public int SketchWidth => NumComponents + (ExtraComponents < 0 ? Math.Max(10, NumComponents) : ExtraComponents);

    public static PcaHyperParameters Parse(IReadOnlyDictionary<string, string> values)
    {
        var read = new HyperParameterReader(values);
        var featureDim = read.RequiredInt("feature_dim", Interval.AtLeast(1));
        var numComponents = read.RequiredInt("num_components", Interval.AtLeast(1));
        if (numComponents > featureDim)
        {
            throw AlgorithmException.HyperParameter("num_components", $"is {numComponents} but must not exceed feature_dim ({featureDim}).");
        }

        var parsed = new PcaHyperParameters
        {
            FeatureDim = featureDim,
            MiniBatchSize = read.RequiredInt("mini_batch_size", Interval.AtLeast(1)),
            NumComponents = numComponents,
            Randomized = read.Choice("algorithm_mode", "regular", "regular", "randomized") == "randomized",
            ExtraComponents = read.Int("extra_components", -1, Interval.AtLeast(-1)),
            SubtractMean = read.Bool("subtract_mean", true),
        };
        read.RejectUnknown("pca");
        return parsed;
    }
}
