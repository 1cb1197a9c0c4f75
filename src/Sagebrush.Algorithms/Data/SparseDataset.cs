namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Rows in compressed sparse row form (libsvm data): row r's entries are <see cref="Indices"/>/<see cref="Values"/>
/// from <c>RowStarts[r]</c> to <c>RowStarts[r + 1]</c>. An absent entry is a missing value, not a zero.
/// <see cref="Columns"/> is the largest index seen plus one (XGBoost's zero-based reading of libsvm indices).
/// </summary>
public sealed class SparseDataset(long[] rowStarts, uint[] indices, float[] values, float[]? labels, int columns, float[]? weights = null)
{
    public long[] RowStarts { get; } = rowStarts;

    public uint[] Indices { get; } = indices;

    public float[] Values { get; } = values;

    public float[]? Labels { get; } = labels;

    public float[]? Weights { get; } = weights;

    public int Rows => RowStarts.Length - 1;

    public int Columns { get; } = columns;

    /// <summary>The same rows as a dense matrix at least <paramref name="columns"/> wide, absent entries as <paramref name="missing"/>.</summary>
    public DenseDataset ToDense(float missing = float.NaN, int columns = 0)
    {
        var width = Math.Max(Columns, columns);
        var features = new float[(long)Rows * width];
        features.AsSpan().Fill(missing);
        for (var row = 0; row < Rows; row++)
        {
            var offset = (long)row * width;
            for (var entry = RowStarts[row]; entry < RowStarts[row + 1]; entry++)
            {
                features[offset + Indices[entry]] = Values[entry];
            }
        }

        return new DenseDataset(features, Labels, Rows, width, Weights);
    }
}
