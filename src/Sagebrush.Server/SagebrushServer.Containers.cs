using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Common;
using Sagebrush.Core.Containers;
using Sagebrush.Core.Ecr;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Server.Api.Ecr;
using Sagebrush.Server.Ecr;
using Sagebrush.Server.Protocol.Json;

namespace Sagebrush.Server;

public static partial class SagebrushServer
{
    /// <summary>
    /// Bring your own container: the Docker engine (<see cref="ServerSettings.DockerSocket"/>), the launcher that runs
    /// any image that is not SageMaker's in a container, and ECR (repositories in the metadata store, images in Debian's
    /// docker-registry under <c>&lt;data-dir&gt;/ecr</c>, reached through the server's port at <c>/v2/</c>). Without a
    /// Docker engine the rest of the platform runs and a container job fails saying what to start.
    /// </summary>
    private static void AddContainers(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(_ => new DockerEngine(settings.DockerSocket));
        services.AddSingleton(sp => new RegistryServer(Path.Combine(settings.DataDir, "ecr"), sp.GetRequiredService<ILogger<RegistryServer>>()));
        services.AddSingleton(sp => new EcrTokens(Path.Combine(settings.DataDir, "ecr", "token.key"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new EcrService(
            sp.GetRequiredService<IMetadataStore>(),
            sp.GetRequiredService<AccountSettings>(),
            sp.GetRequiredService<RegistryServer>(),
            sp.GetRequiredService<EcrTokens>(),
            () => ServerAddress(sp, settings),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ContainerLauncher(
            sp.GetRequiredService<DockerEngine>(),
            sp.GetRequiredService<EcrService>(),
            settings.DataDir,
            sp.GetRequiredService<ILogger<ContainerLauncher>>()));
        services.AddSingleton<IJsonService, EcrApi>();
        services.AddSingleton<RegistryProxy>();
    }

    /// <summary>One line in the server's log about containers: what runs them, or why nothing can (said once).</summary>
    private static async Task DescribeContainersAsync(IServiceProvider services, ILogger logger)
    {
        var launcher = services.GetRequiredService<ContainerLauncher>();
        if (await launcher.Engine.UnavailableAsync() is { } reason)
        {
            LogNoContainers(logger, reason);
            return;
        }

        await launcher.SweepAsync(CancellationToken.None);
        LogContainers(logger, launcher.Engine.SocketPath);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Containers: images other than SageMaker's cannot run, {Reason}. Everything else works without them.")]
    private static partial void LogNoContainers(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Containers: images other than SageMaker's run through the Docker engine at {Socket}")]
    private static partial void LogContainers(ILogger logger, string socket);
}
