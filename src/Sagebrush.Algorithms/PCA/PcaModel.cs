using System.Text.Json;
using System.Text.Json.Serialization;
using Sagebrush.Algorithms.Contract;

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

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, FileName), JsonSerializer.SerializeToUtf8Bytes(this, PcaJson.Default.PcaModel));
    }

    public static PcaModel Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new AlgorithmException($"ClientError: The model directory has no {FileName}; it was not written by Sagebrush's pca.");
        }

        var model = JsonSerializer.Deserialize(File.ReadAllBytes(path), PcaJson.Default.PcaModel);
        return model is { Format: CurrentFormat } && model.Mean.Length == model.FeatureDim && model.Components.All(c => c.Length == model.FeatureDim)
            ? model
            : throw new AlgorithmException($"ClientError: {FileName} is not a {CurrentFormat} model.");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PcaModel))]
internal sealed partial class PcaJson : JsonSerializerContext;
