using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sagebrush.Core.Account.Billing;
using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Endpoints;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Processing;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;
using Sagebrush.Core.Training;
using Sagebrush.Core.Transform;
using Sagebrush.Server.Api.CostExplorer;
using Sagebrush.Server.Api.ServiceQuotas;
using Sagebrush.Server.Protocol.Json;

namespace Sagebrush.Server;

public static partial class SagebrushServer
{
    /// <summary>
    /// The account layer: Service Quotas and the instance quotas every creation is admitted against (utilization read
    /// from each family's store), the per-second usage ledger (<c>&lt;data-dir&gt;/usage.db</c>) every instance is
    /// metered into, and Cost Explorer over it. Tests may replace <see cref="QuotaOptions"/>.
    /// </summary>
    private static void AddAccount(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(new QuotaOptions { StartAtAwsDefaults = settings.QuotasAtAwsDefaults });
        services.AddSingleton<QuotaService>();
        services.AddSingleton<InstanceQuotas>();
        services.AddSingleton(sp => TrainingInstances.Holder(sp.GetRequiredService<TrainingJobStore>()));
        services.AddSingleton(sp => ProcessingInstances.Holder(sp.GetRequiredService<JobStore<Core.Processing.Shapes.DescribeProcessingJobResponse>>()));
        services.AddSingleton(sp => TransformInstances.Holder(sp.GetRequiredService<JobStore<Core.Transform.Shapes.DescribeTransformJobResponse>>()));
        services.AddSingleton<IInstanceHolder>(sp =>
            new InstanceHolder<StoredEndpoint>(sp.GetRequiredService<Core.Hosting.HostingStore<StoredEndpoint>>().ListAsync, EndpointService.Held));

        services.AddSingleton(sp =>
        {
            var metadata = sp.GetRequiredService<IMetadataStore>();
            return new SqliteUsageLedger(
                Path.Combine(settings.DataDir, SqliteUsageLedger.FileName),
                sp.GetRequiredService<TimeProvider>(),
                metadata.GetTagsAsync,
                sp.GetRequiredService<ILogger<SqliteUsageLedger>>());
        });
        services.AddSingleton<IUsageMeter>(sp => sp.GetRequiredService<SqliteUsageLedger>());
        services.AddSingleton<CostExplorer>();
        services.AddSingleton<IJsonService, ServiceQuotasApi>();
        services.AddSingleton<IJsonService, CostExplorerApi>();
    }

    /// <summary>How the instances a deployment builder starts are billed: <paramref name="usage"/>, under the ARN of <paramref name="resourceType"/>.</summary>
    private static DeploymentMetering Metering(IServiceProvider sp, InstanceUsage usage, string resourceType)
    {
        var account = sp.GetRequiredService<AccountSettings>();
        return new DeploymentMetering(sp.GetRequiredService<IUsageMeter>(), usage, name => Arn.SageMaker(account, resourceType, name));
    }
}
