using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sagebrush.Core.SageMaker;

/// <summary>
/// AWS JSON 1.1 timestamps: seconds since the epoch as a JSON number, with the fraction to the millisecond
/// (botocore sends and parses them that way). Reading also takes an ISO 8601 string, which costs nothing.
/// </summary>
public sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDecimal() * 1000m));
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000m));
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return parsed;
            }
        }

        throw new JsonException("A timestamp must be a number of seconds since the epoch.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(decimal.Divide(value.ToUnixTimeMilliseconds(), 1000m));
    }
}
