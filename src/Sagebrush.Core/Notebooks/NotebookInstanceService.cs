using Sagebrush.Core.Account.Quotas;
using Sagebrush.Core.Common;
using Sagebrush.Core.Notebooks.Shapes;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Storage.Metadata;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// Notebook instances: create, describe, list, start, stop, update, delete, and the presigned URL that signs a
/// browser in. The service moves an instance into Pending, Stopping or Deleting and hands it to the
/// <see cref="NotebookRunner"/>, which brings it to InService, Stopped or away (or Failed, with a reason).
/// Not supported yet: AcceleratorTypes (Elastic Inference; kept, no accelerator attached), KmsKeyId (kept, the volume
/// is not encrypted), SubnetId and SecurityGroupIds (kept; the instance's network is its own, docs/notebooks.md).
/// </summary>
/// <param name="roles">Null in tests that do not check roles; the server always has them.</param>
/// <param name="quotas">Null in tests that do not count instances; the server always has them.</param>
public sealed class NotebookInstanceService(
    JobStore<DescribeNotebookInstanceResponse> notebooks,
    LifecycleConfigService lifecycleConfigs,
    CodeRepositoryService repositories,
    IMetadataStore metadata,
    NotebookRunner runner,
    NotebookSessions sessions,
    ExecutionRoles? roles = null,
    InstanceQuotas? quotas = null)
{
    private static readonly string[] StoppedOrFailed = [NotebookStatus.Stopped, NotebookStatus.Failed];

    public async Task<CreateNotebookInstanceResponse> CreateAsync(CreateNotebookInstanceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        NotebookChecks.RequiredName(errors, request.NotebookInstanceName, "notebookInstanceName");

        if (errors.Required(request.InstanceType, "instanceType"))
        {
            errors.Enum(request.InstanceType, "instanceType", InstanceTypes.Notebook);
        }

        if (errors.Required(request.RoleArn, "roleArn"))
        {
            errors.Length(request.RoleArn, "roleArn", 20, 2048);
            errors.Pattern(request.RoleArn, "roleArn", @"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$");
        }

        CheckSettings(errors, request.LifecycleConfigName, request.VolumeSizeInGB, request.DefaultCodeRepository, request.AdditionalCodeRepositories, request.RootAccess);
        errors.Enum(request.DirectInternetAccess, "directInternetAccess", ["Enabled", "Disabled"]);
        errors.Pattern(request.PlatformIdentifier, "platformIdentifier", "^(notebook-al1-v1|notebook-al2-v1|notebook-al2-v2)$");
        TagChecks.Check(request.Tags, "tags", errors);
        errors.ThrowIfAny();
        await CheckReferencesAsync(request.LifecycleConfigName, request.DefaultCodeRepository, request.AdditionalCodeRepositories, cancellationToken);
        if (roles is not null)
        {
            await roles.RequireAsync(request.RoleArn, cancellationToken);
        }

        var name = request.NotebookInstanceName!;
        var arn = notebooks.ArnOf(name);
        var now = notebooks.Time.GetUtcNow();
        var notebook = new DescribeNotebookInstanceResponse
        {
            NotebookInstanceArn = arn,
            NotebookInstanceName = name,
            NotebookInstanceStatus = NotebookStatus.Pending,
            InstanceType = request.InstanceType!,
            SubnetId = request.SubnetId,
            SecurityGroups = request.SecurityGroupIds,
            RoleArn = request.RoleArn!,
            KmsKeyId = request.KmsKeyId,
            CreationTime = now,
            LastModifiedTime = now,
            NotebookInstanceLifecycleConfigName = request.LifecycleConfigName,
            DirectInternetAccess = request.DirectInternetAccess ?? "Enabled",
            VolumeSizeInGB = request.VolumeSizeInGB ?? 5,
            AcceleratorTypes = request.AcceleratorTypes,
            DefaultCodeRepository = request.DefaultCodeRepository,
            AdditionalCodeRepositories = request.AdditionalCodeRepositories,
            RootAccess = request.RootAccess ?? "Enabled",
            PlatformIdentifier = request.PlatformIdentifier ?? "notebook-al2-v2",
            InstanceMetadataServiceConfiguration = request.InstanceMetadataServiceConfiguration ?? new InstanceMetadataServiceConfiguration("1"),
        };

        // The quota counts every notebook instance the account has, running or not.
        using var admitted = quotas is null ? null : await quotas.AdmitAsync([new HeldInstances(arn, InstanceUsage.Notebook, notebook.InstanceType, 1)], cancellationToken);
        try
        {
            await notebooks.InsertAsync(notebook, cancellationToken);
        }
        catch (ResourceAlreadyExistsException)
        {
            throw NotebookErrors.Duplicate(arn);
        }

        await CreationTags.SetAsync(metadata, arn, request.Tags, cancellationToken);
        runner.Start(name);
        return new CreateNotebookInstanceResponse(arn);
    }

    public async Task<DescribeNotebookInstanceResponse> DescribeAsync(string? name, CancellationToken cancellationToken = default)
    {
        NotebookChecks.RequireName(name, "notebookInstanceName");
        var notebook = await notebooks.GetAsync(name!, cancellationToken) ?? throw NotebookErrors.NotFound();
        return notebook with { Url = sessions.UrlOf(notebook.NotebookInstanceName) };
    }

    public async Task<ListNotebookInstancesResponse> ListAsync(ListNotebookInstancesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = NotebookChecks.Query(request, NotebookStatus.All, ["Name", "CreationTime", "Status"], "Name", "Ascending", "ListNotebookInstances");
        var matching = (await notebooks.ListAsync(cancellationToken)).Where(n =>
            (request.NotebookInstanceLifecycleConfigNameContains is not { } config || (n.NotebookInstanceLifecycleConfigName?.Contains(config, StringComparison.OrdinalIgnoreCase) ?? false))
            && (request.DefaultCodeRepositoryContains is not { } repository || (n.DefaultCodeRepository?.Contains(repository, StringComparison.OrdinalIgnoreCase) ?? false))
            && (request.AdditionalCodeRepositoryEquals is not { } additional || (n.AdditionalCodeRepositories?.Contains(additional, StringComparer.Ordinal) ?? false)));
        var (page, next) = query.Apply(matching, n => new ListItem(n.NotebookInstanceName, n.CreationTime, n.LastModifiedTime, n.NotebookInstanceStatus));
        return new ListNotebookInstancesResponse([.. page.Select(Summary)], next);
    }

    public async Task StartAsync(string? name, CancellationToken cancellationToken = default)
    {
        NotebookChecks.RequireName(name, "notebookInstanceName");
        await notebooks.UpdateAsync(
            name!,
            n => StoppedOrFailed.Contains(n.NotebookInstanceStatus)
                ? n with { NotebookInstanceStatus = NotebookStatus.Pending, FailureReason = null }
                : throw NotebookErrors.CannotTransition(n.NotebookInstanceStatus, StoppedOrFailed, NotebookStatus.Pending, n.NotebookInstanceArn),
            cancellationToken);
        runner.Start(name!);
    }

    public async Task StopAsync(string? name, CancellationToken cancellationToken = default)
    {
        NotebookChecks.RequireName(name, "notebookInstanceName");
        await notebooks.UpdateAsync(
            name!,
            n => n.NotebookInstanceStatus == NotebookStatus.InService
                ? n with { NotebookInstanceStatus = NotebookStatus.Stopping }
                : throw NotebookErrors.CannotTransition(n.NotebookInstanceStatus, [NotebookStatus.InService], NotebookStatus.Stopping, n.NotebookInstanceArn),
            cancellationToken);
        runner.Stop(name!);
    }

    public async Task DeleteAsync(string? name, CancellationToken cancellationToken = default)
    {
        NotebookChecks.RequireName(name, "notebookInstanceName");
        await notebooks.UpdateAsync(
            name!,
            n => StoppedOrFailed.Contains(n.NotebookInstanceStatus)
                ? n with { NotebookInstanceStatus = NotebookStatus.Deleting }
                : throw NotebookErrors.CannotTransition(n.NotebookInstanceStatus, StoppedOrFailed, NotebookStatus.Deleting, n.NotebookInstanceArn),
            cancellationToken);
        runner.Delete(name!);
    }

    /// <summary>Only a stopped (or failed) instance changes; it is Stopped afterwards. The volume can grow, never shrink.</summary>
    public async Task UpdateAsync(UpdateNotebookInstanceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        NotebookChecks.RequiredName(errors, request.NotebookInstanceName, "notebookInstanceName");

        errors.Enum(request.InstanceType, "instanceType", InstanceTypes.Notebook);
        errors.Length(request.RoleArn, "roleArn", 20, 2048);
        CheckSettings(errors, request.LifecycleConfigName, request.VolumeSizeInGB, request.DefaultCodeRepository, request.AdditionalCodeRepositories, request.RootAccess);
        errors.ThrowIfAny();
        await CheckReferencesAsync(request.LifecycleConfigName, request.DefaultCodeRepository, request.AdditionalCodeRepositories, cancellationToken);
        if (roles is not null && request.RoleArn is not null)
        {
            await roles.RequireAsync(request.RoleArn, cancellationToken);
        }

        await notebooks.UpdateAsync(
            request.NotebookInstanceName!,
            n =>
            {
                if (!StoppedOrFailed.Contains(n.NotebookInstanceStatus))
                {
                    throw NotebookErrors.CannotTransition(n.NotebookInstanceStatus, StoppedOrFailed, NotebookStatus.Updating, n.NotebookInstanceArn);
                }

                if (request.VolumeSizeInGB is { } size && size < n.VolumeSizeInGB)
                {
                    throw NotebookErrors.Validation($"The volume size of a notebook instance can only be increased: it is {n.VolumeSizeInGB} GB, not {size}.");
                }

                return n with
                {
                    NotebookInstanceStatus = NotebookStatus.Stopped,
                    InstanceType = request.InstanceType ?? n.InstanceType,
                    RoleArn = request.RoleArn ?? n.RoleArn,
                    NotebookInstanceLifecycleConfigName = request.DisassociateLifecycleConfig == true ? null : request.LifecycleConfigName ?? n.NotebookInstanceLifecycleConfigName,
                    VolumeSizeInGB = request.VolumeSizeInGB ?? n.VolumeSizeInGB,
                    DefaultCodeRepository = request.DisassociateDefaultCodeRepository == true ? null : request.DefaultCodeRepository ?? n.DefaultCodeRepository,
                    AdditionalCodeRepositories = request.DisassociateAdditionalCodeRepositories == true ? null : request.AdditionalCodeRepositories ?? n.AdditionalCodeRepositories,
                    AcceleratorTypes = request.DisassociateAcceleratorTypes == true ? null : request.AcceleratorTypes ?? n.AcceleratorTypes,
                    RootAccess = request.RootAccess ?? n.RootAccess,
                    InstanceMetadataServiceConfiguration = request.InstanceMetadataServiceConfiguration ?? n.InstanceMetadataServiceConfiguration,
                };
            },
            cancellationToken);
    }

    /// <summary>
    /// A URL that signs one browser in to the instance's Jupyter, once, within 5 minutes; the session then lasts
    /// <c>SessionExpirationDurationInSeconds</c> (1800-43200, 12 hours by default).
    /// </summary>
    public async Task<CreatePresignedNotebookInstanceUrlResponse> CreatePresignedUrlAsync(CreatePresignedNotebookInstanceUrlRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        NotebookChecks.RequiredName(errors, request.NotebookInstanceName, "notebookInstanceName");

        errors.Minimum(request.SessionExpirationDurationInSeconds, "sessionExpirationDurationInSeconds", 1800);
        errors.Maximum(request.SessionExpirationDurationInSeconds, "sessionExpirationDurationInSeconds", 43200);
        errors.ThrowIfAny();
        var notebook = await notebooks.GetAsync(request.NotebookInstanceName!, cancellationToken) ?? throw NotebookErrors.NotFound();
        var session = TimeSpan.FromSeconds(request.SessionExpirationDurationInSeconds ?? 43200);
        return new CreatePresignedNotebookInstanceUrlResponse(sessions.Presign(notebook.NotebookInstanceName, session));
    }

    /// <summary>What the account's notebook instances hold against the quota: every one, whatever its status.</summary>
    public static IEnumerable<HeldInstances> Held(DescribeNotebookInstanceResponse notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        yield return new HeldInstances(notebook.NotebookInstanceArn, InstanceUsage.Notebook, notebook.InstanceType, 1);
    }

    private static void CheckSettings(ConstraintErrors errors, string? lifecycleConfig, int? volume, string? defaultRepository, IReadOnlyList<string>? additional, string? rootAccess)
    {
        NotebookChecks.Name(errors, lifecycleConfig, "lifecycleConfigName");
        errors.Minimum(volume, "volumeSizeInGB", 5);
        errors.Maximum(volume, "volumeSizeInGB", 16384);
        CheckRepository(errors, defaultRepository, "defaultCodeRepository");
        errors.Items(additional, "additionalCodeRepositories", 0, 3);
        for (var i = 0; additional is not null && i < additional.Count; i++)
        {
            CheckRepository(errors, additional[i], $"additionalCodeRepositories.{i + 1}.member");
        }

        errors.Enum(rootAccess, "rootAccess", ["Enabled", "Disabled"]);
    }

    private static void CheckRepository(ConstraintErrors errors, string? nameOrUrl, string path)
    {
        if (nameOrUrl is null)
        {
            return;
        }

        if (GitUrls.IsUrl(nameOrUrl))
        {
            GitUrls.Check(errors, nameOrUrl, path);
        }
        else
        {
            errors.Length(nameOrUrl, path, 1, 1024);
            errors.Pattern(nameOrUrl, path, NotebookChecks.NamePattern);
        }
    }

    private async Task CheckReferencesAsync(string? lifecycleConfig, string? defaultRepository, IReadOnlyList<string>? additional, CancellationToken cancellationToken)
    {
        await RequireLifecycleConfigAsync(lifecycleConfig, cancellationToken);
        foreach (var repository in (additional ?? []).Prepend(defaultRepository).OfType<string>())
        {
            _ = await repositories.ResolveAsync(repository, cancellationToken);
        }
    }

    private async Task RequireLifecycleConfigAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is not null && await lifecycleConfigs.FindAsync(name, cancellationToken) is null)
        {
            throw NotebookErrors.LifecycleConfigNotFound("describe", lifecycleConfigs.ArnOf(name));
        }
    }

    private NotebookInstanceSummary Summary(DescribeNotebookInstanceResponse n) => new()
    {
        NotebookInstanceName = n.NotebookInstanceName,
        NotebookInstanceArn = n.NotebookInstanceArn,
        NotebookInstanceStatus = n.NotebookInstanceStatus,
        Url = sessions.UrlOf(n.NotebookInstanceName),
        InstanceType = n.InstanceType,
        CreationTime = n.CreationTime,
        LastModifiedTime = n.LastModifiedTime,
        NotebookInstanceLifecycleConfigName = n.NotebookInstanceLifecycleConfigName,
        DefaultCodeRepository = n.DefaultCodeRepository,
        AdditionalCodeRepositories = n.AdditionalCodeRepositories,
    };
}
