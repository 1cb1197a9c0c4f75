namespace Sagebrush.Core.Compute;

/// <summary>What a TrainingImage (or a hosting Image) stands for in Sagebrush.</summary>
public enum ImageKind
{
    /// <summary>A framework image (scikit-learn, PyTorch, XGBoost in script mode, ...): the user's entry point runs.</summary>
    ScriptMode,

    /// <summary>One of SageMaker's built-in algorithms, implemented by Sagebrush.Algorithms.</summary>
    BuiltInAlgorithm,

    /// <summary>Any other image: it runs in a container, with its own entry point (<c>train</c>, <c>serve</c>), as SageMaker runs it.</summary>
    Container,
}

/// <summary>
/// A SageMaker image resolved to Sagebrush's implementation. <see cref="Name"/> is the repository name without
/// registry or tag (<c>sagemaker-scikit-learn</c>, <c>xgboost</c>, <c>linear-learner</c>, ...).
/// </summary>
public sealed record ResolvedImage(string Image, ImageKind Kind, string Name, string Tag);
