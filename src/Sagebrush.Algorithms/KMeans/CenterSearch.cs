using System.Numerics.Tensors;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>
/// Nearest-center search over a fixed set of centers (row-major, <c>columns</c> wide): squared distance as
/// |x|^2 - 2 x.c + |c|^2 with the center norms computed once, so each center costs one dot product.
/// </summary>
internal sealed class CenterSearch
{
    private readonly float[] _centers;
    private readonly float[] _norms;
    private readonly int _columns;

    public CenterSearch(float[] centers, int count, int columns)
    {
        _centers = centers;
        _columns = columns;
        Count = count;
        _norms = new float[count];
        for (var c = 0; c < count; c++)
        {
            var center = centers.AsSpan(c * columns, columns);
            _norms[c] = TensorPrimitives.Dot(center, center);
        }
    }

    public int Count { get; }

    public (int Index, float SquaredDistance) Nearest(ReadOnlySpan<float> x)
    {
        var best = 0;
        var bestValue = float.PositiveInfinity;
        for (var c = 0; c < Count; c++)
        {
            var value = _norms[c] - (2 * TensorPrimitives.Dot(x, _centers.AsSpan(c * _columns, _columns)));
            if (value < bestValue)
            {
                bestValue = value;
                best = c;
            }
        }

        return (best, Math.Max(0, bestValue + TensorPrimitives.Dot(x, x)));
    }

    /// <summary>Assigns rows [start, start + count) in parallel; returns the sum of squared distances.</summary>
    public double Assign(float[] features, int start, int count, int[] assignments, float[]? distances, int cpuCount)
    {
        var blocks = Math.Max(1, Math.Min(cpuCount * 4, (count + 255) / 256));
        var partial = new double[blocks];
        var columns = _columns;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, cpuCount) }, block =>
        {
            var from = start + (int)((long)count * block / blocks);
            var to = start + (int)((long)count * (block + 1) / blocks);
            double sum = 0;
            for (var r = from; r < to; r++)
            {
                var (index, distance) = Nearest(features.AsSpan(r * columns, columns));
                assignments[r - start] = index;
                if (distances is not null)
                {
                    distances[r - start] = distance;
                }

                sum += distance;
            }

            partial[block] = sum;
        });
        return partial.Sum();
    }
}
