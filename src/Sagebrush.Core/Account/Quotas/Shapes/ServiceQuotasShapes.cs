using System.Text.Json.Serialization;

namespace Sagebrush.Core.Account.Quotas.Shapes;

// Service Quotas' shapes (ServiceQuotasV20190624) as AWS names them.
public sealed record ServiceInfo(string ServiceCode, string ServiceName);

public sealed record ServiceQuota
{
    public required string ServiceCode { get; init; }

    public required string ServiceName { get; init; }

    public required string QuotaArn { get; init; }

    public required string QuotaCode { get; init; }

    public required string QuotaName { get; init; }

    [JsonConverter(typeof(QuotaValueConverter))]
    public required double Value { get; init; }

    public string Unit { get; init; } = "None";

    public bool Adjustable { get; init; } = true;

    public bool GlobalQuota { get; init; }
}

public sealed record RequestedServiceQuotaChange
{
    public required string Id { get; init; }

    public required string CaseId { get; init; }

    public required string ServiceCode { get; init; }

    public required string ServiceName { get; init; }

    public required string QuotaCode { get; init; }

    public required string QuotaName { get; init; }

    [JsonConverter(typeof(QuotaValueConverter))]
    public required double DesiredValue { get; init; }

    public required string Status { get; init; }

    public required DateTimeOffset Created { get; init; }

    public required DateTimeOffset LastUpdated { get; init; }

    public required string Requester { get; init; }

    public required string QuotaArn { get; init; }

    public bool GlobalQuota { get; init; }

    public string Unit { get; init; } = "None";

    /// <summary>Not AWS's: why Sagebrush approved or denied the request (AWS tells you in the support case).</summary>
    public string? SagebrushReason { get; init; }
}

public sealed record ListServicesRequest(string? NextToken = null, int? MaxResults = null);

public sealed record ListServicesResponse(IReadOnlyList<ServiceInfo> Services, string? NextToken = null);

public sealed record ListQuotasRequest(string? ServiceCode = null, string? NextToken = null, int? MaxResults = null);

public sealed record ListQuotasResponse(IReadOnlyList<ServiceQuota> Quotas, string? NextToken = null);

public sealed record GetQuotaRequest(string? ServiceCode = null, string? QuotaCode = null);

public sealed record GetQuotaResponse(ServiceQuota Quota);

public sealed record RequestIncreaseRequest(string? ServiceCode = null, string? QuotaCode = null, double? DesiredValue = null);

public sealed record RequestedChangeResponse(RequestedServiceQuotaChange RequestedQuota);

public sealed record GetRequestedChangeRequest(string? RequestId = null);

public sealed record ListRequestHistoryRequest(string? ServiceCode = null, string? QuotaCode = null, string? Status = null, string? NextToken = null, int? MaxResults = null);

public sealed record ListRequestHistoryResponse(IReadOnlyList<RequestedServiceQuotaChange> RequestedQuotas, string? NextToken = null);
