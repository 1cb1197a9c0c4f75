namespace Sagebrush.Core.Hosting.Models;

/// <summary>
/// Where hosting finds a compiled version of a model: the image and artifact of the newest compilation job that
/// compiled its ModelDataUrl, or null. A variant with an AcceleratorType is served by it (docs/neo.md).
/// </summary>
public interface ICompiledModels
{
    Task<CompiledModelArtifact?> FindAsync(string modelDataUrl, CancellationToken cancellationToken);
}

/// <summary>A compiled model: the inference image to serve it with and its model.tar.gz.</summary>
public sealed record CompiledModelArtifact(string Image, string ModelDataUrl);
