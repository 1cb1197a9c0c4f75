using System.Text.Json.Serialization;
using Sagebrush.Core.SageMaker;

namespace Sagebrush.Core.Hosting.Shapes;

/// <summary>
/// The hosting shapes on the wire (AWS JSON 1.1) and in the metadata store: member names as AWS spells them, absent
/// members left out, timestamps as epoch seconds.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(CreateModelInput))]
[JsonSerializable(typeof(CreateModelOutput))]
[JsonSerializable(typeof(ModelNameInput))]
[JsonSerializable(typeof(DescribeModelOutput))]
[JsonSerializable(typeof(ListModelsInput))]
[JsonSerializable(typeof(ListModelsOutput))]
[JsonSerializable(typeof(CreateEndpointConfigInput))]
[JsonSerializable(typeof(CreateEndpointConfigOutput))]
[JsonSerializable(typeof(EndpointConfigNameInput))]
[JsonSerializable(typeof(DescribeEndpointConfigOutput))]
[JsonSerializable(typeof(ListEndpointConfigsInput))]
[JsonSerializable(typeof(ListEndpointConfigsOutput))]
[JsonSerializable(typeof(CreateEndpointInput))]
[JsonSerializable(typeof(EndpointArnOutput))]
[JsonSerializable(typeof(EndpointNameInput))]
[JsonSerializable(typeof(DescribeEndpointOutput))]
[JsonSerializable(typeof(ListEndpointsInput))]
[JsonSerializable(typeof(ListEndpointsOutput))]
[JsonSerializable(typeof(UpdateEndpointInput))]
[JsonSerializable(typeof(UpdateEndpointWeightsAndCapacitiesInput))]
[JsonSerializable(typeof(StoredEndpoint))]
public sealed partial class HostingJsonContext : JsonSerializerContext;
