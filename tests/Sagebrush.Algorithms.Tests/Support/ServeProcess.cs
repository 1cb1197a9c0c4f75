using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Sagebrush.Algorithms.Tests.Support;

/// <summary>
/// <c>Sagebrush.Algorithms &lt;algorithm&gt; serve</c> as a process on a free port with a model directory, as the
/// hosting layer runs it: started, waited for until GET /ping answers 200, invoked over HTTP, killed on dispose.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(60) };

    private ServeProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ServeProcess> StartAsync(string algorithm, string modelDirectory, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var port = AlgorithmsProcess.FreePort();
        var environment = new Dictionary<string, string>(extraEnvironment ?? new Dictionary<string, string>())
        {
            ["SAGEMAKER_BIND_TO_PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["SM_MODEL_DIR"] = modelDirectory,
        };
        var process = Process.Start(AlgorithmsProcess.StartInfo(algorithm, "serve", environment))!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServeProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        try
        {
            await server.WaitForPingAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task<(HttpStatusCode Status, string? ContentType, string Body)> InvokeAsync(string body, string? contentType, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "invocations")) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await _client.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _client.Dispose();
    }

    private async Task WaitForPingAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var ping = await _client.GetAsync(new Uri(BaseAddress, "ping"));
                if (ping.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }
}
