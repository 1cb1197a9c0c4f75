using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Transform.Shapes;

/// <summary>The transform shapes on the wire and in the metadata store: AWS's member names, absent members left out, epoch seconds.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateTransformJobRequest))]
[JsonSerializable(typeof(CreateTransformJobResponse))]
[JsonSerializable(typeof(DescribeTransformJobRequest))]
[JsonSerializable(typeof(DescribeTransformJobResponse))]
[JsonSerializable(typeof(StopTransformJobRequest))]
[JsonSerializable(typeof(ListJobsRequest))]
[JsonSerializable(typeof(ListTransformJobsResponse))]
public sealed partial class TransformJsonContext : JsonSerializerContext;
