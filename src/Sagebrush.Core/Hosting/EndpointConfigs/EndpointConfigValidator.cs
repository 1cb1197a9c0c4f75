using Sagebrush.Core.SageMaker;
using System.Globalization;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Hosting.EndpointConfigs;

/// <summary>
/// CreateEndpointConfig's input against the botocore model, then the rules beyond it, then what Sagebrush does not
/// support yet: serverless variants, accelerators, shadow variants, asynchronous inference and explainers.
/// </summary>
public static class EndpointConfigValidator
{
    /// <summary>Elastic Inference's sizes: a variant with one is served by the model's compiled version when there is one (docs/neo.md).</summary>
    public static IReadOnlyList<string> AcceleratorTypes { get; } =
        ["ml.eia1.medium", "ml.eia1.large", "ml.eia1.xlarge", "ml.eia2.medium", "ml.eia2.large", "ml.eia2.xlarge"];

    private const string DestinationPattern = "^(https|s3)://([^/])/?(.*)$";
    private const string ContentTypePattern = @"^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*";
    private static readonly IReadOnlyList<string> CaptureModes = ["Input", "Output"];

    public static void Validate(CreateEndpointConfigInput request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        HostingNames.Check(request.EndpointConfigName, "endpointConfigName", HostingNames.EndpointNamePattern, errors);
        if (errors.Required(request.ProductionVariants, "productionVariants"))
        {
            errors.Items(request.ProductionVariants, "productionVariants", 1, 10);
            for (var i = 0; i < request.ProductionVariants!.Count; i++)
            {
                CheckVariant(request.ProductionVariants[i], $"productionVariants.{i + 1}.member", errors);
            }
        }

        if (request.DataCaptureConfig is { } capture)
        {
            CheckCapture(capture, errors);
        }

        TagChecks.Check(request.Tags, "tags", errors);
        errors.Length(request.KmsKeyId, "kmsKeyId", 0, 2048);
        errors.ThrowIfAny();
        CheckRules(request);
    }

    private static void CheckVariant(ProductionVariant variant, string path, ConstraintErrors errors)
    {
        HostingNames.Check(variant.VariantName, $"{path}.variantName", HostingNames.EndpointNamePattern, errors);
        HostingNames.Check(variant.ModelName, $"{path}.modelName", HostingNames.ModelNamePattern, errors);
        errors.Minimum(variant.InitialInstanceCount, $"{path}.initialInstanceCount", 1);
        errors.Maximum(variant.InitialInstanceCount, $"{path}.initialInstanceCount", InstanceTypes.MaxInstanceCount);
        errors.Enum(variant.InstanceType, $"{path}.instanceType", InstanceTypes.Hosting);
        errors.Minimum(variant.VolumeSizeInGB, $"{path}.volumeSizeInGB", 1);
        errors.Maximum(variant.VolumeSizeInGB, $"{path}.volumeSizeInGB", 512);
        errors.Minimum(variant.ModelDataDownloadTimeoutInSeconds, $"{path}.modelDataDownloadTimeoutInSeconds", 60);
        errors.Maximum(variant.ModelDataDownloadTimeoutInSeconds, $"{path}.modelDataDownloadTimeoutInSeconds", 3600);
        errors.Minimum(variant.ContainerStartupHealthCheckTimeoutInSeconds, $"{path}.containerStartupHealthCheckTimeoutInSeconds", 60);
        errors.Maximum(variant.ContainerStartupHealthCheckTimeoutInSeconds, $"{path}.containerStartupHealthCheckTimeoutInSeconds", 3600);
    }

    private static void CheckCapture(DataCaptureConfig capture, ConstraintErrors errors)
    {
        const string path = "dataCaptureConfig";
        if (errors.Required(capture.InitialSamplingPercentage, $"{path}.initialSamplingPercentage"))
        {
            errors.Minimum(capture.InitialSamplingPercentage, $"{path}.initialSamplingPercentage", 0);
            errors.Maximum(capture.InitialSamplingPercentage, $"{path}.initialSamplingPercentage", 100);
        }

        if (errors.Required(capture.DestinationS3Uri, $"{path}.destinationS3Uri"))
        {
            errors.Length(capture.DestinationS3Uri, $"{path}.destinationS3Uri", 0, 512);
            errors.Pattern(capture.DestinationS3Uri, $"{path}.destinationS3Uri", DestinationPattern);
        }

        if (errors.Required(capture.CaptureOptions, $"{path}.captureOptions"))
        {
            errors.Items(capture.CaptureOptions, $"{path}.captureOptions", 1, 2);
            for (var i = 0; i < capture.CaptureOptions!.Count; i++)
            {
                var at = $"{path}.captureOptions.{i + 1}.member.captureMode";
                if (errors.Required(capture.CaptureOptions[i].CaptureMode, at))
                {
                    errors.Enum(capture.CaptureOptions[i].CaptureMode, at, CaptureModes);
                }
            }
        }

        if (capture.CaptureContentTypeHeader is { } header)
        {
            CheckContentTypes(header.CsvContentTypes, $"{path}.captureContentTypeHeader.csvContentTypes", errors);
            CheckContentTypes(header.JsonContentTypes, $"{path}.captureContentTypeHeader.jsonContentTypes", errors);
        }
    }

    private static void CheckContentTypes(IReadOnlyList<string>? types, string path, ConstraintErrors errors)
    {
        errors.Items(types, path, 1, 10);
        for (var i = 0; types is not null && i < types.Count; i++)
        {
            errors.Length(types[i], $"{path}.{i + 1}.member", 1, 256);
            errors.Pattern(types[i], $"{path}.{i + 1}.member", ContentTypePattern);
        }
    }

    private static void CheckRules(CreateEndpointConfigInput request)
    {
        var variants = request.ProductionVariants!;
        var duplicate = variants.GroupBy(v => v.VariantName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw HostingErrors.Validation($"The variant name(s) [{duplicate.Key}] are duplicated. Variant names must be unique within an endpoint configuration.");
        }

        for (var i = 0; i < variants.Count; i++)
        {
            if (variants[i].InitialVariantWeight is { } weight && (weight < 0 || !float.IsFinite(weight)))
            {
                throw HostingErrors.Validation($"1 validation error detected: Value '{weight.ToString(CultureInfo.InvariantCulture)}' at 'productionVariants.{i + 1}.member.initialVariantWeight' failed to satisfy constraint: Member must have value greater than or equal to 0");
            }
        }

        foreach (var variant in variants)
        {
            if (variant.ServerlessConfig is not null)
            {
                throw HostingErrors.Validation($"Variant '{variant.VariantName}': ServerlessConfig (serverless endpoints) is not supported by Sagebrush yet; use InstanceType and InitialInstanceCount.");
            }

            if (variant.InstanceType is null || variant.InitialInstanceCount is null)
            {
                throw HostingErrors.Validation($"Variant '{variant.VariantName}' must specify InstanceType and InitialInstanceCount.");
            }

            if (variant.AcceleratorType is { } accelerator && !AcceleratorTypes.Contains(accelerator))
            {
                throw HostingErrors.Validation(
                    $"1 validation error detected: Value '{accelerator}' at 'productionVariants.{request.ProductionVariants!.ToList().IndexOf(variant) + 1}.member.acceleratorType' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", AcceleratorTypes)}]");
            }
        }

        if (request.ShadowProductionVariants is not null)
        {
            throw HostingErrors.Validation("ShadowProductionVariants (shadow tests) are not supported by Sagebrush yet.");
        }

        if (request.AsyncInferenceConfig is not null)
        {
            throw HostingErrors.Validation("AsyncInferenceConfig (asynchronous inference) is not supported by Sagebrush yet.");
        }

        if (request.ExplainerConfig is not null)
        {
            throw HostingErrors.Validation("ExplainerConfig (online explainability) is not supported by Sagebrush yet.");
        }

        if (request.DataCaptureConfig?.DestinationS3Uri is { } destination && !destination.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw HostingErrors.Validation($"DataCaptureConfig.DestinationS3Uri '{destination}' must be an s3:// URI: Sagebrush writes captures only to its own S3.");
        }
    }
}
