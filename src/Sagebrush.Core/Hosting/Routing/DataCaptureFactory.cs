using Sagebrush.Core.Hosting.Capture;
using Sagebrush.Core.Hosting.Invocations;
using Sagebrush.Core.Hosting.Shapes;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Hosting.Routing;

/// <summary>An endpoint's DataCaptureConfig as a <see cref="DataCaptureWriter"/> into the object store; null when it captures nothing.</summary>
public sealed class DataCaptureFactory(IObjectStore store, TimeProvider time) : IEndpointCaptureFactory
{
    public IInvocationSink? Create(string endpointName, DataCaptureConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = DataCaptureSettings.From(
            config.EnableCapture,
            config.InitialSamplingPercentage ?? 0,
            config.DestinationS3Uri ?? "",
            (config.CaptureOptions ?? []).Select(o => o.CaptureMode ?? ""),
            config.CaptureContentTypeHeader?.CsvContentTypes,
            config.CaptureContentTypeHeader?.JsonContentTypes,
            config.KmsKeyId);
        var writer = DataCaptureWriter.Create(settings, endpointName, store, time);
        return writer.IsCapturing ? writer : null;
    }
}
