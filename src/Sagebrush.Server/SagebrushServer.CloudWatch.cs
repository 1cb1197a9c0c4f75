using Microsoft.Extensions.DependencyInjection;
using Sagebrush.Core.CloudWatch;
using Sagebrush.Core.CloudWatch.Alarms;
using Sagebrush.Core.CloudWatch.Store;
using Sagebrush.Core.Common;
using Sagebrush.Core.Hosting.Metrics;
using Sagebrush.Server.Api.CloudWatch;
using Sagebrush.Server.Protocol.Json;
using Sagebrush.Server.Protocol.Query;

namespace Sagebrush.Server;

public static partial class SagebrushServer
{
    /// <summary>
    /// CloudWatch: the metric store (<c>&lt;data-dir&gt;/cloudwatch-metrics.db</c>), the metric operations over it and the
    /// endpoint metrics, alarms and their evaluator, the endpoint instances' utilization sampler, spoken over both the
    /// query protocol and JSON 1.0.
    /// </summary>
    private static void AddCloudWatch(IServiceCollection services, ServerSettings settings)
    {
        services.AddSingleton(_ => new SqliteMetricStore(Path.Combine(settings.DataDir, SqliteMetricStore.FileName)));
        services.AddSingleton<IMetricStore>(sp => sp.GetRequiredService<SqliteMetricStore>());
        services.AddSingleton<CloudWatchMetrics>();
        services.AddSingleton(new CloudWatchOptions());
        services.AddSingleton<CloudWatchAlarms>();
        services.AddSingleton<AlarmEvaluator>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<AlarmEvaluator>());
        services.AddSingleton(EndpointMetricsOptions.Default);
        services.AddSingleton<InstanceUtilization>();
        services.AddSingleton<IBackgroundController>(sp => sp.GetRequiredService<InstanceUtilization>());
        services.AddSingleton<IQueryService, CloudWatchApi>();
        services.AddSingleton<IJsonService, CloudWatchJsonApi>();
    }
}
