using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// Linear Learner's hyperparameters with SageMaker's names, types and defaults ("Linear learner hyperparameters").
/// Values SageMaker documents as <c>auto</c> are resolved here to the choice Sagebrush makes (see docs/algorithms.md).
/// </summary>
public sealed record LinearLearnerHyperParameters
{
    public required PredictorType PredictorType { get; init; }

    public int? FeatureDim { get; init; }

    public int NumClasses { get; init; }

    public int Epochs { get; init; }

    public int MiniBatchSize { get; init; }

    public double? LearningRate { get; init; }

    public string Optimizer { get; init; } = "adam";

    public double L1 { get; init; }

    public double Wd { get; init; }

    public LossKind Loss { get; init; }

    public bool NormalizeData { get; init; }

    public bool NormalizeLabel { get; init; }

    public bool UnbiasData { get; init; }

    public bool UnbiasLabel { get; init; }

    public int NumPointForScaler { get; init; }

    public int EarlyStoppingPatience { get; init; }

    public double EarlyStoppingTolerance { get; init; }

    public string SelectionCriteria { get; init; } = "accuracy";

    /// <summary>True when the user named binary_classifier_model_selection_criteria (early stopping then follows it).</summary>
    public bool SelectionCriteriaGiven { get; init; }

    public double TargetRecall { get; init; }

    public double TargetPrecision { get; init; }

    /// <summary>null = "balanced" (negatives / positives, computed from the data).</summary>
    public double? PositiveExampleWeightMult { get; init; }

    public bool UseBias { get; init; }

    public int NumModels { get; init; }

    public string InitMethod { get; init; } = "uniform";

    public double InitScale { get; init; }

    public double InitSigma { get; init; }

    public double InitBias { get; init; }

    public double Momentum { get; init; }

    public double Beta1 { get; init; }

    public double Beta2 { get; init; }

    public double BiasLrMult { get; init; }

    public double BiasWdMult { get; init; }

    public bool UseLrScheduler { get; init; }

    /// <summary>Batches between learning-rate decreases; null = once per epoch.</summary>
    public int? LrSchedulerStep { get; init; }

    public double LrSchedulerFactor { get; init; }

    public double LrSchedulerMinimumLr { get; init; }

    public double Margin { get; init; }

    public double Quantile { get; init; }

    public double LossInsensitivity { get; init; }

    public double HuberDelta { get; init; }

    public double FBeta { get; init; }

    public bool BalanceMulticlassWeights { get; init; }

    public int Classes => PredictorType == PredictorType.MulticlassClassifier ? NumClasses : 1;

    public static LinearLearnerHyperParameters Parse(IReadOnlyDictionary<string, string> values)
    {
        var read = new HyperParameterReader(values);
        var predictorType = read.RequiredChoice("predictor_type", "binary_classifier", "multiclass_classifier", "regressor") switch
        {
            "binary_classifier" => PredictorType.BinaryClassifier,
            "multiclass_classifier" => PredictorType.MulticlassClassifier,
            _ => PredictorType.Regressor,
        };

        var numClasses = 1;
        if (predictorType == PredictorType.MulticlassClassifier)
        {
            numClasses = read.OptionalInt("num_classes", Interval.Closed(3, 1_000_000))
                ?? throw AlgorithmException.HyperParameter("num_classes", "is required when predictor_type is multiclass_classifier.");
        }
        else
        {
            _ = read.Raw("num_classes"); // a known name for every predictor type; only multiclass_classifier uses it
        }

        var loss = ParseLoss(read, predictorType);
        var optimizer = read.Choice("optimizer", "auto", "auto", "sgd", "adam", "rmsprop");
        var normalizeData = read.BoolOrAuto("normalize_data") ?? true;
        var normalizeLabel = read.BoolOrAuto("normalize_label") ?? predictorType == PredictorType.Regressor;
        var weightMult = read.Raw("positive_example_weight_mult") switch
        {
            null => 1.0,
            var v when HyperParameterReader.IsAuto(v) => 1.0,
            var v when v.Equals("balanced", StringComparison.OrdinalIgnoreCase) => (double?)null,
            _ => read.Double("positive_example_weight_mult", 1, Interval.Positive),
        };

        return new LinearLearnerHyperParameters
        {
            PredictorType = predictorType,
            FeatureDim = read.IntOrAuto("feature_dim", Interval.AtLeast(1)),
            NumClasses = numClasses,
            Epochs = read.Int("epochs", 15, Interval.AtLeast(1)),
            MiniBatchSize = read.Int("mini_batch_size", 1000, Interval.AtLeast(1)),
            LearningRate = read.DoubleOrAuto("learning_rate", Interval.Positive),
            Optimizer = optimizer == "auto" ? "adam" : optimizer,
            L1 = read.DoubleOrAuto("l1", Interval.NonNegative) ?? 0,
            Wd = read.DoubleOrAuto("wd", Interval.NonNegative) ?? 0,
            Loss = loss,
            NormalizeData = normalizeData,
            NormalizeLabel = normalizeLabel && predictorType == PredictorType.Regressor,
            UnbiasData = read.BoolOrAuto("unbias_data") ?? normalizeData,
            UnbiasLabel = (read.BoolOrAuto("unbias_label") ?? normalizeLabel) && predictorType == PredictorType.Regressor,
            NumPointForScaler = read.Int("num_point_for_scaler", 10_000, Interval.AtLeast(1)),
            EarlyStoppingPatience = read.Int("early_stopping_patience", 3, Interval.AtLeast(1)),
            EarlyStoppingTolerance = read.Double("early_stopping_tolerance", 0.001, Interval.Positive),
            SelectionCriteria = read.Choice("binary_classifier_model_selection_criteria", "accuracy",
                "accuracy", "f_beta", "precision_at_target_recall", "recall_at_target_precision", "cross_entropy_loss", "loss_function"),
            SelectionCriteriaGiven = read.Raw("binary_classifier_model_selection_criteria") is not null,
            TargetRecall = read.Double("target_recall", 0.8, Interval.OpenUnit),
            TargetPrecision = read.Double("target_precision", 0.8, Interval.OpenUnit),
            PositiveExampleWeightMult = weightMult,
            UseBias = read.Bool("use_bias", true),
            NumModels = read.IntOrAuto("num_models", Interval.Closed(1, 64)) ?? 4,
            InitMethod = read.Choice("init_method", "uniform", "uniform", "normal"),
            InitScale = read.Double("init_scale", 0.07, Interval.Positive),
            InitSigma = read.Double("init_sigma", 0.01, Interval.Positive),
            InitBias = read.Double("init_bias", 0, Interval.Any),
            Momentum = read.DoubleOrAuto("momentum", Interval.HalfOpenUnit) ?? 0,
            Beta1 = read.DoubleOrAuto("beta_1", Interval.HalfOpenUnit) ?? 0.9,
            Beta2 = read.DoubleOrAuto("beta_2", Interval.HalfOpenUnit) ?? 0.999,
            BiasLrMult = read.DoubleOrAuto("bias_lr_mult", Interval.Positive) ?? 10,
            BiasWdMult = read.DoubleOrAuto("bias_wd_mult", Interval.NonNegative) ?? 0,
            UseLrScheduler = read.Bool("use_lr_scheduler", true),
            LrSchedulerStep = read.IntOrAuto("lr_scheduler_step", Interval.AtLeast(1)),
            LrSchedulerFactor = read.DoubleOrAuto("lr_scheduler_factor", Interval.OpenUnit) ?? 0.9,
            LrSchedulerMinimumLr = read.DoubleOrAuto("lr_scheduler_minimum_lr", Interval.Positive) ?? 1e-5,
            Margin = read.Double("margin", 1.0, Interval.NonNegative),
            Quantile = read.Double("quantile", 0.5, Interval.OpenUnit),
            LossInsensitivity = read.Double("loss_insensitivity", 0.01, Interval.Positive),
            HuberDelta = read.Double("huber_delta", 1.0, Interval.NonNegative),
            FBeta = read.Double("f_beta", 1.0, Interval.Positive),
            BalanceMulticlassWeights = read.Bool("balance_multiclass_weights", false),
        }.Validated(read);
    }

    private LinearLearnerHyperParameters Validated(HyperParameterReader read)
    {
        // Parsed for validation only: Sagebrush computes top-1 accuracy and calibrates on the whole validation set.
        _ = read.Int("accuracy_top_k", 3, Interval.Closed(1, 1_000_000));
        _ = read.Int("num_calibration_samples", 10_000_000, Interval.AtLeast(1));
        read.RejectUnknown("linear-learner");
        return this;
    }

    private static LossKind ParseLoss(HyperParameterReader read, PredictorType predictorType)
    {
        var loss = read.Choice("loss", "auto", "auto", "logistic", "squared_loss", "absolute_loss", "hinge_loss",
            "eps_insensitive_squared_loss", "eps_insensitive_absolute_loss", "quantile_loss", "huber_loss", "softmax_loss");
        var kind = loss switch
        {
            "auto" => predictorType switch
            {
                PredictorType.BinaryClassifier => LossKind.Logistic,
                PredictorType.MulticlassClassifier => LossKind.Softmax,
                _ => LossKind.Squared,
            },
            "logistic" => LossKind.Logistic,
            "hinge_loss" => LossKind.Hinge,
            "softmax_loss" => LossKind.Softmax,
            "squared_loss" => LossKind.Squared,
            "absolute_loss" => LossKind.Absolute,
            "eps_insensitive_squared_loss" => LossKind.EpsInsensitiveSquared,
            "eps_insensitive_absolute_loss" => LossKind.EpsInsensitiveAbsolute,
            "quantile_loss" => LossKind.Quantile,
            _ => LossKind.Huber,
        };

        var fits = predictorType switch
        {
            PredictorType.BinaryClassifier => kind is LossKind.Logistic or LossKind.Hinge,
            PredictorType.MulticlassClassifier => kind is LossKind.Softmax,
            _ => kind is not (LossKind.Logistic or LossKind.Hinge or LossKind.Softmax),
        };

        return fits ? kind : throw AlgorithmException.HyperParameter("loss", $"'{loss}' does not apply to predictor_type {PredictorTypeName(predictorType)}.");
    }

    public static string PredictorTypeName(PredictorType type) => type switch
    {
        PredictorType.BinaryClassifier => "binary_classifier",
        PredictorType.MulticlassClassifier => "multiclass_classifier",
        _ => "regressor",
    };

    public static string LossName(LossKind loss) => loss switch
    {
        LossKind.Logistic => "logistic",
        LossKind.Hinge => "hinge_loss",
        LossKind.Softmax => "softmax_loss",
        LossKind.Squared => "squared_loss",
        LossKind.Absolute => "absolute_loss",
        LossKind.EpsInsensitiveSquared => "eps_insensitive_squared_loss",
        LossKind.EpsInsensitiveAbsolute => "eps_insensitive_absolute_loss",
        LossKind.Quantile => "quantile_loss",
        _ => "huber_loss",
    };
}
