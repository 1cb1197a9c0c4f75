using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Account.Quotas.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Server.Protocol.Json;
using Context = Sagebrush.Core.Account.Quotas.Shapes.ServiceQuotasJsonContext;

namespace Sagebrush.Server.Api.ServiceQuotas;

/// <summary>
/// Service Quotas (AWS JSON 1.1, target prefix <c>ServiceQuotasV20190624</c>, signing name <c>servicequotas</c>) over
/// <see cref="QuotaService"/>: SageMaker's quotas only. Mapping only.
/// Not supported: templates, tags, ListServiceQuotas' QuotaAppliedAtLevel, PutServiceQuotaIncreaseRequestIntoTemplate.
/// </summary>
public sealed class ServiceQuotasApi : IJsonService
{
    public ServiceQuotasApi(QuotaService quotas, AccountSettings account)
    {
        Operations = new Dictionary<string, JsonOperation>(StringComparer.Ordinal)
        {
            ["ListServices"] = (input, _) => Task.FromResult(JsonBodies.Write(QuotaService.ListServices(JsonBodies.Read(input, Context.Default.ListServicesRequest)), Context.Default.ListServicesResponse)),
            ["ListServiceQuotas"] = async (input, call) =>
                JsonBodies.Write(await quotas.ListAsync(JsonBodies.Read(input, Context.Default.ListQuotasRequest), call.Aborted), Context.Default.ListQuotasResponse),
            ["ListAWSDefaultServiceQuotas"] = (input, _) =>
                Task.FromResult(JsonBodies.Write(QuotaService.ListDefaults(JsonBodies.Read(input, Context.Default.ListQuotasRequest), account), Context.Default.ListQuotasResponse)),
            ["GetServiceQuota"] = async (input, call) =>
                JsonBodies.Write(new GetQuotaResponse(await quotas.GetAsync(JsonBodies.Read(input, Context.Default.GetQuotaRequest), call.Aborted)), Context.Default.GetQuotaResponse),
            ["GetAWSDefaultServiceQuota"] = (input, _) =>
                Task.FromResult(JsonBodies.Write(new GetQuotaResponse(quotas.GetDefault(JsonBodies.Read(input, Context.Default.GetQuotaRequest))), Context.Default.GetQuotaResponse)),
            ["RequestServiceQuotaIncrease"] = async (input, call) =>
                JsonBodies.Write(
                    new RequestedChangeResponse(await quotas.RequestIncreaseAsync(JsonBodies.Read(input, Context.Default.RequestIncreaseRequest), Requester(account), call.Aborted)),
                    Context.Default.RequestedChangeResponse),
            ["GetRequestedServiceQuotaChange"] = async (input, call) =>
                JsonBodies.Write(
                    new RequestedChangeResponse(await quotas.GetRequestAsync(JsonBodies.Read(input, Context.Default.GetRequestedChangeRequest).RequestId, call.Aborted)),
                    Context.Default.RequestedChangeResponse),
            ["ListRequestedServiceQuotaChangeHistory"] = async (input, call) =>
                JsonBodies.Write(await quotas.ListRequestsAsync(JsonBodies.Read(input, Context.Default.ListRequestHistoryRequest), byQuota: false, call.Aborted), Context.Default.ListRequestHistoryResponse),
            ["ListRequestedServiceQuotaChangeHistoryByQuota"] = async (input, call) =>
                JsonBodies.Write(await quotas.ListRequestsAsync(JsonBodies.Read(input, Context.Default.ListRequestHistoryRequest), byQuota: true, call.Aborted), Context.Default.ListRequestHistoryResponse),
        };
    }

    public string TargetPrefix => "ServiceQuotasV20190624";

    public string SigningName => "servicequotas";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; }

    // AWS records who asked as a small JSON document naming the account and the caller; Sagebrush's callers all act
    // for the one account.
    private static string Requester(AccountSettings account) =>
        $"{{\"accountId\":\"{account.AccountId}\",\"callerArn\":\"arn:aws:iam::{account.AccountId}:root\"}}";
}
