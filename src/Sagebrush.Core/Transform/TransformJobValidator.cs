using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Transform.Batch;
using Sagebrush.Core.Transform.Shapes;

namespace Sagebrush.Core.Transform;

/// <summary>
/// CreateTransformJob's input against the botocore model, then the rules AWS checks beyond it (MaxPayloadInMB at most
/// 100 MB, and with MaxConcurrentTransforms at most 100 MB in flight; BatchStrategy needs a SplitType; filters that
/// parse), then what Sagebrush does not support yet. The input prefix is checked when the job runs, as on AWS.
/// </summary>
public static class TransformJobValidator
{
    public const string S3UriPattern = "^(https|s3)://([^/]+)/?(.*)$";
    public const int MaxPayloadLimitInMB = 100;

    private static readonly IReadOnlyList<string> BatchStrategies = ["MultiRecord", "SingleRecord"];
    private static readonly IReadOnlyList<string> S3DataTypes = ["ManifestFile", "S3Prefix", "AugmentedManifestFile"];
    private static readonly IReadOnlyList<string> Compressions = ["None", "Gzip"];
    private static readonly IReadOnlyList<string> SplitTypes = ["None", "Line", "RecordIO", "TFRecord"];
    private static readonly IReadOnlyList<string> AssemblyTypes = ["None", "Line"];
    private static readonly IReadOnlyList<string> JoinSources = ["Input", "None"];

    public static void Validate(CreateTransformJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        CheckModel(request, errors);
        errors.ThrowIfAny();
        CheckRules(request);
    }

    private static void CheckModel(CreateTransformJobRequest request, ConstraintErrors errors)
    {
        JobNames.Check(request.TransformJobName, "transformJobName", errors);

        if (errors.Required(request.ModelName, "modelName"))
        {
            errors.Length(request.ModelName, "modelName", 0, 63);
            errors.Pattern(request.ModelName, "modelName", "^[a-zA-Z0-9](-*[a-zA-Z0-9])*");
        }

        errors.Minimum(request.MaxConcurrentTransforms, "maxConcurrentTransforms", 0);
        errors.Minimum(request.MaxPayloadInMB, "maxPayloadInMB", 0);
        errors.Enum(request.BatchStrategy, "batchStrategy", BatchStrategies);
        errors.Items(request.Environment?.Keys.ToList(), "environment", 0, 16);
        errors.MapEntries(request.Environment, "environment", keys: true, max: 1024, pattern: "[a-zA-Z_][a-zA-Z0-9_]{0,1023}");
        errors.MapEntries(request.Environment, "environment", keys: false, max: 10240);
        if (request.ModelClientConfig is { } client)
        {
            errors.Minimum(client.InvocationsTimeoutInSeconds, "modelClientConfig.invocationsTimeoutInSeconds", 1);
            errors.Maximum(client.InvocationsTimeoutInSeconds, "modelClientConfig.invocationsTimeoutInSeconds", 3600);
            errors.Minimum(client.InvocationsMaxRetries, "modelClientConfig.invocationsMaxRetries", 0);
            errors.Maximum(client.InvocationsMaxRetries, "modelClientConfig.invocationsMaxRetries", 3);
        }

        if (errors.Required(request.TransformInput, "transformInput"))
        {
            var input = request.TransformInput!;
            if (errors.Required(input.DataSource, "transformInput.dataSource")
                && errors.Required(input.DataSource!.S3DataSource, "transformInput.dataSource.s3DataSource"))
            {
                var source = input.DataSource.S3DataSource!;
                if (errors.Required(source.S3DataType, "transformInput.dataSource.s3DataSource.s3DataType"))
                {
                    errors.Enum(source.S3DataType, "transformInput.dataSource.s3DataSource.s3DataType", S3DataTypes);
                }

                if (errors.Required(source.S3Uri, "transformInput.dataSource.s3DataSource.s3Uri"))
                {
                    errors.Length(source.S3Uri, "transformInput.dataSource.s3DataSource.s3Uri", 0, 1024);
                    errors.Pattern(source.S3Uri, "transformInput.dataSource.s3DataSource.s3Uri", S3UriPattern);
                }
            }

            errors.Length(input.ContentType, "transformInput.contentType", 0, 256);
            errors.Enum(input.CompressionType, "transformInput.compressionType", Compressions);
            errors.Enum(input.SplitType, "transformInput.splitType", SplitTypes);
        }

        if (errors.Required(request.TransformOutput, "transformOutput"))
        {
            var output = request.TransformOutput!;
            if (errors.Required(output.S3OutputPath, "transformOutput.s3OutputPath"))
            {
                errors.Length(output.S3OutputPath, "transformOutput.s3OutputPath", 0, 1024);
                errors.Pattern(output.S3OutputPath, "transformOutput.s3OutputPath", S3UriPattern);
            }

            errors.Length(output.Accept, "transformOutput.accept", 0, 256);
            errors.Enum(output.AssembleWith, "transformOutput.assembleWith", AssemblyTypes);
        }

        if (errors.Required(request.TransformResources, "transformResources"))
        {
            var resources = request.TransformResources!;
            if (errors.Required(resources.InstanceType, "transformResources.instanceType"))
            {
                errors.Enum(resources.InstanceType, "transformResources.instanceType", InstanceTypes.Transform);
            }

            if (errors.Required(resources.InstanceCount, "transformResources.instanceCount"))
            {
                errors.Minimum(resources.InstanceCount, "transformResources.instanceCount", 1);
            }
        }

        if (request.DataProcessing is { } processing)
        {
            errors.Length(processing.InputFilter, "dataProcessing.inputFilter", 0, 63);
            errors.Length(processing.OutputFilter, "dataProcessing.outputFilter", 0, 63);
            errors.Enum(processing.JoinSource, "dataProcessing.joinSource", JoinSources);
        }

        if (request.DataCaptureConfig is { } capture && errors.Required(capture.DestinationS3Uri, "dataCaptureConfig.destinationS3Uri"))
        {
            errors.Pattern(capture.DestinationS3Uri, "dataCaptureConfig.destinationS3Uri", S3UriPattern);
        }

        TagChecks.Check(request.Tags, "tags", errors);
    }

    private static void CheckRules(CreateTransformJobRequest request)
    {
        if (request.MaxPayloadInMB > MaxPayloadLimitInMB)
        {
            throw SageMakerErrors.Validation($"MaxPayloadInMB {request.MaxPayloadInMB} is larger than the maximum of {MaxPayloadLimitInMB} MB.");
        }

        if (request.MaxPayloadInMB is > 0 and var payload && request.MaxConcurrentTransforms is > 0 and var concurrent && (long)payload * concurrent > MaxPayloadLimitInMB)
        {
            throw SageMakerErrors.Validation(
                $"MaxConcurrentTransforms ({concurrent}) times MaxPayloadInMB ({payload}) must not exceed {MaxPayloadLimitInMB} MB.");
        }

        var input = request.TransformInput!;
        var split = input.SplitType ?? "None";
        if (request.BatchStrategy == "MultiRecord" && split == "None")
        {
            throw SageMakerErrors.Validation("BatchStrategy MultiRecord needs a SplitType (Line, RecordIO or TFRecord): with SplitType None each file is one record.");
        }

        if (split == "TFRecord" || input.DataSource!.S3DataSource!.S3DataType == "AugmentedManifestFile")
        {
            throw SageMakerErrors.Validation("SplitType TFRecord and S3DataType AugmentedManifestFile are not supported by Sagebrush yet; use Line, RecordIO or None with S3Prefix or ManifestFile.");
        }

        foreach (var uri in new[] { input.DataSource.S3DataSource.S3Uri!, request.TransformOutput!.S3OutputPath!, request.DataCaptureConfig?.DestinationS3Uri })
        {
            if (uri is not null && !uri.StartsWith("s3://", StringComparison.Ordinal))
            {
                throw SageMakerErrors.Validation($"'{uri}' must be an s3://bucket/prefix URI: Sagebrush reads and writes only its own S3.");
            }
        }

        foreach (var (filter, member) in new[] { (request.DataProcessing?.InputFilter, "InputFilter"), (request.DataProcessing?.OutputFilter, "OutputFilter") })
        {
            if (filter is not null && !JsonPath.TryParse(filter, out _, out var problem))
            {
                throw SageMakerErrors.Validation($"DataProcessing.{member} '{filter}' is not a JSONPath Sagebrush evaluates: {problem}");
            }
        }
    }
}
