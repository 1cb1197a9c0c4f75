using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// Linear Learner's preprocessing: the mean and standard deviation of every feature (and of the label, for a
/// regressor) from the first <c>num_point_for_scaler</c> rows of the (already shuffled) training data. A feature with
/// no spread keeps scale 1. The trained weights are folded back into the original units, so inference never scales.
/// </summary>
internal sealed class FeatureScaler
{
    public required double[] Shift { get; init; }

    public required double[] Scale { get; init; }

    public double LabelShift { get; init; }

    public double LabelScale { get; init; } = 1;

    public static FeatureScaler Fit(DenseDataset data, LinearLearnerHyperParameters hp)
    {
        var rows = Math.Min(data.Rows, hp.NumPointForScaler);
        var d = data.Columns;
        var mean = new double[d];
        var sumSquares = new double[d];
        for (var r = 0; r < rows; r++)
        {
            var row = data.Row(r);
            for (var j = 0; j < d; j++)
            {
                mean[j] += row[j];
            }
        }

        for (var j = 0; j < d; j++)
        {
            mean[j] /= rows;
        }

        for (var r = 0; r < rows; r++)
        {
            var row = data.Row(r);
            for (var j = 0; j < d; j++)
            {
                var delta = row[j] - mean[j];
                sumSquares[j] += delta * delta;
            }
        }

        var shift = hp.UnbiasData ? mean : new double[d];
        var scale = new double[d];
        for (var j = 0; j < d; j++)
        {
            var std = Math.Sqrt(sumSquares[j] / rows);
            scale[j] = hp.NormalizeData && std > 1e-12 ? std : 1;
        }

        double labelMean = 0, labelSquares = 0;
        var labels = data.Labels!;
        for (var r = 0; r < rows; r++)
        {
            labelMean += labels[r];
        }

        labelMean /= rows;
        for (var r = 0; r < rows; r++)
        {
            labelSquares += (labels[r] - labelMean) * (labels[r] - labelMean);
        }

        var labelStd = Math.Sqrt(labelSquares / rows);
        return new FeatureScaler
        {
            Shift = shift,
            Scale = scale,
            LabelShift = hp.UnbiasLabel ? labelMean : 0,
            LabelScale = hp.NormalizeLabel && labelStd > 1e-12 ? labelStd : 1,
        };
    }

    /// <summary>Scales the features in place (the training copy is ours to change).</summary>
    public void Apply(float[] features, int columns)
    {
        var shift = Array.ConvertAll(Shift, v => (float)v);
        var inverse = Array.ConvertAll(Scale, v => (float)(1 / v));
        Parallel.For(0, (features.Length / columns + 4095) / 4096, block =>
        {
            var end = Math.Min((block + 1) * 4096, features.Length / columns);
            for (var r = block * 4096; r < end; r++)
            {
                var row = features.AsSpan(r * columns, columns);
                System.Numerics.Tensors.TensorPrimitives.Subtract(row, shift, row);
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, inverse, row);
            }
        });
    }

    public float[] ScaleLabels(float[] labels) =>
        Array.ConvertAll(labels, y => (float)((y - LabelShift) / LabelScale));
}
