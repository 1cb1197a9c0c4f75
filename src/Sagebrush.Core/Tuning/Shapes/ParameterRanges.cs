namespace Sagebrush.Core.Tuning.Shapes;

/// <summary>ParameterRanges on the wire: bounds are strings, as AWS sends them (parsed by the validator).</summary>
public sealed record ParameterRanges
{
    public IReadOnlyList<IntegerParameterRange>? IntegerParameterRanges { get; init; }

    public IReadOnlyList<ContinuousParameterRange>? ContinuousParameterRanges { get; init; }

    public IReadOnlyList<CategoricalParameterRange>? CategoricalParameterRanges { get; init; }
}

public sealed record IntegerParameterRange
{
    public string? Name { get; init; }

    public string? MinValue { get; init; }

    public string? MaxValue { get; init; }

    public string? ScalingType { get; init; }
}

public sealed record ContinuousParameterRange
{
    public string? Name { get; init; }

    public string? MinValue { get; init; }

    public string? MaxValue { get; init; }

    public string? ScalingType { get; init; }
}

public sealed record CategoricalParameterRange
{
    public string? Name { get; init; }

    public IReadOnlyList<string>? Values { get; init; }
}
