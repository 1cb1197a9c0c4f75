using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Account.Quotas.Shapes;

/// <summary>Service Quotas' shapes on the wire and in the metadata store: AWS's member names, absent members left out, epoch seconds.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(ListServicesRequest))]
[JsonSerializable(typeof(ListServicesResponse))]
[JsonSerializable(typeof(ListQuotasRequest))]
[JsonSerializable(typeof(ListQuotasResponse))]
[JsonSerializable(typeof(GetQuotaRequest))]
[JsonSerializable(typeof(GetQuotaResponse))]
[JsonSerializable(typeof(RequestIncreaseRequest))]
[JsonSerializable(typeof(RequestedChangeResponse))]
[JsonSerializable(typeof(GetRequestedChangeRequest))]
[JsonSerializable(typeof(ListRequestHistoryRequest))]
[JsonSerializable(typeof(ListRequestHistoryResponse))]
[JsonSerializable(typeof(AppliedQuota))]
[JsonSerializable(typeof(QuotaIncreaseRequest))]
public sealed partial class ServiceQuotasJsonContext : JsonSerializerContext;
