using System.Globalization;

namespace Sagebrush.Algorithms.Common;

/// <summary>
/// The range a numeric hyperparameter must lie in, with the words its error message uses: <c> &gt;= 1</c>,
/// <c> in (0, 1]</c>, nothing for any value.
/// </summary>
public readonly record struct Interval(double? Min = null, double? Max = null, bool MinOpen = false, bool MaxOpen = false)
{
    public static Interval Any => default;

    public static Interval Positive => Above(0);

    public static Interval NonNegative => AtLeast(0);

    /// <summary>(0, 1): a probability-like factor, neither end allowed.</summary>
    public static Interval OpenUnit => new(0, 1, MinOpen: true, MaxOpen: true);

    /// <summary>[0, 1): a decay rate or momentum.</summary>
    public static Interval HalfOpenUnit => new(0, 1, MaxOpen: true);

    public static Interval AtLeast(double min) => new(Min: min);

    public static Interval Above(double min) => new(Min: min, MinOpen: true);

    public static Interval Closed(double min, double max) => new(min, max);

    public bool Contains(double value) =>
        (Min is not { } min || (MinOpen ? value > min : value >= min))
        && (Max is not { } max || (MaxOpen ? value < max : value <= max));

    /// <summary>The range as the error message says it, with a leading space; empty for any value.</summary>
    public string Text => (Min, Max) switch
    {
        (null, null) => "",
        ({ } min, null) => $" {(MinOpen ? ">" : ">=")} {Number(min)}",
        (null, { } max) => $" {(MaxOpen ? "<" : "<=")} {Number(max)}",
        ({ } min, { } max) => $" in {(MinOpen ? '(' : '[')}{Number(min)}, {Number(max)}{(MaxOpen ? ')' : ']')}",
    };

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
