using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Sagebrush.Core.Tests.Hosting.ModelServer;

/// <summary>Requests as the router sends them: the caller's exact Content-Type and Accept, no charset added.</summary>
public static class Invocations
{
    public static HttpClient Client(PingableProcess server) => new() { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };

    public static async Task<HttpResponseMessage> PostAsync(
        HttpClient client, string body, string contentType, string? accept = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("invocations", UriKind.Relative))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (accept is not null)
        {
            request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    /// <summary>Rows of numbers as CSV, each number exactly as the Python program printed it.</summary>
    public static string Csv(JsonElement rows) =>
        string.Join('\n', rows.EnumerateArray().Select(row => string.Join(',', row.EnumerateArray().Select(cell => cell.GetRawText()))));

    public static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(value => value.GetDouble())];

    public static double[] CsvColumn(string csv) =>
        [.. csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => double.Parse(line, CultureInfo.InvariantCulture))];
}
