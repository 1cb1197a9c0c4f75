using Sagebrush.Server.Tests.Support;

namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>A real tuning of the built-in XGBoost, maximising its own validation:auc metric, driven by boto3.</summary>
public sealed class TuningBuiltInXGBoostTests(SagebrushServerFixture server) : IClassFixture<SagebrushServerFixture>
{
    private readonly Boto3 boto3 = new(server);

    [Fact]
    public async Task ABayesianSearchMaximisesTheBuiltInXGBoostsValidationAuc() => (await boto3.RunAsync(NewerSageMakerModel.Python + XGBoostData.Python + """
        import random, time
        ensure_bucket("xgb-tuning")
        rng = random.Random(5)
        def rows(n):
            return binary_rows(rng, n, 0.3)
        s3.put_object(Bucket="xgb-tuning", Key="data/train/train.csv", Body=rows(600).encode())
        s3.put_object(Bucket="xgb-tuning", Key="data/validation/validation.csv", Body=rows(300).encode())

        sm.create_hyper_parameter_tuning_job(
            HyperParameterTuningJobName="xgb-auc",
            HyperParameterTuningJobConfig={
                "Strategy": "Bayesian",
                "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
                "ResourceLimits": {"MaxNumberOfTrainingJobs": 4, "MaxParallelTrainingJobs": 2},
                "ParameterRanges": {
                    "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "1", "MaxValue": "6"}],
                    "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.05", "MaxValue": "0.5", "ScalingType": "Logarithmic"}]},
                "RandomSeed": 3},
            TrainingJobDefinition={
                "StaticHyperParameters": {"num_round": "15", "objective": "binary:logistic", "eval_metric": "auc"},
                "AlgorithmSpecification": {"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
                "RoleArn": "arn:aws:iam::000000000000:role/SageMakerRole",
                "InputDataConfig": [{"ChannelName": c, "ContentType": "text/csv", "DataSource": {"S3DataSource": {
                    "S3DataType": "S3Prefix", "S3Uri": f"s3://xgb-tuning/data/{c}/"}}} for c in ("train", "validation")],
                "OutputDataConfig": {"S3OutputPath": "s3://xgb-tuning/output"},
                "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
                "StoppingCondition": {"MaxRuntimeInSeconds": 600}})
        for _ in range(2400):
            d = sm.describe_hyper_parameter_tuning_job(HyperParameterTuningJobName="xgb-auc")
            if d["HyperParameterTuningJobStatus"] != "InProgress":
                break
            time.sleep(0.25)
        assert d["HyperParameterTuningJobStatus"] == "Completed", d
        assert d["ObjectiveStatusCounters"]["Succeeded"] == 4, d
        jobs = sm.list_training_jobs_for_hyper_parameter_tuning_job(HyperParameterTuningJobName="xgb-auc", SortBy="FinalObjectiveMetricValue", SortOrder="Descending")["TrainingJobSummaries"]
        best = d["BestTrainingJob"]
        assert best["TrainingJobName"] == jobs[0]["TrainingJobName"], (best, jobs)
        metric = best["FinalHyperParameterTuningJobObjectiveMetric"]
        assert metric["MetricName"] == "validation:auc" and metric["Type"] == "Maximize" and metric["Value"] > 0.85, best
        assert set(best["TunedHyperParameters"]) == {"max_depth", "eta"}, best
        """)).EnsureSuccess();
}
