namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>One optimizer step on a parameter vector: sgd (with momentum), adam or rmsprop.</summary>
internal static class Optimizer
{
    private const double Epsilon = 1e-8;
    private const double RmsPropDecay = 0.9;

    /// <param name="step">1 for the first update (adam's bias correction).</param>
    public static void Update(string optimizer, Span<float> weights, ReadOnlySpan<float> gradient, Span<float> first, Span<float> second,
        double learningRate, long step, double momentum, double beta1, double beta2)
    {
        switch (optimizer)
        {
            case "sgd":
                for (var i = 0; i < weights.Length; i++)
                {
                    first[i] = (float)((momentum * first[i]) - (learningRate * gradient[i]));
                    weights[i] += first[i];
                }

                break;
            case "rmsprop":
                for (var i = 0; i < weights.Length; i++)
                {
                    second[i] = (float)((RmsPropDecay * second[i]) + ((1 - RmsPropDecay) * gradient[i] * gradient[i]));
                    weights[i] -= (float)(learningRate * gradient[i] / (Math.Sqrt(second[i]) + Epsilon));
                }

                break;
            default:
                var correction1 = 1 - Math.Pow(beta1, step);
                var correction2 = 1 - Math.Pow(beta2, step);
                var stepSize = learningRate * Math.Sqrt(correction2) / correction1;
                for (var i = 0; i < weights.Length; i++)
                {
                    double g = gradient[i];
                    first[i] = (float)((beta1 * first[i]) + ((1 - beta1) * g));
                    second[i] = (float)((beta2 * second[i]) + ((1 - beta2) * g * g));
                    weights[i] -= (float)(stepSize * first[i] / (Math.Sqrt(second[i]) + Epsilon));
                }

                break;
        }
    }
}
