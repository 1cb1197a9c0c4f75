using Sagebrush.Core.Training.Shapes;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

public sealed partial class SageMakerApi
{
    private static readonly TrainingJsonContext Json = TrainingJsonContext.Default;

    private Task<byte[]> CreateTrainingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, Json.CreateTrainingJobRequest, training.CreateAsync, Json.CreateTrainingJobResponse, call);

    private Task<byte[]> DescribeTrainingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, Json.DescribeTrainingJobRequest, (r, ct) => training.DescribeAsync(r.TrainingJobName, ct), Json.DescribeTrainingJobResponse, call);

    private Task<byte[]> ListTrainingJobsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, Json.ListTrainingJobsRequest, training.ListAsync, Json.ListTrainingJobsResponse, call);

    private Task<byte[]> StopTrainingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, Json.StopTrainingJobRequest, (r, ct) => training.StopAsync(r.TrainingJobName, ct), call);
}
