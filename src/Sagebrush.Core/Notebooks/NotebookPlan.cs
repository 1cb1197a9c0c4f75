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
