namespace Sagebrush.Algorithms.Common;

/// <summary>The valid range of a numeric hyperparameter, with the words the error message uses for it.</summary>
public readonly record struct Bounds(double Min, bool MinInclusive, double Max, bool MaxInclusive)
{
    public static Bounds Any => new(double.NegativeInfinity, true, double.PositiveInfinity, true);

    public static Bounds Positive => new(0, false, double.PositiveInfinity, true);

    public static Bounds NonNegative => new(0, true, double.PositiveInfinity, true);

    /// <summary>(0, 1): a probability-like factor, neither end allowed.</summary>
    public static Bounds OpenUnit => new(0, false, 1, false);

    /// <summary>[0, 1): a decay rate or momentum.</summary>
    public static Bounds HalfOpenUnit => new(0, true, 1, false);

    public bool Contains(double value) =>
        (MinInclusive ? value >= Min : value > Min) && (MaxInclusive ? value <= Max : value < Max);

    public string Text => (double.IsNegativeInfinity(Min), double.IsPositiveInfinity(Max)) switch
    {
        (true, true) => "",
        (false, true) => MinInclusive ? $" >= {Min}" : $" > {Min}",
        (true, false) => MaxInclusive ? $" <= {Max}" : $" < {Max}",
        _ => $" in {(MinInclusive ? "[" : "(")}{Min}, {Max}{(MaxInclusive ? "]" : ")")}",
    };
}
