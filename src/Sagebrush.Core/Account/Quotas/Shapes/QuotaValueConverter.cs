using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sagebrush.Core.Account.Quotas.Shapes;

/// <summary>Quota values as Service Quotas writes them: always with a fraction (<c>20.0</c>, not <c>20</c>), so the CLI prints them as AWS's do.</summary>
public sealed class QuotaValueConverter : JsonConverter<double>
{
    public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDouble();

    public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        writer.WriteRawValue(text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0");
    }
}
