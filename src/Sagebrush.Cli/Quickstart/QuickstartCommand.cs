using System.CommandLine;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Sagebrush.Cli.Client;
using Sagebrush.Cli.Commands;
using Sagebrush.Core.Common;
using Sagebrush.Core.Identity;
using Sagebrush.Server;

namespace Sagebrush.Cli.Quickstart;

/// <summary>
/// <c>sagebrush quickstart</c>: the main job on the embedded default. Starts a server in this process (SQLite, local
/// disk, local processes; a temporary data dir unless <c>--data-dir</c> is given), or uses the one at
/// <c>--endpoint-url</c>, and runs <see cref="QuickstartRun"/> against it.
/// </summary>
internal static class QuickstartCommand
{
    public static Command Create()
    {
        var endpointUrl = new Option<string?>("--endpoint-url") { Description = "Use the Sagebrush server at this URL instead of starting one (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else --data-dir)." };
        var dataDir = new Option<string?>("--data-dir") { Description = "The data dir of the embedded server (default: a temporary one, removed afterwards), or of the server at --endpoint-url for its credentials." };
        var dataset = new Option<string>("--dataset") { Description = "scikit-learn's breast cancer CSV.", DefaultValueFactory = _ => BreastCancerDataset.DefaultPath };
        var keep = new Option<bool>("--keep") { Description = "Leave the endpoint, model and bucket in place." };
        var region = CommonOptions.Region();
        var command = new Command("quickstart", "Train the built-in XGBoost on a real dataset, deploy it, predict through InvokeEndpoint, report, clean up.")
        {
            endpointUrl, dataDir, dataset, keep, region,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var report = new QuickstartReport(Console.Out);
            var name = "quickstart-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            try
            {
                var data = BreastCancerDataset.Load(parse.GetValue(dataset)!);
                return parse.GetValue(endpointUrl) is { } url
                    ? await UseRunningAsync(new Uri(url), parse.GetValue(dataDir), parse.GetValue(region)!, data, report, name, parse.GetValue(keep), cancel)
                    : await UseEmbeddedAsync(parse.GetValue(dataDir), parse.GetValue(region)!, data, report, name, parse.GetValue(keep), cancel);
            }
            catch (Exception exception) when (exception is SagebrushClientException or InvalidOperationException or HttpRequestException or FileNotFoundException)
            {
                Console.Error.WriteLine($"quickstart: {exception.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> UseRunningAsync(Uri url, string? dataDir, string region, BreastCancerDataset data, QuickstartReport report, string name, bool keep, CancellationToken cancel)
    {
        var id = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        var secret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        var credentials = id is { Length: > 0 } && secret is { Length: > 0 }
            ? new RootCredentials(id, secret)
            : RootCredentials.LoadOrCreate(Path.GetFullPath(dataDir ?? SagebrushOptions.DefaultDataDir));
        Console.WriteLine($"==> Using the Sagebrush server at {url}");
        return await RunAsync(url, credentials, region, data, report, name, keep, cancel);
    }

    private static async Task<int> UseEmbeddedAsync(string? dataDir, string region, BreastCancerDataset data, QuickstartReport report, string name, bool keep, CancellationToken cancel)
    {
        var temporary = dataDir is null;
        var directory = Path.GetFullPath(dataDir ?? Path.Combine(Path.GetTempPath(), "sagebrush-quickstart-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            var credentials = RootCredentials.LoadOrCreate(directory);
            var settings = new ServerSettings(ServerSettings.DefaultHost, 0, directory, new AccountSettings(AccountSettings.DefaultAccountId, region), credentials);
            var app = await report.StepAsync($"Starting an embedded Sagebrush server (data in {directory})", async progress =>
            {
                var started = SagebrushServer.Build(settings, logging => logging.SetMinimumLevel(LogLevel.Warning));
                await started.StartAsync(cancel);
                progress("listening on " + SagebrushServer.ListeningUri(started));
                return started;
            });
            await using (app)
            {
                var status = await RunAsync(SagebrushServer.ListeningUri(app), credentials, region, data, report, name, keep, cancel);
                await app.StopAsync(CancellationToken.None);
                return status;
            }
        }
        finally
        {
            if (temporary && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<int> RunAsync(Uri url, RootCredentials credentials, string region, BreastCancerDataset data, QuickstartReport report, string name, bool keep, CancellationToken cancel)
    {
        using var client = new SagebrushClient(url, credentials.AccessKeyId, credentials.SecretAccessKey, region);
        var result = await new QuickstartRun(client, report, name, keep).RunAsync(data, cancel);
        report.Summary();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nThe built-in XGBoost scored {result.Accuracy:P1} on the held-out rows; InvokeEndpoint p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms."));
        return 0;
    }
}
