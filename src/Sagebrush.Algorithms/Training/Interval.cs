using System.Globalization;

namespace Sagebrush.Algorithms.Training;

/// <summary>The range a numeric hyperparameter must lie in, written as SageMaker's toolkit writes it: <c>(0, 1]</c>.</summary>
public readonly record struct Interval(double? Min = null, double? Max = null, bool MinOpen = false, bool MaxOpen = false)
{
    public static Interval AtLeast(double min) => new(Min: min);

    public static Interval Above(double min) => new(Min: min, MinOpen: true);

    public static Interval Closed(double min, double max) => new(min, max);

    public bool Contains(double value) =>
        (Min is not { } min || (MinOpen ? value > min : value >= min))
        && (Max is not { } max || (MaxOpen ? value < max : value <= max));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Min is null || MinOpen ? '(' : '[')}{(Min is { } min ? min.ToString(CultureInfo.InvariantCulture) : "-inf")}, {(Max is { } max ? max.ToString(CultureInfo.InvariantCulture) : "inf")}{(Max is null || MaxOpen ? ')' : ']')}");
}
