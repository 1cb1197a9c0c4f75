namespace Sagebrush.Core.SageMaker;

public sealed record AddTagsInput(string? ResourceArn, IReadOnlyList<Tag>? Tags);

public sealed record AddTagsOutput(IReadOnlyList<Tag> Tags);

public sealed record ListTagsInput(string? ResourceArn, string? NextToken, int? MaxResults);

public sealed record ListTagsOutput(IReadOnlyList<Tag> Tags, string? NextToken);

public sealed record DeleteTagsInput(string? ResourceArn, IReadOnlyList<string>? TagKeys);
