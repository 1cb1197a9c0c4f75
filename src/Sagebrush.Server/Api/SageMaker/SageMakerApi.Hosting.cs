using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Server.Edge;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>Models, endpoint configurations and endpoints: mapping only (the services are in Sagebrush.Core.Hosting).</summary>
public sealed partial class SageMakerApi
{
    private static readonly HostingJsonContext HostingJson = HostingJsonContext.Default;

    private static readonly Dictionary<string, Func<SageMakerApi, ReadOnlyMemory<byte>, ServiceCall, Task<byte[]>>> HostingTable = new(StringComparer.Ordinal)
    {
        ["CreateModel"] = (api, input, call) => api.CreateModelAsync(input, call),
        ["DescribeModel"] = (api, input, call) => api.DescribeModelAsync(input, call),
        ["ListModels"] = (api, input, call) => api.ListModelsAsync(input, call),
        ["DeleteModel"] = (api, input, call) => api.DeleteModelAsync(input, call),
        ["CreateEndpointConfig"] = (api, input, call) => api.CreateEndpointConfigAsync(input, call),
        ["DescribeEndpointConfig"] = (api, input, call) => api.DescribeEndpointConfigAsync(input, call),
        ["ListEndpointConfigs"] = (api, input, call) => api.ListEndpointConfigsAsync(input, call),
        ["DeleteEndpointConfig"] = (api, input, call) => api.DeleteEndpointConfigAsync(input, call),
        ["CreateEndpoint"] = (api, input, call) => api.CreateEndpointAsync(input, call),
        ["DescribeEndpoint"] = (api, input, call) => api.DescribeEndpointAsync(input, call),
        ["ListEndpoints"] = (api, input, call) => api.ListEndpointsAsync(input, call),
        ["UpdateEndpoint"] = (api, input, call) => api.UpdateEndpointAsync(input, call),
        ["UpdateEndpointWeightsAndCapacities"] = (api, input, call) => api.UpdateEndpointWeightsAndCapacitiesAsync(input, call),
        ["DeleteEndpoint"] = (api, input, call) => api.DeleteEndpointAsync(input, call),
    };

    private Task<byte[]> CreateModelAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.CreateModelInput, hosting.Models.CreateAsync, HostingJson.CreateModelOutput, call);

    private Task<byte[]> DescribeModelAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.ModelNameInput, (r, ct) => hosting.Models.DescribeAsync(r.ModelName, ct), HostingJson.DescribeModelOutput, call);

    private Task<byte[]> ListModelsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.ListModelsInput, hosting.Models.ListAsync, HostingJson.ListModelsOutput, call);

    private Task<byte[]> DeleteModelAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.ModelNameInput, (r, ct) => hosting.Models.DeleteAsync(r.ModelName, ct), call);

    private Task<byte[]> CreateEndpointConfigAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.CreateEndpointConfigInput, hosting.EndpointConfigs.CreateAsync, HostingJson.CreateEndpointConfigOutput, call);

    private Task<byte[]> DescribeEndpointConfigAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.EndpointConfigNameInput, (r, ct) => hosting.EndpointConfigs.DescribeAsync(r.EndpointConfigName, ct), HostingJson.DescribeEndpointConfigOutput, call);

    private Task<byte[]> ListEndpointConfigsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.ListEndpointConfigsInput, hosting.EndpointConfigs.ListAsync, HostingJson.ListEndpointConfigsOutput, call);

    private Task<byte[]> DeleteEndpointConfigAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.EndpointConfigNameInput, (r, ct) => hosting.EndpointConfigs.DeleteAsync(r.EndpointConfigName, ct), call);

    private Task<byte[]> CreateEndpointAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.CreateEndpointInput, hosting.Endpoints.CreateAsync, HostingJson.EndpointArnOutput, call);

    private Task<byte[]> DescribeEndpointAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.EndpointNameInput, (r, ct) => hosting.Endpoints.DescribeAsync(r.EndpointName, ct), HostingJson.DescribeEndpointOutput, call);

    private Task<byte[]> ListEndpointsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.ListEndpointsInput, hosting.Endpoints.ListAsync, HostingJson.ListEndpointsOutput, call);

    private Task<byte[]> UpdateEndpointAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.UpdateEndpointInput, hosting.Endpoints.UpdateAsync, HostingJson.EndpointArnOutput, call);

    private Task<byte[]> UpdateEndpointWeightsAndCapacitiesAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.UpdateEndpointWeightsAndCapacitiesInput, hosting.Endpoints.UpdateWeightsAndCapacitiesAsync, HostingJson.EndpointArnOutput, call);

    private Task<byte[]> DeleteEndpointAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        CallAsync(input, HostingJson.EndpointNameInput, (r, ct) => hosting.Endpoints.DeleteAsync(r.EndpointName, ct), call);
}
