using System.Text.Json.Serialization;
using Sagebrush.Algorithms.Common;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>The model file, <c>kmeans-model.json</c>: the k cluster centers, each of feature_dim floats.</summary>
public sealed record KMeansModel
{
    public const string FileName = "kmeans-model.json";
    public const string CurrentFormat = "sagebrush-kmeans/1";

    public string Format { get; init; } = CurrentFormat;

    public required int FeatureDim { get; init; }

    public required float[][] Centers { get; init; }

    public void Save(string directory) => JsonModelFile.Save(directory, FileName, this, KMeansJson.Default.KMeansModel);

    public static KMeansModel Load(string directory) =>
        JsonModelFile.Load(directory, FileName, "kmeans", CurrentFormat, KMeansJson.Default.KMeansModel, m => m is { Format: CurrentFormat } && m.Centers.Length > 0 && m.Centers.All(c => c.Length == m.FeatureDim));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(KMeansModel))]
[JsonSerializable(typeof(string[]), TypeInfoPropertyName = "StringArray")]
internal sealed partial class KMeansJson : JsonSerializerContext;
