using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Compilation.Shapes;

/// <summary>The compilation job shapes on the wire and in the metadata store: AWS's member names, absent members left out, epoch seconds.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateCompilationJobRequest))]
[JsonSerializable(typeof(CreateCompilationJobResponse))]
[JsonSerializable(typeof(CompilationJobNameRequest))]
[JsonSerializable(typeof(DescribeCompilationJobResponse))]
[JsonSerializable(typeof(ListJobsRequest))]
[JsonSerializable(typeof(ListCompilationJobsResponse))]
public sealed partial class CompilationJsonContext : JsonSerializerContext;
