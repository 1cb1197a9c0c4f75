using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sagebrush.Core.Common;

namespace Sagebrush.Server.Protocol.Json;

/// <summary>A JSON 1.1 operation's input and output through its source-generated shape.</summary>
public static class JsonBodies
{
    /// <summary>A JSON null body is as malformed as an unreadable one.</summary>
    public static T Read<T>(ReadOnlyMemory<byte> input, JsonTypeInfo<T> shape) =>
        JsonSerializer.Deserialize(input.Span, shape)
        ?? throw new AwsException("SerializationException", "The request body must be a JSON object.");

    public static byte[] Write<T>(T value, JsonTypeInfo<T> shape) => JsonSerializer.SerializeToUtf8Bytes(value, shape);
}
