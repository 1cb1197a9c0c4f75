using System.Text.Json;
using System.Text.Json.Serialization;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>The model file, <c>kmeans-model.json</c>: the k cluster centers, each of feature_dim floats.</summary>
public sealed record KMeansModel
{
    public const string FileName = "kmeans-model.json";
    public const string CurrentFormat = "sagebrush-kmeans/1";

    public string Format { get; init; } = CurrentFormat;

    public required int FeatureDim { get; init; }

    public required float[][] Centers { get; init; }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, FileName), JsonSerializer.SerializeToUtf8Bytes(this, KMeansJson.Default.KMeansModel));
    }

    public static KMeansModel Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new AlgorithmException($"ClientError: The model directory has no {FileName}; it was not written by Sagebrush's kmeans.");
        }

        var model = JsonSerializer.Deserialize(File.ReadAllBytes(path), KMeansJson.Default.KMeansModel);
        return model is { Format: CurrentFormat } && model.Centers.Length > 0 && model.Centers.All(c => c.Length == model.FeatureDim)
            ? model
            : throw new AlgorithmException($"ClientError: {FileName} is not a {CurrentFormat} model.");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KMeansModel))]
[JsonSerializable(typeof(string[]), TypeInfoPropertyName = "StringArray")]
internal sealed partial class KMeansJson : JsonSerializerContext;
