namespace Sagebrush.Core.Tuning.Search;

/// <summary>The ParameterRanges of a tuning job, as the search strategies see them.</summary>
public sealed record ParameterSpace(IReadOnlyList<ParameterRange> Ranges);

/// <summary>ScalingType as the API spells it.</summary>
public enum ScalingType
{
    Auto,
    Linear,
    Logarithmic,
    ReverseLogarithmic,
}

/// <summary>One range. Proposed values are strings, formatted as SageMaker passes them to the training job.</summary>
public abstract record ParameterRange(string Name);

/// <summary>IntegerParameterRanges: whole numbers in [MinValue, MaxValue].</summary>
public sealed record IntegerParameterRange(string Name, long MinValue, long MaxValue, ScalingType Scaling) : ParameterRange(Name);

/// <summary>ContinuousParameterRanges: reals in [MinValue, MaxValue].</summary>
public sealed record ContinuousParameterRange(string Name, double MinValue, double MaxValue, ScalingType Scaling) : ParameterRange(Name);

/// <summary>CategoricalParameterRanges: one of Values.</summary>
public sealed record CategoricalParameterRange(string Name, IReadOnlyList<string> Values) : ParameterRange(Name);
