namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>Linear Learner's loss hyperparameter, resolved (auto is logistic, softmax_loss or squared_loss).</summary>
public enum LossKind
{
    Logistic,
    Hinge,
    Softmax,
    Squared,
    Absolute,
    EpsInsensitiveSquared,
    EpsInsensitiveAbsolute,
    Quantile,
    Huber,
}
