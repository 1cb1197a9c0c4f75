using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// The built-in Linear Learner, K-Means and PCA through CreateTrainingJob on a real server, driven by boto3 as a
/// SageMaker user would, on scikit-learn's shipped datasets: SageMaker's ECR images (and Sagebrush's short form once),
/// FinalMetricDataList from the algorithms' own metric definitions, the model in model.tar.gz, and a missing required
/// hyperparameter failing the job with a FailureReason that names it.
/// </summary>
public sealed class BuiltInLinearKMeansPcaTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private const string Registry = "382416733822.dkr.ecr.us-east-1.amazonaws.com";

    private const string Setup = """
        import io, json, tarfile
        import numpy as np
        from sklearn.datasets import load_breast_cancer, load_iris
        sm = boto3.client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))
        ROLE = "arn:aws:iam::000000000000:role/SageMakerRole"

        try:
            s3.create_bucket(Bucket="builtin")
        except s3.exceptions.BucketAlreadyOwnedByYou:
            pass

        def put_csv(key, rows):
            s3.put_object(Bucket="builtin", Key=key, Body="".join(",".join(repr(float(v)) for v in row) + "\n" for row in rows).encode())

        # Breast cancer, label first, split 60/20/20 with a fixed permutation; iris features without a label.
        cancer = load_breast_cancer()
        order = np.random.default_rng(7).permutation(len(cancer.target))
        labelled = np.column_stack([cancer.target, cancer.data])[order]
        parts = {"train": labelled[:341], "validation": labelled[341:455], "test": labelled[455:]}
        for channel, rows in parts.items():
            put_csv(f"cancer/{channel}/data.csv", rows)
        iris = load_iris().data
        put_csv("iris/train/data.csv", iris)
        put_csv("iris/test/data.csv", iris[::5])

        def create(name, image, hyperparameters, channels):
            sm.create_training_job(
                TrainingJobName=name,
                AlgorithmSpecification={"TrainingImage": image, "TrainingInputMode": "File"},
                RoleArn=ROLE,
                HyperParameters=hyperparameters,
                InputDataConfig=[{"ChannelName": c, "ContentType": content_type, "DataSource": {"S3DataSource": {
                    "S3DataType": "S3Prefix", "S3Uri": f"s3://builtin/{prefix}/{c}/", "S3DataDistributionType": "FullyReplicated"}}}
                    for c, (prefix, content_type) in channels.items()],
                OutputDataConfig={"S3OutputPath": "s3://builtin/output"},
                ResourceConfig={"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                StoppingCondition={"MaxRuntimeInSeconds": 600})

        def wait(name):
            try:
                sm.get_waiter("training_job_completed_or_stopped").wait(TrainingJobName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 300})
            except botocore.exceptions.WaiterError as failed:
                if "Failed" not in str(failed):
                    raise
            return sm.describe_training_job(TrainingJobName=name)

        def completed(name):
            d = wait(name)
            assert d["TrainingJobStatus"] == "Completed", (d["TrainingJobStatus"], d.get("FailureReason"))
            return d, {m["MetricName"]: m["Value"] for m in d.get("FinalMetricDataList", [])}

        def model_files(d, job):
            uri = d["ModelArtifacts"]["S3ModelArtifacts"]
            assert uri == f"s3://builtin/output/{job}/output/model.tar.gz", uri
            archive = tarfile.open(fileobj=io.BytesIO(s3.get_object(Bucket="builtin", Key=uri[len("s3://builtin/"):])["Body"].read()), mode="r:gz")
            return {m.name.lstrip("./"): archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}

        CANCER = {"train": ("cancer", "text/csv"), "validation": ("cancer", "text/csv"), "test": ("cancer", "text/csv")}
        IRIS = {"train": ("iris", "text/csv;label_size=0"), "test": ("iris", "text/csv;label_size=0")}

        """;

    private readonly Boto3 boto3 = new(server);

    [Theory]
    [InlineData("ll-ecr", Registry + "/linear-learner:1")]
    [InlineData("ll-short", "sagebrush/linear-learner:1")]
    public async Task LinearLearnerTrainsABinaryClassifierWithItsValidationAndTestMetrics(string job, string image) => await RunAsync($$""""
        create("{{job}}", "{{image}}", {"predictor_type": "binary_classifier", "feature_dim": "30", "epochs": "10",
                                        "mini_batch_size": "100"}, CANCER)
        d, metrics = completed("{{job}}")
        for name in ("train:objective_loss", "validation:objective_loss", "validation:binary_classification_accuracy",
                     "test:binary_classification_accuracy", "test:objective_loss", "test:precision", "test:recall"):
            assert name in metrics, metrics
        assert metrics["validation:binary_classification_accuracy"] > 0.9, metrics
        assert metrics["test:binary_classification_accuracy"] > 0.9, metrics
        names = [m["Name"] for m in d["AlgorithmSpecification"]["MetricDefinitions"]]
        assert "validation:binary_classification_accuracy" in names and "test:mse" in names, names

        files = model_files(d, "{{job}}")
        assert list(files) == ["linear-learner-model.json"], list(files)
        model = json.loads(files["linear-learner-model.json"])
        assert model["predictor_type"] == "binary_classifier" and model["feature_dim"] == 30, model
        test = parts["test"]
        scores = 1 / (1 + np.exp(-(test[:, 1:] @ np.array(model["weights"][0]) + model["bias"][0])))
        accuracy = ((scores > model["threshold"]) == test[:, 0]).mean()
        # float32 scores in the algorithm, float64 here: a row on the threshold may fall either way.
        assert abs(accuracy - metrics["test:binary_classification_accuracy"]) <= 1 / len(test) + 1e-9, (accuracy, metrics)
        """");

    [Fact]
    public async Task KMeansTrainsKCentersAndScoresTheTestChannel() => await RunAsync($$""""
        create("kmeans-ecr", "{{Registry}}/kmeans:1", {"k": "3", "feature_dim": "4", "init_method": "kmeans++",
                                                      "eval_metrics": '["msd", "ssd"]'}, IRIS)
        d, metrics = completed("kmeans-ecr")
        assert set(metrics) == {"test:msd", "test:ssd"}, metrics
        files = model_files(d, "kmeans-ecr")
        assert list(files) == ["kmeans-model.json"], list(files)
        centers = np.array(json.loads(files["kmeans-model.json"])["centers"])
        assert centers.shape == (3, 4), centers.shape
        test = iris[::5]
        msd = ((test[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2).min(axis=1).mean()
        assert abs(msd - metrics["test:msd"]) < 1e-3 * msd, (msd, metrics)
        assert abs(metrics["test:ssd"] - msd * len(test)) < 1e-3 * msd * len(test), metrics
        """");

    [Fact]
    public async Task PcaTrainsTheComponentsScikitLearnFinds() => await RunAsync($$""""
        create("pca-ecr", "{{Registry}}/pca:1", {"num_components": "2", "feature_dim": "4", "mini_batch_size": "50"}, IRIS)
        d, metrics = completed("pca-ecr")
        assert metrics == {}, metrics
        files = model_files(d, "pca-ecr")
        assert list(files) == ["pca-model.json"], list(files)
        model = json.loads(files["pca-model.json"])
        from sklearn.decomposition import PCA
        reference = PCA(n_components=2).fit(iris)
        # SageMaker's order: ascending variance, the principal component last.
        assert np.allclose(model["explained_variance"][::-1], reference.explained_variance_, rtol=1e-4), (model["explained_variance"], reference.explained_variance_)
        for ours, theirs in zip(model["components"][::-1], reference.components_):
            assert abs(abs(np.dot(ours, theirs)) - 1) < 1e-4, (ours, theirs)
        """");

    [Fact]
    public async Task AMissingRequiredHyperParameterFailsTheJobNamingIt() => await RunAsync($$""""
        cases = {
            "ll-no-predictor-type": ("linear-learner", {"feature_dim": "30"}, CANCER, "predictor_type"),
            "kmeans-no-k": ("kmeans", {"feature_dim": "4"}, IRIS, "k"),
            "kmeans-no-feature-dim": ("kmeans", {"k": "3"}, IRIS, "feature_dim"),
            "pca-no-num-components": ("pca", {"feature_dim": "4", "mini_batch_size": "50"}, IRIS, "num_components"),
            "pca-no-feature-dim": ("pca", {"num_components": "2", "mini_batch_size": "50"}, IRIS, "feature_dim"),
        }
        for job, (algorithm, hyperparameters, channels, _) in cases.items():
            create(job, f"{{Registry}}/{algorithm}:1", hyperparameters, channels)
        for job, (_, _, _, missing) in cases.items():
            d = wait(job)
            assert d["TrainingJobStatus"] == "Failed", (job, d["TrainingJobStatus"])
            assert d["FailureReason"] == f"ClientError: Hyperparameter '{missing}' is required.", (job, d["FailureReason"])
        """");

    private async Task<ProcessResult> RunAsync(string script) => (await boto3.RunAsync(Setup + script)).EnsureSuccess();
}
