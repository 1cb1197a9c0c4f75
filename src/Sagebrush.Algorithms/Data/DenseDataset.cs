namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Rows of numbers held as one row-major float array (features) and, for labelled data, one label per row.
/// <see cref="Weights"/> is set when the data carried per-row weights (XGBoost's csv_weights).
/// </summary>
public sealed class DenseDataset(float[] features, float[]? labels, int rows, int columns, float[]? weights = null)
{
    public float[] Features { get; } = features;

    public float[]? Labels { get; } = labels;

    public float[]? Weights { get; } = weights;

    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * Columns, Columns);
}
