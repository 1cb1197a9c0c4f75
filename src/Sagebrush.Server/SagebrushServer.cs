using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.CloudWatch;
using Sagebrush.Core.AutoScaling;
using Sagebrush.Core.CloudWatch.Alarms;
using Sagebrush.Core.Common;
using Sagebrush.Core.Compilation;
using Sagebrush.Core.Compute;
using Sagebrush.Core.Hosting;
using Sagebrush.Core.Hosting.EndpointConfigs;
using Sagebrush.Core.Hosting.Endpoints;
using Sagebrush.Core.Hosting.Models;
using Sagebrush.Core.Hosting.Routing;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Hosting.Zones;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Core.Iam;
using Sagebrush.Core.Identity;
using Sagebrush.Core.Logs;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Storage.Objects;
using Sagebrush.Core.Processing;
using Sagebrush.Core.Training;
using Sagebrush.Core.Transform;
using Sagebrush.Core.Tuning;
using Sagebrush.Server.Api.AutoScaling;
using Sagebrush.Server.Api.CloudWatch;
using Sagebrush.Server.Api.Iam;
using Sagebrush.Server.Api.Logs;
using Sagebrush.Server.Api.Runtime;
using Sagebrush.Server.Api.S3;
using Sagebrush.Server.Api.SageMaker;
using Sagebrush.Server.Api.Sts;
using Sagebrush.Server.Background;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Notebooks;
using Sagebrush.Server.Protocol.Auth;
using Sagebrush.Server.Protocol.Json;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server;

/// <summary>
/// Builds the one web application that serves every AWS service Sagebrush speaks, on one port, like a single AWS edge.
/// </summary>
public static partial class SagebrushServer
{
    public const string HealthPath = "/_sagebrush/health";

    /// <param name="configureServices">Applied after the defaults, so a caller (a test) can replace or add services.</param>
    public static WebApplication Build(
        ServerSettings settings,
        Action<ILoggingBuilder>? configureLogging = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        DataDirectory.Prepare(settings.DataDir);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(kestrel =>
        {
            // S3 bodies are streamed to disk and may be gigabytes; the services enforce their own limits.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.AddServerHeader = false;

            // HTTP header values are bytes; S3 takes user metadata outside US-ASCII (Latin-1 on the wire, as Python's
            // http.client sends it) and answers it RFC 2047-encoded. Kestrel would refuse it with a bare 400.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
            Listen(kestrel, settings.Host, settings.Port);
        });
        // Requests run on the thread that read them, without a hop through Kestrel's queues: InvokeEndpoint's path is
        // short and never blocks; every other service starts with a yield to the thread pool (EdgeMiddleware).
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Yarp", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(settings.Account);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IObjectStore>(sp => new DiskObjectStore(Path.Combine(settings.DataDir, "objects"), sp.GetRequiredService<TimeProvider>(), settings.Account));
        services.AddSingleton<IMetadataStore>(sp => new SqliteMetadataStore(Path.Combine(settings.DataDir, "metadata.db"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => SqliteLogStore.InDataDir(settings.DataDir, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ILogStore>(sp => sp.GetRequiredService<SqliteLogStore>());
        AddIdentity(services, settings);
        services.AddSingleton(sp => new SigV4Authenticator(sp.GetRequiredService<CredentialStore>().Find, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<S3Api>();
        services.AddSingleton<RuntimeApi>();
        AddTraining(services, settings);
        AddHosting(services, settings);
        AddEndpointMetrics(services, settings);
        AddTuning(services);
        AddJobs(services, settings);
        AddNotebooks(services, settings);
        AddContainers(services, settings);
        AddAccount(services, settings);
        services.AddSingleton<IJsonService, SageMakerApi>();
        services.AddSingleton<IJsonService, LogsApi>();
        services.AddSingleton<JsonServiceDispatcher>();
        services.AddSingleton<IQueryService, StsApi>();
        services.AddSingleton<IQueryService, IamApi>();
        AddCloudWatch(services, settings);
        services.AddSingleton<QueryServiceDispatcher>();
        services.AddSingleton<EdgeMiddleware>();
        services.AddHostedService<ControllerHost>();
        configureServices?.Invoke(services);

        var app = builder.Build();

        // Open (and migrate) the stores before the port opens: a damaged or newer-schema database fails the start,
        // and crash leftovers in the object store are swept before the first request.
        _ = app.Services.GetRequiredService<IMetadataStore>();
        _ = app.Services.GetRequiredService<SqliteLogStore>();
        _ = app.Services.GetRequiredService<SqliteUsageLedger>();
        app.Services.GetRequiredService<CredentialStore>().LoadAsync().GetAwaiter().GetResult();
        app.Services.GetRequiredService<IamService>().EnsureDefaultRoleAsync().GetAwaiter().GetResult();
        if (app.Services.GetRequiredService<HostingLauncher>().Launcher is LocalProcessLauncher launcher)
        {
            app.Logger.LogInformation("Sandbox: {Sandbox}", launcher.Describe());
        }

        DescribeContainersAsync(app.Services, app.Logger).GetAwaiter().GetResult();

        var edge = app.Services.GetRequiredService<EdgeMiddleware>();
        var notebooks = app.Services.GetRequiredService<NotebookProxy>();
        var registry = app.Services.GetRequiredService<Ecr.RegistryProxy>();

        // A notebook's own host name goes to its Jupyter and /v2/ to ECR's registry, ahead of the SigV4 edge; everything
        // else is the API.
        app.Run(context => notebooks.NotebookOf(context.Request) is { } notebook ? notebooks.HandleAsync(context, notebook)
            : Ecr.RegistryProxy.Handles(context.Request) ? registry.HandleAsync(context)
            : edge.InvokeAsync(context));
        return app;
    }

    /// <summary>
    /// Who may call: the root key pair and STS's temporary credentials (<see cref="CredentialStore"/>), and IAM's roles,
    /// which SageMaker's RoleArn members must name.
    /// </summary>
    private static void AddIdentity(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(sp => new CredentialStore(
            settings.Credentials, sp.GetRequiredService<AccountSettings>(), sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new IamService(sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<AccountSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<StsService>();
        services.AddSingleton<ExecutionRoles>();
    }

    /// <summary>
    /// Training jobs: the control plane (service, scheduler, metric history) and the executor that runs them as local
    /// processes in /opt/ml workspaces under <c>&lt;data-dir&gt;/jobs/training</c>. Tests may replace the executor.
    /// </summary>
    private static void AddTraining(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(TrainingOptions.Default);
        services.AddSingleton<ITrainingExecutor>(sp => new LocalTrainingExecutor(
            sp.GetRequiredService<IObjectStore>(),
            Path.Combine(settings.DataDir, "jobs", "training"),
            sp.GetRequiredService<TimeProvider>(),
            new LocalExecutorOptions { HiddenPaths = [settings.DataDir] },
            meter: sp.GetRequiredService<IUsageMeter>(),
            containers: sp.GetRequiredService<Core.Containers.ContainerLauncher>()));
        services.AddSingleton(sp => new TrainingJobStore(
            sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<AccountSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMetricHistory>(_ => new SqliteMetricHistory(Path.Combine(settings.DataDir, SqliteMetricHistory.FileName)));
        services.AddSingleton(sp => new TrainingJobScheduler(
            sp.GetRequiredService<TrainingJobStore>(),
            sp.GetService<ITrainingExecutor>(),
            sp.GetService<ILogStore>(),
            sp.GetRequiredService<IMetricHistory>(),
            sp.GetRequiredService<TrainingOptions>(),
            sp.GetRequiredService<ILogger<TrainingJobScheduler>>()));
        services.AddSingleton<ITrainingJobQueue>(sp => sp.GetRequiredService<TrainingJobScheduler>());
        services.AddSingleton<TrainingJobService>();
        services.AddSingleton<SageMakerTagService>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<TrainingJobScheduler>());
    }

    /// <summary>
    /// Models, endpoint configurations and endpoints: the services, the router SageMaker Runtime calls, and the
    /// supervisor that runs instances as local processes under <c>&lt;data-dir&gt;/endpoints</c>. Invocation sinks
    /// (metrics, ...) are every <see cref="IInvocationSink"/> registered; data capture is a sink per endpoint, made by the
    /// <see cref="IEndpointCaptureFactory"/>. Tests may replace <see cref="HostingOptions"/>.
    /// </summary>
    private static void AddHosting(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(new HostingOptions { EndpointIdleTimeout = TimeSpan.FromMinutes(settings.EndpointIdleMinutes), WarmSpares = settings.WarmSpares });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<HostingOptions>();
            var sandbox = new SandboxOptions { BubblewrapPath = options.BubblewrapPath, HiddenPaths = [settings.DataDir, .. options.HiddenPaths] };
            return new HostingLauncher(new LocalProcessLauncher(sp.GetRequiredService<TimeProvider>(), sandbox));
        });
        services.AddSingleton(sp => Store(sp, "model", HostingJsonContext.Default.DescribeModelOutput));
        services.AddSingleton(sp => Store(sp, "endpoint-config", HostingJsonContext.Default.DescribeEndpointConfigOutput));
        services.AddSingleton(sp => Store(sp, "endpoint", HostingJsonContext.Default.StoredEndpoint));
        services.AddSingleton(sp => new DeploymentBuilder(
            sp.GetRequiredService<IObjectStore>(),
            sp.GetRequiredService<HostingLauncher>().Launcher,
            sp.GetService<ILogStore>(),
            sp.GetService<IEndpointCaptureFactory>(),
            sp.GetRequiredService<HostingOptions>(),
            Path.Combine(settings.DataDir, "endpoints"),
            sp.GetRequiredService<TimeProvider>(),
            metering: Metering(sp, InstanceUsage.Hosting, "endpoint"),
            zones: sp.GetRequiredService<AvailabilityZones>(),
            containers: sp.GetRequiredService<Core.Containers.ContainerLauncher>()));
        services.AddSingleton(sp => new AvailabilityZones(sp.GetRequiredService<AccountSettings>().Region));
        services.AddSingleton<ZoneOutage>();
        services.AddSingleton<IJsonService, Api.Admin.SagebrushAdminApi>();
        services.AddSingleton<IEndpointCaptureFactory>(sp => new DataCaptureFactory(sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EndpointRouter>();
        services.AddSingleton<EndpointSupervisor>();
        services.AddSingleton<ModelService>();
        services.AddSingleton<EndpointConfigService>();
        services.AddSingleton<EndpointService>();
        services.AddSingleton<HostingServices>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<EndpointSupervisor>());
        services.AddSingleton(new AutoScalingOptions());
        services.AddSingleton<InvocationRates>();
        services.AddSingleton<IInvocationSink>(sp => sp.GetRequiredService<InvocationRates>());
        services.AddSingleton<AutoScalingService>();
        services.AddSingleton<VariantCapacity>();
        services.AddSingleton<IAlarmActionHandler, StepScalingActions>();
        services.AddSingleton<VariantScaler>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<VariantScaler>());
        services.AddSingleton<IJsonService, ApplicationAutoScalingApi>();
        services.AddSingleton<EndpointIdlePolicy>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<EndpointIdlePolicy>());

        static HostingStore<T> Store<T>(IServiceProvider sp, string type, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> shape)
            where T : class =>
            new(sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<AccountSettings>(), type, shape);
    }

    /// <summary>
    /// Per-variant invocation metrics (<c>&lt;data-dir&gt;/endpoint-metrics.db</c>): one sink for every endpoint, which the
    /// router hands each invocation to, and the store autoscaling and <c>sagebrush endpoints</c> read.
    /// </summary>
    private static void AddEndpointMetrics(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(_ => SqliteEndpointMetricStore.InDataDir(settings.DataDir));
        services.AddSingleton<IEndpointMetrics>(sp => sp.GetRequiredService<SqliteEndpointMetricStore>());
        services.AddSingleton(sp => new EndpointMetricsSink(
            sp.GetRequiredService<SqliteEndpointMetricStore>(),
            sp.GetRequiredService<TimeProvider>(),
            logger: sp.GetRequiredService<ILogger<EndpointMetricsSink>>()));
        services.AddSingleton<IInvocationSink>(sp => sp.GetRequiredService<EndpointMetricsSink>());
    }

    /// <summary>Tuning jobs: their service and the orchestrator that runs each one's training jobs through the training service.</summary>
    private static void AddTuning(IServiceCollection services)
    {
        services.AddSingleton(TuningOptions.Default);
        services.AddSingleton(SearchComponents.Default);
        services.AddSingleton(sp => new TuningJobStore(
            sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<AccountSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<TuningJobOrchestrator>();
        services.AddSingleton<ITuningJobRunner>(sp => sp.GetRequiredService<TuningJobOrchestrator>());
        services.AddSingleton<TuningJobService>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<TuningJobOrchestrator>());
    }

    /// <summary>
    /// Processing jobs (workspaces under <c>&lt;data-dir&gt;/jobs/processing</c>) and transform jobs (their instances under
    /// <c>&lt;data-dir&gt;/jobs/transform</c>), on the endpoints' launcher. Tests may replace the options.
    /// </summary>
    private static void AddJobs(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(new ProcessingOptions());
        services.AddSingleton(sp => ProcessingJobStore.Create(
            sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<AccountSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ProcessingJobController(
            sp.GetRequiredService<JobStore<Core.Processing.Shapes.DescribeProcessingJobResponse>>(),
            sp.GetRequiredService<HostingLauncher>().Launcher,
            sp.GetRequiredService<IObjectStore>(),
            sp.GetService<ILogStore>(),
            sp.GetRequiredService<ProcessingOptions>(),
            Path.Combine(settings.DataDir, "jobs", "processing"),
            sp.GetRequiredService<ILogger<ProcessingJobController>>(),
            sp.GetRequiredService<IUsageMeter>(),
            sp.GetRequiredService<Core.Containers.ContainerLauncher>()));
        services.AddSingleton<ProcessingJobService>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<ProcessingJobController>());

        services.AddSingleton(new TransformOptions());
        services.AddSingleton(sp => TransformJobStore.Create(
            sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<AccountSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new TransformJobController(
            sp.GetRequiredService<JobStore<Core.Transform.Shapes.DescribeTransformJobResponse>>(),
            sp.GetRequiredService<ModelService>(),
            new DeploymentBuilder(
                sp.GetRequiredService<IObjectStore>(),
                sp.GetRequiredService<HostingLauncher>().Launcher,
                sp.GetService<ILogStore>(),
                captureFactory: null,
                sp.GetRequiredService<HostingOptions>(),
                Path.Combine(settings.DataDir, "jobs", "transform"),
                sp.GetRequiredService<TimeProvider>(),
                TransformJobController.LogGroup,
                Metering(sp, InstanceUsage.Transform, TransformJobStore.ResourceType),
                containers: sp.GetRequiredService<Core.Containers.ContainerLauncher>()),
            sp.GetRequiredService<IObjectStore>(),
            sp.GetService<ILogStore>(),
            sp.GetRequiredService<TransformOptions>(),
            Path.Combine(settings.DataDir, "jobs", "transform"),
            sp.GetRequiredService<ILogger<TransformJobController>>()));
        services.AddSingleton<TransformJobService>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<TransformJobController>());
        services.AddSingleton(new CompilationOptions());
        services.AddSingleton(sp => CompilationJobStore.Create(
            sp.GetRequiredService<IMetadataStore>(), sp.GetRequiredService<AccountSettings>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new CompilationJobController(
            sp.GetRequiredService<JobStore<Core.Compilation.Shapes.DescribeCompilationJobResponse>>(),
            sp.GetRequiredService<HostingLauncher>().Launcher,
            sp.GetRequiredService<IObjectStore>(),
            sp.GetService<ILogStore>(),
            sp.GetRequiredService<CompilationOptions>(),
            Path.Combine(settings.DataDir, "jobs", "compilation"),
            sp.GetRequiredService<ILogger<CompilationJobController>>()));
        services.AddSingleton<CompilationJobService>();
        services.AddSingleton<Core.Hosting.Models.ICompiledModels>(sp => sp.GetRequiredService<CompilationJobService>());
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<CompilationJobController>());
        services.AddSingleton<JobServices>();
    }

    /// <summary>The address the server actually listens on (useful with port 0).</summary>
    public static Uri ListeningUri(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return Loopback(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    /// <summary>A listening address as a client on this machine calls it: the loopback for a wildcard address.</summary>
    private static Uri Loopback(string address) =>
        new(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));

    private static void Listen(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string host, int port)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(port);
        }
        else if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, port);
        }
        else
        {
            throw new ArgumentException($"--host must be an IP address or 'localhost', not '{host}'.", nameof(host));
        }
    }
}
