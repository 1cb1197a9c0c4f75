using System.Text.Json;
using Sagebrush.Core.Compilation.Shapes;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Compilation;

/// <summary>
/// CreateCompilationJob's input against the botocore model (required members, patterns, enums), then the rules AWS
/// checks beyond it (one target, DataInputConfig as JSON), then what Sagebrush compiles: XGBoost models for the x86-64
/// CPU targets (<see cref="NeoTargets"/>).
/// </summary>
public static class CompilationJobValidator
{
    public const int DefaultMaxRuntimeInSeconds = 900;

    private static readonly IReadOnlyList<string> Frameworks = ["TENSORFLOW", "KERAS", "MXNET", "ONNX", "PYTORCH", "XGBOOST", "TFLITE", "DARKNET", "SKLEARN"];
    private static readonly IReadOnlyList<string> Devices =
    [
        "lambda", "ml_m4", "ml_m5", "ml_m6g", "ml_c4", "ml_c5", "ml_c6g", "ml_p2", "ml_p3", "ml_g4dn", "ml_inf1", "ml_inf2", "ml_trn1",
        "ml_eia2", "jetson_tx1", "jetson_tx2", "jetson_nano", "jetson_xavier", "rasp3b", "rasp4b", "imx8qm", "deeplens", "rk3399",
        "rk3288", "aisage", "sbe_c", "qcs605", "qcs603", "sitara_am57x", "amba_cv2", "amba_cv22", "amba_cv25", "x86_win32",
        "x86_win64", "coreml", "jacinto_tda4vm", "imx8mplus",
    ];

    private static readonly IReadOnlyList<string> Oses = ["ANDROID", "LINUX"];
    private static readonly IReadOnlyList<string> Arches = ["X86_64", "X86", "ARM64", "ARM_EABI", "ARM_EABIHF"];

    public static void Validate(CreateCompilationJobRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        JobNames.Check(request.CompilationJobName, "compilationJobName", errors);
        errors.Required(request.RoleArn, "roleArn");
        if (request.InputConfig is { } input)
        {
            if (errors.Required(input.S3Uri, "inputConfig.s3Uri"))
            {
                errors.Pattern(input.S3Uri, "inputConfig.s3Uri", "^(https|s3)://([^/]+)/?(.*)$");
            }

            if (errors.Required(input.DataInputConfig, "inputConfig.dataInputConfig"))
            {
                errors.Length(input.DataInputConfig, "inputConfig.dataInputConfig", 1, 1024);
            }

            if (errors.Required(input.Framework, "inputConfig.framework"))
            {
                errors.Enum(input.Framework, "inputConfig.framework", Frameworks);
            }
        }

        if (errors.Required(request.OutputConfig, "outputConfig"))
        {
            var output = request.OutputConfig!;
            if (errors.Required(output.S3OutputLocation, "outputConfig.s3OutputLocation"))
            {
                errors.Pattern(output.S3OutputLocation, "outputConfig.s3OutputLocation", "^(https|s3)://([^/]+)/?(.*)$");
            }

            errors.Enum(output.TargetDevice, "outputConfig.targetDevice", Devices);
            if (output.TargetPlatform is { } platform)
            {
                if (errors.Required(platform.Os, "outputConfig.targetPlatform.os"))
                {
                    errors.Enum(platform.Os, "outputConfig.targetPlatform.os", Oses);
                }

                if (errors.Required(platform.Arch, "outputConfig.targetPlatform.arch"))
                {
                    errors.Enum(platform.Arch, "outputConfig.targetPlatform.arch", Arches);
                }
            }
        }

        if (errors.Required(request.StoppingCondition, "stoppingCondition"))
        {
            errors.Minimum(request.StoppingCondition!.MaxRuntimeInSeconds, "stoppingCondition.maxRuntimeInSeconds", 1);
        }

        TagChecks.Check(request.Tags, "tags", errors);
        errors.ThrowIfAny();
        CheckRules(request);
    }

    private static void CheckRules(CreateCompilationJobRequest request)
    {
        if (request.ModelPackageVersionArn is not null)
        {
            throw SageMakerErrors.Validation("ModelPackageVersionArn is not supported yet: give InputConfig with the model's S3Uri.");
        }

        var input = request.InputConfig ?? throw SageMakerErrors.Validation("InputConfig is required when ModelPackageVersionArn is not given.");
        if (!input.S3Uri!.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw SageMakerErrors.Validation($"'{input.S3Uri}' must be an s3:// URI: Sagebrush reads only its own S3.");
        }

        if (input.DataInputConfig is { } shapes)
        {
            try
            {
                using var _ = JsonDocument.Parse(shapes);
            }
            catch (JsonException)
            {
                throw SageMakerErrors.Validation($"DataInputConfig must be a JSON dictionary of input names to shapes, such as {{\"data\": [1, 28]}}, not '{shapes}'.");
            }
        }

        var output = request.OutputConfig!;
        if ((output.TargetDevice is null) == (output.TargetPlatform is null))
        {
            throw SageMakerErrors.Validation("OutputConfig must have exactly one of TargetDevice and TargetPlatform.");
        }

        if (input.Framework != "XGBOOST")
        {
            throw SageMakerErrors.Validation($"Framework {input.Framework} is not supported by Sagebrush's compiler yet: it compiles XGBOOST models (tree ensembles to native code).");
        }

        if (NeoTargets.Tune(output) is null)
        {
            var target = output.TargetDevice ?? $"{output.TargetPlatform!.Os}/{output.TargetPlatform.Arch}{(output.TargetPlatform.Accelerator is { } a ? "/" + a : "")}";
            throw SageMakerErrors.Validation(
                $"Target {target} is not supported for framework XGBOOST by Sagebrush's compiler: use TargetDevice {string.Join(", ", NeoTargets.Devices)} or TargetPlatform LINUX/X86_64.");
        }

        if (!output.S3OutputLocation!.StartsWith("s3://", StringComparison.Ordinal))
        {
            throw SageMakerErrors.Validation($"'{output.S3OutputLocation}' must be an s3:// URI: Sagebrush writes only its own S3.");
        }
    }
}
