namespace Sagebrush.Core.SageMaker;

// Shapes more than one SageMaker resource family uses, as the botocore model names them.

public sealed record VpcConfig
{
    public IReadOnlyList<string>? SecurityGroupIds { get; init; }

    public IReadOnlyList<string>? Subnets { get; init; }
}

public sealed record Tag
{
    public string? Key { get; init; }

    public string? Value { get; init; }
}
