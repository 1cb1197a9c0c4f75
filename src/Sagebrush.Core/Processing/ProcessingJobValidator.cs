using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Processing;

/// <summary>
/// CreateProcessingJob's input against the botocore model (required members, patterns, lengths, enums), then the rules
/// AWS checks beyond the model (unique names, LocalPath under /opt/ml/processing/), then what Sagebrush does not support
/// yet. Input prefixes are not checked here: as on AWS, a missing prefix fails the job when its data is downloaded.
/// </summary>
public static class ProcessingJobValidator
{
    public const string S3UriPattern = "^(https|s3)://([^/]+)/?(.*)$";
    public const string LocalRoot = "/opt/ml/processing/";

    private static readonly IReadOnlyList<string> S3DataTypes = ["ManifestFile", "S3Prefix"];
    private static readonly IReadOnlyList<string> InputModes = ["Pipe", "File"];
    private static readonly IReadOnlyList<string> Distributions = ["FullyReplicated", "ShardedByS3Key"];
    private static readonly IReadOnlyList<string> Compressions = ["None", "Gzip"];
    private static readonly IReadOnlyList<string> UploadModes = ["Continuous", "EndOfJob"];

    public static void Validate(CreateProcessingJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        CheckModel(request, errors);
        errors.ThrowIfAny();
        CheckRules(request);
    }

    private static void CheckModel(CreateProcessingJobRequest request, ConstraintErrors errors)
    {
        JobNames.Check(request.ProcessingJobName, "processingJobName", errors);

        if (errors.Required(request.ProcessingResources, "processingResources")
            && errors.Required(request.ProcessingResources!.ClusterConfig, "processingResources.clusterConfig"))
        {
            var cluster = request.ProcessingResources.ClusterConfig!;
            const string at = "processingResources.clusterConfig";
            if (errors.Required(cluster.InstanceCount, $"{at}.instanceCount"))
            {
                errors.Minimum(cluster.InstanceCount, $"{at}.instanceCount", 1);
                errors.Maximum(cluster.InstanceCount, $"{at}.instanceCount", 100);
            }

            if (errors.Required(cluster.InstanceType, $"{at}.instanceType"))
            {
                errors.Enum(cluster.InstanceType, $"{at}.instanceType", InstanceTypes.Processing);
            }

            if (errors.Required(cluster.VolumeSizeInGB, $"{at}.volumeSizeInGB"))
            {
                errors.Minimum(cluster.VolumeSizeInGB, $"{at}.volumeSizeInGB", 1);
                errors.Maximum(cluster.VolumeSizeInGB, $"{at}.volumeSizeInGB", 16384);
            }
        }

        if (errors.Required(request.AppSpecification, "appSpecification"))
        {
            var app = request.AppSpecification!;
            if (errors.Required(app.ImageUri, "appSpecification.imageUri"))
            {
                errors.Length(app.ImageUri, "appSpecification.imageUri", 0, 255);
            }

            errors.Strings(app.ContainerEntrypoint, "appSpecification.containerEntrypoint", 100, 256);
            errors.Strings(app.ContainerArguments, "appSpecification.containerArguments", 100, 256);
        }

        if (errors.Required(request.RoleArn, "roleArn"))
        {
            errors.Length(request.RoleArn, "roleArn", 20, 2048);
            errors.Pattern(request.RoleArn, "roleArn", RoleArns.Pattern);
        }

        if (request.StoppingCondition is { } stopping && errors.Required(stopping.MaxRuntimeInSeconds, "stoppingCondition.maxRuntimeInSeconds"))
        {
            errors.Minimum(stopping.MaxRuntimeInSeconds, "stoppingCondition.maxRuntimeInSeconds", 1);
            errors.Maximum(stopping.MaxRuntimeInSeconds, "stoppingCondition.maxRuntimeInSeconds", 604800);
        }

        errors.Items(request.Environment?.Keys.ToList(), "environment", 0, 100);
        errors.MapEntries(request.Environment, "environment", keys: true, max: 256, pattern: "[a-zA-Z_][a-zA-Z0-9_]*");
        errors.MapEntries(request.Environment, "environment", keys: false, max: 256);
        CheckInputs(request.ProcessingInputs, errors);
        CheckOutputs(request.ProcessingOutputConfig, errors);
        TagChecks.Check(request.Tags, "tags", errors);
    }

    private static void CheckInputs(IReadOnlyList<ProcessingInput>? inputs, ConstraintErrors errors)
    {
        errors.Items(inputs, "processingInputs", 0, 10);
        for (var i = 0; inputs is not null && i < inputs.Count; i++)
        {
            var at = $"processingInputs.{i + 1}.member";
            errors.Required(inputs[i].InputName, $"{at}.inputName");
            if (inputs[i].S3Input is not { } s3)
            {
                continue;
            }

            if (errors.Required(s3.S3Uri, $"{at}.s3Input.s3Uri"))
            {
                errors.Length(s3.S3Uri, $"{at}.s3Input.s3Uri", 0, 1024);
                errors.Pattern(s3.S3Uri, $"{at}.s3Input.s3Uri", S3UriPattern);
            }

            if (errors.Required(s3.S3DataType, $"{at}.s3Input.s3DataType"))
            {
                errors.Enum(s3.S3DataType, $"{at}.s3Input.s3DataType", S3DataTypes);
            }

            errors.Length(s3.LocalPath, $"{at}.s3Input.localPath", 0, 256);
            errors.Enum(s3.S3InputMode, $"{at}.s3Input.s3InputMode", InputModes);
            errors.Enum(s3.S3DataDistributionType, $"{at}.s3Input.s3DataDistributionType", Distributions);
            errors.Enum(s3.S3CompressionType, $"{at}.s3Input.s3CompressionType", Compressions);
        }
    }

    private static void CheckOutputs(ProcessingOutputConfig? config, ConstraintErrors errors)
    {
        if (config is null || !errors.Required(config.Outputs, "processingOutputConfig.outputs"))
        {
            return;
        }

        errors.Items(config.Outputs, "processingOutputConfig.outputs", 0, 10);
        for (var i = 0; i < config.Outputs!.Count; i++)
        {
            var at = $"processingOutputConfig.outputs.{i + 1}.member";
            errors.Required(config.Outputs[i].OutputName, $"{at}.outputName");
            if (config.Outputs[i].S3Output is not { } s3)
            {
                continue;
            }

            if (errors.Required(s3.S3Uri, $"{at}.s3Output.s3Uri"))
            {
                errors.Length(s3.S3Uri, $"{at}.s3Output.s3Uri", 0, 1024);
                errors.Pattern(s3.S3Uri, $"{at}.s3Output.s3Uri", S3UriPattern);
            }

            if (errors.Required(s3.LocalPath, $"{at}.s3Output.localPath"))
            {
                errors.Length(s3.LocalPath, $"{at}.s3Output.localPath", 0, 256);
            }

            if (errors.Required(s3.S3UploadMode, $"{at}.s3Output.s3UploadMode"))
            {
                errors.Enum(s3.S3UploadMode, $"{at}.s3Output.s3UploadMode", UploadModes);
            }
        }
    }

    private static void CheckRules(CreateProcessingJobRequest request)
    {
        var inputs = request.ProcessingInputs ?? [];
        var outputs = request.ProcessingOutputConfig?.Outputs ?? [];
        if (inputs.GroupBy(i => i.InputName).FirstOrDefault(g => g.Count() > 1) is { } duplicateInput)
        {
            throw SageMakerErrors.Validation($"ProcessingInputs must have unique InputName values: '{duplicateInput.Key}' appears {duplicateInput.Count()} times.");
        }

        if (outputs.GroupBy(o => o.OutputName).FirstOrDefault(g => g.Count() > 1) is { } duplicateOutput)
        {
            throw SageMakerErrors.Validation($"ProcessingOutputConfig.Outputs must have unique OutputName values: '{duplicateOutput.Key}' appears {duplicateOutput.Count()} times.");
        }

        foreach (var input in inputs)
        {
            if (input.DatasetDefinition is not null || input.AppManaged == true)
            {
                throw SageMakerErrors.Validation($"Input '{input.InputName}': DatasetDefinition (Athena, Redshift) and AppManaged inputs are not supported by Sagebrush yet; use an S3Input.");
            }

            var s3 = input.S3Input ?? throw SageMakerErrors.Validation($"Input '{input.InputName}' must have an S3Input or a DatasetDefinition.");
            CheckLocalPath(s3.LocalPath, $"Input '{input.InputName}'");
            CheckS3(s3.S3Uri!, $"Input '{input.InputName}'");
            if (s3.S3InputMode == "Pipe")
            {
                throw SageMakerErrors.Validation($"Input '{input.InputName}': S3InputMode Pipe is not supported by Sagebrush yet; use File.");
            }

            if (s3.S3CompressionType == "Gzip")
            {
                throw SageMakerErrors.Validation($"Input '{input.InputName}': S3CompressionType Gzip is only supported with the Pipe input mode, and the input uses File.");
            }
        }

        foreach (var output in outputs)
        {
            if (output.FeatureStoreOutput is not null || output.AppManaged == true)
            {
                throw SageMakerErrors.Validation($"Output '{output.OutputName}': FeatureStoreOutput and AppManaged outputs are not supported by Sagebrush yet; use an S3Output.");
            }

            var s3 = output.S3Output ?? throw SageMakerErrors.Validation($"Output '{output.OutputName}' must have an S3Output or a FeatureStoreOutput.");
            CheckLocalPath(s3.LocalPath, $"Output '{output.OutputName}'");
            CheckS3(s3.S3Uri!, $"Output '{output.OutputName}'");
        }

        var paths = inputs.Select(i => i.S3Input!.LocalPath!.TrimEnd('/')).Concat(outputs.Select(o => o.S3Output!.LocalPath!.TrimEnd('/'))).ToList();
        if (paths.GroupBy(p => p, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } shared)
        {
            throw SageMakerErrors.Validation($"The LocalPath {shared.Key} is used by more than one input or output; each must have its own.");
        }
    }

    private static void CheckLocalPath(string? localPath, string what)
    {
        if (localPath is null)
        {
            throw SageMakerErrors.Validation($"{what}: LocalPath is required.");
        }

        if (!localPath.StartsWith(LocalRoot, StringComparison.Ordinal) || localPath.TrimEnd('/').Length <= LocalRoot.Length - 1
            || localPath.Split('/').Any(part => part is "." or ".."))
        {
            throw SageMakerErrors.Validation($"{what}: LocalPath '{localPath}' must be an absolute path that begins with {LocalRoot}.");
        }
    }

    private static void CheckS3(string uri, string what)
    {
        if (!uri.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw SageMakerErrors.Validation($"{what}: '{uri}' must be an s3://bucket/prefix URI: Sagebrush reads and writes only its own S3.");
        }
    }
}
