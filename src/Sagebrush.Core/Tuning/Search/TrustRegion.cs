namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// TuRBO's trust region (Eriksson et al., 2019), replayed from the history so the strategy stays a pure function of
/// its trials. The search runs in epochs: an epoch starts with an initial design, then proposes inside a box around
/// the epoch's best point. Its side (a fraction of the unit cube) doubles after <see cref="SuccessTolerance"/>
/// improvements in a row and halves after <see cref="FailureTolerance"/> trials in a row that did not improve; when
/// it falls below <see cref="MinLength"/> the search is stuck in a well it has already refined, and a new epoch
/// starts at the next trial: a fresh design away from every point tried, and a model of the new epoch's trials only,
/// so the old well does not pull the search back. The best trial overall is still the job's best.
/// Changed from the paper: the failure tolerance is max(3, ceil(d/2)) instead of max(4, d) and the box may shrink
/// five times instead of seven, so that a budget of 200 trials holds three or four epochs rather than two.
/// </summary>
internal sealed record TrustRegion(int EpochStart, int Epoch, double Length)
{
    public const double InitialLength = 0.8;
    public const double MinLength = InitialLength / 32;
    public const double MaxLength = 1.6;
    public const int SuccessTolerance = 3;

    /// <summary>An improvement must beat the epoch's best by this fraction of the epoch's range of values.</summary>
    private const double RelativeImprovement = 1e-3;

    public static int FailureTolerance(int numericDimensions) => Math.Max(3, (numericDimensions + 1) / 2);

    /// <summary>
    /// The region after the observed trials, given as (position in the history, value to minimise) in position order.
    /// The first <paramref name="designSize"/> observations of an epoch are its design: they set its best, not its
    /// counters. A trial still running is left out; when it ends, the next replay places it where it was proposed.
    /// </summary>
    public static TrustRegion Replay(IReadOnlyList<(int Position, double Value)> observations, int designSize, int numericDimensions)
    {
        var failureTolerance = FailureTolerance(numericDimensions);
        var (start, epoch, length) = (0, 0, InitialLength);
        var (best, worst, seen, successes, failures) = (double.PositiveInfinity, double.NegativeInfinity, 0, 0, 0);
        foreach (var (position, value) in observations)
        {
            seen++;
            var improved = value < best - (RelativeImprovement * Math.Max(worst - Math.Min(best, value), 0));
            (best, worst) = (Math.Min(best, value), Math.Max(worst, value));
            if (seen <= designSize)
            {
                continue;
            }

            (successes, failures) = improved ? (successes + 1, 0) : (0, failures + 1);
            if (successes == SuccessTolerance)
            {
                (length, successes) = (Math.Min(2 * length, MaxLength), 0);
            }
            else if (failures == failureTolerance)
            {
                (length, failures) = (length / 2, 0);
            }

            if (length < MinLength)
            {
                (start, epoch, length) = (position + 1, epoch + 1, InitialLength);
                (best, worst, seen, successes, failures) = (double.PositiveInfinity, double.NegativeInfinity, 0, 0, 0);
            }
        }

        return new TrustRegion(start, epoch, length);
    }
}
