using Sagebrush.Core.Common;
using Sagebrush.Core.Training.Shapes;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tests.Tuning;

public sealed class TuningJobValidationTests
{
    private static async Task<AwsException> RefusedAsync(CreateHyperParameterTuningJobRequest request)
    {
        await using var scope = new TuningScope();
        return await Assert.ThrowsAsync<AwsException>(() => scope.Service.CreateAsync(request));
    }

    private static Task<AwsException> RefusedAsync(Func<HyperParameterTuningJobConfig, HyperParameterTuningJobConfig> change) =>
        RefusedAsync(TuningRequests.WithConfig(change));

    [Fact]
    public async Task MissingMembersAreReportedTogetherInAwsWords()
    {
        var error = await RefusedAsync(new CreateHyperParameterTuningJobRequest { HyperParameterTuningJobName = "bad_name" });

        Assert.Equal("ValidationException", error.Code);
        Assert.Equal(
            "2 validation errors detected: Value 'bad_name' at 'hyperParameterTuningJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,31}; " +
            "Value null at 'hyperParameterTuningJobConfig' failed to satisfy constraint: Member must not be null",
            error.Message);
    }

    [Fact]
    public async Task ConfigConstraintsUseTheirNestedPaths()
    {
        var error = await RefusedAsync(c => c with
        {
            Strategy = "Sideways",
            ResourceLimits = new ResourceLimits { MaxParallelTrainingJobs = 0, MaxRuntimeInSeconds = 60 },
            RandomSeed = -1,
        });

        Assert.StartsWith("4 validation errors detected: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value 'Sideways' at 'hyperParameterTuningJobConfig.strategy' failed to satisfy constraint: Member must satisfy enum value set: [Bayesian, Random, Hyperband, Grid]", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value '0' at 'hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs' failed to satisfy constraint: Member must have value greater than or equal to 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value '60' at 'hyperParameterTuningJobConfig.resourceLimits.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 120", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value '-1' at 'hyperParameterTuningJobConfig.randomSeed'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDefinitionIsCheckedAsATrainingJobUnderItsOwnPath()
    {
        var request = TuningRequests.Valid() with { TrainingJobDefinition = TuningRequests.Definition() with { RoleArn = "not-a-role", ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.huge", InstanceCount = 1, VolumeSizeInGB = 1 } } };

        var error = await RefusedAsync(request);

        // The role is both too short and off pattern, as CreateTrainingJob would say.
        Assert.StartsWith("3 validation errors detected: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value 'not-a-role' at 'trainingJobDefinition.roleArn' failed to satisfy constraint", error.Message, StringComparison.Ordinal);
        Assert.Contains("Value 'ml.m5.huge' at 'trainingJobDefinition.resourceConfig.instanceType'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GridTakesOnlyCategoricalRanges()
    {
        var error = await RefusedAsync(TuningRequests.WithConfig(c => c with { ResourceLimits = new ResourceLimits { MaxParallelTrainingJobs = 1 } }, TuningRequests.Valid(strategy: "Grid")));

        Assert.Contains("Grid strategy supports only CategoricalParameterRanges", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GridRefusesMaxNumberOfTrainingJobs()
    {
        var error = await RefusedAsync(TuningRequests.WithConfig(c => c with { ResourceLimits = new ResourceLimits { MaxNumberOfTrainingJobs = 3, MaxParallelTrainingJobs = 1 } }, TuningRequests.Grid()));

        Assert.Contains("MaxNumberOfTrainingJobs must not be specified with the Grid strategy", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Logarithmic", "0", "10", "Logarithmic scaling works only for ranges of values greater than 0")]
    [InlineData("ReverseLogarithmic", "0", "1", "ReverseLogarithmic scaling requires a range within 0 <= value < 1")]
    [InlineData("Linear", "5", "5", "MinValue must be less than MaxValue for the hyperparameter 'x'")]
    [InlineData("Linear", "ten", "20", "The MinValue 'ten' of the continuous hyperparameter 'x'")]
    public async Task ContinuousRangesFollowTheirScalingRules(string scaling, string min, string max, string expected)
    {
        var error = await RefusedAsync(c => c with
        {
            ParameterRanges = new ParameterRanges { ContinuousParameterRanges = [new ContinuousParameterRange { Name = "x", MinValue = min, MaxValue = max, ScalingType = scaling }] },
        });

        Assert.Equal("ValidationException", error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReverseLogarithmicIsOnlyForContinuousRanges()
    {
        var error = await RefusedAsync(c => c with
        {
            ParameterRanges = new ParameterRanges { IntegerParameterRanges = [new IntegerParameterRange { Name = "n", MinValue = "0", MaxValue = "1", ScalingType = "ReverseLogarithmic" }] },
        });

        Assert.Contains("ReverseLogarithmic scaling is supported only for continuous hyperparameters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AParameterNamedTwiceOrAlsoStaticIsRefused()
    {
        var twice = await RefusedAsync(c => c with
        {
            ParameterRanges = new ParameterRanges
            {
                ContinuousParameterRanges = [new ContinuousParameterRange { Name = "x", MinValue = "0", MaxValue = "1" }],
                CategoricalParameterRanges = [new CategoricalParameterRange { Name = "x", Values = ["a"] }],
            },
        });
        var alsoStatic = await RefusedAsync(c => c with
        {
            ParameterRanges = new ParameterRanges { CategoricalParameterRanges = [new CategoricalParameterRange { Name = "sagemaker_program", Values = ["a.py"] }] },
        });

        Assert.Contains("The hyperparameter 'x' has more than one range", twice.Message, StringComparison.Ordinal);
        Assert.Contains("'sagemaker_program' is both tunable (in ParameterRanges) and static (in StaticHyperParameters)", alsoStatic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheObjectiveMustBeAMetricTheJobsReport()
    {
        var error = await RefusedAsync(c => c with { HyperParameterTuningJobObjective = new HyperParameterTuningJobObjective { Type = "Maximize", MetricName = "validation:auc" } });

        Assert.Contains("The objective metric 'validation:auc' of the training job definition is not a metric its training jobs report", error.Message, StringComparison.Ordinal);
        Assert.Contains("(loss)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreParallelJobsThanJobsIsRefused()
    {
        var error = await RefusedAsync(TuningRequests.Valid(maxJobs: 2, parallel: 3));

        Assert.Equal("MaxParallelTrainingJobs (3) must be less than or equal to MaxNumberOfTrainingJobs (2).", error.Message);
    }

    [Fact]
    public async Task HyperbandNeedsItsResourcesAndNoOtherEarlyStopping()
    {
        var missing = await RefusedAsync(c => c with { Strategy = "Hyperband" });
        var auto = await RefusedAsync(c => c with
        {
            Strategy = "Hyperband",
            TrainingJobEarlyStoppingType = "Auto",
            StrategyConfig = new HyperParameterTuningJobStrategyConfig { HyperbandStrategyConfig = new HyperbandStrategyConfig { MinResource = 1, MaxResource = 9 } },
        });
        var elsewhere = await RefusedAsync(c => c with
        {
            StrategyConfig = new HyperParameterTuningJobStrategyConfig { HyperbandStrategyConfig = new HyperbandStrategyConfig { MinResource = 1, MaxResource = 9 } },
        });

        Assert.Contains("The Hyperband strategy needs StrategyConfig.HyperbandStrategyConfig.MaxResource", missing.Message, StringComparison.Ordinal);
        Assert.Contains("TrainingJobEarlyStoppingType must be Off with the Hyperband strategy", auto.Message, StringComparison.Ordinal);
        Assert.Contains("StrategyConfig applies only to the Hyperband strategy", elsewhere.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneOfTrainingJobDefinitionAndTrainingJobDefinitions()
    {
        var both = await RefusedAsync(TuningRequests.Valid() with { TrainingJobDefinitions = [TuningRequests.Definition() with { DefinitionName = "a" }] });
        var neither = await RefusedAsync(TuningRequests.Valid() with { TrainingJobDefinition = null });

        Assert.Equal("You must specify either TrainingJobDefinition or TrainingJobDefinitions, but not both.", both.Message);
        Assert.Equal(both.Message, neither.Message);
    }

    [Fact]
    public async Task WarmStartParentsMustExistAndHaveEnded()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.Valid("parent"));
        var warm = new HyperParameterTuningJobWarmStartConfig { WarmStartType = "IdenticalDataAndAlgorithm", ParentHyperParameterTuningJobs = [new ParentHyperParameterTuningJob { HyperParameterTuningJobName = "parent" }] };

        var running = await Assert.ThrowsAsync<AwsException>(() => scope.Service.CreateAsync(TuningRequests.Valid("child") with { WarmStartConfig = warm }));
        var missing = await Assert.ThrowsAsync<AwsException>(() => scope.Service.CreateAsync(TuningRequests.Valid("child") with
        {
            WarmStartConfig = warm with { ParentHyperParameterTuningJobs = [new ParentHyperParameterTuningJob { HyperParameterTuningJobName = "nobody" }] },
        }));

        Assert.Equal("The parent tuning job 'parent' is in status InProgress: warm start parents must have ended (Completed, Stopped or Failed).", running.Message);
        Assert.Equal("The parent tuning job 'nobody' in WarmStartConfig does not exist.", missing.Message);
    }

    [Fact]
    public async Task ADuplicateNameIsResourceInUseAndAnUnknownOneResourceNotFound()
    {
        await using var scope = new TuningScope();
        await scope.Service.CreateAsync(TuningRequests.Valid("same"));

        var duplicate = await Assert.ThrowsAsync<AwsException>(() => scope.Service.CreateAsync(TuningRequests.Valid("same")));
        var unknown = await Assert.ThrowsAsync<AwsException>(() => scope.Service.DescribeAsync("other"));

        Assert.Equal("ResourceInUse", duplicate.Code);
        Assert.Equal(("ResourceNotFound", "Amazon SageMaker can't find a tuning job with name other"), (unknown.Code, unknown.Message));
    }
}
