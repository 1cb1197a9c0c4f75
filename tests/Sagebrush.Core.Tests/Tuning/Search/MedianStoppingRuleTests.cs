using Sagebrush.Core.Tuning.Search;

namespace Sagebrush.Core.Tests.Tuning.Search;

public class MedianStoppingRuleTests
{
    private static Trial Finished(string id, params double[] values) => new(id, new Dictionary<string, string>(), TrialState.Completed, values, values[^1]);

    private static Trial Running(string id, params double[] values) => new(id, new Dictionary<string, string>(), TrialState.Running, values, null);

    private static readonly Trial[] History =
    [
        Finished("a", 1.0, 0.8, 0.6, 0.5, 0.4),
        Finished("b", 1.1, 0.9, 0.7, 0.6, 0.5),
        Finished("c", 0.9, 0.7, 0.5, 0.45, 0.4),
    ];

    [Fact]
    public void AClearlyBadCurveIsStoppedAndAGoodOneIsNot()
    {
        var rule = EarlyStopping.Create(ObjectiveDirection.Minimize);
        var stopped = rule.TrialsToStop([.. History, Running("bad", 2.0, 1.9, 1.8), Running("good", 0.8, 0.6, 0.45)]);
        Assert.Equal(["bad"], stopped);
    }

    [Fact]
    public void NothingIsStoppedBeforeEnoughStepsOrFinishedTrials()
    {
        var rule = new MedianStoppingRule(ObjectiveDirection.Minimize);
        Assert.Empty(rule.TrialsToStop([.. History, Running("early", 5.0, 5.0)]));
        Assert.Empty(rule.TrialsToStop([History[0], History[1], Running("bad", 2.0, 1.9, 1.8), Running("other", 1.0, 1.0, 1.0)]));
    }

    [Fact]
    public void ForMaximiseLowValuesAreWorse()
    {
        var rule = EarlyStopping.Create(ObjectiveDirection.Maximize);
        var stopped = rule.TrialsToStop([.. History, Running("low", 0.1, 0.1, 0.1), Running("high", 2.0, 2.0, 2.0)]);
        Assert.Equal(["low"], stopped);
    }

    [Fact]
    public void ABestValueSoFarBeatingTheMedianKeepsANoisyJobRunning()
    {
        var rule = EarlyStopping.Create(ObjectiveDirection.Minimize);
        // The latest value is poor, but the best so far (0.6 at step 2) beats the median running average at step 4.
        Assert.Empty(rule.TrialsToStop([.. History, Running("noisy", 1.0, 0.6, 1.5, 1.4)]));
    }
}
