using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Training.Shapes;

/// <summary>
/// The training shapes on the wire (AWS JSON 1.1) and in the metadata store: member names as AWS spells them,
/// absent members left out, timestamps as epoch seconds.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateTrainingJobRequest))]
[JsonSerializable(typeof(CreateTrainingJobResponse))]
[JsonSerializable(typeof(DescribeTrainingJobRequest))]
[JsonSerializable(typeof(DescribeTrainingJobResponse))]
[JsonSerializable(typeof(StopTrainingJobRequest))]
[JsonSerializable(typeof(ListTrainingJobsRequest))]
[JsonSerializable(typeof(ListTrainingJobsResponse))]
[JsonSerializable(typeof(AddTagsInput))]
[JsonSerializable(typeof(AddTagsOutput))]
[JsonSerializable(typeof(ListTagsInput))]
[JsonSerializable(typeof(ListTagsOutput))]
[JsonSerializable(typeof(DeleteTagsInput))]
public sealed partial class TrainingJsonContext : JsonSerializerContext;
