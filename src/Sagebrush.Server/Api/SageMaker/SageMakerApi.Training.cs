using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Sagebrush.Core.Common;
using Sagebrush.Core.Training.Shapes;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

public sealed partial class SageMakerApi
{
    private static readonly TrainingJsonContext Json = TrainingJsonContext.Default;

    private async Task<byte[]> CreateTrainingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await training.CreateAsync(Read(input, Json.CreateTrainingJobRequest), call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, Json.CreateTrainingJobResponse);
    }

    private async Task<byte[]> DescribeTrainingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await training.DescribeAsync(Read(input, Json.DescribeTrainingJobRequest).TrainingJobName, call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, Json.DescribeTrainingJobResponse);
    }

    private async Task<byte[]> ListTrainingJobsAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        var response = await training.ListAsync(Read(input, Json.ListTrainingJobsRequest), call.Aborted);
        return JsonSerializer.SerializeToUtf8Bytes(response, Json.ListTrainingJobsResponse);
    }

    private async Task<byte[]> StopTrainingJobAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        await training.StopAsync(Read(input, Json.StopTrainingJobRequest).TrainingJobName, call.Aborted);
        return EmptyObject;
    }

    /// <summary>A JSON null body is as malformed as an unreadable one.</summary>
    private static T Read<T>(ReadOnlyMemory<byte> input, JsonTypeInfo<T> shape) =>
        JsonSerializer.Deserialize(input.Span, shape)
        ?? throw new AwsException("SerializationException", "The request body must be a JSON object.");
}
