namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Finds a point of high Expected Improvement inside a <see cref="SearchRegion"/>: scores random candidates (half in
/// the trust region's box, half anywhere the region allows) and perturbations of the best trials so far, refines the
/// top few by pattern search (each numeric coordinate stepped up and down with a shrinking step, each categorical
/// switched to every other value, every move kept inside the region), then snaps them to what a job would really
/// receive (integers rounded, one-hot exact, reals as formatted) and returns the best snapped point not tried before.
/// Perturbations and steps scale with the region's side.
/// </summary>
internal static class AcquisitionMaximiser
{
    private const int RandomCandidates = 512;
    private const int PerturbationsPerIncumbent = 64;
    private const double PerturbationSd = 0.08;
    private const int RefinedStarts = 4;
    private const double FirstStep = 0.1;
    private const double LastStep = 0.002;
    private const int MaxEvaluationsPerStart = 300;

    public static double[]? Maximise(
        GaussianProcess model, double best, ParameterEncoding encoding, SearchRegion region, IReadOnlyList<double[]> incumbents, Random random, Func<double[], bool> isNew)
    {
        double Score(double[] x)
        {
            var (mean, variance) = model.Predict(x);
            return ExpectedImprovement.Of(mean, variance, best);
        }

        var numeric = encoding.NumericCoordinates.ToArray();
        var blocks = encoding.CategoricalBlocks.ToArray();
        var candidates = new List<double[]>(RandomCandidates + (incumbents.Count * PerturbationsPerIncumbent));
        for (var i = 0; i < RandomCandidates; i++)
        {
            candidates.Add(i % 2 == 0 ? region.SampleLocal(random) : region.Sample(random));
        }

        var sd = PerturbationSd * region.Length;
        foreach (var incumbent in incumbents)
        {
            for (var i = 0; i < PerturbationsPerIncumbent; i++)
            {
                candidates.Add(region.Clamp(Perturb(incumbent, numeric, blocks, sd, random)));
            }
        }

        var scored = candidates.Select(x => (Point: x, Score: Score(x))).OrderByDescending(c => c.Score).ToList();
        var refined = scored.Take(RefinedStarts).Select(c => Refine(c.Point, c.Score, numeric, blocks, region, Score)).ToList();
        foreach (var x in refined.Concat(scored.Select(c => c.Point)).Select(x => encoding.Snap(x))
            .Select(x => (Point: x, Score: Score(x))).OrderByDescending(c => c.Score).Select(c => c.Point))
        {
            if (isNew(x))
            {
                return x;
            }
        }

        return null;
    }

    private static double[] Perturb(double[] incumbent, int[] numeric, (int Offset, int Width)[] blocks, double sd, Random random)
    {
        var x = (double[])incumbent.Clone();
        foreach (var k in numeric)
        {
            x[k] += sd * Gaussian(random);
        }

        foreach (var (offset, width) in blocks)
        {
            if (width > 1 && random.NextDouble() < 0.2)
            {
                Array.Clear(x, offset, width);
                x[offset + random.Next(width)] = 1;
            }
        }

        return x;
    }

    private static double[] Refine(
        double[] start, double startScore, int[] numeric, (int Offset, int Width)[] blocks, SearchRegion region, Func<double[], double> score)
    {
        var x = (double[])start.Clone();
        var current = startScore;
        var evaluations = 0;
        foreach (var (offset, width) in blocks)
        {
            for (var v = 0; v < width && width > 1; v++)
            {
                var trial = (double[])x.Clone();
                Array.Clear(trial, offset, width);
                trial[offset + v] = 1;
                region.Clamp(trial);
                var s = score(trial);
                evaluations++;
                if (s > current)
                {
                    (x, current) = (trial, s);
                }
            }
        }

        for (var step = FirstStep * region.Length; step >= LastStep * region.Length && evaluations < MaxEvaluationsPerStart;)
        {
            var improved = false;
            foreach (var k in numeric)
            {
                foreach (var direction in (ReadOnlySpan<double>)[1.0, -1.0])
                {
                    var trial = (double[])x.Clone();
                    trial[k] = x[k] + (direction * step);
                    region.Clamp(trial);
                    var s = score(trial);
                    evaluations++;
                    if (s > current)
                    {
                        (x, current, improved) = (trial, s, true);
                        break;
                    }
                }
            }

            if (!improved)
            {
                step /= 2;
            }
        }

        return x;
    }

    private static double Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
