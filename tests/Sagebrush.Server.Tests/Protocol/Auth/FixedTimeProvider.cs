namespace Sagebrush.Server.Tests.Protocol.Auth;

/// <summary>A clock that reads whatever the test set, so signing times never race the real one.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
