using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training;
using Sagebrush.Core.Tuning;
using Sagebrush.Server.Edge;
using Sagebrush.Server.Protocol.Json;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>
/// The SageMaker control plane (AWS JSON 1.1, target prefix <c>SageMaker</c>). Mapping only: each operation
/// parses its request shape and calls a domain service in Sagebrush.Core.
/// Not supported yet: every operation outside training, tuning, processing, transform and compilation jobs, models,
/// endpoint configurations, endpoints, notebook instances and their tags (the rest arrive one issue at a time).
/// </summary>
public sealed partial class SageMakerApi : IJsonService
{
    private static readonly Dictionary<string, Func<SageMakerApi, ReadOnlyMemory<byte>, ServiceCall, Task<byte[]>>> Table = new(StringComparer.Ordinal)
    {
        ["CreateTrainingJob"] = (api, input, call) => api.CreateTrainingJobAsync(input, call),
        ["DescribeTrainingJob"] = (api, input, call) => api.DescribeTrainingJobAsync(input, call),
        ["ListTrainingJobs"] = (api, input, call) => api.ListTrainingJobsAsync(input, call),
        ["StopTrainingJob"] = (api, input, call) => api.StopTrainingJobAsync(input, call),
        ["AddTags"] = (api, input, call) => api.AddTagsAsync(input, call),
        ["ListTags"] = (api, input, call) => api.ListTagsAsync(input, call),
        ["DeleteTags"] = (api, input, call) => api.DeleteTagsAsync(input, call),
        ["CreateHyperParameterTuningJob"] = (api, input, call) => api.CreateHyperParameterTuningJobAsync(input, call),
        ["DescribeHyperParameterTuningJob"] = (api, input, call) => api.DescribeHyperParameterTuningJobAsync(input, call),
        ["ListHyperParameterTuningJobs"] = (api, input, call) => api.ListHyperParameterTuningJobsAsync(input, call),
        ["StopHyperParameterTuningJob"] = (api, input, call) => api.StopHyperParameterTuningJobAsync(input, call),
        ["DeleteHyperParameterTuningJob"] = (api, input, call) => api.DeleteHyperParameterTuningJobAsync(input, call),
        ["ListTrainingJobsForHyperParameterTuningJob"] = (api, input, call) => api.ListTrainingJobsForHyperParameterTuningJobAsync(input, call),
    };

    private readonly TrainingJobService training;
    private readonly SageMakerTagService tags;
    private readonly TuningJobService tuning;
    private readonly HostingServices hosting;
    private readonly JobServices jobs;
    private readonly NotebookServices notebooks;

    public SageMakerApi(TrainingJobService training, SageMakerTagService tags, TuningJobService tuning, HostingServices hosting, JobServices jobs, NotebookServices notebooks)
    {
        this.notebooks = notebooks;
        this.jobs = jobs;
        this.training = training;
        this.tags = tags;
        this.tuning = tuning;
        this.hosting = hosting;
        Operations = Table.Concat(HostingTable).Concat(JobsTable).Concat(NotebooksTable).ToDictionary(
            entry => entry.Key,
            entry => (JsonOperation)((input, call) => entry.Value(this, input, call)),
            StringComparer.Ordinal);
    }

    /// <summary>Every operation this service routes (docs/compatibility.md lists each).</summary>
    public static IReadOnlyCollection<string> OperationNames => [.. Table.Keys, .. HostingTable.Keys, .. JobsTable.Keys, .. NotebooksTable.Keys];

    public string TargetPrefix => "SageMaker";

    public string SigningName => "sagemaker";

    public IReadOnlyDictionary<string, JsonOperation> Operations { get; }

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();
}
