using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Hosting.Models;

/// <summary>
/// What a model's container Image stands for when it serves. Built-in algorithm images are served by the algorithms
/// program (<c>Sagebrush.Algorithms &lt;algorithm&gt; serve</c>); framework images in script mode by Sagebrush's Python
/// model server with the framework's default handlers (<see cref="Framework"/>: sklearn, xgboost, pytorch).
/// sagemaker-xgboost is script mode when the container's Environment names SAGEMAKER_PROGRAM, the built-in
/// algorithm otherwise. Any other image serves in a container (<see cref="ImageKind.Container"/>): its own <c>serve</c>
/// answering /ping and /invocations on port 8080. Not supported yet: TensorFlow Serving images.
/// </summary>
public sealed record ServingImage(ResolvedImage Image, string? Framework)
{
    public const string ProgramVariable = "SAGEMAKER_PROGRAM";

    private static readonly Dictionary<string, string> Frameworks = new(StringComparer.Ordinal)
    {
        ["sagemaker-scikit-learn"] = "sklearn",
        ["pytorch-inference"] = "pytorch",
        ["huggingface-pytorch-inference"] = "pytorch",
    };

    /// <summary>Resolves the image, or throws ValidationException when Sagebrush cannot serve it.</summary>
    public static ServingImage Resolve(string image, IReadOnlyDictionary<string, string>? environment)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!SageMakerImageName.TryParse(image, out var parsed))
        {
            return Container(image);
        }

        var (name, tag) = parsed;
        if (Frameworks.TryGetValue(name, out var framework))
        {
            return new ServingImage(new ResolvedImage(image, ImageKind.ScriptMode, name, tag), framework);
        }

        if (name == SageMakerImageName.XGBoost && environment?.ContainsKey(ProgramVariable) == true)
        {
            return new ServingImage(new ResolvedImage(image, ImageKind.ScriptMode, name, tag), "xgboost");
        }

        if (SageMakerImageName.BuiltInAlgorithms.Contains(name))
        {
            return new ServingImage(new ResolvedImage(image, ImageKind.BuiltInAlgorithm, name, tag), null);
        }

        return Container(image);
    }

    private static ServingImage Container(string image)
    {
        if (!Containers.ImageReferences.IsValid(image))
        {
            throw HostingErrors.Validation($"The image '{image}' is not a valid image reference: name it as [registry/]repository[:tag].");
        }

        var (repository, tag) = Containers.ImageReferences.Split(image);
        return new ServingImage(new ResolvedImage(image, ImageKind.Container, repository, tag), null);
    }
}
