using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Common;
using Sagebrush.Core.Identity;
using Sagebrush.Core.Logs;
using Sagebrush.Core.Notebooks;
using Sagebrush.Core.Notebooks.Shapes;
using Sagebrush.Server.Api.SageMaker;
using Sagebrush.Server.Background;
using Sagebrush.Server.Notebooks;

namespace Sagebrush.Server;

public static partial class SagebrushServer
{
    /// <summary>
    /// Notebook instances (volumes under <c>&lt;data-dir&gt;/notebooks</c>), on the endpoints' launcher; their lifecycle
    /// configurations and code repositories; and the proxy that signs browsers in to their Jupyter. Tests may replace
    /// <see cref="NotebookOptions"/>.
    /// </summary>
    private static void AddNotebooks(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(new NotebookOptions());
        services.AddHttpForwarder();
        services.AddSingleton(sp => NotebookStore.Create(sp.GetRequiredService<Core.Storage.Metadata.IMetadataStore>(), sp.GetRequiredService<AccountSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LifecycleConfigService>();
        services.AddSingleton<CodeRepositoryService>();
        services.AddSingleton(sp => new NotebookSessions(
            sp.GetRequiredService<NotebookOptions>(), sp.GetRequiredService<TimeProvider>(), () => ServerAddress(sp, settings), settings.NotebookDomain));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<NotebookOptions>();
            var sts = sp.GetRequiredService<StsService>();
            var lifetime = sp.GetRequiredService<IHostApplicationLifetime>();
            var environment = new NotebookEnvironment(
                async token =>
                {
                    // Controllers recover before the server binds its port; a recovered instance waits for it.
                    using var started = CancellationTokenSource.CreateLinkedTokenSource(token, lifetime.ApplicationStarted);
                    await Task.Delay(Timeout.InfiniteTimeSpan, started.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    token.ThrowIfCancellationRequested();
                    return ServerAddress(sp, settings);
                },
                sp.GetRequiredService<AccountSettings>().Region,
                (role, token) => sts.IssueForRoleAsync(role, "SageMaker", options.CredentialLifetime, token));
            return new NotebookRunner(
                sp.GetRequiredService<Core.SageMaker.JobStore<DescribeNotebookInstanceResponse>>(),
                sp.GetRequiredService<LifecycleConfigService>(),
                sp.GetRequiredService<CodeRepositoryService>(),
                sp.GetRequiredService<HostingLauncher>().Launcher,
                sp.GetService<ILogStore>(),
                options,
                environment,
                Path.Combine(settings.DataDir, "notebooks"),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<NotebookRunner>>(),
                sp.GetRequiredService<IUsageMeter>());
        });
        services.AddSingleton<Core.Common.IBackgroundController>(sp => sp.GetRequiredService<NotebookRunner>());
        services.AddSingleton<NotebookInstanceService>();
        services.AddSingleton<IInstanceHolder>(sp =>
            new InstanceHolder<DescribeNotebookInstanceResponse>(sp.GetRequiredService<Core.SageMaker.JobStore<DescribeNotebookInstanceResponse>>().ListAsync, NotebookInstanceService.Held));
        services.AddSingleton<NotebookServices>();
        services.AddSingleton<NotebookProxy>();
    }

    /// <summary>Where the server listens, for what runs inside it to call back (the configured address until the port is bound).</summary>
    private static Uri ServerAddress(IServiceProvider sp, ServerSettings settings)
    {
        var bound = sp.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return Loopback((bound ?? $"http://{settings.Host}:{settings.Port}").Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }
}
