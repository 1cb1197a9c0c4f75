using System.Text.RegularExpressions;
using Sagebrush.Core.Compute;

namespace Sagebrush.Core.Training;

/// <summary>
/// What an AlgorithmSpecification.TrainingImage stands for. Accepts SageMaker's ECR images for any account and
/// region (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com[.cn]/&lt;name&gt;:&lt;tag&gt;</c>) and the short form
/// <c>sagebrush/&lt;name&gt;:&lt;tag&gt;</c>. The registry is ignored: Sagebrush implements images by name.
/// Not supported yet: arbitrary images (they need a container launcher), digests (<c>@sha256:</c>).
/// </summary>
public static partial class TrainingImageResolver
{
    /// <summary>The script-mode hyperparameter the SageMaker Python SDK sets to the entry point.</summary>
    public const string ProgramHyperParameter = "sagemaker_program";

    private static readonly HashSet<string> FrameworkImages = new(StringComparer.Ordinal)
    {
        "sagemaker-scikit-learn",
        "pytorch-training",
        "tensorflow-training",
        "huggingface-pytorch-training",
    };

    // sagemaker-xgboost is both: a framework image in script mode, the built-in algorithm otherwise.
    private const string XGBoostImage = "sagemaker-xgboost";

    private static readonly HashSet<string> BuiltInAlgorithms = new(StringComparer.Ordinal)
    {
        XGBoostImage,
        "xgboost",
        "linear-learner",
        "kmeans",
        "pca",
    };

    /// <summary>Resolves the image, or throws ValidationException when Sagebrush cannot run it.</summary>
    public static ResolvedImage Resolve(string image, IReadOnlyDictionary<string, string>? hyperParameters)
    {
        ArgumentNullException.ThrowIfNull(image);
        var match = EcrImage().Match(image);
        if (!match.Success)
        {
            match = ShortImage().Match(image);
        }

        if (!match.Success)
        {
            throw NeedsContainerLauncher(image);
        }

        var name = match.Groups["name"].Value;
        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : "latest";
        var scriptMode = hyperParameters?.ContainsKey(ProgramHyperParameter) == true;

        if (FrameworkImages.Contains(name) || (name == XGBoostImage && scriptMode))
        {
            return new ResolvedImage(image, ImageKind.ScriptMode, name, tag);
        }

        if (BuiltInAlgorithms.Contains(name))
        {
            return new ResolvedImage(image, ImageKind.BuiltInAlgorithm, name, tag);
        }

        throw NeedsContainerLauncher(image);
    }

    private static Common.AwsException NeedsContainerLauncher(string image) => TrainingErrors.Validation(
        $"The training image '{image}' is not a SageMaker framework image or built-in algorithm Sagebrush knows; running any " +
        "other image needs a container launcher, which Sagebrush does not have yet.");

    [GeneratedRegex(@"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/(?<name>[a-z0-9][a-z0-9._/-]*?)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?$")]
    private static partial Regex EcrImage();

    [GeneratedRegex(@"^sagebrush/(?<name>[a-z0-9][a-z0-9._-]*?)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?$")]
    private static partial Regex ShortImage();
}
