using System.Text;
using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.KMeans;

/// <summary>
/// Answers /invocations as SageMaker's k-means does: for each record the closest cluster (written as a float, 1.0)
/// and the Euclidean distance to it, as <c>{"predictions": [{"closest_cluster": .., "distance_to_cluster": ..}]}</c>
/// (application/json, the default), one record per line (application/jsonlines) or <c>cluster,distance</c> lines
/// (text/csv). Not supported yet: application/x-recordio-protobuf.
/// </summary>
internal sealed class KMeansPredictor(KMeansModel model) : IPredictor
{
    private readonly CenterSearch _search = new([.. model.Centers.SelectMany(c => c)], model.Centers.Length, model.FeatureDim);

    public InvocationResult Invoke(ReadOnlyMemory<byte> body, string? contentType, string? accept)
    {
        var responseType = MediaType.Negotiate(accept, MediaType.Json, MediaType.JsonLines, MediaType.Csv);
        var rows = InferenceRequest.Parse(body.Span, contentType, model.FeatureDim);
        var nearest = new (int Cluster, float Distance)[rows.Rows];
        for (var r = 0; r < rows.Rows; r++)
        {
            var (index, squared) = _search.Nearest(rows.Row(r));
            nearest[r] = (index, MathF.Sqrt(squared));
        }

        if (responseType == MediaType.Csv)
        {
            var text = new StringBuilder();
            foreach (var (cluster, distance) in nearest)
            {
                text.Append(PythonFloat.Repr(cluster)).Append(',').Append(PythonFloat.ReprSingle(distance)).Append('\n');
            }

            return new InvocationResult(Encoding.UTF8.GetBytes(text.ToString()), MediaType.Csv);
        }

        return InferenceResponse.Json(responseType, "predictions", rows.Rows, (writer, r) =>
        {
            writer.WriteStartObject();
            writer.WritePropertyName("closest_cluster");
            writer.WriteRawValue(PythonFloat.Json(nearest[r].Cluster));
            writer.WriteNumber("distance_to_cluster", nearest[r].Distance);
            writer.WriteEndObject();
        });
    }
}
