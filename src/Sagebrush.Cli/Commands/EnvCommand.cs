using System.CommandLine;
using Sagebrush.Core.Identity;
using Sagebrush.Server;

namespace Sagebrush.Cli.Commands;

/// <summary>
/// <c>sagebrush env</c> (also <c>sagebrush credentials</c>): export lines for a shell, so the AWS CLI and SDKs find the
/// server's key pair, region and URL. Clients that read AWS_ENDPOINT_URL (boto3 1.28+, AWS CLI 2.13+, the JavaScript
/// SDK v3) then need nothing else: every service is on the one port.
/// </summary>
internal static class EnvCommand
{
    public static Command Create()
    {
        var dataDir = CommonOptions.DataDir();
        var region = CommonOptions.Region();
        var endpoint = new Option<string>("--endpoint-url")
        {
            Description = "The server's URL, exported as AWS_ENDPOINT_URL for clients that read it.",
            DefaultValueFactory = _ => $"http://{ServerSettings.DefaultHost}:{ServerSettings.DefaultPort}",
        };

        var command = new Command("env", "Print export lines for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_REGION and AWS_ENDPOINT_URL.")
        {
            dataDir, region, endpoint,
        };
        command.Aliases.Add("credentials");
        command.SetAction(parse =>
        {
            var credentials = RootCredentials.LoadOrCreate(Path.GetFullPath(parse.GetValue(dataDir)!));
            Console.WriteLine($"export AWS_ACCESS_KEY_ID='{credentials.AccessKeyId}'");
            Console.WriteLine($"export AWS_SECRET_ACCESS_KEY='{credentials.SecretAccessKey}'");
            Console.WriteLine($"export AWS_DEFAULT_REGION='{parse.GetValue(region)}'");
            Console.WriteLine($"export AWS_REGION='{parse.GetValue(region)}'");
            Console.WriteLine($"export AWS_ENDPOINT_URL='{parse.GetValue(endpoint)}'");
            return 0;
        });
        return command;
    }
}
