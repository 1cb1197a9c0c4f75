using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>Processing jobs: mapping only (the service is in Sagebrush.Core.Processing).</summary>
public sealed partial class SageMakerApi
{
    private static readonly ProcessingJsonContext ProcessingJson = ProcessingJsonContext.Default;

    private static readonly Dictionary<string, Func<SageMakerApi, ReadOnlyMemory<byte>, ServiceCall, Task<byte[]>>> JobsTable = new(StringComparer.Ordinal)
    {
        ["CreateProcessingJob"] = (api, input, call) => api.CreateProcessingJobAsync(input, call),
        ["DescribeProcessingJob"] = (api, input, call) => api.DescribeProcessingJobAsync(input, call),
        ["ListProcessingJobs"] = (api, input, call) => api.ListProcessingJobsAsync(input, call),
        ["StopProcessingJob"] = (api, input, call) => api.StopProcessingJobAsync(input, call),
    };

    private Task<byte[]> CreateProcessingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, ProcessingJson.CreateProcessingJobRequest, jobs.Processing.CreateAsync, ProcessingJson.CreateProcessingJobResponse, call);

    private Task<byte[]> DescribeProcessingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, ProcessingJson.DescribeProcessingJobRequest, (r, ct) => jobs.Processing.DescribeAsync(r.ProcessingJobName, ct), ProcessingJson.DescribeProcessingJobResponse, call);

    private Task<byte[]> ListProcessingJobsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, ProcessingJson.ListProcessingJobsRequest, jobs.Processing.ListAsync, ProcessingJson.ListProcessingJobsResponse, call);

    private Task<byte[]> StopProcessingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, ProcessingJson.StopProcessingJobRequest, (r, ct) => jobs.Processing.StopAsync(r.ProcessingJobName, ct), call);
}
