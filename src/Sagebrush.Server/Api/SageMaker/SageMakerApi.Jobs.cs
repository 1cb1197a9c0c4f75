using Sagebrush.Core.Compilation.Shapes;
using Sagebrush.Core.Processing.Shapes;
using Sagebrush.Core.Transform.Shapes;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>Processing, transform and compilation jobs: mapping only (the services are in Sagebrush.Core.Processing, .Transform and .Compilation).</summary>
public sealed partial class SageMakerApi
{
    private static readonly ProcessingJsonContext ProcessingJson = ProcessingJsonContext.Default;
    private static readonly TransformJsonContext TransformJson = TransformJsonContext.Default;
    private static readonly CompilationJsonContext CompilationJson = CompilationJsonContext.Default;

    private static readonly Dictionary<string, Func<SageMakerApi, ReadOnlyMemory<byte>, ServiceCall, Task<byte[]>>> JobsTable = new(StringComparer.Ordinal)
    {
        ["CreateProcessingJob"] = (api, input, call) => api.CreateProcessingJobAsync(input, call),
        ["DescribeProcessingJob"] = (api, input, call) => api.DescribeProcessingJobAsync(input, call),
        ["ListProcessingJobs"] = (api, input, call) => api.ListProcessingJobsAsync(input, call),
        ["StopProcessingJob"] = (api, input, call) => api.StopProcessingJobAsync(input, call),
        ["CreateTransformJob"] = (api, input, call) => api.CreateTransformJobAsync(input, call),
        ["DescribeTransformJob"] = (api, input, call) => api.DescribeTransformJobAsync(input, call),
        ["ListTransformJobs"] = (api, input, call) => api.ListTransformJobsAsync(input, call),
        ["StopTransformJob"] = (api, input, call) => api.StopTransformJobAsync(input, call),
        ["CreateCompilationJob"] = (api, input, call) =>
            CallAsync(input, CompilationJson.CreateCompilationJobRequest, api.jobs.Compilation.CreateAsync, CompilationJson.CreateCompilationJobResponse, call),
        ["DescribeCompilationJob"] = (api, input, call) =>
            CallAsync(input, CompilationJson.CompilationJobNameRequest, (r, ct) => api.jobs.Compilation.DescribeAsync(r.CompilationJobName, ct), CompilationJson.DescribeCompilationJobResponse, call),
        ["ListCompilationJobs"] = (api, input, call) =>
            CallAsync(input, CompilationJson.ListJobsRequest, api.jobs.Compilation.ListAsync, CompilationJson.ListCompilationJobsResponse, call),
        ["StopCompilationJob"] = (api, input, call) =>
            CallAsync(input, CompilationJson.CompilationJobNameRequest, (r, ct) => api.jobs.Compilation.StopAsync(r.CompilationJobName, ct), call),
        ["DeleteCompilationJob"] = (api, input, call) =>
            CallAsync(input, CompilationJson.CompilationJobNameRequest, (r, ct) => api.jobs.Compilation.DeleteAsync(r.CompilationJobName, ct), call),
    };

    private Task<byte[]> CreateProcessingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, ProcessingJson.CreateProcessingJobRequest, jobs.Processing.CreateAsync, ProcessingJson.CreateProcessingJobResponse, call);

    private Task<byte[]> DescribeProcessingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, ProcessingJson.DescribeProcessingJobRequest, (r, ct) => jobs.Processing.DescribeAsync(r.ProcessingJobName, ct), ProcessingJson.DescribeProcessingJobResponse, call);

    private Task<byte[]> ListProcessingJobsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, ProcessingJson.ListJobsRequest, jobs.Processing.ListAsync, ProcessingJson.ListProcessingJobsResponse, call);

    private Task<byte[]> StopProcessingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, ProcessingJson.StopProcessingJobRequest, (r, ct) => jobs.Processing.StopAsync(r.ProcessingJobName, ct), call);

    private Task<byte[]> CreateTransformJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TransformJson.CreateTransformJobRequest, jobs.Transform.CreateAsync, TransformJson.CreateTransformJobResponse, call);

    private Task<byte[]> DescribeTransformJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TransformJson.DescribeTransformJobRequest, (r, ct) => jobs.Transform.DescribeAsync(r.TransformJobName, ct), TransformJson.DescribeTransformJobResponse, call);

    private Task<byte[]> ListTransformJobsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TransformJson.ListJobsRequest, jobs.Transform.ListAsync, TransformJson.ListTransformJobsResponse, call);

    private Task<byte[]> StopTransformJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TransformJson.StopTransformJobRequest, (r, ct) => jobs.Transform.StopAsync(r.TransformJobName, ct), call);
}
