using Sagebrush.Core.Hosting.EndpointConfigs;
using Sagebrush.Core.Hosting.Endpoints;
using Sagebrush.Core.Hosting.Models;

namespace Sagebrush.Server.Api.SageMaker;

/// <summary>The hosting services the SageMaker API maps onto, as one bundle (one constructor parameter).</summary>
public sealed record HostingServices(ModelService Models, EndpointConfigService EndpointConfigs, EndpointService Endpoints);
