using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Training;

/// <summary>
/// What an AlgorithmSpecification.TrainingImage stands for. Accepts SageMaker's ECR images by name
/// (<see cref="SageMakerImageName"/>).
/// Not supported yet: arbitrary images (they need a container launcher), digests (<c>@sha256:</c>).
/// </summary>
public static class TrainingImageResolver
{
    /// <summary>The script-mode hyperparameter the SageMaker Python SDK sets to the entry point.</summary>
    public const string ProgramHyperParameter = "sagemaker_program";

    /// <summary>Resolves the image, or throws ValidationException when Sagebrush cannot run it.</summary>
    public static ResolvedImage Resolve(string image, IReadOnlyDictionary<string, string>? hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!SageMakerImageName.TryParse(image, out var parsed))
        {
            throw NeedsContainerLauncher(image);
        }

        var (name, tag) = parsed;
        var scriptMode = hyperParameters?.ContainsKey(ProgramHyperParameter) == true;

        if (SageMakerImageName.FrameworkTrainingImages.Contains(name) || (name == SageMakerImageName.XGBoost && scriptMode))
        {
            return new ResolvedImage(image, ImageKind.ScriptMode, name, tag);
        }

        if (name == SageMakerImageName.NeoXGBoost)
        {
            throw TrainingErrors.Validation($"The image '{image}' serves models a compilation job compiled; it does not train. Train with the XGBoost image and compile the model with CreateCompilationJob.");
        }

        if (SageMakerImageName.BuiltInAlgorithms.Contains(name))
        {
            return new ResolvedImage(image, ImageKind.BuiltInAlgorithm, name, tag);
        }

        throw NeedsContainerLauncher(image);
    }

    private static Common.AwsException NeedsContainerLauncher(string image) => TrainingErrors.Validation(
        $"The training image '{image}' is not a SageMaker framework image or built-in algorithm Sagebrush knows; running any " +
        "other image needs a container launcher, which Sagebrush does not have yet.");

}
