namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Where the acquisition may look. A trust region is a box on the numeric coordinates around a center (the epoch's
/// best point), for points with the center's categorical values; a point with other categorical values may take
/// any numeric values, so every category stays open to a global search while the best one is refined locally
/// (a deceptive category whose own optimum lies elsewhere is still found).
/// </summary>
internal sealed class SearchRegion
{
    private readonly double[] center;
    private readonly double[] lower;
    private readonly double[] upper;
    private readonly int[] numeric;
    private readonly (int Offset, int Width)[] blocks;
    private readonly ParameterEncoding encoding;

    private SearchRegion(ParameterEncoding encoding, double[] center, double[] lower, double[] upper, double length)
    {
        this.encoding = encoding;
        this.center = center;
        this.lower = lower;
        this.upper = upper;
        Length = length;
        numeric = [.. encoding.NumericCoordinates];
        blocks = [.. encoding.CategoricalBlocks];
    }

    /// <summary>The box's side as a fraction of the unit cube (at most 1): perturbations and refinement steps scale with it.</summary>
    public double Length { get; }

    /// <summary>
    /// TuRBO's box: side <paramref name="length"/> in total, shared among the numeric coordinates in proportion to
    /// the model's length scales (a coordinate the objective hardly depends on gets a wider side), clipped to [0, 1].
    /// </summary>
    public static SearchRegion Around(ParameterEncoding encoding, double[] center, double length, double[] lengthScales)
    {
        var numeric = encoding.NumericCoordinates.ToArray();
        var lower = new double[encoding.Dimensions];
        var upper = Enumerable.Repeat(1.0, encoding.Dimensions).ToArray();
        if (numeric.Length > 0)
        {
            var geometricMean = Math.Exp(numeric.Average(k => Math.Log(lengthScales[k])));
            foreach (var k in numeric)
            {
                var half = length * lengthScales[k] / geometricMean / 2;
                (lower[k], upper[k]) = (Math.Max(0, center[k] - half), Math.Min(1, center[k] + half));
            }
        }

        return new SearchRegion(encoding, center, lower, upper, Math.Min(1, length));
    }

    /// <summary>True when the numeric box applies to <paramref name="x"/>: x has the center's categorical values.</summary>
    public bool IsLocal(double[] x)
    {
        foreach (var (offset, width) in blocks)
        {
            for (var i = 0; i < width; i++)
            {
                if ((x[offset + i] > 0.5) != (center[offset + i] > 0.5))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The point with its numeric coordinates clamped to the box if it is local, to [0, 1] otherwise.</summary>
    public double[] Clamp(double[] x)
    {
        var local = IsLocal(x);
        foreach (var k in numeric)
        {
            x[k] = local ? Math.Clamp(x[k], lower[k], upper[k]) : Math.Clamp(x[k], 0, 1);
        }

        return x;
    }

    /// <summary>A uniform draw: categorical values at random, numeric values uniform in the box when they are the center's, in [0, 1] otherwise.</summary>
    public double[] Sample(Random random)
    {
        var x = encoding.Sample(random);
        if (IsLocal(x))
        {
            foreach (var k in numeric)
            {
                x[k] = lower[k] + (random.NextDouble() * (upper[k] - lower[k]));
            }
        }

        return x;
    }

    /// <summary>A uniform draw inside the box with the center's categorical values.</summary>
    public double[] SampleLocal(Random random)
    {
        var x = (double[])center.Clone();
        foreach (var k in numeric)
        {
            x[k] = lower[k] + (random.NextDouble() * (upper[k] - lower[k]));
        }

        return x;
    }
}
