using System.Text.Json.Serialization;
using Sagebrush.Algorithms.Common;

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

    public void Save(string directory) => JsonModelFile.Save(directory, FileName, this, LinearLearnerModelJson.Default.LinearLearnerModel);

    public static LinearLearnerModel Load(string directory) =>
        JsonModelFile.Load(directory, FileName, "linear-learner", CurrentFormat, LinearLearnerModelJson.Default.LinearLearnerModel, m => m is { Format: CurrentFormat } && m.Weights.Length == m.Bias.Length && m.Weights.All(w => w.Length == m.FeatureDim));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LinearLearnerModel))]
internal sealed partial class LinearLearnerModelJson : JsonSerializerContext;
