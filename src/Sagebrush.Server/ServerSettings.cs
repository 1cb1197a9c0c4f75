using Sagebrush.Core.Common;
using Sagebrush.Core.Identity;

namespace Sagebrush.Server;

/// <summary>Everything the server needs to start: where to listen, where its state lives, whom it answers as.</summary>
public sealed record ServerSettings(string Host, int Port, string DataDir, AccountSettings Account, RootCredentials Credentials)
{
    /// <summary>Minutes without a call after which an endpoint is scaled to zero (0: never); its tag <c>sagebrush:idle-minutes</c> wins.</summary>
    public double EndpointIdleMinutes { get; init; } = 60;

    /// <summary>Warm spares per endpoint variant: started, out of rotation, in place of an instance that dies (docs/autoscaling.md).</summary>
    public int WarmSpares { get; init; }

    /// <summary>Start every quota at AWS's default, as a brand-new AWS account (docs/account.md), instead of an account in use.</summary>
    public bool QuotasAtAwsDefaults { get; init; }

    /// <summary>Notebook instances answer at <c>&lt;name&gt;.&lt;NotebookDomain&gt;:&lt;port&gt;</c>; browsers resolve <c>*.localhost</c> to the loopback, a wildcard DNS name serves other machines.</summary>
    public string NotebookDomain { get; init; } = Core.Notebooks.NotebookSessions.DefaultDomain;

    /// <summary>The Docker engine that runs images other than SageMaker's (docs/containers.md); <c>DOCKER_HOST</c>'s socket when it names one.</summary>
    public string DockerSocket { get; init; } = Environment.GetEnvironmentVariable("DOCKER_HOST") is { } host && host.StartsWith("unix://", StringComparison.Ordinal)
        ? host["unix://".Length..]
        : Core.Containers.DockerEngine.DefaultSocket;

    public const int DefaultPort = 8780;
    public const string DefaultHost = "127.0.0.1";
}
