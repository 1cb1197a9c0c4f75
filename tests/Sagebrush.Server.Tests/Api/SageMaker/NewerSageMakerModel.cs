namespace Sagebrush.Server.Tests.Api.SageMaker;

/// <summary>
/// Python that gives boto3 the tuning members AWS added after Debian's botocore 1.29 model (RandomSeed,
/// ResourceLimits.MaxRuntimeInSeconds, BestObjectiveNotImproving, ConvergenceDetected, ConsumedResources,
/// TuningJobCompletionDetails, DeleteHyperParameterTuningJob, and DeleteCompilationJob), shaped as the AWS API reference documents them:
/// it writes a patched copy of the model to a temp dir (<c>MODEL_DIR</c>, usable as AWS_DATA_PATH) and binds
/// <c>sm</c> to a client built from it.
/// </summary>
internal static class NewerSageMakerModel
{
    public const string Python = """
        import json, os, tempfile
        import boto3.session, botocore.session

        def _newer_model():
            model = botocore.session.get_session().get_component("data_loader").load_service_model("sagemaker", "service-2")
            shapes = model["shapes"]
            shapes["RandomSeed"] = {"type": "integer", "min": 0}
            shapes["HyperParameterTuningJobConfig"]["members"]["RandomSeed"] = {"shape": "RandomSeed"}
            shapes["HyperParameterTuningMaxRuntimeInSeconds"] = {"type": "integer", "min": 120, "max": 15768000}
            shapes["ResourceLimits"]["members"]["MaxRuntimeInSeconds"] = {"shape": "HyperParameterTuningMaxRuntimeInSeconds"}
            shapes["MaxNumberOfTrainingJobsNotImproving"] = {"type": "integer", "min": 3}
            shapes["BestObjectiveNotImproving"] = {"type": "structure", "members": {"MaxNumberOfTrainingJobsNotImproving": {"shape": "MaxNumberOfTrainingJobsNotImproving"}}}
            shapes["CompleteOnConvergence"] = {"type": "string", "enum": ["Disabled", "Enabled"]}
            shapes["ConvergenceDetected"] = {"type": "structure", "members": {"CompleteOnConvergence": {"shape": "CompleteOnConvergence"}}}
            criteria = shapes["TuningJobCompletionCriteria"]
            criteria["required"] = []
            criteria["members"]["BestObjectiveNotImproving"] = {"shape": "BestObjectiveNotImproving"}
            criteria["members"]["ConvergenceDetected"] = {"shape": "ConvergenceDetected"}
            shapes["HyperParameterTuningJobConsumedResources"] = {"type": "structure", "members": {"RuntimeInSeconds": {"shape": "Integer"}}}
            shapes["HyperParameterTuningJobCompletionDetails"] = {"type": "structure", "members": {
                "NumberOfTrainingJobsObjectiveNotImproving": {"shape": "Integer"}, "ConvergenceDetectedTime": {"shape": "Timestamp"}}}
            describe = shapes["DescribeHyperParameterTuningJobResponse"]["members"]
            describe["ConsumedResources"] = {"shape": "HyperParameterTuningJobConsumedResources"}
            describe["TuningJobCompletionDetails"] = {"shape": "HyperParameterTuningJobCompletionDetails"}
            shapes["HyperParameterTuningJobStatus"]["enum"] += ["Deleting", "DeleteFailed"]
            shapes["DeleteHyperParameterTuningJobRequest"] = {"type": "structure", "required": ["HyperParameterTuningJobName"],
                "members": {"HyperParameterTuningJobName": {"shape": "HyperParameterTuningJobName"}}}
            model["operations"]["DeleteHyperParameterTuningJob"] = {"name": "DeleteHyperParameterTuningJob",
                "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "DeleteHyperParameterTuningJobRequest"}}
            shapes["DeleteCompilationJobRequest"] = {"type": "structure", "required": ["CompilationJobName"],
                "members": {"CompilationJobName": {"shape": "EntityName"}}}
            model["operations"]["DeleteCompilationJob"] = {"name": "DeleteCompilationJob",
                "http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "DeleteCompilationJobRequest"}}
            directory = tempfile.mkdtemp(prefix="sagemaker-model-")
            os.makedirs(os.path.join(directory, "sagemaker", "2017-07-24"))
            with open(os.path.join(directory, "sagemaker", "2017-07-24", "service-2.json"), "w") as out:
                json.dump(model, out)
            return directory

        MODEL_DIR = _newer_model()
        _session = botocore.session.get_session()
        _session.get_component("data_loader").search_paths.insert(0, MODEL_DIR)
        sm = boto3.session.Session(botocore_session=_session).client("sagemaker", endpoint_url=endpoint, config=Config(retries={"max_attempts": 1}))

        """;
}
