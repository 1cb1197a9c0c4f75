using System.Text.Json;
using System.Text.Json.Serialization;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// The model file, <c>linear-learner-model.json</c> in the model directory: weights and biases in the original
/// feature and label units (normalisation is folded in), one row of <c>feature_dim</c> weights per output
/// (one output for binary_classifier and regressor, num_classes for multiclass_classifier), and the binary
/// classifier's decision threshold on its score.
/// </summary>
public sealed record LinearLearnerModel
{
    public const string FileName = "linear-learner-model.json";
    public const string CurrentFormat = "sagebrush-linear-learner/1";

    public string Format { get; init; } = CurrentFormat;

    public required string PredictorType { get; init; }

    public required string Loss { get; init; }

    public required int FeatureDim { get; init; }

    public required double Threshold { get; init; }

    public required float[][] Weights { get; init; }

    public required float[] Bias { get; init; }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, FileName), JsonSerializer.SerializeToUtf8Bytes(this, LinearLearnerModelJson.Default.LinearLearnerModel));
    }

    public static LinearLearnerModel Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new AlgorithmException($"ClientError: The model directory has no {FileName}; it was not written by Sagebrush's linear-learner.");
        }

        var model = JsonSerializer.Deserialize(File.ReadAllBytes(path), LinearLearnerModelJson.Default.LinearLearnerModel);
        return model is { Format: CurrentFormat } && model.Weights.Length == model.Bias.Length && model.Weights.All(w => w.Length == model.FeatureDim)
            ? model
            : throw new AlgorithmException($"ClientError: {FileName} is not a {CurrentFormat} model.");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LinearLearnerModel))]
internal sealed partial class LinearLearnerModelJson : JsonSerializerContext;
