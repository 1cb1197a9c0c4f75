using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>
/// Sagebrush's addition after SageMaker's two stages: a few Lloyd iterations on the full training data (which
/// Sagebrush holds in memory anyway), starting from the reduced centers, until the sum of squared distances improves
/// by less than local_lloyd_tol (relative) or <see cref="MaxPasses"/> passes. Starting from a good solution this
/// only lowers the loss, and it brings the result to what Lloyd's algorithm on the whole data reaches.
/// </summary>
internal static class FullDataRefinement
{
    public const int MaxPasses = 10;

    public static float[] Refine(DenseDataset data, float[] centers, int k, double tolerance, int cpuCount)
    {
        var columns = data.Columns;
        var assignments = new int[data.Rows];
        var previous = double.PositiveInfinity;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var loss = new CenterSearch(centers, k, columns).Assign(data.Features, 0, data.Rows, assignments, null, cpuCount);
            if (pass > 0 && previous - loss <= tolerance * previous)
            {
                break;
            }

            previous = loss;
            var blocks = Math.Max(1, cpuCount);
            var sums = new double[blocks][];
            var counts = new long[blocks][];
            Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = blocks }, block =>
            {
                var sum = sums[block] = new double[k * columns];
                var count = counts[block] = new long[k];
                var from = (int)((long)data.Rows * block / blocks);
                var to = (int)((long)data.Rows * (block + 1) / blocks);
                for (var r = from; r < to; r++)
                {
                    var c = assignments[r];
                    count[c]++;
                    var offset = c * columns;
                    var x = data.Features.AsSpan(r * columns, columns);
                    for (var j = 0; j < columns; j++)
                    {
                        sum[offset + j] += x[j];
                    }
                }
            });

            for (var c = 0; c < k; c++)
            {
                long total = 0;
                for (var b = 0; b < blocks; b++)
                {
                    total += counts[b][c];
                }

                if (total == 0)
                {
                    continue; // an empty cluster keeps its center
                }

                for (var j = 0; j < columns; j++)
                {
                    double value = 0;
                    for (var b = 0; b < blocks; b++)
                    {
                        value += sums[b][(c * columns) + j];
                    }

                    centers[(c * columns) + j] = (float)(value / total);
                }
            }
        }

        return centers;
    }
}
