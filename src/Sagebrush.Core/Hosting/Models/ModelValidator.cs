using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting.Models;

/// <summary>
/// CreateModel's input against the botocore model (required members, patterns, lengths, enums), then the rules
/// beyond it, then what Sagebrush does not support yet: inference pipelines (several Containers), MultiModel mode,
/// ModelPackageName, and model data outside Sagebrush's own S3.
/// </summary>
public static class ModelValidator
{
    private const string ImagePattern = @"[\S]+";
    private const string UrlPattern = "^(https|s3)://([^/]+)/?(.*)$";
    private const string EnvironmentKeyPattern = "[a-zA-Z_][a-zA-Z0-9_]*";
    private static readonly IReadOnlyList<string> Modes = ["SingleModel", "MultiModel"];
    private static readonly IReadOnlyList<string> ExecutionModes = ["Serial", "Direct"];

    /// <summary>Validates the request and returns the container the model serves.</summary>
    public static ContainerDefinition Validate(CreateModelInput request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        HostingNames.Check(request.ModelName, "modelName", HostingNames.ModelNamePattern, errors);
        if (request.PrimaryContainer is { } primary)
        {
            CheckContainer(primary, "primaryContainer", errors);
        }

        errors.Items(request.Containers, "containers", 0, 15);
        for (var i = 0; request.Containers is not null && i < request.Containers.Count; i++)
        {
            CheckContainer(request.Containers[i], $"containers.{i + 1}.member", errors);
        }

        if (request.InferenceExecutionConfig is { } execution && errors.Required(execution.Mode, "inferenceExecutionConfig.mode"))
        {
            errors.Enum(execution.Mode, "inferenceExecutionConfig.mode", ExecutionModes);
        }

        if (errors.Required(request.ExecutionRoleArn, "executionRoleArn"))
        {
            errors.Length(request.ExecutionRoleArn, "executionRoleArn", 20, 2048);
            errors.Pattern(request.ExecutionRoleArn, "executionRoleArn", RoleArns.Pattern);
        }

        TagChecks.Check(request.Tags, "tags", errors);
        errors.ThrowIfAny();
        return CheckRules(request);
    }

    private static void CheckContainer(ContainerDefinition container, string path, ConstraintErrors errors)
    {
        errors.Length(container.ContainerHostname, $"{path}.containerHostname", 0, 63);
        errors.Pattern(container.ContainerHostname, $"{path}.containerHostname", "^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
        errors.Length(container.Image, $"{path}.image", 0, 255);
        errors.Pattern(container.Image, $"{path}.image", ImagePattern);
        errors.Enum(container.Mode, $"{path}.mode", Modes);
        errors.Length(container.ModelDataUrl, $"{path}.modelDataUrl", 0, 1024);
        errors.Pattern(container.ModelDataUrl, $"{path}.modelDataUrl", UrlPattern);
        errors.Items(container.Environment?.Keys.ToList(), $"{path}.environment", 0, 16);
        errors.MapEntries(container.Environment, $"{path}.environment", keys: true, max: 1024, pattern: EnvironmentKeyPattern);
        errors.MapEntries(container.Environment, $"{path}.environment", keys: false, max: 1024);
    }

    private static ContainerDefinition CheckRules(CreateModelInput request)
    {
        var containers = request.Containers ?? [];
        if (request.PrimaryContainer is null && containers.Count == 0)
        {
            throw HostingErrors.Validation("Either PrimaryContainer or Containers must be specified.");
        }

        if (request.PrimaryContainer is not null && containers.Count > 0)
        {
            throw HostingErrors.Validation("You can specify either PrimaryContainer or Containers, but not both.");
        }

        if (containers.Count > 1)
        {
            throw HostingErrors.Validation("Inference pipelines (more than one container in Containers) are not supported by Sagebrush yet.");
        }

        var container = request.PrimaryContainer ?? containers[0];
        if (container.ModelPackageName is not null)
        {
            throw HostingErrors.Validation("ModelPackageName: model packages are not supported by Sagebrush yet; use Image and ModelDataUrl.");
        }

        if (container.Image is null)
        {
            throw HostingErrors.Validation("The container must specify an Image.");
        }

        if (container.Mode == "MultiModel")
        {
            throw HostingErrors.Validation("Mode MultiModel (multi-model endpoints) is not supported by Sagebrush yet; use SingleModel.");
        }

        if (container.ModelDataUrl is { } url && (!url.StartsWith("s3://", StringComparison.Ordinal) || url.Length <= "s3://".Length || url["s3://".Length] == '/'))
        {
            throw HostingErrors.Validation($"ModelDataUrl '{url}' must be an s3://bucket/key URI: Sagebrush reads models only from its own S3.");
        }

        var image = ServingImage.Resolve(container.Image, container.Environment);
        if (image.Image.Kind == Compute.ImageKind.BuiltInAlgorithm && container.ModelDataUrl is null)
        {
            throw HostingErrors.Validation($"The built-in algorithm image '{container.Image}' needs a ModelDataUrl: the model artifacts of a training job.");
        }

        return container;
    }
}
