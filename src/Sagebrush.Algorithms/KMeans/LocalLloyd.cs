namespace Sagebrush.Algorithms.KMeans;

/// <summary>
/// The second stage of SageMaker's k-means: weighted Lloyd iterations on the summary points, from
/// local_lloyd_init_method seeds, local_lloyd_num_trials times; the trial with the lowest weighted sum of squared
/// distances wins. A cluster left empty is moved to the point that is farthest (by weight x squared distance) from its
/// center. Trials run in parallel.
/// </summary>
internal static class LocalLloyd
{
    public static float[] Reduce(float[] points, float[] weights, int count, int columns, KMeansHyperParameters hp, int trials, int seed, int cpuCount)
    {
        var results = new (float[] Centers, double Loss)[trials];
        Parallel.For(0, trials, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, cpuCount) }, trial =>
        {
            var random = new Random(seed + trial);
            var centers = Seeding.Choose(points, count, columns, weights, hp.K, hp.LocalLloydKMeansPlusPlusInit, random);
            results[trial] = Iterate(points, weights, count, columns, centers, hp);
        });
        return results.MinBy(r => r.Loss).Centers;
    }

    private static (float[] Centers, double Loss) Iterate(float[] points, float[] weights, int count, int columns, float[] centers, KMeansHyperParameters hp)
    {
        var k = hp.K;
        var assignments = new int[count];
        var distances = new float[count];
        var sums = new double[k * columns];
        var totals = new double[k];
        var previous = double.PositiveInfinity;
        var loss = previous;
        for (var iteration = 0; iteration < hp.LocalLloydMaxIter; iteration++)
        {
            var search = new CenterSearch(centers, k, columns);
            loss = 0;
            for (var i = 0; i < count; i++)
            {
                (assignments[i], distances[i]) = search.Nearest(points.AsSpan(i * columns, columns));
                loss += weights[i] * distances[i];
            }

            if (iteration > 0 && previous - loss <= hp.LocalLloydTol * previous)
            {
                break;
            }

            previous = loss;
            Array.Clear(sums);
            Array.Clear(totals);
            for (var i = 0; i < count; i++)
            {
                var c = assignments[i];
                totals[c] += weights[i];
                for (var j = 0; j < columns; j++)
                {
                    sums[(c * columns) + j] += weights[i] * points[(i * columns) + j];
                }
            }

            for (var c = 0; c < k; c++)
            {
                if (totals[c] > 0)
                {
                    for (var j = 0; j < columns; j++)
                    {
                        centers[(c * columns) + j] = (float)(sums[(c * columns) + j] / totals[c]);
                    }

                    continue;
                }

                var farthest = 0;
                for (var i = 1; i < count; i++)
                {
                    if (weights[i] * distances[i] > weights[farthest] * distances[farthest])
                    {
                        farthest = i;
                    }
                }

                points.AsSpan(farthest * columns, columns).CopyTo(centers.AsSpan(c * columns, columns));
                distances[farthest] = 0;
            }
        }

        // The loss above belongs to the centers before the last update when the loop ran out; recompute for the result.
        var final = new CenterSearch(centers, k, columns);
        loss = 0;
        for (var i = 0; i < count; i++)
        {
            loss += weights[i] * final.Nearest(points.AsSpan(i * columns, columns)).SquaredDistance;
        }

        return (centers, loss);
    }
}
