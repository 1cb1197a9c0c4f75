namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Strategy Random: each proposal a uniform draw in the scaled space (<see cref="ParameterEncoding.Sample"/>). The
/// k-th trial's values come from a generator keyed by (RandomSeed, k), k being the number of trials before it, so
/// the sequence is the same however the orchestrator batches its calls. In a finite space (integers and
/// categoricals only) a draw that repeats an earlier trial is redrawn a bounded number of times; once the space is
/// nearly used up repeats are allowed rather than proposing nothing.
/// </summary>
public sealed class RandomSearch : ISearchStrategy
{
    private const int RedrawsForRepeats = 64;

    private readonly ParameterEncoding encoding;
    private readonly int seed;

    public RandomSearch(ParameterSpace space, int seed)
    {
        encoding = new ParameterEncoding(space);
        this.seed = seed;
    }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Propose(int count, IReadOnlyList<Trial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var seen = encoding.IsDiscrete ? trials.Select(t => encoding.Key(t.HyperParameters)).ToHashSet(StringComparer.Ordinal) : null;
        var proposals = new List<IReadOnlyDictionary<string, string>>(Math.Max(count, 0));
        for (var j = 0; j < count; j++)
        {
            proposals.Add(Draw(trials.Count + j, seen));
        }

        return proposals;
    }

    public IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials) => [];

    /// <summary>The proposal for the trial at position <paramref name="index"/>; other strategies use it for their random points.</summary>
    internal IReadOnlyDictionary<string, string> Draw(long index, HashSet<string>? seen)
    {
        var random = SearchRandom.For(seed, SearchRandom.ProposalStream, index);
        var proposal = encoding.Decode(encoding.Sample(random));
        for (var redraw = 0; seen is not null && redraw < RedrawsForRepeats && seen.Contains(encoding.Key(proposal)); redraw++)
        {
            proposal = encoding.Decode(encoding.Sample(random));
        }

        seen?.Add(encoding.Key(proposal));
        return proposal;
    }
}
