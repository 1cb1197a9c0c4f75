namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>Linear Learner's predictor_type.</summary>
public enum PredictorType
{
    BinaryClassifier,
    MulticlassClassifier,
    Regressor,
}
