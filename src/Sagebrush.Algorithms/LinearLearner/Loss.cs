namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// A single-output loss of the raw model output <c>f</c> against the label <c>y</c>, with its derivative in <c>f</c>.
/// Binary labels are 0/1 (hinge uses them as -1/+1). Softmax is handled by the trainer, not here.
/// </summary>
internal readonly struct Loss(LossKind kind, double margin, double quantile, double epsilon, double huberDelta)
{
    public LossKind Kind => kind;

    public double Value(double f, double y)
    {
        switch (kind)
        {
            case LossKind.Logistic:
                // log(1 + e^f) - y f, written so that neither branch overflows.
                return Math.Max(f, 0) + Math.Log(1 + Math.Exp(-Math.Abs(f))) - (y * f);
            case LossKind.Hinge:
                return Math.Max(0, margin - (((2 * y) - 1) * f));
            case LossKind.Squared:
                return (f - y) * (f - y);
            case LossKind.Absolute:
                return Math.Abs(f - y);
            case LossKind.EpsInsensitiveSquared:
                var outside = Math.Max(Math.Abs(f - y) - epsilon, 0);
                return outside * outside;
            case LossKind.EpsInsensitiveAbsolute:
                return Math.Max(Math.Abs(f - y) - epsilon, 0);
            case LossKind.Quantile:
                var r = y - f;
                return r >= 0 ? quantile * r : (quantile - 1) * r;
            case LossKind.Huber:
                var a = Math.Abs(f - y);
                return a <= huberDelta ? 0.5 * a * a : huberDelta * (a - (0.5 * huberDelta));
            default:
                throw new InvalidOperationException($"{kind} is not a single-output loss.");
        }
    }

    public double Gradient(double f, double y)
    {
        switch (kind)
        {
            case LossKind.Logistic:
                return Sigmoid(f) - y;
            case LossKind.Hinge:
                var sign = (2 * y) - 1;
                return sign * f < margin ? -sign : 0;
            case LossKind.Squared:
                return 2 * (f - y);
            case LossKind.Absolute:
                return Math.Sign(f - y);
            case LossKind.EpsInsensitiveSquared:
                var r = f - y;
                return Math.Abs(r) > epsilon ? 2 * (Math.Abs(r) - epsilon) * Math.Sign(r) : 0;
            case LossKind.EpsInsensitiveAbsolute:
                return Math.Abs(f - y) > epsilon ? Math.Sign(f - y) : 0;
            case LossKind.Quantile:
                return y - f > 0 ? -quantile : 1 - quantile;
            case LossKind.Huber:
                var d = f - y;
                return Math.Abs(d) <= huberDelta ? d : huberDelta * Math.Sign(d);
            default:
                throw new InvalidOperationException($"{kind} is not a single-output loss.");
        }
    }

    public static double Sigmoid(double f) => f >= 0 ? 1 / (1 + Math.Exp(-f)) : Math.Exp(f) / (1 + Math.Exp(f));

    public static Loss For(LinearLearnerHyperParameters hp) =>
        new(hp.Loss, hp.Margin, hp.Quantile, hp.LossInsensitivity, hp.HuberDelta);
}
