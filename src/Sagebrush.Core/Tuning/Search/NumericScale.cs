namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Maps one numeric range onto [0, 1] and back, honouring its ScalingType. Integers map their cells
/// [v - 0.5, v + 0.5] so every whole number in the range gets an equal share of the unit interval (the end values
/// are not halved) and rounding the decoded value picks the cell.
/// </summary>
internal sealed class NumericScale
{
    /// <summary>Auto picks Logarithmic for a positive range at least this many times wider at the top than the bottom.</summary>
    public const double AutoLogarithmicRatio = 100;

    private readonly double low;
    private readonly double high;

    public NumericScale(double min, double max, ScalingType scaling, bool integer)
    {
        if (!(min <= max) || !double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException($"The range [{min}, {max}] is not a finite range with MinValue <= MaxValue.");
        }

        Scaling = Resolve(min, max, scaling, integer);
        Min = min;
        Max = max;
        Integer = integer;
        (low, high) = integer ? (min - 0.5, max + 0.5) : (min, max);
        if (Scaling == ScalingType.Logarithmic && !(min > 0))
        {
            throw new ArgumentException("Logarithmic scaling works only for ranges that have only values greater than 0.");
        }

        if (Scaling == ScalingType.ReverseLogarithmic && !(min >= 0 && max < 1))
        {
            throw new ArgumentException("Reverse logarithmic scaling works only for ranges that are entirely within the range 0<=x<1.0.");
        }
    }

    public double Min { get; }

    public double Max { get; }

    public bool Integer { get; }

    /// <summary>The scale actually used: Auto resolved, and ReverseLogarithmic on an integer range (only 0 fits) taken as Linear.</summary>
    public ScalingType Scaling { get; }

    /// <summary>
    /// Auto: Logarithmic when the range is positive and spans at least two orders of magnitude (learning rates,
    /// regularisation weights, tree counts from 1 to 1000), else Linear. SageMaker says only that Auto "chooses the
    /// best scale"; this is the rule its documentation suggests by example.
    /// </summary>
    public static ScalingType Resolve(double min, double max, ScalingType scaling, bool integer) => scaling switch
    {
        ScalingType.Auto => min > 0 && max / min >= AutoLogarithmicRatio ? ScalingType.Logarithmic : ScalingType.Linear,
        ScalingType.ReverseLogarithmic when integer => ScalingType.Linear,
        _ => scaling,
    };

    public double ToUnit(double value)
    {
        var v = Math.Clamp(value, low, high);
        if (high == low)
        {
            return 0.5;
        }

        var u = Scaling switch
        {
            ScalingType.Logarithmic => (Math.Log(v) - Math.Log(low)) / (Math.Log(high) - Math.Log(low)),
            ScalingType.ReverseLogarithmic => (Math.Log(1 - low) - Math.Log(1 - v)) / (Math.Log(1 - low) - Math.Log(1 - high)),
            _ => (v - low) / (high - low),
        };
        return Math.Clamp(u, 0, 1);
    }

    /// <summary>The value at unit position <paramref name="unit"/>, rounded to a whole number for integer ranges and kept within bounds.</summary>
    public double FromUnit(double unit)
    {
        var u = Math.Clamp(unit, 0, 1);
        var v = Scaling switch
        {
            ScalingType.Logarithmic => Math.Exp(Math.Log(low) + (u * (Math.Log(high) - Math.Log(low)))),
            ScalingType.ReverseLogarithmic => 1 - Math.Exp(Math.Log(1 - low) + (u * (Math.Log(1 - high) - Math.Log(1 - low)))),
            _ => low + (u * (high - low)),
        };
        return Integer ? Math.Clamp(Math.Round(v, MidpointRounding.AwayFromZero), Min, Max) : Math.Clamp(v, Min, Max);
    }
}
