using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Processing.Shapes;

/// <summary>The processing shapes on the wire and in the metadata store: AWS's member names, absent members left out, epoch seconds.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateProcessingJobRequest))]
[JsonSerializable(typeof(CreateProcessingJobResponse))]
[JsonSerializable(typeof(DescribeProcessingJobRequest))]
[JsonSerializable(typeof(DescribeProcessingJobResponse))]
[JsonSerializable(typeof(StopProcessingJobRequest))]
[JsonSerializable(typeof(ListJobsRequest))]
[JsonSerializable(typeof(ListProcessingJobsResponse))]
public sealed partial class ProcessingJsonContext : JsonSerializerContext;
