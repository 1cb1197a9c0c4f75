namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Fits the kernel's hyperparameters by maximising the log marginal likelihood (plus weak log-normal priors that keep
/// a handful of points from driving a length scale to an extreme) with Adam on the log parameters, from a fixed
/// start and a few seeded random restarts; the best end point wins. Analytic gradients:
/// d log p / d theta = 1/2 tr((alpha alpha^T - K^-1) dK / d theta).
/// </summary>
internal static class GaussianProcessFit
{
    private const double MinLogLengthScale = -4.6;   // 0.01 of the unit interval
    private const double MaxLogLengthScale = 1.1;    // 3: the coordinate barely matters (a longer cap let a few points in one well declare coordinates irrelevant)
    private const double MaxLogCategoryScale = 0.0; // 0.7 on a one-hot coordinate: two values of a categorical stay at least 2 length scales apart, so what one category scored says little about another
    private const double MinLogSignal = -4.6;
    private const double MaxLogSignal = 4.6;
    private const double MinLogNoise = -13.8;        // 1e-6: deterministic objectives
    private const double MaxLogNoise = 0.0;
    private const double PriorLogLengthScale = -0.9; // 0.4
    private const double PriorLengthScaleSd = 0.6;
    private const double PriorSignalSd = 1.5;
    private const double LearningRate = 0.1;

    /// <summary>The fitted posterior over standardised values, or null if no kernel gives a positive-definite matrix.</summary>
    /// <param name="oneHot">The coordinates that are one-hot values of a categorical (their length scales are capped shorter).</param>
    public static GaussianProcess? Fit(IReadOnlyList<double[]> points, IReadOnlyList<double> values, Random random, int restarts, int iterations, IReadOnlySet<int>? oneHot = null)
    {
        var n = points.Count;
        var d = points[0].Length;
        var differences = SquaredDifferences(points, d);
        var maxLogLengthScales = Enumerable.Range(0, d).Select(k => oneHot?.Contains(k) == true ? MaxLogCategoryScale : MaxLogLengthScale).ToArray();
        var starts = new List<double[]> { Start(d, -0.7, random: null) };
        for (var r = 0; r < restarts; r++)
        {
            starts.Add(Start(d, 0, random));
        }

        double[]? best = null;
        var bestObjective = double.NegativeInfinity;
        foreach (var start in starts)
        {
            var (theta, objective) = Ascend(start, differences, values, n, d, iterations, maxLogLengthScales);
            if (objective > bestObjective)
            {
                (best, bestObjective) = (theta, objective);
            }
        }

        best ??= starts[0];
        var mean = 0.0;
        Evaluate(best, differences, values, n, d, new double[best.Length], ref mean);
        return GaussianProcess.Condition(KernelParameters.FromVector(best, double.IsFinite(mean) ? mean : 0), points, values);
    }

    private static double[] Start(int d, double logLengthScale, Random? random)
    {
        var theta = new double[d + 2];
        for (var k = 0; k < d; k++)
        {
            theta[k] = random is null ? logLengthScale : Math.Log(0.1) + (random.NextDouble() * (Math.Log(2) - Math.Log(0.1)));
        }

        theta[d] = 0;
        theta[d + 1] = Math.Log(1e-3);
        return theta;
    }

    /// <summary>(x_i,k - x_j,k)^2 for i &lt; j, packed pair-major: the only data the objective needs.</summary>
    private static double[] SquaredDifferences(IReadOnlyList<double[]> points, int d)
    {
        var n = points.Count;
        var result = new double[n * (n - 1) / 2 * d];
        var p = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                for (var k = 0; k < d; k++)
                {
                    var diff = points[i][k] - points[j][k];
                    result[p++] = diff * diff;
                }
            }
        }

        return result;
    }

    private static (double[] Theta, double Objective) Ascend(
        double[] start, double[] differences, IReadOnlyList<double> values, int n, int d, int iterations, double[] maxLogLengthScales)
    {
        var theta = (double[])start.Clone();
        var m = new double[theta.Length];
        var v = new double[theta.Length];
        var gradient = new double[theta.Length];
        var best = (Theta: (double[])theta.Clone(), Objective: double.NegativeInfinity);
        for (var t = 1; t <= iterations; t++)
        {
            var mean = 0.0;
            var objective = Evaluate(theta, differences, values, n, d, gradient, ref mean);
            if (!double.IsFinite(objective))
            {
                break;
            }

            if (objective > best.Objective)
            {
                best = ((double[])theta.Clone(), objective);
            }

            for (var k = 0; k < theta.Length; k++)
            {
                m[k] = (0.9 * m[k]) + (0.1 * gradient[k]);
                v[k] = (0.999 * v[k]) + (0.001 * gradient[k] * gradient[k]);
                var step = LearningRate * (m[k] / (1 - Math.Pow(0.9, t))) / (Math.Sqrt(v[k] / (1 - Math.Pow(0.999, t))) + 1e-8);
                theta[k] = Clamp(k, d, theta[k] + step, maxLogLengthScales);
            }
        }

        return best;
    }

    private static double Clamp(int k, int d, double value, double[] maxLogLengthScales) =>
        k < d ? Math.Clamp(value, MinLogLengthScale, maxLogLengthScales[k])
        : k == d ? Math.Clamp(value, MinLogSignal, MaxLogSignal)
        : Math.Clamp(value, MinLogNoise, MaxLogNoise);

    /// <summary>Log marginal likelihood plus log priors at theta; fills <paramref name="gradient"/>. NaN if the matrix is not positive definite.</summary>
    private static double Evaluate(double[] theta, double[] differences, IReadOnlyList<double> values, int n, int d, double[] gradient, ref double mean)
    {
        var inverseSquared = new double[d];
        for (var k = 0; k < d; k++)
        {
            inverseSquared[k] = Math.Exp(-2 * theta[k]);
        }

        var signal = Math.Exp(theta[d]);
        var noise = Math.Exp(theta[d + 1]);
        var pairs = n * (n - 1) / 2;
        var distances = new double[pairs];
        var matrix = new double[n * n];
        var p = 0;
        for (var i = 0; i < n; i++)
        {
            matrix[(i * n) + i] = signal + noise + 1e-10;
            for (var j = i + 1; j < n; j++, p++)
            {
                var r2 = 0.0;
                for (var k = 0; k < d; k++)
                {
                    r2 += differences[(p * d) + k] * inverseSquared[k];
                }

                distances[p] = r2;
                var value = MaternKernel.FromScaledSquaredDistance(r2, signal);
                matrix[(i * n) + j] = value;
                matrix[(j * n) + i] = value;
            }
        }

        if (!Cholesky.TryDecompose(matrix, n, out var lower))
        {
            return double.NaN;
        }

        // The constant mean is profiled out (its GLS estimate at this theta); by the envelope theorem the gradient
        // with respect to theta is the one at that fixed mean.
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        Cholesky.SolveLower(lower, n, ones);
        var raw = values.ToArray();
        Cholesky.SolveLower(lower, n, raw);
        var oneOne = 0.0;
        var oneY = 0.0;
        for (var i = 0; i < n; i++)
        {
            oneOne += ones[i] * ones[i];
            oneY += ones[i] * raw[i];
        }

        var constant = oneY / oneOne;
        mean = constant;
        var alpha = values.Select(v => v - constant).ToArray();
        Cholesky.SolveLower(lower, n, alpha);
        var fit = 0.0;
        for (var i = 0; i < n; i++)
        {
            fit += alpha[i] * alpha[i];
        }

        Cholesky.SolveUpper(lower, n, alpha);
        var logDeterminant = 0.0;
        for (var i = 0; i < n; i++)
        {
            logDeterminant += Math.Log(lower[(i * n) + i]);
        }

        var inverse = Cholesky.Inverse(lower, n);
        Array.Clear(gradient);
        p = 0;
        var signalGradient = 0.0;
        var noiseGradient = 0.0;
        for (var i = 0; i < n; i++)
        {
            var wii = (alpha[i] * alpha[i]) - inverse[(i * n) + i];
            signalGradient += 0.5 * wii * signal;
            noiseGradient += 0.5 * wii * noise;
            for (var j = i + 1; j < n; j++, p++)
            {
                var w = (alpha[i] * alpha[j]) - inverse[(i * n) + j];
                signalGradient += w * matrix[(i * n) + j];
                var factor = w * MaternKernel.LengthScaleGradientFactor(distances[p], signal);
                for (var k = 0; k < d; k++)
                {
                    gradient[k] += factor * differences[(p * d) + k] * inverseSquared[k];
                }
            }
        }

        gradient[d] = signalGradient;
        gradient[d + 1] = noiseGradient;
        var objective = (-0.5 * fit) - logDeterminant;
        for (var k = 0; k < d; k++)
        {
            var z = (theta[k] - PriorLogLengthScale) / PriorLengthScaleSd;
            objective -= 0.5 * z * z;
            gradient[k] -= z / PriorLengthScaleSd;
        }

        var zs = theta[d] / PriorSignalSd;
        objective -= 0.5 * zs * zs;
        gradient[d] -= zs / PriorSignalSd;
        return objective;
    }
}
