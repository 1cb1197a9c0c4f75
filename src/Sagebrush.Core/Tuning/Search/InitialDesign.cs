namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// The points Bayesian search starts an epoch with, before a model has anything to go on. The first epoch's design
/// is a Latin hypercube over the numeric coordinates with every categorical value used as evenly as the design's
/// size allows (so each category is tried early, with different numeric values); its size is max(3, ranges + 1 +
/// the sum over categoricals of their number of values - 1): one more point per extra category, since a category
/// judged by one unlucky point is otherwise written off (measured on the suite's mixed spaces, a design of
/// ranges + 1 left the best optimizer untried at a good learning rate on half the seeds). A later epoch's design
/// points are each the farthest, of 8 random draws, from every point tried so far: the restart leans towards where
/// the search has not been without being pushed into the corners (the farthest of 256 draws always is).
/// </summary>
internal static class InitialDesign
{
    private const int DesignStream = 3;
    private const int RestartStream = 4;
    private const int RestartCandidates = 8;

    public static int Size(ParameterEncoding encoding) =>
        Math.Max(3, encoding.RangeCount + 1 + encoding.CategoricalBlocks.Sum(b => b.Width - 1));

    /// <summary>Point <paramref name="index"/> (0-based, below <see cref="Size"/>) of the first epoch's design for this seed.</summary>
    public static double[] First(ParameterEncoding encoding, int seed, int index)
    {
        var size = Size(encoding);
        var random = SearchRandom.For(seed, DesignStream, 0);
        var design = new double[size][];
        for (var i = 0; i < size; i++)
        {
            design[i] = new double[encoding.Dimensions];
        }

        foreach (var k in encoding.NumericCoordinates)
        {
            var strata = Enumerable.Range(0, size).ToArray();
            random.Shuffle(strata);
            for (var i = 0; i < size; i++)
            {
                design[i][k] = (strata[i] + random.NextDouble()) / size;
            }
        }

        foreach (var (offset, width) in encoding.CategoricalBlocks)
        {
            var values = Enumerable.Range(0, size).Select(i => i % width).ToArray();
            random.Shuffle(values);
            for (var i = 0; i < size; i++)
            {
                design[i][offset + values[i]] = 1;
            }
        }

        return design[index];
    }

    /// <summary>A restart's design point for the trial at <paramref name="position"/>: of a few draws, the one farthest from every point in <paramref name="tried"/>.</summary>
    public static double[] AwayFrom(ParameterEncoding encoding, int seed, int position, IReadOnlyList<double[]> tried)
    {
        var random = SearchRandom.For(seed, RestartStream, position);
        double[]? best = null;
        var farthest = double.NegativeInfinity;
        for (var c = 0; c < RestartCandidates; c++)
        {
            var x = encoding.Sample(random);
            var nearest = tried.Count == 0 ? 0 : tried.Min(t => SquaredDistance(x, t));
            if (nearest > farthest)
            {
                (best, farthest) = (x, nearest);
            }
        }

        return best!;
    }

    private static double SquaredDistance(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            sum += (a[k] - b[k]) * (a[k] - b[k]);
        }

        return sum;
    }
}
