namespace Sagebrush.Core.Transform.Batch;

/// <summary>How one transform job calls its instances, once the job's and the container's parameters are settled.</summary>
public sealed record BatchSettings(
    string SplitType,
    bool MultiRecord,
    long MaxPayloadBytes,
    int MaxConcurrentTransforms,
    TimeSpan InvocationTimeout,
    int MaxRetries,
    bool Gzip,
    string? ContentType,
    string? Accept,
    bool AssembleWithLine);

/// <summary>The model refused or failed a record; the job fails with these words.</summary>
public sealed class ModelInvocationException(string message) : Exception(message);
