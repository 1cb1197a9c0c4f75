using System.Numerics.Tensors;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>
/// Initial centers: <c>random</c> (distinct points, drawn by weight) or greedy k-means++ (each next center is the
/// best of 2 + ln k candidates drawn with probability proportional to weight x squared distance, as scikit-learn does).
/// </summary>
internal static class Seeding
{
    public static float[] Choose(float[] points, int count, int columns, float[]? weights, int k, bool plusPlus, Random random)
    {
        var centers = new float[k * columns];
        var chosen = new HashSet<int>();
        var first = WeightedPick(count, weights, null, random);
        chosen.Add(first);
        points.AsSpan(first * columns, columns).CopyTo(centers);
        if (!plusPlus)
        {
            for (var c = 1; c < k; c++)
            {
                int pick;
                var attempts = 0;
                do
                {
                    pick = WeightedPick(count, weights, null, random);
                }
                while (!chosen.Add(pick) && ++attempts < 100);
                points.AsSpan(pick * columns, columns).CopyTo(centers.AsSpan(c * columns, columns));
            }

            return centers;
        }

        var closest = new double[count];
        for (var i = 0; i < count; i++)
        {
            closest[i] = Distance(points, i, centers, 0, columns);
        }

        var trials = 2 + (int)Math.Log(k);
        var candidateDistances = new double[count];
        for (var c = 1; c < k; c++)
        {
            var bestCandidate = -1;
            var bestPotential = double.PositiveInfinity;
            double[]? bestDistances = null;
            for (var t = 0; t < trials; t++)
            {
                var candidate = WeightedPick(count, weights, closest, random);
                double potential = 0;
                for (var i = 0; i < count; i++)
                {
                    candidateDistances[i] = Math.Min(closest[i], Distance(points, i, points, candidate, columns));
                    potential += candidateDistances[i] * (weights?[i] ?? 1);
                }

                if (potential < bestPotential)
                {
                    bestPotential = potential;
                    bestCandidate = candidate;
                    bestDistances = (double[])candidateDistances.Clone();
                }
            }

            closest = bestDistances!;
            points.AsSpan(bestCandidate * columns, columns).CopyTo(centers.AsSpan(c * columns, columns));
        }

        return centers;
    }

    private static double Distance(float[] a, int i, float[] b, int j, int columns)
    {
        var distance = TensorPrimitives.Distance(a.AsSpan(i * columns, columns), b.AsSpan(j * columns, columns));
        return (double)distance * distance;
    }

    // Draws an index with probability proportional to weight (x squared distance when given).
    private static int WeightedPick(int count, float[]? weights, double[]? distances, Random random)
    {
        double total = 0;
        for (var i = 0; i < count; i++)
        {
            total += (weights?[i] ?? 1) * (distances?[i] ?? 1);
        }

        if (total <= 0)
        {
            return random.Next(count);
        }

        var target = random.NextDouble() * total;
        for (var i = 0; i < count; i++)
        {
            target -= (weights?[i] ?? 1) * (distances?[i] ?? 1);
            if (target < 0)
            {
                return i;
            }
        }

        return count - 1;
    }
}
