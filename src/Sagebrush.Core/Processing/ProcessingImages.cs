using Sagebrush.Core.Compute;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Processing;

/// <summary>
/// What a processing job's ImageUri stands for. The framework images the SageMaker SDK's processors use
/// (SKLearnProcessor's <c>sagemaker-scikit-learn</c>, the framework processors' training images, ScriptProcessor with
/// any of them) run their ContainerEntrypoint on this machine's Python, as script-mode training does. The built-in
/// algorithms' images have no processing entry point; any other image runs in a container, with its own entry point
/// unless ContainerEntrypoint replaces it.
/// </summary>
public static class ProcessingImages
{
    public static ResolvedImage Resolve(string imageUri, IReadOnlyList<string>? entrypoint)
    {
        ArgumentNullException.ThrowIfNull(imageUri);
        if (!SageMakerImageName.TryParse(imageUri, out var parsed))
        {
            return Container(imageUri);
        }

        if (SageMakerImageName.BuiltInAlgorithms.Contains(parsed.Name) && parsed.Name != SageMakerImageName.XGBoost)
        {
            throw SageMakerErrors.Validation(
                $"The image '{imageUri}' is a built-in algorithm's image: it trains and serves, it does not run processing jobs. Use a framework image such as sagemaker-scikit-learn with a ContainerEntrypoint.");
        }

        // sagemaker-xgboost is a framework image here too: XGBoostProcessor runs scripts on it.
        if (!SageMakerImageName.FrameworkTrainingImages.Contains(parsed.Name) && parsed.Name != SageMakerImageName.XGBoost)
        {
            return Container(imageUri);
        }

        if (entrypoint is not { Count: > 0 })
        {
            throw SageMakerErrors.Validation(
                $"AppSpecification.ContainerEntrypoint is required with the framework image '{imageUri}': Sagebrush runs the entry point (for instance [\"python3\", \"/opt/ml/processing/input/code/preprocess.py\"]) on this machine's Python, not the image's own.");
        }

        return new ResolvedImage(imageUri, ImageKind.ScriptMode, parsed.Name, parsed.Tag);
    }

    private static ResolvedImage Container(string imageUri)
    {
        if (!Containers.ImageReferences.IsValid(imageUri))
        {
            throw SageMakerErrors.Validation($"The image '{imageUri}' is not a valid image reference: name it as [registry/]repository[:tag].");
        }

        var (repository, tag) = Containers.ImageReferences.Split(imageUri);
        return new ResolvedImage(imageUri, ImageKind.Container, repository, tag);
    }
}
