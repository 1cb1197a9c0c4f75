using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Hosting.Shapes;

namespace Sagebrush.Core.Hosting.Routing;

/// <summary>
/// Creates an endpoint's data-capture sink when a deployment starts (disposed, when it is IAsyncDisposable, when the
/// deployment stops). The seam where data capture plugs in: its implementation turns the DataCaptureConfig into
/// DataCaptureSettings and calls DataCaptureWriter.Create. Without one registered, nothing is captured.
/// </summary>
public interface IEndpointCaptureFactory
{
    IInvocationSink? Create(string endpointName, DataCaptureConfig config);
}
