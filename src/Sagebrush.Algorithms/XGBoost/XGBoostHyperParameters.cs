using System.Globalization;
using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>
/// The XGBoost algorithm's hyperparameters with SageMaker's names, ranges and checks
/// (sagemaker-xgboost-container's hyperparameter_validation.py). Those the container uses itself (num_round,
/// early_stopping_rounds, csv_weights, _tuning_objective_metric) are properties; the rest go to the booster as
/// <see cref="BoosterParameters"/>, in the order given, with XGBoost's own defaults for what is absent.
/// Not supported yet: _kfold and _num_cv_round (cross-validation), checkpointing, GPU tree methods.
/// </summary>
internal sealed record XGBoostHyperParameters(
    int NumRound,
    int? EarlyStoppingRounds,
    bool CsvWeights,
    string Objective,
    int? NumClass,
    IReadOnlyList<string> EvalMetrics,
    IReadOnlyList<KeyValuePair<string, string>> BoosterParameters)
{
    public const string DefaultObjective = "reg:squarederror";

    public static readonly string[] Objectives =
    [
        "binary:logistic", "binary:logitraw", "binary:hinge", "count:poisson", "multi:softmax", "multi:softprob",
        "rank:pairwise", "rank:ndcg", "rank:map", "reg:linear", "reg:squarederror", "reg:logistic", "reg:gamma",
        "reg:squaredlogerror", "reg:pseudohubererror", "reg:absoluteerror", "reg:tweedie", "survival:cox",
    ];

    /// <summary>Metrics XGBoost maximizes (the rest it minimizes), as the Python package's early stopping decides.</summary>
    public static readonly string[] MaximizedMetrics = ["auc", "aucpr", "map", "ndcg"];

    private static readonly string[] MinimizedMetrics =
    [
        "rmse", "rmsle", "mae", "mape", "mphe", "logloss", "error", "merror", "mlogloss", "poisson-nloglik",
        "gamma-nloglik", "cox-nloglik", "gamma-deviance", "tweedie-nloglik", "aft-nloglik", "interval-regression-accuracy",
    ];

    // Read and range-checked as SageMaker does, but not passed on: XGBoost 1.7 no longer knows them.
    private static readonly string[] AcceptedNotPassed = ["silent", "dsplit", "lambda_bias", "save_model_on_termination"];

    public static XGBoostHyperParameters Parse(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var reader = new HyperParameterReader(values);
        var parameters = new List<KeyValuePair<string, string>>();
        void Pass(string name, object? value)
        {
            if (value is not null)
            {
                parameters.Add(new(name, Convert.ToString(value, CultureInfo.InvariantCulture)!));
            }
        }

        var numRound = reader.RequiredInt("num_round", Interval.AtLeast(1));
        var csvWeights = reader.OptionalInt("csv_weights", Interval.Closed(0, 1)) == 1;
        var earlyStopping = reader.OptionalInt("early_stopping_rounds", Interval.AtLeast(1));

        Pass("booster", reader.OptionalChoice("booster", "gbtree", "gblinear", "dart"));
        _ = reader.OptionalInt("silent", Interval.Closed(0, 1));
        Pass("verbosity", reader.OptionalInt("verbosity", Interval.Closed(0, 3)));
        Pass("nthread", reader.OptionalInt("nthread", Interval.AtLeast(1)));
        Pass("eta", reader.OptionalDouble("eta", Interval.Closed(0, 1)));
        Pass("gamma", reader.OptionalDouble("gamma", Interval.AtLeast(0)));
        Pass("max_depth", reader.OptionalInt("max_depth", Interval.AtLeast(0)));
        Pass("min_child_weight", reader.OptionalDouble("min_child_weight", Interval.AtLeast(0)));
        Pass("max_delta_step", reader.OptionalDouble("max_delta_step", Interval.AtLeast(0)));
        Pass("subsample", reader.OptionalDouble("subsample", new Interval(0, 1, MinOpen: true)));
        Pass("colsample_bytree", reader.OptionalDouble("colsample_bytree", new Interval(0, 1, MinOpen: true)));
        Pass("colsample_bylevel", reader.OptionalDouble("colsample_bylevel", new Interval(0, 1, MinOpen: true)));
        Pass("colsample_bynode", reader.OptionalDouble("colsample_bynode", new Interval(0, 1, MinOpen: true)));
        Pass("lambda", reader.OptionalDouble("lambda", Interval.AtLeast(0)));
        Pass("alpha", reader.OptionalDouble("alpha", Interval.AtLeast(0)));
        Pass("tree_method", TreeMethod(reader));
        Pass("sketch_eps", reader.OptionalDouble("sketch_eps", new Interval(0, 1, MinOpen: true, MaxOpen: true)));
        Pass("scale_pos_weight", reader.OptionalDouble("scale_pos_weight", Interval.Above(0)));
        Pass("updater", reader.Raw("updater"));
        _ = reader.OptionalChoice("dsplit", "row", "col");
        Pass("refresh_leaf", reader.OptionalInt("refresh_leaf", Interval.Closed(0, 1)));
        Pass("process_type", reader.OptionalChoice("process_type", "default", "update"));
        Pass("grow_policy", reader.OptionalChoice("grow_policy", "depthwise", "lossguide"));
        Pass("max_leaves", reader.OptionalInt("max_leaves", Interval.AtLeast(0)));
        Pass("max_bin", reader.OptionalInt("max_bin", Interval.AtLeast(0)));
        Pass("predictor", Predictor(reader));
        Pass("monotone_constraints", reader.Raw("monotone_constraints"));
        Pass("interaction_constraints", reader.Raw("interaction_constraints"));
        Pass("sample_type", reader.OptionalChoice("sample_type", "uniform", "weighted"));
        Pass("normalize_type", reader.OptionalChoice("normalize_type", "tree", "forest"));
        Pass("rate_drop", reader.OptionalDouble("rate_drop", Interval.Closed(0, 1)));
        Pass("one_drop", reader.OptionalInt("one_drop", Interval.Closed(0, 1)));
        Pass("skip_drop", reader.OptionalDouble("skip_drop", Interval.Closed(0, 1)));
        _ = reader.OptionalDouble("lambda_bias", Interval.Closed(0, 1));
        Pass("tweedie_variance_power", reader.OptionalDouble("tweedie_variance_power", new Interval(1, 2, MinOpen: true, MaxOpen: true)));
        Pass("base_score", reader.OptionalDouble("base_score", Interval.AtLeast(0)));
        Pass("seed", reader.OptionalInt("seed", Interval.Any));
        Pass("num_parallel_tree", reader.OptionalInt("num_parallel_tree", Interval.AtLeast(1)));
        Pass("max_cat_to_onehot", reader.OptionalInt("max_cat_to_onehot", Interval.AtLeast(1)));
        Pass("sampling_method", reader.OptionalChoice("sampling_method", "uniform", "gradient_based"));
        _ = reader.OptionalChoice("save_model_on_termination", "true", "false");

        var givenObjective = reader.OptionalChoice("objective", Objectives);
        var numClass = reader.OptionalInt("num_class", Interval.AtLeast(2));
        var objective = givenObjective ?? DefaultObjective;
        if (objective.StartsWith("multi:", StringComparison.Ordinal) && numClass is null)
        {
            throw AlgorithmException.HyperParameter("num_class", $"is required for multi-classification (objective '{objective}').");
        }

        if (givenObjective is null && numClass is not null)
        {
            throw AlgorithmException.HyperParameter("num_class", "is only for multi-classification: set objective to multi:softmax or multi:softprob.");
        }

        parameters.Insert(0, new("objective", objective));
        if (numClass is not null)
        {
            parameters.Add(new("num_class", numClass.Value.ToString(CultureInfo.InvariantCulture)));
        }

        var evalMetrics = ReadEvalMetrics(reader, objective);
        if (reader.FirstUnknown() is { } unknown)
        {
            // The XGBoost container's own words.
            throw new AlgorithmException($"ClientError: Extraneous hyperparameter found: {unknown}");
        }

        return new XGBoostHyperParameters(numRound, earlyStopping, csvWeights, objective, numClass, evalMetrics, parameters);
    }

    public static bool IsMaximized(string metric) =>
        metric != "mape" && MaximizedMetrics.Any(m => metric == m || metric.StartsWith(m + "@", StringComparison.Ordinal));

    private static string? TreeMethod(HyperParameterReader reader)
    {
        if (reader.Raw("tree_method") is { } text && text.Contains("gpu", StringComparison.Ordinal))
        {
            throw AlgorithmException.HyperParameter("tree_method", $"'{text}' needs a GPU: GPU training is not supported; use auto, exact, approx or hist.");
        }

        return reader.OptionalChoice("tree_method", "auto", "exact", "approx", "hist");
    }

    private static string? Predictor(HyperParameterReader reader)
    {
        if (reader.Raw("predictor") is { } text && text.Contains("gpu", StringComparison.Ordinal))
        {
            throw AlgorithmException.HyperParameter("predictor", "'gpu_predictor' needs a GPU: GPU prediction is not supported; use cpu_predictor.");
        }

        return reader.OptionalChoice("predictor", "cpu_predictor");
    }

    /// <summary>eval_metric's list, then the tuning objective's metric (<c>validation:auc</c> adds auc) when not already in it.</summary>
    private static List<string> ReadEvalMetrics(HyperParameterReader reader, string objective)
    {
        List<string> metrics = [];
        foreach (var metric in reader.List("eval_metric"))
        {
            CheckMetric("eval_metric", metric, objective);
            metrics.Add(metric);
        }

        if (reader.Raw(HyperParameterReader.TuningObjectiveMetric) is { Length: > 0 } tuning)
        {
            var colon = tuning.IndexOf(':', StringComparison.Ordinal);
            var metric = colon < 0 ? tuning : tuning[(colon + 1)..];
            CheckMetric(HyperParameterReader.TuningObjectiveMetric, metric, objective);
            if (!metrics.Contains(metric))
            {
                metrics.Add(metric);
            }
        }

        return metrics;
    }

    private static void CheckMetric(string name, string metric, string objective)
    {
        var at = metric.IndexOf('@', StringComparison.Ordinal);
        var baseName = at < 0 ? metric : metric[..at];
        if (at >= 0)
        {
            if (baseName is not ("error" or "ndcg" or "map"))
            {
                throw AlgorithmException.HyperParameter(name, $"has '{metric}': a threshold (metric@t) is only for error, ndcg and map.");
            }

            var threshold = metric[(at + 1)..].TrimEnd('-');
            if (!double.TryParse(threshold, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                throw AlgorithmException.HyperParameter(name, $"has '{metric}': the threshold t in '{baseName}@t' must be a number.");
            }
        }
        else if (!MaximizedMetrics.Contains(metric) && !MinimizedMetrics.Contains(metric))
        {
            throw AlgorithmException.HyperParameter(name, $"has '{metric}', which is not an XGBoost evaluation metric.");
        }

        if (baseName is "auc" or "aucpr" && !objective.StartsWith("binary:", StringComparison.Ordinal) && !objective.StartsWith("rank:", StringComparison.Ordinal))
        {
            throw AlgorithmException.HyperParameter(name, $"has '{metric}', which applies only to classification and ranking (binary:* or rank:* objectives), not '{objective}'.");
        }
    }
}
