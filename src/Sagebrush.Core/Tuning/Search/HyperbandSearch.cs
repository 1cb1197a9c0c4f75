namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Strategy Hyperband, asynchronous (as SageMaker's, which stops jobs rather than pausing them): the resource is the
/// number of intermediate values a trial has reported, from MinResource to MaxResource, eta = 3. Rungs sit at
/// MinResource * 3^k below MaxResource. Each trial belongs to a bracket (bracket b skips the first b rungs; the last
/// bracket has none and always runs to MaxResource), assigned by position with Hyperband's proportions
/// (<see cref="HyperbandBrackets"/>), so aggressive and patient brackets interleave. At a rung a running trial is
/// compared, by its value at that resource, with every trial of its bracket that reached the rung; it is stopped
/// unless it is in the best ceil(m / 3) of those m. A trial is judged at the highest rung it has reached, again as
/// more trials arrive there (successive halving without waiting for the rung to fill, since a job cannot be paused).
/// Trials that pass every rung run to completion. Configurations are the Random strategy's draws for the seed.
/// Trials must be given in the order they were proposed (warm-start parents first): the position picks the bracket.
/// </summary>
public sealed class HyperbandSearch : ISearchStrategy
{
    private readonly RandomSearch random;
    private readonly ObjectiveDirection direction;

    public HyperbandSearch(ParameterSpace space, ObjectiveDirection direction, int seed, HyperbandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        random = new RandomSearch(space, seed);
        this.direction = direction;
        Brackets = new HyperbandBrackets(settings.MinResource, settings.MaxResource);
    }

    public HyperbandBrackets Brackets { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Propose(int count, IReadOnlyList<Trial> trials) => random.Propose(count, trials);

    public IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var recorded = new Dictionary<(int Bracket, int Rung), List<(double Value, int Index)>>();
        var stop = new List<string>();
        for (var i = 0; i < trials.Count; i++)
        {
            var trial = trials[i];
            var bracket = Brackets.BracketOf(i);
            if (trial.State != TrialState.Running || HighestRung(bracket, trial.IntermediateValues.Count) is not { } rung)
            {
                continue;
            }

            if (!recorded.TryGetValue((bracket, rung), out var values))
            {
                values = ValuesAt(trials, bracket, rung);
                recorded[(bracket, rung)] = values;
            }

            // The trial's rank among the m values at the rung (better values first, ties by position): counted, not
            // sorted, so a call costs one pass over the history per rung in play.
            var own = Oriented(trial.IntermediateValues[rung - 1]);
            var rank = values.Count(v => v.Value < own || (v.Value == own && v.Index < i));
            if (!double.IsNaN(own) && rank >= (values.Count + HyperbandBrackets.Eta - 1) / HyperbandBrackets.Eta)
            {
                stop.Add(trial.Id);
            }
        }

        return stop;
    }

    private int? HighestRung(int bracket, int reported)
    {
        int? highest = null;
        foreach (var rung in Brackets.RungsOf(bracket))
        {
            if (reported >= rung)
            {
                highest = rung;
            }
        }

        return highest;
    }

    /// <summary>Every bracket member's value at the rung's resource (Failed trials left out), oriented so smaller is better.</summary>
    private List<(double Value, int Index)> ValuesAt(IReadOnlyList<Trial> trials, int bracket, int rung)
    {
        var values = new List<(double Value, int Index)>();
        for (var j = 0; j < trials.Count; j++)
        {
            if (trials[j].State != TrialState.Failed && trials[j].IntermediateValues.Count >= rung && Brackets.BracketOf(j) == bracket)
            {
                var value = Oriented(trials[j].IntermediateValues[rung - 1]);
                if (!double.IsNaN(value))
                {
                    values.Add((value, j));
                }
            }
        }

        return values;
    }

    private double Oriented(double value) => direction == ObjectiveDirection.Maximize ? -value : value;
}
