namespace Sagebrush.Algorithms.XGBoost;

/// <summary>What answers an XGBoost invocation: a model that predicts rows of dense floats (NaN missing).</summary>
public interface IDenseModel : IDisposable
{
    int Features { get; }

    float[] Predict(ReadOnlySpan<float> features, int rows, out int outputsPerRow);
}
