using System.Diagnostics.CodeAnalysis;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms;

/// <summary>
/// Image repository name -> the algorithm that implements it. One line per entry (engineers add theirs in parallel).
/// </summary>
public static class AlgorithmRegistry
{
    private static readonly Dictionary<string, Func<IBuiltInAlgorithm>> Factories = new(StringComparer.Ordinal)
    {
        ["xgboost"] = () => new XGBoost.XGBoostAlgorithm(),
        ["sagemaker-xgboost"] = () => new XGBoost.XGBoostAlgorithm(),
        ["linear-learner"] = () => new LinearLearner.LinearLearnerAlgorithm(),
        ["kmeans"] = () => new KMeans.KMeansAlgorithm(),
        ["pca"] = () => new PCA.PcaAlgorithm(),
        ["xgboost-neo"] = () => new Neo.NeoXGBoostAlgorithm(),
    };

    public static IReadOnlyDictionary<string, Func<IBuiltInAlgorithm>> All => Factories;

    public static IEnumerable<string> Names => Factories.Keys.Order(StringComparer.Ordinal);

    public static bool TryCreate(string name, [NotNullWhen(true)] out IBuiltInAlgorithm? algorithm)
    {
        algorithm = Factories.TryGetValue(name, out var factory) ? factory() : null;
        return algorithm is not null;
    }
}
