namespace Sagebrush.Core.Tuning.Search;

/// <summary>The early-stopping rule for TrainingJobEarlyStoppingType Auto (Off needs none).</summary>
public static class EarlyStopping
{
    public static IEarlyStoppingRule Create(ObjectiveDirection direction) => new MedianStoppingRule(direction);
}
