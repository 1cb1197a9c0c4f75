using System.Text.Json;
using Sagebrush.Core.Tuning.Shapes;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

public sealed partial class SageMakerApi
{
    private static readonly TuningJsonContext TuningJson = TuningJsonContext.Default;

    private async Task<byte[]> CreateHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await tuning.CreateAsync(Read(input, TuningJson.CreateHyperParameterTuningJobRequest), call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, TuningJson.CreateHyperParameterTuningJobResponse);
    }

    private async Task<byte[]> DescribeHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await tuning.DescribeAsync(Read(input, TuningJson.HyperParameterTuningJobNameRequest).HyperParameterTuningJobName, call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, TuningJson.DescribeHyperParameterTuningJobResponse);
    }

    private async Task<byte[]> ListHyperParameterTuningJobsAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await tuning.ListAsync(Read(input, TuningJson.ListHyperParameterTuningJobsRequest), call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, TuningJson.ListHyperParameterTuningJobsResponse);
    }

    private async Task<byte[]> StopHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        await tuning.StopAsync(Read(input, TuningJson.HyperParameterTuningJobNameRequest).HyperParameterTuningJobName, call.Aborted);
        return EmptyObject;
    }

    private async Task<byte[]> DeleteHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        await tuning.DeleteAsync(Read(input, TuningJson.HyperParameterTuningJobNameRequest).HyperParameterTuningJobName, call.Aborted);
        return EmptyObject;
    }

    private async Task<byte[]> ListTrainingJobsForHyperParameterTuningJobAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await tuning.ListTrainingJobsAsync(Read(input, TuningJson.ListTrainingJobsForHyperParameterTuningJobRequest), call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, TuningJson.ListTrainingJobsForHyperParameterTuningJobResponse);
    }
}
