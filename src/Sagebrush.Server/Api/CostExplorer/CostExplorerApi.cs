using Sagebrush.Core.Account.Billing;
using Sagebrush.Server.Protocol.Json;
using Context = Sagebrush.Core.Account.Billing.Shapes.CostExplorerJsonContext;

namespace Sagebrush.Server.Api.CostExplorer;

/// <summary>
/// Cost Explorer (AWS JSON 1.1, target prefix <c>AWSInsightsIndexService</c>, signing name <c>ce</c>): GetCostAndUsage
/// over the usage ledger (<see cref="Core.Account.Billing.CostExplorer"/>). Mapping only.
/// Not supported: every other operation (forecasts, reservations, savings plans, anomalies, cost categories).
/// </summary>
public sealed class CostExplorerApi : IJsonService
{
    public CostExplorerApi(Core.Account.Billing.CostExplorer costs)
    {
        Operations = new Dictionary<string, JsonOperation>(StringComparer.Ordinal)
        {
            ["GetCostAndUsage"] = async (input, call) =>
                JsonBodies.Write(await costs.GetCostAndUsageAsync(JsonBodies.Read(input, Context.Default.GetCostAndUsageRequest), call.Aborted), Context.Default.GetCostAndUsageResponse),
        };
    }

    public string TargetPrefix => "AWSInsightsIndexService";

    public string SigningName => "ce";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; }
}
