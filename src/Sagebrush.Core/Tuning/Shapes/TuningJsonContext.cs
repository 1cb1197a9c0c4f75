using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;
using Sagebrush.Core.Training.Shapes;

namespace Sagebrush.Core.Tuning.Shapes;

/// <summary>
/// The tuning shapes on the wire (AWS JSON 1.1) and in the metadata store: member names as AWS spells them, absent
/// members left out, timestamps as epoch seconds.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateHyperParameterTuningJobRequest))]
[JsonSerializable(typeof(CreateHyperParameterTuningJobResponse))]
[JsonSerializable(typeof(HyperParameterTuningJobNameRequest))]
[JsonSerializable(typeof(DescribeHyperParameterTuningJobResponse))]
[JsonSerializable(typeof(StoredTuningJob))]
[JsonSerializable(typeof(ListHyperParameterTuningJobsRequest))]
[JsonSerializable(typeof(ListHyperParameterTuningJobsResponse))]
[JsonSerializable(typeof(ListTrainingJobsForHyperParameterTuningJobRequest))]
[JsonSerializable(typeof(ListTrainingJobsForHyperParameterTuningJobResponse))]
public sealed partial class TuningJsonContext : JsonSerializerContext;
