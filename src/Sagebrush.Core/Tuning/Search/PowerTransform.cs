namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// The Yeo-Johnson power transform with its lambda chosen by maximum likelihood (as HEBO, Cowen-Rivers et al. 2022,
/// does before fitting its surrogate), then standardised. Objectives are skewed: a validation loss is 0.05 for good
/// configurations and 0.69 for a learning rate of 0.001, and standardising raw values leaves the differences that
/// matter (0.048 against 0.055) a small fraction of one standard deviation; a fitted power makes the values close to
/// normal, which is what a Gaussian process assumes, and keeps their order and their spacing within the bulk.
/// </summary>
internal static class PowerTransform
{
    public static List<double> Standardise(IReadOnlyList<double> values)
    {
        // Scale first so lambda's effect does not depend on the objective's units.
        var (mean, sd) = MeanSd(values);
        var scaled = values.Select(v => (v - mean) / sd).ToArray();
        var bestLambda = 1.0;
        var bestLikelihood = double.NegativeInfinity;
        for (var lambda = -2.0; lambda <= 2.0001; lambda += 0.1)
        {
            var likelihood = LogLikelihood(scaled, lambda);
            if (likelihood > bestLikelihood)
            {
                (bestLambda, bestLikelihood) = (lambda, likelihood);
            }
        }

        var transformed = scaled.Select(v => YeoJohnson(v, bestLambda)).ToArray();
        var (m, s) = MeanSd(transformed);
        return [.. transformed.Select(v => (v - m) / s)];
    }

    public static double YeoJohnson(double y, double lambda) => y >= 0
        ? (Math.Abs(lambda) < 1e-9 ? Math.Log(1 + y) : (Math.Pow(1 + y, lambda) - 1) / lambda)
        : (Math.Abs(lambda - 2) < 1e-9 ? -Math.Log(1 - y) : -(Math.Pow(1 - y, 2 - lambda) - 1) / (2 - lambda));

    /// <summary>The profile log likelihood of a normal fit to the transformed values, with the transform's Jacobian.</summary>
    private static double LogLikelihood(double[] y, double lambda)
    {
        var transformed = y.Select(v => YeoJohnson(v, lambda)).ToArray();
        var (_, sd) = MeanSd(transformed);
        var jacobian = y.Sum(v => Math.Sign(v) * Math.Log(1 + Math.Abs(v)));
        return (-y.Length / 2.0 * Math.Log(sd * sd)) + ((lambda - 1) * jacobian);
    }

    private static (double Mean, double Sd) MeanSd(IReadOnlyList<double> values)
    {
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        return (mean, sd > 1e-12 ? sd : 1);
    }
}
