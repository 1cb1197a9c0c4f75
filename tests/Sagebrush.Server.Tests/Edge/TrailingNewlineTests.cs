using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Edge;

/// <summary>
/// Names end where the string ends: .NET's <c>$</c> also matches before a final newline, which once let
/// <c>nlname\n</c> through the training job name pattern and the bucket name rule (the bucket was created, and every
/// later answer about it was a 500).
/// </summary>
public sealed class TrailingNewlineTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task ANameWithATrailingNewlineIsRefusedAndNothingIsStored() => (await boto3.RunAsync("""
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        e = error_of(lambda: s3.create_bucket(Bucket="nlname\n"))
        assert e["Error"]["Code"] == "InvalidBucketName" and e["ResponseMetadata"]["HTTPStatusCode"] == 400, e
        assert "nlname\n" not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
        e = error_of(lambda: sm.create_model(ModelName="nlname\n", ExecutionRoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
                                             PrimaryContainer={"Image": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "ModelDataUrl": "s3://b/m.tar.gz"}))
        assert e["Error"]["Code"] == "ValidationException" and "modelName" in e["Error"]["Message"], e
        e = error_of(lambda: sm.describe_training_job(TrainingJobName="nlname\n"))
        assert e["Error"]["Code"] == "ValidationException", e
        e = error_of(lambda: sm.create_training_job(TrainingJobName="nlname\n", RoleArn="arn:aws:iam::000000000000:role/SageMakerRole",
            AlgorithmSpecification={"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
            OutputDataConfig={"S3OutputPath": "s3://b/o"}, ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
            StoppingCondition={"MaxRuntimeInSeconds": 60}))
        assert e["Error"]["Code"] == "ValidationException" and "trainingJobName" in e["Error"]["Message"], e
        assert sm.list_training_jobs(NameContains="nlname")["TrainingJobSummaries"] == []
        """)).EnsureSuccess();
}
