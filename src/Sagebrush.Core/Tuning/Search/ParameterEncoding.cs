namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// The encoding every strategy shares: a hyperparameter set becomes a point in [0, 1]^D. Each integer or continuous
/// range is one coordinate on its own scale (<see cref="NumericScale"/>); each categorical range is a one-hot block,
/// one coordinate per value. Decoding rounds integers, takes the largest coordinate of a one-hot block, and formats
/// values as SageMaker passes them, so Decode(Encode(h)) == h for every valid h.
/// </summary>
public sealed class ParameterEncoding
{
    private readonly Axis[] axes;

    public ParameterEncoding(ParameterSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var offset = 0;
        var list = new List<Axis>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var range in space.Ranges)
        {
            if (!names.Add(range.Name))
            {
                throw new ArgumentException($"The parameter {range.Name} appears in more than one range.", nameof(space));
            }

            var axis = range switch
            {
                IntegerParameterRange r => new Axis(r.Name, offset, 1, new NumericScale(r.MinValue, r.MaxValue, r.Scaling, integer: true), null),
                ContinuousParameterRange r => new Axis(r.Name, offset, 1, new NumericScale(r.MinValue, r.MaxValue, r.Scaling, integer: false), null),
                CategoricalParameterRange { Values.Count: > 0 } r => new Axis(r.Name, offset, r.Values.Count, null, r.Values),
                _ => throw new ArgumentException($"The range {range.Name} has no values.", nameof(space)),
            };
            list.Add(axis);
            offset += axis.Width;
        }

        axes = [.. list];
        Dimensions = offset;
    }

    /// <summary>The length of an encoded point.</summary>
    public int Dimensions { get; }

    /// <summary>The number of ranges (a categorical range counts once).</summary>
    public int RangeCount => axes.Length;

    /// <summary>True when every range is integer or categorical, so the space is finite and repeats are possible.</summary>
    public bool IsDiscrete => axes.All(a => a.Scale is null || a.Scale.Integer);

    /// <summary>A uniform draw in the scaled space: each numeric coordinate uniform on [0, 1], each categorical value equally likely.</summary>
    public double[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var x = new double[Dimensions];
        foreach (var axis in axes)
        {
            if (axis.Values is null)
            {
                x[axis.Offset] = random.NextDouble();
            }
            else
            {
                x[axis.Offset + random.Next(axis.Width)] = 1;
            }
        }

        return x;
    }

    /// <summary>The encoded point of a hyperparameter set, or false if a tuned parameter is missing, unparsable or not one of a categorical's values.</summary>
    public bool TryEncode(IReadOnlyDictionary<string, string> hyperParameters, out double[] point)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        point = new double[Dimensions];
        foreach (var axis in axes)
        {
            if (!hyperParameters.TryGetValue(axis.Name, out var text))
            {
                return false;
            }

            if (axis.Scale is { } scale)
            {
                if (!ParameterValueFormat.TryParse(text, out var value))
                {
                    return false;
                }

                point[axis.Offset] = scale.ToUnit(value);
                continue;
            }

            var index = IndexOf(axis.Values!, text);
            if (index < 0)
            {
                return false;
            }

            point[axis.Offset + index] = 1;
        }

        return true;
    }

    /// <summary>The hyperparameter set at a point (which need not be exactly on the grid of integers or one-hot vectors).</summary>
    public IReadOnlyDictionary<string, string> Decode(ReadOnlySpan<double> point)
    {
        if (point.Length != Dimensions)
        {
            throw new ArgumentException($"Expected a point of {Dimensions} coordinates.", nameof(point));
        }

        var result = new Dictionary<string, string>(axes.Length, StringComparer.Ordinal);
        foreach (var axis in axes)
        {
            if (axis.Scale is { } scale)
            {
                var value = scale.FromUnit(point[axis.Offset]);
                result[axis.Name] = scale.Integer ? ParameterValueFormat.Integer(value) : ParameterValueFormat.Continuous(value);
            }
            else
            {
                result[axis.Name] = axis.Values![ArgMax(point.Slice(axis.Offset, axis.Width))];
            }
        }

        return result;
    }

    /// <summary>
    /// The point a decoded set really stands for: integers on their cell centres, one-hot blocks exact, reals as
    /// formatted. Strategies model the values the training jobs actually receive.
    /// </summary>
    public double[] Snap(ReadOnlySpan<double> point)
    {
        TryEncode(Decode(point), out var snapped);
        return snapped;
    }

    /// <summary>A key equal for equal hyperparameter sets (tuned parameters only, in range order).</summary>
    public string Key(IReadOnlyDictionary<string, string> hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(hyperParameters);
        return string.Join('\u001f', axes.Select(a => hyperParameters.TryGetValue(a.Name, out var v) ? v : "\u001e"));
    }

    /// <summary>The categorical coordinates of the point: which one-hot blocks exist, for optimisers that move only numeric ones.</summary>
    internal IEnumerable<(int Offset, int Width)> CategoricalBlocks => axes.Where(a => a.Values is not null).Select(a => (a.Offset, a.Width));

    /// <summary>The numeric coordinates of the point.</summary>
    internal IEnumerable<int> NumericCoordinates => axes.Where(a => a.Scale is not null).Select(a => a.Offset);

    private static int IndexOf(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static int ArgMax(ReadOnlySpan<double> block)
    {
        var best = 0;
        for (var i = 1; i < block.Length; i++)
        {
            if (block[i] > block[best])
            {
                best = i;
            }
        }

        return best;
    }

    private sealed record Axis(string Name, int Offset, int Width, NumericScale? Scale, IReadOnlyList<string>? Values);
}
