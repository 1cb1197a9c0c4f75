using System.Globalization;
using System.Security.Cryptography;
using Sagebrush.Core.Account.Quotas.Shapes;
using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Account.Quotas;

/// <summary>
/// Service Quotas for SageMaker: AWS's defaults (<see cref="QuotaCatalogue"/>), this account's values (the starting
/// value, or what an approved increase made it), and increase requests that go PENDING → CASE_OPENED → APPROVED or
/// DENIED by <see cref="QuotaRequestPolicy"/>.
/// Not supported: services other than <c>sagemaker</c> (ListServices names only it), quota templates, tags on
/// quotas, usage metrics (UsageMetric), request contexts (QuotaRequestedAtLevel).
/// </summary>
public sealed class QuotaService
{
    private const string RequestsWithStatus = "PENDING CASE_OPENED APPROVED DENIED CASE_CLOSED";

    private readonly DocumentStore<AppliedQuota> applied;
    private readonly DocumentStore<QuotaIncreaseRequest> requests;
    private readonly QuotaOptions options;
    private readonly AccountSettings account;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim settling = new(1, 1);

    public QuotaService(IMetadataStore metadata, AccountSettings account, QuotaOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(account);
        this.account = account;
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        applied = new DocumentStore<AppliedQuota>(metadata, account, "service-quota", ServiceQuotasJsonContext.Default.AppliedQuota, "service quota");
        requests = new DocumentStore<QuotaIncreaseRequest>(metadata, account, "service-quota-request", ServiceQuotasJsonContext.Default.QuotaIncreaseRequest, "service quota request");
    }

    public static ListServicesResponse ListServices(ListServicesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (items, next) = QuotaPages.Page([new ServiceInfo(QuotaCatalogue.ServiceCode, QuotaCatalogue.ServiceName)], request.NextToken, request.MaxResults);
        return new ListServicesResponse(items, next);
    }

    public async Task<ListQuotasResponse> ListAsync(ListQuotasRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireService(request.ServiceCode);
        var values = await AppliedValuesAsync(cancellationToken);
        var (items, next) = QuotaPages.Page(QuotaCatalogue.All, request.NextToken, request.MaxResults);
        return new ListQuotasResponse(items.Select(q => Shape(q, values.GetValueOrDefault(q.Code, StartingValue(q)), withAccount: true)).ToList(), next);
    }

    public static ListQuotasResponse ListDefaults(ListQuotasRequest request, AccountSettings account)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(account);
        RequireService(request.ServiceCode);
        var (items, next) = QuotaPages.Page(QuotaCatalogue.All, request.NextToken, request.MaxResults);
        return new ListQuotasResponse(items.Select(q => Shape(q, q.DefaultValue, account, withAccount: false)).ToList(), next);
    }

    public async Task<ServiceQuota> GetAsync(GetQuotaRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var quota = Require(request.ServiceCode, request.QuotaCode);
        return Shape(quota, await ValueOfAsync(quota, cancellationToken), withAccount: true);
    }

    public ServiceQuota GetDefault(GetQuotaRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var quota = Require(request.ServiceCode, request.QuotaCode);
        return Shape(quota, quota.DefaultValue, withAccount: false);
    }

    /// <summary>This account's value of a quota now (applying any increase that has just been approved).</summary>
    public async Task<double> ValueOfAsync(QuotaDefinition quota, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quota);
        await SettleAsync(cancellationToken);
        return (await applied.GetAsync(quota.Code, cancellationToken))?.Value ?? StartingValue(quota);
    }

    public async Task<RequestedServiceQuotaChange> RequestIncreaseAsync(RequestIncreaseRequest request, string requester, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var quota = Require(request.ServiceCode, request.QuotaCode);
        if (request.DesiredValue is not { } desired || double.IsNaN(desired) || desired < 0 || desired > 10_000_000_000)
        {
            throw QuotaErrors.IllegalArgument("1 validation error detected: Value at 'desiredValue' failed to satisfy constraint: Member must have value between 0 and 10000000000");
        }

        var current = await ValueOfAsync(quota, cancellationToken);
        if (desired <= current)
        {
            throw QuotaErrors.IllegalArgument($"The desired value {desired.ToString(CultureInfo.InvariantCulture)} must be greater than the quota's current value {current.ToString(CultureInfo.InvariantCulture)}.");
        }

        if ((await requests.ListAsync(cancellationToken)).Any(r => r.QuotaCode == quota.Code && StatusOf(r) is "PENDING" or "CASE_OPENED"))
        {
            throw new AwsException("ResourceAlreadyExistsException", $"An increase request for quota '{quota.Name}' is already open. Wait for it to be decided.");
        }

        var (approved, reason) = QuotaRequestPolicy.Decide(quota, desired, options);
        var stored = new QuotaIncreaseRequest
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            CaseId = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture),
            QuotaCode = quota.Code,
            DesiredValue = desired,
            Created = time.GetUtcNow(),
            Requester = requester,
            Approved = approved,
            Reason = reason,
        };
        await requests.InsertAsync(stored.Id, stored, cancellationToken);
        return Shape(stored);
    }

    public async Task<RequestedServiceQuotaChange> GetRequestAsync(string? id, CancellationToken cancellationToken = default)
    {
        await SettleAsync(cancellationToken);
        if (string.IsNullOrEmpty(id) || await requests.GetAsync(id, cancellationToken) is not { } stored)
        {
            throw QuotaErrors.NoSuchRequest(id);
        }

        return Shape(stored);
    }

    /// <summary>The history of one quota (<paramref name="byQuota"/>) or of the service, newest first.</summary>
    public async Task<ListRequestHistoryResponse> ListRequestsAsync(ListRequestHistoryRequest request, bool byQuota, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (byQuota)
        {
            Require(request.ServiceCode, request.QuotaCode);
        }
        else if (request.ServiceCode is not null)
        {
            RequireService(request.ServiceCode);
        }

        if (request.Status is { } status && !RequestsWithStatus.Split(' ').Contains(status))
        {
            throw QuotaErrors.IllegalArgument($"1 validation error detected: Value '{status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [{RequestsWithStatus.Replace(" ", ", ", StringComparison.Ordinal)}]");
        }

        await SettleAsync(cancellationToken);
        var all = (await requests.ListAsync(cancellationToken))
            .Where(r => !byQuota || r.QuotaCode == request.QuotaCode)
            .OrderByDescending(r => r.Created)
            .Select(Shape)
            .Where(r => request.Status is null || r.Status == request.Status)
            .ToList();
        var (items, next) = QuotaPages.Page(all, request.NextToken, request.MaxResults);
        return new ListRequestHistoryResponse(items, next);
    }

    /// <summary>
    /// Where this account starts (unless <see cref="QuotaOptions.StartAtAwsDefaults"/>): like an account in use, the
    /// instance quotas of CPU types and the account-wide and per-resource instance counts start at
    /// <see cref="QuotaOptions.HostInstanceCapacity"/> when AWS's default is lower; GPU and accelerator types keep AWS's
    /// default (0 for most), as a new account finds them; quotas Sagebrush does not enforce keep AWS's default.
    /// </summary>
    public double StartingValue(QuotaDefinition quota)
    {
        ArgumentNullException.ThrowIfNull(quota);
        if (options.StartAtAwsDefaults || quota.Scope is not { } scope
            || (scope.InstanceType is { } type && InstanceCatalogue.Find(type) is not { Gpus: 0, Accelerator: null }))
        {
            return quota.DefaultValue;
        }

        return Math.Max(quota.DefaultValue, options.HostInstanceCapacity);
    }

    private async Task<Dictionary<string, double>> AppliedValuesAsync(CancellationToken cancellationToken)
    {
        await SettleAsync(cancellationToken);
        return (await applied.ListAsync(cancellationToken)).ToDictionary(a => a.QuotaCode, a => a.Value, StringComparer.Ordinal);
    }

    /// <summary>Applies approvals whose time has come; one caller at a time, so an approval is applied once.</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        await settling.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            foreach (var request in await requests.ListAsync(cancellationToken))
            {
                if (request.Settled || now < request.Created + options.DecidedAfter)
                {
                    continue;
                }

                if (request.Approved)
                {
                    var value = new AppliedQuota(request.QuotaCode, request.DesiredValue);
                    if (!await applied.TryInsertAsync(request.QuotaCode, value, cancellationToken))
                    {
                        await applied.UpdateAsync(request.QuotaCode, _ => value, cancellationToken);
                    }
                }

                await requests.UpdateAsync(request.Id, r => r with { Settled = true }, cancellationToken);
            }
        }
        finally
        {
            settling.Release();
        }
    }

    private string StatusOf(QuotaIncreaseRequest request)
    {
        var age = time.GetUtcNow() - request.Created;
        return age < options.CaseOpenedAfter ? "PENDING" : age < options.DecidedAfter ? "CASE_OPENED" : request.Approved ? "APPROVED" : "DENIED";
    }

    private RequestedServiceQuotaChange Shape(QuotaIncreaseRequest request)
    {
        var quota = QuotaCatalogue.Find(request.QuotaCode)!;
        var status = StatusOf(request);
        var decided = status is "APPROVED" or "DENIED";
        return new RequestedServiceQuotaChange
        {
            Id = request.Id,
            CaseId = request.CaseId,
            ServiceCode = QuotaCatalogue.ServiceCode,
            ServiceName = QuotaCatalogue.ServiceName,
            QuotaCode = quota.Code,
            QuotaName = quota.Name,
            DesiredValue = request.DesiredValue,
            Status = status,
            Created = request.Created,
            LastUpdated = status switch
            {
                "PENDING" => request.Created,
                "CASE_OPENED" => request.Created + options.CaseOpenedAfter,
                _ => request.Created + options.DecidedAfter,
            },
            Requester = request.Requester,
            QuotaArn = QuotaArn(quota, account, withAccount: true),
            SagebrushReason = decided ? request.Reason : null,
        };
    }

    private ServiceQuota Shape(QuotaDefinition quota, double value, bool withAccount) => Shape(quota, value, account, withAccount);

    private static ServiceQuota Shape(QuotaDefinition quota, double value, AccountSettings account, bool withAccount) => new()
    {
        ServiceCode = QuotaCatalogue.ServiceCode,
        ServiceName = QuotaCatalogue.ServiceName,
        QuotaArn = QuotaArn(quota, account, withAccount),
        QuotaCode = quota.Code,
        QuotaName = quota.Name,
        Value = value,
    };

    // AWS's default quotas have no account in their ARN: arn:aws:servicequotas:us-east-1::sagemaker/L-...
    private static string QuotaArn(QuotaDefinition quota, AccountSettings account, bool withAccount) =>
        Arn.Format("servicequotas", account.Region, withAccount ? account.AccountId : string.Empty, $"{QuotaCatalogue.ServiceCode}/{quota.Code}");

    private static void RequireService(string? serviceCode)
    {
        if (string.IsNullOrEmpty(serviceCode))
        {
            throw QuotaErrors.IllegalArgument("1 validation error detected: Value null at 'serviceCode' failed to satisfy constraint: Member must not be null");
        }

        if (serviceCode != QuotaCatalogue.ServiceCode)
        {
            throw QuotaErrors.NoSuchService(serviceCode);
        }
    }

    private static QuotaDefinition Require(string? serviceCode, string? quotaCode)
    {
        RequireService(serviceCode);
        if (string.IsNullOrEmpty(quotaCode))
        {
            throw QuotaErrors.IllegalArgument("1 validation error detected: Value null at 'quotaCode' failed to satisfy constraint: Member must not be null");
        }

        return QuotaCatalogue.Find(quotaCode) ?? throw QuotaErrors.NoSuchQuota(quotaCode);
    }
}
