using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tests.Training;

/// <summary>A valid CreateTrainingJob request, as the SageMaker Python SDK sends one for a scikit-learn script.</summary>
public static class TrainingRequests
{
    public const string Image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";

    public static CreateTrainingJobRequest Valid(string name = "my-job") => new()
    {
        TrainingJobName = name,
        HyperParameters = new Dictionary<string, string> { ["sagemaker_program"] = "\"train.py\"" },
        AlgorithmSpecification = new AlgorithmSpecification { TrainingImage = Image, TrainingInputMode = "File" },
        RoleArn = "arn:aws:iam::000000000000:role/SageMakerRole",
        InputDataConfig =
        [
            new Channel
            {
                ChannelName = "train",
                DataSource = new DataSource { S3DataSource = new S3DataSource { S3DataType = "S3Prefix", S3Uri = "s3://data/train/" } },
            },
        ],
        OutputDataConfig = new OutputDataConfig { S3OutputPath = "s3://output/" },
        ResourceConfig = new ResourceConfig { InstanceType = "ml.m5.large", InstanceCount = 1, VolumeSizeInGB = 30 },
        StoppingCondition = new StoppingCondition { MaxRuntimeInSeconds = 3600 },
    };
}
