namespace Sagebrush.Algorithms.Neo;

/// <summary>
/// What XGBoost does to margins to answer a prediction, per objective, in float as XGBoost computes it: the logistic
/// objectives' sigmoid, softprob's softmax, softmax's arg max, the log-link objectives' exp, hinge's step; the rest
/// (squared error, ranking, logitraw, ...) answer the margin itself.
/// </summary>
public static class ObjectiveTransform
{
    private static readonly HashSet<string> Identity = new(StringComparer.Ordinal)
    {
        "reg:squarederror", "reg:linear", "reg:squaredlogerror", "reg:pseudohubererror", "reg:absoluteerror",
        "binary:logitraw", "rank:pairwise", "rank:ndcg", "rank:map",
    };

    private static readonly HashSet<string> Exponential = new(StringComparer.Ordinal) { "count:poisson", "reg:gamma", "reg:tweedie", "survival:cox" };

    public static bool IsSupported(string objective) =>
        Identity.Contains(objective) || Exponential.Contains(objective) || objective is "binary:logistic" or "reg:logistic" or "binary:hinge" or "multi:softprob" or "multi:softmax";

    /// <summary>Outputs per row: softprob answers every class's probability; the others one value.</summary>
    public static int OutputsPerRow(string objective, int groups) => objective == "multi:softprob" ? groups : 1;

    /// <summary>Transforms <paramref name="margins"/> (rows x groups) into predictions (rows x <see cref="OutputsPerRow"/>).</summary>
    public static float[] Apply(string objective, float[] margins, int groups)
    {
        ArgumentNullException.ThrowIfNull(margins);
        switch (objective)
        {
            case "binary:logistic" or "reg:logistic":
                return margins.Select(m => 1.0f / (1.0f + MathF.Exp(-m))).ToArray();
            case "binary:hinge":
                return margins.Select(m => m > 0 ? 1.0f : 0.0f).ToArray();
            case "multi:softprob":
                var probabilities = new float[margins.Length];
                for (var row = 0; row < margins.Length; row += groups)
                {
                    Softmax(margins.AsSpan(row, groups), probabilities.AsSpan(row, groups));
                }

                return probabilities;
            case "multi:softmax":
                var classes = new float[margins.Length / groups];
                for (var row = 0; row < classes.Length; row++)
                {
                    var span = margins.AsSpan(row * groups, groups);
                    var best = 0;
                    for (var g = 1; g < groups; g++)
                    {
                        if (span[g] > span[best])
                        {
                            best = g;
                        }
                    }

                    classes[row] = best;
                }

                return classes;
            case var _ when Exponential.Contains(objective):
                return margins.Select(MathF.Exp).ToArray();
            default:
                return margins;
        }
    }

    // XGBoost's Softmax: subtract the maximum, exponentiate, divide by the sum (all in float).
    private static void Softmax(ReadOnlySpan<float> margins, Span<float> output)
    {
        var max = margins[0];
        foreach (var m in margins)
        {
            max = MathF.Max(max, m);
        }

        var sum = 0f;
        for (var i = 0; i < margins.Length; i++)
        {
            output[i] = MathF.Exp(margins[i] - max);
            sum += output[i];
        }

        for (var i = 0; i < margins.Length; i++)
        {
            output[i] /= sum;
        }
    }
}
