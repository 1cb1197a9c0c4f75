using Sagebrush.Core.AutoScaling;
using Sagebrush.Core.AutoScaling.Shapes;

namespace Sagebrush.Core.Tests.AutoScaling;

public class StepScalingActionsTests
{
    private static StepScalingPolicyConfiguration Policy(string type, int? magnitude = null) => new()
    {
        AdjustmentType = type,
        MinAdjustmentMagnitude = magnitude,
        StepAdjustments =
        [
            new StepAdjustment(MetricIntervalUpperBound: 0, ScalingAdjustment: -1),
            new StepAdjustment(MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 10, ScalingAdjustment: 1),
            new StepAdjustment(MetricIntervalLowerBound: 10, ScalingAdjustment: 3),
        ],
    };

    [Theory]
    [InlineData(-5, -1)]
    [InlineData(0, 1)]
    [InlineData(9.99, 1)]
    [InlineData(10, 3)]
    [InlineData(1000, 3)]
    public void TheStepIsTheOneWhoseIntervalHoldsTheBreach(double breach, int adjustment) =>
        Assert.Equal(adjustment, StepScalingActions.Step(Policy("ChangeInCapacity"), breach));

    [Fact]
    public void AdjustmentTypesChangeTheCapacityAsAwsDoes()
    {
        Assert.Equal(5, StepScalingActions.Desired(Policy("ChangeInCapacity"), 2, 3));
        Assert.Equal(3, StepScalingActions.Desired(Policy("ExactCapacity"), 2, 3));
        Assert.Equal(15, StepScalingActions.Desired(Policy("PercentChangeInCapacity"), 10, 50));
        // 10% of 2 is 0.2: at least MinAdjustmentMagnitude (1 when absent).
        Assert.Equal(3, StepScalingActions.Desired(Policy("PercentChangeInCapacity"), 2, 10));
        Assert.Equal(4, StepScalingActions.Desired(Policy("PercentChangeInCapacity", magnitude: 2), 2, 10));
        Assert.Equal(1, StepScalingActions.Desired(Policy("PercentChangeInCapacity"), 2, -10));
    }
}
