using Sagebrush.Core.Compute.Sandbox;
using Sagebrush.Core.Notebooks.Shapes;

namespace Sagebrush.Core.Notebooks;

/// <summary>
/// What one start of a notebook instance runs: its record, the lifecycle scripts (decoded), the repositories to clone
/// or pull (each into the volume's directory git would name), the environment boto3 and the SageMaker SDK read
/// (endpoint, region, temporary credentials), the instance type's limits and the server the relay joins.
/// </summary>
public sealed record NotebookPlan(
    DescribeNotebookInstanceResponse Notebook,
    string? LifecycleConfigArn,
    string? OnCreate,
    string? OnStart,
    IReadOnlyList<GitConfig> Repositories,
    IReadOnlyDictionary<string, string> AwsEnvironment,
    HostResources Resources,
    Uri Server);

/// <summary>Why a notebook instance could not start: its FailureReason.</summary>
public sealed class NotebookFailure(string reason) : Exception(reason);

/// <summary>
/// Where a notebook instance's processes find the platform: the server's address (once it listens: instances recovered
/// at start wait for the port to be bound), its region, and credentials for the instance's role.
/// </summary>
public sealed record NotebookEnvironment(Func<CancellationToken, Task<Uri>> Server, string Region, Func<string, CancellationToken, Task<Identity.SessionCredentials>> Credentials);
