using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// The built-in XGBoost algorithm through CreateTrainingJob on a real server, driven by boto3 as a SageMaker user
/// would: SageMaker's ECR image and Sagebrush's short form, FinalMetricDataList from the algorithm's own metric
/// definitions, xgboost-model in model.tar.gz (loaded by Python xgboost), and a missing hyperparameter's FailureReason.
/// </summary>
public sealed class BuiltInXGBoostTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Setup = XGBoostData.Python + """
        import io, random, tarfile
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"

        ensure_bucket("xgb")
        rng = random.Random(11)
        def rows(n):
            return binary_rows(rng, n, 0.2)
        s3.put_object(Bucket="xgb", Key="data/train/part-1.csv", Body=rows(800).encode())
        s3.put_object(Bucket="xgb", Key="data/train/part-2.csv", Body=rows(800).encode())
        s3.put_object(Bucket="xgb", Key="data/validation/validation.csv", Body=rows(400).encode())

        def create(name, image, hyperparameters):
            sm.create_training_job(
                TrainingJobName=name,
                AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"},
                RoleArn=ROLE,
                HyperParameters=hyperparameters,
                InputDataConfig=[{"ChannelName": c, "ContentType": "text/csv", "DataSource": {"S3DataSource": {
                    "S3DataType": "S3Prefix", "S3Uri": f"s3://xgb/data/{c}/", "S3DataDistributionType": "FullyReplicated"}}}
                    for c in ("train", "validation")],
                OutputDataConfig={"S3OutputPath": "s3://xgb/output"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                StoppingCondition={"MaxRuntimeInSeconds": 600})

        def wait(name):
            try:
                sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 300})
            except botocore.exceptions.WaiterError as failed:
                if "Failed" not in str(failed):
                    raise
            return sm.describe_training_job(TrainingJobName=name)

        """;

    private readonly Boto3 boto3 = new(server);

    [Theory]
    [InlineData("xgb-ecr", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1")]
    [InlineData("xgb-short", "sagebrush/xgboost:1")]
    public async Task TheBuiltInXGBoostTrainsAModelWithTheContainersMetrics(string job, string image) => await RunAsync($$""""
        create("{{job}}", "{{image}}", {"num_round": "20", "objective": "binary:logistic", "max_depth": "3",
                                        "eta": "0.3", "eval_metric": "logloss,auc"})
        d = wait("{{job}}")
        assert d["TrainingJobStatus"] == "Completed", d.get("FailureReason")
        metrics = {m["MetricName"]: m["Value"] for m in d["FinalMetricDataList"]}
        for name in ("train:logloss", "train:auc", "validation:logloss", "validation:auc"):
            assert name in metrics, metrics
        assert metrics["validation:auc"] > 0.9, metrics
        names = [m["Name"] for m in d["AlgorithmSpecification"]["MetricDefinitions"]]
        assert "validation:auc" in names and "train:rmse" in names, names

        uri = d["ModelArtifacts"]["S3ModelArtifacts"]
        assert uri == "s3://xgb/output/{{job}}/output/model.tar.gz", uri
        archive = tarfile.open(fileobj=io.BytesIO(s3.get_object(Bucket="xgb", Key=uri[len("s3://xgb/"):])["Body"].read()), mode="r:gz")
        names = [m.name.lstrip("./") for m in archive.getmembers() if m.isfile()]
        assert names == ["xgboost-model"], names

        import tempfile, numpy as np, xgboost as xgb
        path = tempfile.mktemp()
        open(path, "wb").write(archive.extractfile([m for m in archive.getmembers() if m.isfile()][0]).read())
        booster = xgb.Booster()
        booster.load_model(path)
        assert booster.num_boosted_rounds() == 20, booster.num_boosted_rounds()
        valid = np.loadtxt(io.BytesIO(s3.get_object(Bucket="xgb", Key="data/validation/validation.csv")["Body"].read()), delimiter=",")
        accuracy = ((booster.predict(xgb.DMatrix(valid[:, 1:])) > 0.5) == valid[:, 0]).mean()
        assert accuracy > 0.85, accuracy
        """");

    [Fact]
    public async Task WithoutNumRoundTheJobFailsNamingIt() => await RunAsync(""""
        create("xgb-no-rounds", "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.5-1", {"objective": "binary:logistic"})
        d = wait("xgb-no-rounds")
        assert d["TrainingJobStatus"] == "Failed", d["TrainingJobStatus"]
        assert d["FailureReason"] == "ClientError: Hyperparameter 'num_round' is required.", d["FailureReason"]
        """");

    private async Task<ProcessResult> RunAsync(string script) => (await boto3.RunAsync(Setup + script)).EnsureSuccess();
}
