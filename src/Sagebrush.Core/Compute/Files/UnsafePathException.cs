namespace Sagebrush.Core.Compute.Files;

/// <summary>A path inside a job's directory that Sagebrush will not open: a link, a device, a way out.</summary>
public sealed class UnsafePathException(string message) : IOException(message);
