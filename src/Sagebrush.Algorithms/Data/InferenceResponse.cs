using System.Buffers;
using System.Text.Json;
using Sagebrush.Algorithms.Contract;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// Writes predictions the way SageMaker's built-in algorithms do: <c>application/json</c> wraps the records in one
/// array (<c>{"predictions": [{..}, ..]}</c>); <c>application/jsonlines</c> writes one record per line.
/// </summary>
public static class InferenceResponse
{
    public static InvocationResult Json(string mediaType, string arrayName, int count, Action<Utf8JsonWriter, int> writeRecord)
    {
        ArgumentNullException.ThrowIfNull(writeRecord);
        var buffer = new ArrayBufferWriter<byte>(256 + (count * 48));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (mediaType == MediaType.JsonLines)
            {
                for (var i = 0; i < count; i++)
                {
                    writeRecord(writer, i);
                    writer.Flush();
                    writer.Reset();
                    buffer.Write("\n"u8);
                }
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteStartArray(arrayName);
                for (var i = 0; i < count; i++)
                {
                    writeRecord(writer, i);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        return new InvocationResult(buffer.WrittenMemory, mediaType);
    }
}
