using Sagebrush.Algorithms.Contract;
using Sagebrush.Algorithms.Data;
using Sagebrush.Algorithms.XGBoost.Native;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>
/// POST /invocations for a loaded XGBoost model, as the container's algorithm mode answers it: text/csv (the default
/// when there is no Content-Type) and text/libsvm in; scores out in the Accept type (text/csv when absent or */*, or
/// SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT). Rows narrower than the model are padded with missing values; wider ones
/// are a 400. Prediction is the model's (libxgboost's in-place prediction with every tree, or the Neo-compiled
/// ensemble), one thread per request.
/// Not supported yet: application/x-recordio-protobuf in or out, selectable inference output (SAGEMAKER_INFERENCE_OUTPUT).
/// </summary>
internal sealed class XGBoostPredictor(IDenseModel model, bool batch, string defaultAccept) : IPredictor, IDisposable
{
    private static readonly string[] ContentTypes = [MediaType.Csv, MediaType.LibSvm];
    private static readonly string[] Accepts = [MediaType.Csv, MediaType.Json, MediaType.JsonLines];

    private readonly int _features = model.Features;

    public InvocationResult Invoke(ReadOnlyMemory<byte> body, string? contentType, string? accept)
    {
        var mediaType = MediaType.Essence(contentType) ?? MediaType.Csv;
        var responseType = ResponseType(accept);
        var payload = body.Span.Trim(" \t\r\n"u8);
        if (payload.IsEmpty)
        {
            throw new InvocationException(204, "");
        }

        var data = Parse(payload, mediaType, contentType);

        if (data.Columns > _features)
        {
            throw InvocationException.BadRequest($"Feature size of {mediaType} inference data {data.Columns} is larger than feature size of trained model {_features}.");
        }

        var features = data.Columns == _features ? data.Features : Widen(data);
        float[] predictions;
        int perRow;
        try
        {
            predictions = model.Predict(features, data.Rows, out perRow);
        }
        catch (XGBoostException exception)
        {
            throw InvocationException.BadRequest("Unable to evaluate payload provided: " + exception.Message);
        }

        return new InvocationResult(PredictionEncoder.Encode(predictions, perRow, responseType, batch), responseType);
    }

    public void Dispose() => model.Dispose();

    // SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT first: it answers an absent Accept or */*.
    private string ResponseType(string? accept) =>
        MediaType.Negotiate(accept, [defaultAccept, .. Accepts.Where(a => a != defaultAccept)]);

    private DenseDataset Parse(ReadOnlySpan<byte> payload, string mediaType, string? contentType)
    {
        var format = mediaType switch
        {
            MediaType.Csv or "csv" => "csv",
            MediaType.LibSvm or "libsvm" or "text/x-libsvm" => "libsvm",
            _ => throw InvocationException.UnsupportedContentType(contentType, ContentTypes),
        };
        try
        {
            return format == "csv" ? CsvDatasetReader.Parse(payload, CsvLayout.Inference) : LibSvmDatasetReader.Parse(payload).ToDense(float.NaN, _features);
        }
        catch (InvalidDataException exception)
        {
            // The container answers unparseable data with 415 too.
            throw new InvocationException(415, $"Loading {format} data failed with Exception, please ensure data is in {format} format: {exception.Message}");
        }
    }

    private float[] Widen(DenseDataset data)
    {
        var features = new float[(long)data.Rows * _features];
        features.AsSpan().Fill(float.NaN);
        for (var row = 0; row < data.Rows; row++)
        {
            data.Row(row).CopyTo(features.AsSpan(row * _features, _features));
        }

        return features;
    }
}
