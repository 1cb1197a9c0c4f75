namespace Sagebrush.Core.Tuning.Search;

/// <summary>
/// Strategy Bayesian: a Gaussian-process surrogate (Matern 5/2, one length scale per encoded coordinate, fitted by
/// maximising the marginal likelihood) over the [0, 1] encoding, and Expected Improvement maximised by
/// <see cref="AcquisitionMaximiser"/> inside a TuRBO trust region (<see cref="TrustRegion"/>, <see cref="SearchRegion"/>):
/// local on the numeric coordinates around the best point, global for every other categorical value. The search
/// starts with <see cref="InitialDesign"/> (a Latin hypercube that tries every category); when the trust region
/// collapses in a refined well it restarts, with a design away from every point tried and a model of the new
/// epoch's trials only. Observations are Completed trials (and Stopped ones, with their final or last reported
/// value; warm-start parents arrive as Completed trials); Failed trials are ignored. A batch is proposed with the
/// kriging believer: each running trial, and each point already chosen for the batch, is believed to score the
/// posterior mean, so the next point goes elsewhere. Not supported: noise-aware incumbents, input warping,
/// cost-aware acquisition.
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
    private readonly int numericDimensions;

    public BayesianSearch(ParameterSpace space, ObjectiveDirection direction, int seed)
    {
        encoding = new ParameterEncoding(space);
        random = new RandomSearch(space, seed);
        this.direction = direction;
        this.seed = seed;
        numericDimensions = encoding.NumericCoordinates.Count();
    }

    /// <summary>How many trials an epoch's design has before the surrogate takes over.</summary>
    public int InitialDesignSize => InitialDesign.Size(encoding);

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Propose(int count, IReadOnlyList<Trial> trials)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var seen = trials.Select(t => encoding.Key(t.HyperParameters)).ToHashSet(StringComparer.Ordinal);
        var observed = Observations(trials);
        var region = TrustRegion.Replay([.. observed.Select(o => (o.Position, o.Value))], InitialDesignSize, numericDimensions);
        var epoch = observed.Where(o => o.Position >= region.EpochStart).ToList();
        var tried = new List<double[]>();
        var pending = new List<double[]>();
        for (var position = 0; position < trials.Count; position++)
        {
            if (encoding.TryEncode(trials[position].HyperParameters, out var x))
            {
                tried.Add(x);
                if (trials[position].State == TrialState.Running && position >= region.EpochStart)
                {
                    pending.Add(x);
                }
            }
        }

        var proposals = new List<IReadOnlyDictionary<string, string>>();
        Surrogate? surrogate = null;
        for (var j = 0; j < count; j++)
        {
            var position = trials.Count + j;
            double[]? next = null;
            if (position - region.EpochStart >= InitialDesignSize && epoch.Count >= 2)
            {
                var generator = SearchRandom.For(seed, BayesianStream, position);
                surrogate ??= Surrogate.Fit(epoch, pending, encoding, region.Length, generator);
                next = surrogate?.Next(encoding, generator, x => !seen.Contains(encoding.Key(encoding.Decode(x))));
            }

            var proposal = next is null ? DesignPoint(region, position, tried, seen) : encoding.Decode(next);
            seen.Add(encoding.Key(proposal));
            proposals.Add(proposal);
            if (encoding.TryEncode(proposal, out var believed))
            {
                surrogate?.Believe(believed);
                pending.Add(believed);
                tried.Add(believed);
            }
        }

        return proposals;
    }

    public IReadOnlyList<string> TrialsToStop(IReadOnlyList<Trial> trials) => [];

    /// <summary>The epoch's design point for the trial at <paramref name="position"/> (a random draw once the design is used up, or where it would repeat a trial).</summary>
    private IReadOnlyDictionary<string, string> DesignPoint(TrustRegion region, int position, List<double[]> tried, HashSet<string> seen)
    {
        var index = position - region.EpochStart;
        double[]? x = region.Epoch > 0 ? InitialDesign.AwayFrom(encoding, seed, position, tried)
            : index < InitialDesignSize ? InitialDesign.First(encoding, seed, index)
            : null;
        var proposal = x is null ? null : encoding.Decode(x);
        return proposal is not null && !seen.Contains(encoding.Key(proposal)) ? proposal : random.Draw(position, encoding.IsDiscrete ? seen : null);
    }

    /// <summary>Each observed trial's position, encoded point and objective value turned into "smaller is better".</summary>
    private List<Observation> Observations(IReadOnlyList<Trial> trials)
    {
        var observed = new List<Observation>();
        for (var position = 0; position < trials.Count; position++)
        {
            var trial = trials[position];
            var value = trial.State switch
            {
                TrialState.Completed => trial.FinalValue,
                TrialState.Stopped => trial.FinalValue ?? (trial.IntermediateValues.Count > 0 ? trial.IntermediateValues[^1] : null),
                _ => null,
            };
            if (value is { } v && double.IsFinite(v) && encoding.TryEncode(trial.HyperParameters, out var x))
            {
                observed.Add(new Observation(position, x, direction == ObjectiveDirection.Maximize ? -v : v));
            }
        }

        return observed;
    }

    private sealed record Observation(int Position, double[] Point, double Value);

    /// <summary>The fitted model for one Propose call, with its running fantasies.</summary>
    private sealed class Surrogate(GaussianProcess model, double best, List<double[]> incumbents, SearchRegion region)
    {
        private const int Incumbents = 5;

        private GaussianProcess model = model;

        /// <summary>The model of an epoch's observations, and the trust region around its best point.</summary>
        public static Surrogate? Fit(List<Observation> epoch, List<double[]> pending, ParameterEncoding encoding, double length, Random random)
        {
            var points = epoch.Select(o => o.Point).ToList();
            var values = epoch.Select(o => o.Value).ToList();
            var standardised = PowerTransform.Standardise(values);
            // The kernel is fitted on at most FitSubset observations (the best half and the most recent others): each
            // ascent step costs n^3, and a few hundred trials add little to what the length scales already know.
            // The posterior is then conditioned on every observation.
            var subset = FitSubset(standardised);
            var oneHot = encoding.CategoricalBlocks.SelectMany(b => Enumerable.Range(b.Offset, b.Width)).ToHashSet();
            var fitted = GaussianProcessFit.Fit([.. subset.Select(i => points[i])], [.. subset.Select(i => standardised[i])], random, FitRestarts, FitIterations, oneHot);
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

            // Noise-aware incumbents: observed points ranked by the model's mean there, not by the value they drew, so
            // one lucky draw of a noisy objective neither centres the trust region nor sets the bar EI must beat.
            var smoothed = points.Select(p => model.Predict(p).Mean).ToList();
            var incumbents = smoothed.Select((v, i) => (v, i)).OrderBy(p => p.v).Take(Incumbents).Select(p => points[p.i]).ToList();
            var lengthScales = fitted.Kernel.LogLengthScales.Select(Math.Exp).ToArray();
            return new Surrogate(model, smoothed.Min(), incumbents, SearchRegion.Around(encoding, incumbents[0], length, lengthScales));
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
            AcquisitionMaximiser.Maximise(model, best, encoding, region, incumbents, random, isNew);

        public void Believe(double[] point) => model = model.WithObservation(point, model.Predict(point).Mean) ?? model;
    }
}
