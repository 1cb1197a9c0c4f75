using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// The metrics SageMaker's built-in algorithms define for themselves, with the regular expressions that find them in
/// the algorithm's log (the lines Sagebrush.Algorithms prints in each container's own format). They feed
/// FinalMetricDataList and the metric history, and are what a tuning job's objective may name for a built-in image.
/// </summary>
public static class BuiltInAlgorithmMetrics
{
    private const string Number = @"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)";

    private static readonly string[] XGBoostMetrics =
        ["rmse", "rmsle", "mae", "mape", "mphe", "logloss", "error", "merror", "mlogloss", "auc", "aucpr", "ndcg", "map", "poisson-nloglik", "gamma-nloglik", "cox-nloglik", "gamma-deviance", "tweedie-nloglik", "f1", "accuracy", "mse", "r2"];

    private static readonly Dictionary<string, IReadOnlyList<MetricDefinition>> Table = new(StringComparer.Ordinal)
    {
        ["xgboost"] = XGBoost(),
        ["sagemaker-xgboost"] = XGBoost(),
        ["linear-learner"] =
        [
            Epoch("train", "objective_loss"),
            Epoch("validation", "objective_loss"),
            Epoch("validation", "binary_classification_accuracy"),
            Epoch("validation", "binary_f_beta"),
            Epoch("validation", "precision"),
            Epoch("validation", "recall"),
            Epoch("validation", "multiclass_accuracy"),
            Epoch("validation", "mse"),
            Epoch("validation", "absolute_loss"),
            Epoch("validation", "rmse"),
            Test("objective_loss"),
            Test("binary_classification_accuracy"),
            Test("binary_f_beta"),
            Test("precision"),
            Test("recall"),
            Test("multiclass_accuracy"),
            Test("mse"),
            Test("absolute_loss"),
            Test("rmse"),
        ],
        ["kmeans"] = [Test("msd"), Test("ssd")],
        ["pca"] = [],
    };

    /// <summary>The image's built-in metrics (empty for an image that is not a built-in algorithm).</summary>
    public static IReadOnlyList<MetricDefinition> For(string imageName) =>
        Table.TryGetValue(imageName, out var metrics) ? metrics : [];

    // The XGBoost container logs `[12]#011train-rmse:0.1234#011validation-rmse:0.2345` (#011 is rsyslog's tab).
    private static List<MetricDefinition> XGBoost() =>
    [
        .. from channel in new[] { "train", "validation" }
           from metric in XGBoostMetrics
           select new MetricDefinition { Name = $"{channel}:{metric}", Regex = $@".*\[[0-9]+\].*#011{channel}-{metric}:{Number}.*" },
    ];

    // Linear Learner logs `#quality_metric: host=algo-1, epoch=3, validation binary_classification_accuracy <score>=0.95`.
    private static MetricDefinition Epoch(string channel, string metric) =>
        new() { Name = $"{channel}:{metric}", Regex = $@"#quality_metric: host=\S+, epoch=\S+, {channel} {metric} <\S+>={Number}" };

    // The test channel's scores come once, at the end: `#test_score (algo-1) : ('msd', 1.2345)`.
    private static MetricDefinition Test(string metric) =>
        new() { Name = $"test:{metric}", Regex = $@"#test_score \(\S+\) : \('{metric}', {Number}\)" };
}
