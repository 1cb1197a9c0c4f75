using System.Text.Json.Serialization;
using Sagebrush.Algorithms.Common;

namespace Sagebrush.Algorithms.PCA;

/// <summary>
/// The model file, <c>pca-model.json</c>: the mean subtracted before projecting (zeros when subtract_mean is false)
/// and num_components unit vectors of feature_dim floats with their singular values and explained variances
/// (variance along the component, divided by rows - 1). Components are stored in the order projections are returned,
/// which is SageMaker's: ascending by variance, the principal component last.
/// </summary>
public sealed record PcaModel
{
    public const string FileName = "pca-model.json";
    public const string CurrentFormat = "sagebrush-pca/1";

    public string Format { get; init; } = CurrentFormat;

    public required int FeatureDim { get; init; }

    public required float[] Mean { get; init; }

    public required float[][] Components { get; init; }

    public required double[] SingularValues { get; init; }

    public required double[] ExplainedVariance { get; init; }

    public void Save(string directory) => JsonModelFile.Save(directory, FileName, this, PcaJson.Default.PcaModel);

    public static PcaModel Load(string directory) =>
        JsonModelFile.Load(directory, FileName, "pca", CurrentFormat, PcaJson.Default.PcaModel, m => m is { Format: CurrentFormat } && m.Mean.Length == m.FeatureDim && m.Components.All(c => c.Length == m.FeatureDim));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PcaModel))]
internal sealed partial class PcaJson : JsonSerializerContext;
