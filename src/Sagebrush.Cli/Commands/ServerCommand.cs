using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Sagebrush.Core.Common;
using Sagebrush.Core.Identity;
using Sagebrush.Server;

namespace Sagebrush.Cli.Commands;

/// <summary><c>sagebrush server</c>: every service on one port until SIGINT or SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => ServerSettings.DefaultHost };
        var port = new Option<int>("--port") { Description = "Port to listen on (0 picks a free one).", DefaultValueFactory = _ => ServerSettings.DefaultPort };
        var dataDir = CommonOptions.DataDir();
        var region = CommonOptions.Region();
        var accountId = new Option<string>("--account-id")
        {
            Description = "The 12-digit account id in ARNs.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SAGEBRUSH_ACCOUNT_ID") ?? AccountSettings.DefaultAccountId,
        };

        var idleMinutes = new Option<double>("--idle-endpoint-minutes")
        {
            Description = "Scale an endpoint to zero instances after this many minutes without a call; its next call wakes it (0: never). An endpoint's tag sagebrush:idle-minutes wins.",
            DefaultValueFactory = _ => double.TryParse(Environment.GetEnvironmentVariable("SAGEBRUSH_IDLE_ENDPOINT_MINUTES"), System.Globalization.CultureInfo.InvariantCulture, out var minutes) ? minutes : 60,
        };
        var warmSpares = new Option<int>("--warm-spares")
        {
            Description = "Warm spares per endpoint variant: started and out of rotation, they take the place of an instance that dies while it restarts (billed as instances).",
            DefaultValueFactory = _ => 0,
        };
        var awsDefaultQuotas = new Option<bool>("--aws-default-quotas")
        {
            Description = "Start every quota at AWS's default, as a brand-new AWS account has them (0 instances of most types); see docs/account.md.",
        };

        var command = new Command("server", "Serve S3, SageMaker, SageMaker Runtime, CloudWatch Logs, STS, IAM, Service Quotas and Cost Explorer on one port.")
        {
            host, port, dataDir, region, accountId, idleMinutes, warmSpares, awsDefaultQuotas,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = Path.GetFullPath(parse.GetValue(dataDir)!);
            var settings = new ServerSettings(
                parse.GetValue(host)!,
                parse.GetValue(port),
                directory,
                new AccountSettings(parse.GetValue(accountId)!, parse.GetValue(region)!),
                RootCredentials.LoadOrCreate(directory))
            {
                EndpointIdleMinutes = Math.Max(0, parse.GetValue(idleMinutes)),
                QuotasAtAwsDefaults = parse.GetValue(awsDefaultQuotas),
                WarmSpares = Math.Max(0, parse.GetValue(warmSpares)),
            };
            return await RunAsync(settings, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(ServerSettings settings, CancellationToken cancellationToken)
    {
        await using var app = SagebrushServer.Build(settings);
        await app.StartAsync(cancellationToken);
        var url = SagebrushServer.ListeningUri(app);
        Console.WriteLine($"""
            Sagebrush is listening on {url} (account {settings.Account.AccountId}, region {settings.Account.Region}).
              data dir:     {settings.DataDir}
              credentials:  eval "$(./sagebrush credentials --data-dir {settings.DataDir} --endpoint-url {url.ToString().TrimEnd('/')})"
              then:         aws --endpoint-url {url.ToString().TrimEnd('/')} s3 ls
              health:       {url}{SagebrushServer.HealthPath.TrimStart('/')}
            Press Ctrl+C to stop.
            """);
        await app.WaitForShutdownAsync(cancellationToken);
        Console.WriteLine("Sagebrush stopped.");
        return 0;
    }
}
