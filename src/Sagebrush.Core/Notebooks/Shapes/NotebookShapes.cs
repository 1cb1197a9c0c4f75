using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Notebooks.Shapes;

// The notebook instance operations as the botocore model names them. The stored notebook is its Describe shape.
public sealed record CreateNotebookInstanceRequest
{
    public string? NotebookInstanceName { get; init; }

    public string? InstanceType { get; init; }

    public string? SubnetId { get; init; }

    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    public string? RoleArn { get; init; }

    public string? KmsKeyId { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    public string? LifecycleConfigName { get; init; }

    public string? DirectInternetAccess { get; init; }

    public int? VolumeSizeInGB { get; init; }

    public IReadOnlyList<string>? AcceleratorTypes { get; init; }

    public string? DefaultCodeRepository { get; init; }

    public IReadOnlyList<string>? AdditionalCodeRepositories { get; init; }

    public string? RootAccess { get; init; }

    public string? PlatformIdentifier { get; init; }

    public InstanceMetadataServiceConfiguration? InstanceMetadataServiceConfiguration { get; init; }
}

public sealed record InstanceMetadataServiceConfiguration(string? MinimumInstanceMetadataServiceVersion = null);

public sealed record CreateNotebookInstanceResponse(string NotebookInstanceArn);

public sealed record NotebookInstanceNameRequest(string? NotebookInstanceName = null);

public sealed record DescribeNotebookInstanceResponse
{
    public required string NotebookInstanceArn { get; init; }

    public required string NotebookInstanceName { get; init; }

    public required string NotebookInstanceStatus { get; init; }

    public string? FailureReason { get; init; }

    public string? Url { get; init; }

    public required string InstanceType { get; init; }

    public string? SubnetId { get; init; }

    public IReadOnlyList<string>? SecurityGroups { get; init; }

    public required string RoleArn { get; init; }

    public string? KmsKeyId { get; init; }

    public string? NetworkInterfaceId { get; init; }

    public DateTimeOffset LastModifiedTime { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public string? NotebookInstanceLifecycleConfigName { get; init; }

    public string? DirectInternetAccess { get; init; }

    public int VolumeSizeInGB { get; init; }

    public IReadOnlyList<string>? AcceleratorTypes { get; init; }

    public string? DefaultCodeRepository { get; init; }

    public IReadOnlyList<string>? AdditionalCodeRepositories { get; init; }

    public string? RootAccess { get; init; }

    public string? PlatformIdentifier { get; init; }

    public InstanceMetadataServiceConfiguration? InstanceMetadataServiceConfiguration { get; init; }
}

public sealed record ListNotebookInstancesRequest : IListRequest
{
    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NameContains { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }

    public DateTimeOffset? LastModifiedTimeBefore { get; init; }

    public DateTimeOffset? LastModifiedTimeAfter { get; init; }

    public string? StatusEquals { get; init; }

    public string? NotebookInstanceLifecycleConfigNameContains { get; init; }

    public string? DefaultCodeRepositoryContains { get; init; }

    public string? AdditionalCodeRepositoryEquals { get; init; }
}

public sealed record NotebookInstanceSummary
{
    public required string NotebookInstanceName { get; init; }

    public required string NotebookInstanceArn { get; init; }

    public string? NotebookInstanceStatus { get; init; }

    public string? Url { get; init; }

    public string? InstanceType { get; init; }

    public DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset LastModifiedTime { get; init; }

    public string? NotebookInstanceLifecycleConfigName { get; init; }

    public string? DefaultCodeRepository { get; init; }

    public IReadOnlyList<string>? AdditionalCodeRepositories { get; init; }
}

public sealed record ListNotebookInstancesResponse(IReadOnlyList<NotebookInstanceSummary> NotebookInstances, string? NextToken);

public sealed record UpdateNotebookInstanceRequest
{
    public string? NotebookInstanceName { get; init; }

    public string? InstanceType { get; init; }

    public string? RoleArn { get; init; }

    public string? LifecycleConfigName { get; init; }

    public bool? DisassociateLifecycleConfig { get; init; }

    public int? VolumeSizeInGB { get; init; }

    public string? DefaultCodeRepository { get; init; }

    public IReadOnlyList<string>? AdditionalCodeRepositories { get; init; }

    public IReadOnlyList<string>? AcceleratorTypes { get; init; }

    public bool? DisassociateAcceleratorTypes { get; init; }

    public bool? DisassociateDefaultCodeRepository { get; init; }

    public bool? DisassociateAdditionalCodeRepositories { get; init; }

    public string? RootAccess { get; init; }

    public InstanceMetadataServiceConfiguration? InstanceMetadataServiceConfiguration { get; init; }
}

public sealed record CreatePresignedNotebookInstanceUrlRequest(string? NotebookInstanceName = null, int? SessionExpirationDurationInSeconds = null);

public sealed record CreatePresignedNotebookInstanceUrlResponse(string AuthorizedUrl);

/// <summary>ListNotebookInstanceLifecycleConfigs' and ListCodeRepositories' request: the same members, the same filters.</summary>
public sealed record ListNamedResourcesRequest : IListRequest
{
    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NameContains { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }

    public DateTimeOffset? LastModifiedTimeBefore { get; init; }

    public DateTimeOffset? LastModifiedTimeAfter { get; init; }
}

// Lifecycle configurations.
public sealed record NotebookInstanceLifecycleHook(string? Content = null);

public sealed record CreateNotebookInstanceLifecycleConfigRequest
{
    public string? NotebookInstanceLifecycleConfigName { get; init; }

    public IReadOnlyList<NotebookInstanceLifecycleHook>? OnCreate { get; init; }

    public IReadOnlyList<NotebookInstanceLifecycleHook>? OnStart { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }
}

public sealed record CreateNotebookInstanceLifecycleConfigResponse(string NotebookInstanceLifecycleConfigArn);

public sealed record LifecycleConfigNameRequest(string? NotebookInstanceLifecycleConfigName = null);

public sealed record DescribeNotebookInstanceLifecycleConfigResponse
{
    public required string NotebookInstanceLifecycleConfigArn { get; init; }

    public required string NotebookInstanceLifecycleConfigName { get; init; }

    public IReadOnlyList<NotebookInstanceLifecycleHook>? OnCreate { get; init; }

    public IReadOnlyList<NotebookInstanceLifecycleHook>? OnStart { get; init; }

    public DateTimeOffset LastModifiedTime { get; init; }

    public DateTimeOffset CreationTime { get; init; }
}

public sealed record UpdateNotebookInstanceLifecycleConfigRequest
{
    public string? NotebookInstanceLifecycleConfigName { get; init; }

    public IReadOnlyList<NotebookInstanceLifecycleHook>? OnCreate { get; init; }

    public IReadOnlyList<NotebookInstanceLifecycleHook>? OnStart { get; init; }
}

public sealed record NotebookInstanceLifecycleConfigSummary(
    string NotebookInstanceLifecycleConfigName, string NotebookInstanceLifecycleConfigArn, DateTimeOffset CreationTime, DateTimeOffset LastModifiedTime);

public sealed record ListNotebookInstanceLifecycleConfigsResponse(IReadOnlyList<NotebookInstanceLifecycleConfigSummary> NotebookInstanceLifecycleConfigs, string? NextToken);

// Code repositories.
public sealed record GitConfig(string? RepositoryUrl = null, string? Branch = null, string? SecretArn = null);

public sealed record GitConfigForUpdate(string? SecretArn = null);

public sealed record CreateCodeRepositoryRequest(string? CodeRepositoryName = null, GitConfig? GitConfig = null, IReadOnlyList<Tag>? Tags = null);

public sealed record CodeRepositoryArnResponse(string CodeRepositoryArn);

public sealed record CodeRepositoryNameRequest(string? CodeRepositoryName = null);

public sealed record DescribeCodeRepositoryResponse(
    string CodeRepositoryName, string CodeRepositoryArn, DateTimeOffset CreationTime, DateTimeOffset LastModifiedTime, GitConfig GitConfig);

public sealed record UpdateCodeRepositoryRequest(string? CodeRepositoryName = null, GitConfigForUpdate? GitConfig = null);

public sealed record ListCodeRepositoriesResponse(IReadOnlyList<DescribeCodeRepositoryResponse> CodeRepositorySummaryList, string? NextToken);
