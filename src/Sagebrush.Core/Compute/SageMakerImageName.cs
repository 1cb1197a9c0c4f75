using System.Text.RegularExpressions;

namespace Sagebrush.Core.Compute;

/// <summary>
/// The repository name and tag of a SageMaker image: one of SageMaker's ECR images for any account and region
/// (<c>&lt;account&gt;.dkr.ecr.&lt;region&gt;.amazonaws.com[.cn]/&lt;name&gt;:&lt;tag&gt;</c>) or the short form
/// <c>sagebrush/&lt;name&gt;:&lt;tag&gt;</c>. The registry is ignored: Sagebrush implements images by name. Training
/// and hosting resolve names to their own implementations from here.
/// Not supported yet: digests (<c>@sha256:</c>).
/// </summary>
public readonly partial record struct SageMakerImageName(string Name, string Tag)
{
    /// <summary>sagemaker-xgboost is both: a framework image in script mode, the built-in algorithm otherwise.</summary>
    public const string XGBoost = "sagemaker-xgboost";

    /// <summary>Neo's image for compiled XGBoost models: it serves, it does not train.</summary>
    public const string NeoXGBoost = "xgboost-neo";

    /// <summary>The framework training images whose user script runs on this machine's Python (training in script mode, processing).</summary>
    public static IReadOnlySet<string> FrameworkTrainingImages { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "sagemaker-scikit-learn",
        "pytorch-training",
        "tensorflow-training",
        "huggingface-pytorch-training",
    };

    /// <summary>The images of SageMaker's built-in algorithms that Sagebrush.Algorithms implements, by name.</summary>
    public static IReadOnlySet<string> BuiltInAlgorithms { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        XGBoost,
        "xgboost",
        "linear-learner",
        "kmeans",
        "pca",
        NeoXGBoost,
    };

    public static bool TryParse(string image, out SageMakerImageName name)
    {
        ArgumentNullException.ThrowIfNull(image);
        var match = EcrImage().Match(image);
        if (!match.Success)
        {
            match = ShortImage().Match(image);
        }

        name = match.Success
            ? new SageMakerImageName(match.Groups["name"].Value, match.Groups["tag"].Success ? match.Groups["tag"].Value : "latest")
            : default;
        return match.Success;
    }

    [GeneratedRegex(@"^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/(?<name>[a-z0-9][a-z0-9._/-]*?)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?\z")]
    private static partial Regex EcrImage();

    [GeneratedRegex(@"^sagebrush/(?<name>[a-z0-9][a-z0-9._-]*?)(:(?<tag>[A-Za-z0-9_][A-Za-z0-9._-]{0,127}))?\z")]
    private static partial Regex ShortImage();
}
