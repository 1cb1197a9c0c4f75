using System.Numerics.Tensors;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.PCA;

/// <summary>
/// Answers /invocations as SageMaker's PCA does: <c>{"projections": [{"projection": [..]}, ..]}</c>
/// (application/json, the default) or one <c>{"projection": [..]}</c> per line (application/jsonlines), each
/// projection listing the components in the model's order (the principal component last).
/// Not supported yet: application/x-recordio-protobuf.
/// </summary>
internal sealed class PcaPredictor(PcaModel model) : IPredictor
{
    public InvocationResult Invoke(ReadOnlyMemory<byte> body, string? contentType, string? accept)
    {
        var responseType = MediaType.Negotiate(accept, MediaType.Json, MediaType.JsonLines);
        var rows = InferenceRequest.Parse(body.Span, contentType, model.FeatureDim);
        var centered = new float[model.FeatureDim];
        return InferenceResponse.Json(responseType, "projections", rows.Rows, (writer, r) =>
        {
            TensorPrimitives.Subtract(rows.Row(r), model.Mean, centered);
            writer.WriteStartObject();
            writer.WriteStartArray("projection");
            foreach (var component in model.Components)
            {
                writer.WriteNumberValue(TensorPrimitives.Dot(centered, component));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }
}
