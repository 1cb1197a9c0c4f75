using System.Text.Json.Serialization;

namespace Sagebrush.Core.Account.Billing.Shapes;

/// <summary>Cost Explorer's shapes on the wire: AWS's member names, absent members left out.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GetCostAndUsageRequest))]
[JsonSerializable(typeof(GetCostAndUsageResponse))]
public sealed partial class CostExplorerJsonContext : JsonSerializerContext;
