using Sagebrush.Algorithms.XGBoost.Native;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>libxgboost's booster as an <see cref="IDenseModel"/>: in-place prediction with every tree.</summary>
internal sealed class BoosterModel(Booster booster) : IDenseModel
{
    public int Features { get; } = booster.NumFeatures;

    public float[] Predict(ReadOnlySpan<float> features, int rows, out int outputsPerRow) =>
        booster.PredictDense(features, rows, Features, out outputsPerRow);

    public void Dispose() => booster.Dispose();
}
