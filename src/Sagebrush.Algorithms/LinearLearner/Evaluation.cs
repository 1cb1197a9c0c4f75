namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>A model's quality on one data set, in the label's own units.</summary>
internal sealed record Evaluation(double ObjectiveLoss, BinaryMetrics? Binary, double MulticlassAccuracy, double Mse, double AbsoluteLoss);
