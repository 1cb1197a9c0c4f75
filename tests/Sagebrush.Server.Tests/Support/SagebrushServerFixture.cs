using Sagebrush.Core.Common;
using Sagebrush.Core.Identity;

namespace Sagebrush.Server.Tests.Support;

/// <summary>
/// A real Sagebrush server with its default services on a random loopback port with a temp data dir, shared by the
/// tests of one class. The key pair is fixed so clients can be configured before the server starts.
/// </summary>
public sealed class SagebrushServerFixture : InProcessServer
{
    public static readonly RootCredentials Credentials = new("AKIASAGEBRUSHTESTKEY", "sagebrush/test+secret0123456789abcdefghij");

    /// <summary>Environment for a client process: our key pair and region, and nothing from the developer's own AWS set-up.</summary>
    public Dictionary<string, string?> ClientEnvironment(RootCredentials? credentials = null) => ClientEnvironment(Account.Region, credentials);

    /// <summary>The same for a server this fixture did not start (<see cref="ServerProcess"/>).</summary>
    public static Dictionary<string, string?> ClientEnvironment(string region, RootCredentials? credentials = null) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = (credentials ?? Credentials).AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = (credentials ?? Credentials).SecretAccessKey,
        ["AWS_DEFAULT_REGION"] = region,
        ["AWS_REGION"] = region,
        ["AWS_CONFIG_FILE"] = "/nonexistent/aws-config",
        ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/aws-credentials",
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["AWS_PAGER"] = string.Empty,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_ENDPOINT_URL"] = null,
        ["PYTHONPATH"] = null,
        ["PYTHONHOME"] = null,
    };
}
