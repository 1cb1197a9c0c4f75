namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Strategy Bayesian: a Gaussian-process surrogate (Matern 5/2, one length scale per encoded coordinate, fitted by
/// maximising the marginal likelihood) over the [0, 1] encoding, and Expected Improvement maximised by
/// <see cref="AcquisitionMaximiser"/>. The first max(3, ranges + 1) trials are the Random strategy's draws for the
/// same seed. Observations are Completed trials (and Stopped ones, with their final or last reported value; warm-start
/// parents arrive as Completed trials); Failed trials are ignored. A batch is proposed with the kriging believer:
/// each running trial, and each point already chosen for the batch, is believed to score the posterior mean, so the
/// next point goes elsewhere. Not supported: noise-aware incumbents, input warping, cost-aware acquisition.
/// </summary>
public sealed class BayesianSearch : ISearchStrategy
{
    private const int BayesianStream = 2;
    private const int FitRestarts = 2;
    private const int FitIterations = 50;
    private const int FitSubsetSize = 100;

    private readonly ParameterEncoding encoding;
    private readonly RandomSearch random;
    private readonly ObjectiveDirection direction;
    private readonly int seed;

    public BayesianSearch(ParameterSpace space, ObjectiveDirection direction, int seed)
    {
        encoding = new ParameterEncoding(space);
        random = new RandomSearch(space, seed);
        this.direction = direction;
        this.seed = seed;
    }

    /// <summary>How many trials are drawn at random before the surrogate takes over.</summary>
    public int InitialRandomTrials => Math.Max(3, encoding.RangeCount + 1);

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Propose(int count, IReadOnlyList<Trial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var seen = trials.Select(t => encoding.Key(t.HyperParameters)).ToHashSet(StringComparer.Ordinal);
        var (points, values) = Observations(trials);
        var pending = new List<double[]>();
        foreach (var trial in trials.Where(t => t.State == TrialState.Running))
        {
            if (encoding.TryEncode(trial.HyperParameters, out var x))
            {
                pending.Add(x);
            }
        }

        var started = trials.Count(t => t.State != TrialState.Failed);
        var proposals = new List<IReadOnlyDictionary<string, string>>();
        Surrogate? surrogate = null;
        for (var j = 0; j < count; j++)
        {
            var index = trials.Count + j;
            double[]? next = null;
            if (started + j >= InitialRandomTrials && points.Count >= 2)
            {
                surrogate ??= Surrogate.Fit(points, values, pending, SearchRandom.For(seed, BayesianStream, index));
                next = surrogate?.Next(encoding, SearchRandom.For(seed, BayesianStream, index), x => !seen.Contains(encoding.Key(encoding.Decode(x))));
            }

            var proposal = next is null ? random.Draw(index, encoding.IsDiscrete ? seen : null) : encoding.Decode(next);
            seen.Add(encoding.Key(proposal));
            proposals.Add(proposal);
            if (encoding.TryEncode(proposal, out var believed))
            {
                surrogate?.Believe(believed);
                pending.Add(believed);
            }
        }

        return proposals;
    }

    public IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials) => [];

    /// <summary>Encoded points and their objective values turned into "smaller is better".</summary>
    private (List<double[]> Points, List<double> Values) Observations(IReadOnlyList<Trial> trials)
    {
        var points = new List<double[]>();
        var values = new List<double>();
        foreach (var trial in trials)
        {
            var value = trial.State switch
            {
                TrialState.Completed => trial.FinalValue,
                TrialState.Stopped => trial.FinalValue ?? (trial.IntermediateValues.Count > 0 ? trial.IntermediateValues[^1] : null),
                _ => null,
            };
            if (value is { } v && double.IsFinite(v) && encoding.TryEncode(trial.HyperParameters, out var x))
            {
                points.Add(x);
                values.Add(direction == ObjectiveDirection.Maximize ? -v : v);
            }
        }

        return (points, values);
    }

    /// <summary>The fitted model for one Propose call, with its running fantasies.</summary>
    private sealed class Surrogate(GaussianProcess model, double best, List<double[]> incumbents)
    {
        private const int Incumbents = 5;

        private GaussianProcess model = model;

        public static Surrogate? Fit(List<double[]> points, List<double> values, List<double[]> pending, Random random)
        {
            var mean = values.Average();
            var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
            sd = sd > 1e-12 ? sd : 1;
            var standardised = values.Select(v => (v - mean) / sd).ToList();
            // The kernel is fitted on at most FitSubset observations (the best half and the most recent others): each
            // ascent step costs n^3, and a few hundred trials add little to what the length scales already know.
            // The posterior is then conditioned on every observation.
            var subset = FitSubset(standardised);
            var fitted = GaussianProcessFit.Fit([.. subset.Select(i => points[i])], [.. subset.Select(i => standardised[i])], random, FitRestarts, FitIterations);
            if (fitted is null)
            {
                return null;
            }

            var believed = pending.Select(p => fitted.Predict(p).Mean).ToList();
            var model = subset.Count == points.Count && pending.Count == 0
                ? fitted
                : GaussianProcess.Condition(fitted.Kernel, [.. points, .. pending], [.. standardised, .. believed]);
            if (model is null)
            {
                return null;
            }

            var incumbents = standardised.Select((v, i) => (v, i)).OrderBy(p => p.v).Take(Incumbents).Select(p => points[p.i]).ToList();
            return new Surrogate(model, standardised.Min(), incumbents);
        }

        private static List<int> FitSubset(List<double> values)
        {
            if (values.Count <= FitSubsetSize)
            {
                return [.. Enumerable.Range(0, values.Count)];
            }

            var best = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ThenBy(i => i).Take(FitSubsetSize / 2).ToHashSet();
            var recent = Enumerable.Range(0, values.Count).Reverse().Where(i => !best.Contains(i)).Take(FitSubsetSize - best.Count);
            return [.. best.Concat(recent).Order()];
        }

        public double[]? Next(ParameterEncoding encoding, Random random, Func<double[], bool> isNew) =>
            AcquisitionMaximiser.Maximise(model, best, encoding, incumbents, random, isNew);

        public void Believe(double[] point) => model = model.WithObservation(point, model.Predict(point).Mean) ?? model;
    }
}
