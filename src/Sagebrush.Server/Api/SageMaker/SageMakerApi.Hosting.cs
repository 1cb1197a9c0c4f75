using System.Text.Json;
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

    private async Task<byte[]> CreateModelAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.Models.CreateAsync(Read(input, HostingJson.CreateModelInput), call.Aborted), HostingJson.CreateModelOutput);

    private async Task<byte[]> DescribeModelAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.Models.DescribeAsync(Read(input, HostingJson.ModelNameInput).ModelName, call.Aborted), HostingJson.DescribeModelOutput);

    private async Task<byte[]> ListModelsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.Models.ListAsync(Read(input, HostingJson.ListModelsInput), call.Aborted), HostingJson.ListModelsOutput);

    private async Task<byte[]> DeleteModelAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        await hosting.Models.DeleteAsync(Read(input, HostingJson.ModelNameInput).ModelName, call.Aborted);
        return EmptyObject;
    }

    private async Task<byte[]> CreateEndpointConfigAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.EndpointConfigs.CreateAsync(Read(input, HostingJson.CreateEndpointConfigInput), call.Aborted), HostingJson.CreateEndpointConfigOutput);

    private async Task<byte[]> DescribeEndpointConfigAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.EndpointConfigs.DescribeAsync(Read(input, HostingJson.EndpointConfigNameInput).EndpointConfigName, call.Aborted), HostingJson.DescribeEndpointConfigOutput);

    private async Task<byte[]> ListEndpointConfigsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.EndpointConfigs.ListAsync(Read(input, HostingJson.ListEndpointConfigsInput), call.Aborted), HostingJson.ListEndpointConfigsOutput);

    private async Task<byte[]> DeleteEndpointConfigAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        await hosting.EndpointConfigs.DeleteAsync(Read(input, HostingJson.EndpointConfigNameInput).EndpointConfigName, call.Aborted);
        return EmptyObject;
    }

    private async Task<byte[]> CreateEndpointAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.Endpoints.CreateAsync(Read(input, HostingJson.CreateEndpointInput), call.Aborted), HostingJson.EndpointArnOutput);

    private async Task<byte[]> DescribeEndpointAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.Endpoints.DescribeAsync(Read(input, HostingJson.EndpointNameInput).EndpointName, call.Aborted), HostingJson.DescribeEndpointOutput);

    private async Task<byte[]> ListEndpointsAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.Endpoints.ListAsync(Read(input, HostingJson.ListEndpointsInput), call.Aborted), HostingJson.ListEndpointsOutput);

    private async Task<byte[]> UpdateEndpointAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.Endpoints.UpdateAsync(Read(input, HostingJson.UpdateEndpointInput), call.Aborted), HostingJson.EndpointArnOutput);

    private async Task<byte[]> UpdateEndpointWeightsAndCapacitiesAsync(ReadOnlyMemory<byte> input, ServiceCall call) =>
        JsonSerializer.SerializeToUtf8Bytes(await hosting.Endpoints.UpdateWeightsAndCapacitiesAsync(Read(input, HostingJson.UpdateEndpointWeightsAndCapacitiesInput), call.Aborted), HostingJson.EndpointArnOutput);

    private async Task<byte[]> DeleteEndpointAsync(ReadOnlyMemory<byte> input, ServiceCall call)
    {
        await hosting.Endpoints.DeleteAsync(Read(input, HostingJson.EndpointNameInput).EndpointName, call.Aborted);
        return EmptyObject;
    }
}
