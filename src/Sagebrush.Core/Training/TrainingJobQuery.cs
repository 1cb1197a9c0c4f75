using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Training;

/// <summary>
/// ListTrainingJobs' filters, order and pages. NextToken is opaque: it carries the sort key of the last job returned,
/// so jobs created between pages neither repeat nor vanish. StatusEquals filters before paging (AWS documents that it
/// filters each page of MaxResults after reading it; paging to the end gives the same jobs either way).
/// </summary>
public sealed record TrainingJobQuery(ListTrainingJobsRequest Request, string SortBy, bool Descending, int MaxResults, TrainingJobListPosition? After)
{
    public static IReadOnlyList<string> SortByValues { get; } = ["Name", "CreationTime", "Status"];
    public static IReadOnlyList<string> SortOrderValues { get; } = ["Ascending", "Descending"];

    public static TrainingJobQuery Parse(ListTrainingJobsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new ConstraintErrors();
        errors.Minimum(request.MaxResults, "maxResults", 1);
        errors.Maximum(request.MaxResults, "maxResults", 100);
        errors.Length(request.NameContains, "nameContains", 0, 63);
        errors.Pattern(request.NameContains, "nameContains", @"[a-zA-Z0-9\-]+");
        errors.Enum(request.StatusEquals, "statusEquals", TrainingJobStatus.All);
        errors.Enum(request.SortBy, "sortBy", SortByValues);
        errors.Enum(request.SortOrder, "sortOrder", SortOrderValues);
        errors.Length(request.NextToken, "nextToken", 0, 8192);
        errors.ThrowIfAny();

        var sortBy = request.SortBy ?? "CreationTime";
        var after = request.NextToken is null ? null : TrainingJobListPosition.Decode(request.NextToken, sortBy);
        return new TrainingJobQuery(request, sortBy, request.SortOrder != "Ascending", request.MaxResults ?? 10, after);
    }

    public ListTrainingJobsResponse Apply(IEnumerable<DescribeTrainingJobResponse> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var matching = jobs.Where(Matches).Select(TrainingJobListPosition.Of).ToList();
        matching.Sort(Compare);
        var start = After is null ? 0 : matching.FindIndex(p => Compare(p, After) > 0);
        var page = start < 0 ? [] : matching.Skip(start).Take(MaxResults).ToList();
        var more = start >= 0 && start + page.Count < matching.Count;
        return new ListTrainingJobsResponse(
            page.Select(p => Summary(p.Job!)).ToList(),
            more ? page[^1].Encode(SortBy) : null);
    }

    private bool Matches(DescribeTrainingJobResponse job)
    {
        var r = Request;
        var modified = job.LastModifiedTime ?? job.CreationTime;
        return (r.NameContains is null || job.TrainingJobName.Contains(r.NameContains, StringComparison.OrdinalIgnoreCase))
            && (r.StatusEquals is null || job.TrainingJobStatus == r.StatusEquals)
            && (r.CreationTimeAfter is null || job.CreationTime > r.CreationTimeAfter)
            && (r.CreationTimeBefore is null || job.CreationTime < r.CreationTimeBefore)
            && (r.LastModifiedTimeAfter is null || modified > r.LastModifiedTimeAfter)
            && (r.LastModifiedTimeBefore is null || modified < r.LastModifiedTimeBefore);
    }

    private int Compare(TrainingJobListPosition a, TrainingJobListPosition b)
    {
        var order = SortBy switch
        {
            "Name" => 0,
            "Status" => string.CompareOrdinal(a.Status, b.Status),
            _ => a.CreatedMs.CompareTo(b.CreatedMs),
        };
        if (order == 0 && SortBy == "Status")
        {
            order = a.CreatedMs.CompareTo(b.CreatedMs);
        }

        if (order == 0)
        {
            order = string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase);
        }

        return Descending ? -order : order;
    }

    private static TrainingJobSummary Summary(DescribeTrainingJobResponse job) => new()
    {
        TrainingJobName = job.TrainingJobName,
        TrainingJobArn = job.TrainingJobArn,
        CreationTime = job.CreationTime,
        TrainingEndTime = job.TrainingEndTime,
        LastModifiedTime = job.LastModifiedTime,
        TrainingJobStatus = job.TrainingJobStatus,
    };
}
