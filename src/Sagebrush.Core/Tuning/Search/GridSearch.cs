namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Strategy Grid: every combination of the categorical ranges' values exactly once, in odometer order (the first
/// range changes slowest, values in the order given), then nothing. SageMaker's grid search supports only
/// categorical parameters; the seed does not change the order. A combination already tried (any state, Failed
/// included, so a failing point is not retried) is skipped, which makes the strategy a pure function of the history.
/// </summary>
public sealed class GridSearch : ISearchStrategy
{
    private readonly CategoricalParameterRange[] ranges;
    private readonly ParameterEncoding encoding;

    public GridSearch(ParameterSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (space.Ranges.Count == 0 || space.Ranges.Any(r => r is not CategoricalParameterRange))
        {
            throw new ArgumentException("Grid search supports only categorical parameter ranges (and at least one).", nameof(space));
        }

        ranges = [.. space.Ranges.Cast<CategoricalParameterRange>()];
        encoding = new ParameterEncoding(space);
    }

    /// <summary>The number of combinations: the product of the ranges' value counts.</summary>
    public long Size => ranges.Aggregate(1L, (n, r) => checked(n * r.Values.Count));

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Propose(int count, IReadOnlyList<Trial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var seen = trials.Select(t => encoding.Key(t.HyperParameters)).ToHashSet(StringComparer.Ordinal);
        var proposals = new List<IReadOnlyDictionary<string, string>>();
        foreach (var combination in Combinations())
        {
            if (proposals.Count >= count)
            {
                break;
            }

            if (seen.Add(encoding.Key(combination)))
            {
                proposals.Add(combination);
            }
        }

        return proposals;
    }

    public IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials) => [];

    /// <summary>All combinations in order.</summary>
    public IEnumerable<IReadOnlyDictionary<string, string>> Combinations()
    {
        var digits = new int[ranges.Length];
        for (long n = 0; n < Size; n++)
        {
            var combination = new Dictionary<string, string>(ranges.Length, StringComparer.Ordinal);
            for (var i = 0; i < ranges.Length; i++)
            {
                combination[ranges[i].Name] = ranges[i].Values[digits[i]];
            }

            yield return combination;
            for (var i = ranges.Length - 1; i >= 0; i--)
            {
                if (++digits[i] < ranges[i].Values.Count)
                {
                    break;
                }

                digits[i] = 0;
            }
        }
    }
}
