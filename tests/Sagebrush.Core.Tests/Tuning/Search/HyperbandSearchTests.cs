using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class HyperbandSearchTests
{
    private static readonly ParameterSpace Space = new([new ContinuousParameterRange("lr", 0.001, 1, ScalingType.Logarithmic)]);

    /// <summary>A learning curve that falls towards <paramref name="final"/> as 1/epoch.</summary>
    private static double[] Curve(double final, int epochs) => [.. Enumerable.Range(1, epochs).Select(t => final + (2.0 / t))];

    [Fact]
    public void BracketsFollowHyperbandsRungsAndProportions()
    {
        var brackets = new HyperbandBrackets(1, 27);
        Assert.Equal([1, 3, 9], brackets.Rungs);
        Assert.Equal([27, 12, 6, 4], brackets.Weights);
        var dealt = Enumerable.Range(0, 49).GroupBy(brackets.BracketOf).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(27, dealt[0]);
        Assert.Equal(4, dealt[3]);
        Assert.Equal([3, 9], brackets.RungsOf(1).ToArray());
    }

    [Fact]
    public void AtARungOnlyTheBestThirdOfABracketsTrialsKeepRunning()
    {
        var search = new HyperbandSearch(Space, ObjectiveDirection.Minimize, 0, new HyperbandSettings(1, 27));
        var brackets = search.Brackets;
        // Nine trials of the most aggressive bracket (rungs 1, 3, 9), each with one value reported; the rest are
        // other brackets' trials that have not started reporting.
        var positions = Enumerable.Range(0, 40).Where(i => brackets.BracketOf(i) == 0).Take(9).ToHashSet();
        var trials = Enumerable.Range(0, positions.Max() + 1).Select(i => new Trial(
            $"t{i}",
            new Dictionary<string, string> { ["lr"] = "0.01" },
            TrialState.Running,
            positions.Contains(i) ? Curve(final: i, epochs: 1) : [],
            null)).ToList();

        var stopped = search.TrialsToStop(trials);
        // The curve's values grow with the position: the first three members are the best third.
        var ranked = positions.Order().Select(i => $"t{i}").ToList();
        Assert.Equal(ranked.Skip(3).Order(StringComparer.Ordinal), stopped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void StoppingIsJudgedAtTheHighestRungAndMaximiseKeepsTheLargestValues()
    {
        var search = new HyperbandSearch(Space, ObjectiveDirection.Maximize, 0, new HyperbandSettings(1, 9));
        var brackets = search.Brackets;
        var members = Enumerable.Range(0, 60).Where(i => brackets.BracketOf(i) == 0).Take(6).ToList();
        var trials = Enumerable.Range(0, members.Max() + 1).Select(i => new Trial($"t{i}", new Dictionary<string, string>(), TrialState.Completed, [], 0.0)).ToList();
        // Six members with accuracy curves past rung 3: the best third at epoch 3 (two of six) survive, whatever epoch 1 said.
        double[] atThree = [0.5, 0.9, 0.6, 0.8, 0.7, 0.95];
        for (var k = 0; k < members.Count; k++)
        {
            trials[members[k]] = new Trial($"m{k}", new Dictionary<string, string>(), TrialState.Running, [1 - atThree[k], 0.4, atThree[k], 0.1], null);
        }

        var stopped = search.TrialsToStop(trials);
        Assert.Equal(["m0", "m2", "m3", "m4"], stopped.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TrialsOfThePatientBracketAndFinishedTrialsAreNeverStopped()
    {
        var search = new HyperbandSearch(Space, ObjectiveDirection.Minimize, 0, new HyperbandSettings(1, 9));
        var last = search.Brackets.BracketCount - 1;
        var trials = Enumerable.Range(0, 30).Select(i => new Trial(
            $"t{i}",
            new Dictionary<string, string>(),
            search.Brackets.BracketOf(i) == last || i % 2 == 0 ? TrialState.Running : TrialState.Completed,
            Curve(final: 100 - i, epochs: 9),
            null)).ToList();
        var stopped = search.TrialsToStop(trials).ToHashSet();
        Assert.DoesNotContain(trials, t => stopped.Contains(t.Id) && (t.State != TrialState.Running || search.Brackets.BracketOf(trials.IndexOf(t)) == last));
        Assert.NotEmpty(stopped);
    }
}
