using Sagebrush.Core.Common;

namespace Sagebrush.Core.Tuning.Shapes;

public sealed record ListHyperParameterTuningJobsRequest : IListRequest
{
    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }

    public string? NameContains { get; init; }

    public DateTimeOffset? CreationTimeAfter { get; init; }

    public DateTimeOffset? CreationTimeBefore { get; init; }

    public DateTimeOffset? LastModifiedTimeAfter { get; init; }

    public DateTimeOffset? LastModifiedTimeBefore { get; init; }

    public string? StatusEquals { get; init; }
}

public sealed record ListHyperParameterTuningJobsResponse(IReadOnlyList<HyperParameterTuningJobSummary> HyperParameterTuningJobSummaries, string? NextToken);

public sealed record HyperParameterTuningJobSummary
{
    public required string HyperParameterTuningJobName { get; init; }

    public required string HyperParameterTuningJobArn { get; init; }

    public required string HyperParameterTuningJobStatus { get; init; }

    public required string Strategy { get; init; }

    public required DateTimeOffset CreationTime { get; init; }

    public DateTimeOffset? HyperParameterTuningEndTime { get; init; }

    public DateTimeOffset? LastModifiedTime { get; init; }

    public required TrainingJobStatusCounters TrainingJobStatusCounters { get; init; }

    public required ObjectiveStatusCounters ObjectiveStatusCounters { get; init; }

    public ResourceLimits? ResourceLimits { get; init; }
}

public sealed record ListTrainingJobsForHyperParameterTuningJobRequest : IListRequest
{
    public string? HyperParameterTuningJobName { get; init; }

    public string? NextToken { get; init; }

    public int? MaxResults { get; init; }

    public string? StatusEquals { get; init; }

    public string? SortBy { get; init; }

    public string? SortOrder { get; init; }
}

public sealed record ListTrainingJobsForHyperParameterTuningJobResponse(IReadOnlyList<HyperParameterTrainingJobSummary> TrainingJobSummaries, string? NextToken);
