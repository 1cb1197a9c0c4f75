using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Training;
using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// A real server on a random port whose training jobs run through <see cref="HyperParameterScriptedExecutor"/>, with
/// at most two at a time; scripts get <c>sm</c>, a boto3 SageMaker client bound to it.
/// </summary>
public sealed class SageMakerServerFixture : InProcessServer
{
    private const string Prelude = """
        import os, sys, time, boto3, botocore
        from botocore.config import Config
        endpoint = os.environ["SAGEBRUSH_ENDPOINT"]
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        # Without botocore's own checks, so invalid requests reach the server as other SDKs would send them.
        raw = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}, parameter_validation=False))
        IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3"
        def job(name, hyper=None, mode="File", instance="ml.m5.large", channel="train", client=None, **extra):
            params = dict(
                TrainingJobName=name,
                HyperParameters=dict({"sagemaker_program": '"train.py"'}, **(hyper or {})),
                AlgorithmSpecification={"TrainingImage": IMAGE, "TrainingInputMode": mode,
                                        "MetricDefinitions": [{"Name": "loss", "Regex": "loss=([0-9.]+)"}]},
                RoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
                InputDataConfig=[{"ChannelName": channel, "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://data/train/"}}}],
                OutputDataConfig={"S3OutputPath": "s3://output/"},
                ResourceConfig={"InstanceType": instance, "InstanceCount": 1, "VolumeSizeInGB": 10},
                StoppingCondition={"MaxRuntimeInSeconds": 600})
            if channel is None:
                del params["InputDataConfig"][0]["ChannelName"]
            params.update(extra)
            return (client or sm).create_training_job(**params)
        def error_of(call):
            try:
                call()
            except botocore.exceptions.ClientError as e:
                return e.response["Error"]
            raise AssertionError("expected an error")

        """;

    public Task<ProcessResult> RunBoto3Async(string script) => RunPythonAsync(Prelude + script, TimeSpan.FromMinutes(3));

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<ITrainingExecutor, HyperParameterScriptedExecutor>();
        services.AddSingleton(new TrainingOptions(MaxConcurrentJobs: 2, Environment.ProcessorCount));
    }
}
