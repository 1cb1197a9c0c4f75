using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Training;

/// <summary>
/// What an AlgorithmSpecification.TrainingImage stands for: SageMaker's framework and built-in images by name
/// (<see cref="SageMakerImageName"/>), run in the sandbox; any other image reference runs in a container
/// (<see cref="ImageKind.Container"/>), its <c>train</c> program as SageMaker runs it.
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
            return Container(image);
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

        return Container(image);
    }

    private static ResolvedImage Container(string image)
    {
        if (!Containers.ImageReferences.IsValid(image))
        {
            throw TrainingErrors.Validation($"The training image '{image}' is not a valid image reference: name it as [registry/]repository[:tag], for instance 000000000000.dkr.ecr.us-east-1.amazonaws.com/my-algorithm:latest.");
        }

        var (repository, tag) = Containers.ImageReferences.Split(image);
        return new ResolvedImage(image, ImageKind.Container, repository, tag);
    }

}
