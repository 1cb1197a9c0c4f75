using System.Numerics.Tensors;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>
/// The first stage of SageMaker's k-means: one (or <c>epochs</c>) streaming pass of mini-batch k-means over the data
/// with K = k x extra_center_factor centers, seeded from the first mini-batch (init_method). Each point moves its
/// nearest center by 1/n (n = the points that center has taken so far, decayed by half_life_time_size when set).
/// The result is a weighted summary of the data (centers and their counts) that the local Lloyd stage reduces to k.
/// </summary>
internal static class StreamingKMeans
{
    public static (float[] Centers, float[] Weights) Summarize(DenseDataset data, KMeansHyperParameters hp, int centers, int cpuCount, Random random)
    {
        var columns = data.Columns;
        var firstBatch = Math.Min(Math.Max(hp.MiniBatchSize, centers), data.Rows);
        var current = Seeding.Choose(data.Features, firstBatch, columns, null, centers, hp.KMeansPlusPlusInit, random);
        var counts = new double[centers];
        var weights = new float[centers];
        var assignments = new int[Math.Min(hp.MiniBatchSize, data.Rows)];
        var decay = hp.HalfLifeTimeSize > 0 ? Math.Pow(0.5, 1.0 / hp.HalfLifeTimeSize) : 1;
        for (var epoch = 0; epoch < hp.Epochs; epoch++)
        {
            for (var start = 0; start < data.Rows; start += hp.MiniBatchSize)
            {
                var count = Math.Min(hp.MiniBatchSize, data.Rows - start);
                var search = new CenterSearch(current, centers, columns);
                search.Assign(data.Features, start, count, assignments, null, cpuCount);
                if (decay < 1)
                {
                    var factor = Math.Pow(decay, count);
                    for (var c = 0; c < centers; c++)
                    {
                        counts[c] *= factor;
                    }
                }

                for (var i = 0; i < count; i++)
                {
                    var c = assignments[i];
                    counts[c] += 1;
                    weights[c] += epoch == 0 ? 1 : 0;
                    var center = current.AsSpan(c * columns, columns);
                    var x = data.Features.AsSpan((start + i) * columns, columns);
                    // center += (x - center) / n, as center * (1 - 1/n) + x / n
                    var rate = (float)(1 / counts[c]);
                    TensorPrimitives.Multiply(center, 1 - rate, center);
                    TensorPrimitives.MultiplyAdd(x, rate, center, center);
                }
            }
        }

        // The weights the reduction uses are the points each center took (its decayed history only sets the step).
        return (current, weights);
    }
}
