namespace Sagebrush.Core.Tests.Storage.Objects;

/// <summary>A clock tests set by hand, so timestamps are exact and nothing sleeps.</summary>
public sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
