using System.CommandLine;
using Sagebrush.Core.Identity;
using Sagebrush.Server;

namespace Sagebrush.Cli.Commands;

/// <summary><c>sagebrush credentials</c>: export lines for a shell, so the AWS CLI and SDKs find the server's key pair.</summary>
internal static class CredentialsCommand
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

        var command = new Command("credentials", "Print export lines for AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_DEFAULT_REGION.")
        {
            dataDir, region, endpoint,
        };
        command.SetAction(parse =>
        {
            var credentials = RootCredentials.LoadOrCreate(Path.GetFullPath(parse.GetValue(dataDir)!));
            Console.WriteLine($"export AWS_ACCESS_KEY_ID='{credentials.AccessKeyId}'");
            Console.WriteLine($"export AWS_SECRET_ACCESS_KEY='{credentials.SecretAccessKey}'");
            Console.WriteLine($"export AWS_DEFAULT_REGION='{parse.GetValue(region)}'");
            Console.WriteLine($"export AWS_ENDPOINT_URL='{parse.GetValue(endpoint)}'");
            return 0;
        });
        return command;
    }
}
