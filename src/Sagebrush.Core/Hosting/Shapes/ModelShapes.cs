using Sagebrush.Core.Common;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting.Shapes;

// CreateModel, DescribeModel, ListModels and DeleteModel as the botocore model names them. Members Sagebrush does
// not model are ignored on input, as AWS ignores unknown members.

public sealed record ContainerDefinition
{
    public string? ContainerHostname { get; init; }

    public string? Image { get; init; }

    public string? Mode { get; init; }

    public string? ModelDataUrl { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public string? ModelPackageName { get; init; }

    public string? InferenceSpecificationName { get; init; }
}

public sealed record InferenceExecutionConfig
{
    public string? Mode { get; init; }
}

public sealed record CreateModelInput
{
    public string? ModelName { get; init; }

    public ContainerDefinition? PrimaryContainer { get; init; }

    public IReadOnlyList<ContainerDefinition>? Containers { get; init; }

    public InferenceExecutionConfig? InferenceExecutionConfig { get; init; }

    public string? ExecutionRoleArn { get; init; }

    public IReadOnlyList<Tag>? Tags { get; init; }

    public VpcConfig? VpcConfig { get; init; }

    public bool? EnableNetworkIsolation { get; init; }
}

public sealed record CreateModelOutput(string ModelArn);

public sealed record ModelNameInput(string? ModelName);

/// <summary>DescribeModel's answer, and the document the metadata store keeps for a model.</summary>
public sealed record DescribeModelOutput
{
    public required string ModelName { get; init; }

    public ContainerDefinition? PrimaryContainer { get; init; }

    public IReadOnlyList<ContainerDefinition>? Containers { get; init; }

    public InferenceExecutionConfig? InferenceExecutionConfig { get; init; }

    public required string ExecutionRoleArn { get; init; }

    public VpcConfig? VpcConfig { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public required string ModelArn { get; init; }

    public bool EnableNetworkIsolation { get; init; }
}

public sealed record ListModelsInput : IListRequest
{
    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? NameContains { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }
}

public sealed record ModelSummary(string ModelName, string ModelArn, DateTimeOffset CreationTime);

public sealed record ListModelsOutput(IReadOnlyList<ModelSummary> Models, string? NextToken);
