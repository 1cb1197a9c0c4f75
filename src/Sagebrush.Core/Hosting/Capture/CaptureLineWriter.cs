using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Sagebrush.Core.Hosting.Invocations;

namespace Sagebrush.Core.Hosting.Capture;

/// <summary>
/// Writes one invocation as one line of SageMaker's capture format (eventVersion "0"):
/// <c>{"captureData":{"endpointInput":{"observedContentType","mode":"INPUT","data","encoding"},"endpointOutput":{...
/// "mode":"OUTPUT"...}},"eventMetadata":{"eventId","inferenceId","inferenceTime"},"eventVersion":"0"}</c>.
/// endpointInput or endpointOutput is left out when its capture mode is off; inferenceId only when the caller sent
/// one; observedContentType only when the payload had a content type.
/// </summary>
public static class CaptureLineWriter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Files, not HTML: keep CSV and JSON payloads readable (quotes and non-ASCII are still escaped as JSON needs).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(IBufferWriter<byte> output, InvocationRecord record, DataCaptureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(settings);
        using (var json = new Utf8JsonWriter(output, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("captureData");
            if (settings.CaptureInput)
            {
                WritePayload(json, "endpointInput", "INPUT", record.ContentType, record.Input.Span, settings);
            }

            if (settings.CaptureOutput)
            {
                WritePayload(json, "endpointOutput", "OUTPUT", record.OutputContentType, record.Output.Span, settings);
            }

            json.WriteEndObject();
            json.WriteStartObject("eventMetadata");
            json.WriteString("eventId", record.EventId);
            if (!string.IsNullOrEmpty(record.InferenceId))
            {
                json.WriteString("inferenceId", record.InferenceId);
            }

            json.WriteString("inferenceTime", record.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteString("eventVersion", "0");
            json.WriteEndObject();
        }

        output.Write("\n"u8);
    }

    private static void WritePayload(Utf8JsonWriter json, string name, string mode, string? contentType, ReadOnlySpan<byte> data, DataCaptureSettings settings)
    {
        var encoding = CaptureEncoding.Choose(contentType, data, settings);
        json.WriteStartObject(name);
        if (!string.IsNullOrEmpty(contentType))
        {
            json.WriteString("observedContentType", contentType);
        }

        json.WriteString("mode", mode);
        if (encoding == CaptureEncoding.Base64)
        {
            json.WriteBase64String("data", data);
        }
        else
        {
            json.WriteString("data", data);
        }

        json.WriteString("encoding", encoding);
        json.WriteEndObject();
    }
}
