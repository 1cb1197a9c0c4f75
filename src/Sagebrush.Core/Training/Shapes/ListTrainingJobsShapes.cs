using Sagebrush.Core.Common;

namespace Sagebrush.Core.Training.Shapes;

public sealed record ListTrainingJobsRequest : IListRequest
{
    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public DateTimeOffset? LastModifiedTimeAfter { get; init; }

    public DateTimeOffset? LastModifiedTimeBefore { get; init; }

    public string? NameContains { get; init; }

    public string? StatusEquals { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }
}

public sealed record ListTrainingJobsResponse(IReadOnlyList<TrainingJobSummary> TrainingJobSummaries, string? NextToken);

public sealed record TrainingJobSummary
{
    public required string TrainingJobName { get; init; }

    public required string TrainingJobArn { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? TrainingEndTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public required string TrainingJobStatus { get; init; }
}
