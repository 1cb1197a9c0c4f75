using System.Numerics.Tensors;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.LinearLearner;

/// <summary>
/// Answers /invocations as SageMaker's Linear Learner does: <c>{"predictions": [{"score": .., "predicted_label": ..}]}</c>
/// (application/json, the default) or one record per line (application/jsonlines). A binary classifier's score is
/// the probability of class 1 (logistic loss) or the raw margin (hinge loss); a multiclass classifier's score is the
/// list of class probabilities; a regressor has a score only. Not supported yet: application/x-recordio-protobuf.
/// </summary>
internal sealed class LinearLearnerPredictor(LinearLearnerModel model) : IPredictor
{
    private readonly float[][] _weights = model.Weights;
    private readonly float[] _bias = model.Bias;

    public InvocationResult Invoke(ReadOnlyMemory<byte> body, string? contentType, string? accept)
    {
        var responseType = MediaType.Negotiate(accept, MediaType.Json, MediaType.JsonLines);
        var rows = InferenceRequest.Parse(body.Span, contentType, model.FeatureDim);
        var classes = _bias.Length;
        var outputs = new float[classes];
        return InferenceResponse.Json(responseType, "predictions", rows.Rows, (writer, r) =>
        {
            var x = rows.Row(r);
            for (var c = 0; c < classes; c++)
            {
                outputs[c] = TensorPrimitives.Dot(x, _weights[c]) + _bias[c];
            }

            writer.WriteStartObject();
            switch (model.PredictorType)
            {
                case "binary_classifier":
                    var score = model.Loss == "logistic" ? (float)Loss.Sigmoid(outputs[0]) : outputs[0];
                    writer.WriteNumber("score", score);
                    writer.WriteNumber("predicted_label", score > model.Threshold ? 1 : 0);
                    break;
                case "multiclass_classifier":
                    TensorPrimitives.SoftMax(outputs, outputs);
                    writer.WriteStartArray("score");
                    foreach (var p in outputs)
                    {
                        writer.WriteNumberValue(p);
                    }

                    writer.WriteEndArray();
                    writer.WriteNumber("predicted_label", TensorPrimitives.IndexOfMax(outputs));
                    break;
                default:
                    writer.WriteNumber("score", outputs[0]);
                    break;
            }

            writer.WriteEndObject();
        });
    }
}
