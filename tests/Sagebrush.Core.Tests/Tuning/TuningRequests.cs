using Sagebrush.Core.Tests.Training;
using Sagebrush.Core.Training.Shapes;
using Sagebrush.Core.Tuning.Shapes;

namespace Sagebrush.Core.Tests.Tuning;

/// <summary>A valid tuning job over a scikit-learn script that logs "loss=...", as the SageMaker Python SDK sends one.</summary>
public static class TuningRequests
{
    public static CreateHyperParameterTuningJobRequest Valid(string name = "tune", string strategy = "Random", int? maxJobs = 4, int parallel = 2) => new()
    {
        HyperParameterTuningJobName = name,
        HyperParameterTuningJobConfig = new HyperParameterTuningJobConfig
        {
            Strategy = strategy,
            HyperParameterTuningJobObjective = new HyperParameterTuningJobObjective { Type = "Minimize", MetricName = "loss" },
            ResourceLimits = new ResourceLimits { MaxNumberOfTrainingJobs = maxJobs, MaxParallelTrainingJobs = parallel },
            ParameterRanges = new ParameterRanges
            {
                ContinuousParameterRanges = [new ContinuousParameterRange { Name = "x", MinValue = "0", MaxValue = "10" }],
                IntegerParameterRanges = [new IntegerParameterRange { Name = "depth", MinValue = "1", MaxValue = "8" }],
            },
            RandomSeed = 7,
        },
        TrainingJobDefinition = Definition(),
    };

    public static CreateHyperParameterTuningJobRequest Grid(string name = "grid") => Valid(name, "Grid", maxJobs: null) with
    {
        HyperParameterTuningJobConfig = Valid().HyperParameterTuningJobConfig! with
        {
            Strategy = "Grid",
            ResourceLimits = new ResourceLimits { MaxParallelTrainingJobs = 2 },
            ParameterRanges = new ParameterRanges
            {
                CategoricalParameterRanges = [new CategoricalParameterRange { Name = "kernel", Values = ["linear", "rbf", "poly"] }],
            },
        },
    };

    public static HyperParameterTrainingJobDefinition Definition()
    {
        var training = TrainingRequests.Valid();
        return new HyperParameterTrainingJobDefinition
        {
            StaticHyperParameters = training.HyperParameters,
            AlgorithmSpecification = new HyperParameterAlgorithmSpecification
            {
                TrainingImage = TrainingRequests.Image,
                TrainingInputMode = "File",
                MetricDefinitions = [new MetricDefinition { Name = "loss", Regex = "loss=([0-9.]+)" }],
            },
            RoleArn = training.RoleArn,
            InputDataConfig = training.InputDataConfig,
            OutputDataConfig = training.OutputDataConfig,
            ResourceConfig = training.ResourceConfig,
            StoppingCondition = training.StoppingCondition,
        };
    }

    public static CreateHyperParameterTuningJobRequest WithConfig(
        Func<HyperParameterTuningJobConfig, HyperParameterTuningJobConfig> change,
        CreateHyperParameterTuningJobRequest? request = null)
    {
        request ??= Valid();
        return request with { HyperParameterTuningJobConfig = change(request.HyperParameterTuningJobConfig!) };
    }
}
