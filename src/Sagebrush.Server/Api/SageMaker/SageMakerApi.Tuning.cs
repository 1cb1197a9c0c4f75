using Sagebrush.Core.Tuning.Shapes;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

public sealed partial class SageMakerApi
{
    private static readonly TuningJsonContext TuningJson = TuningJsonContext.Default;

    private Task<byte[]> CreateHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TuningJson.CreateHyperParameterTuningJobRequest, tuning.CreateAsync, TuningJson.CreateHyperParameterTuningJobResponse, call);

    private Task<byte[]> DescribeHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TuningJson.HyperParameterTuningJobNameRequest, (r, ct) => tuning.DescribeAsync(r.HyperParameterTuningJobName, ct), TuningJson.DescribeHyperParameterTuningJobResponse, call);

    private Task<byte[]> ListHyperParameterTuningJobsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TuningJson.ListHyperParameterTuningJobsRequest, tuning.ListAsync, TuningJson.ListHyperParameterTuningJobsResponse, call);

    private Task<byte[]> StopHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TuningJson.HyperParameterTuningJobNameRequest, (r, ct) => tuning.StopAsync(r.HyperParameterTuningJobName, ct), call);

    private Task<byte[]> DeleteHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TuningJson.HyperParameterTuningJobNameRequest, (r, ct) => tuning.DeleteAsync(r.HyperParameterTuningJobName, ct), call);

    private Task<byte[]> ListTrainingJobsForHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, TuningJson.ListTrainingJobsForHyperParameterTuningJobRequest, tuning.ListTrainingJobsAsync, TuningJson.ListTrainingJobsForHyperParameterTuningJobResponse, call);
}
