namespace Sagebrush.Core.Hosting.Invocations;

/// <summary>
/// Receives every invocation of an endpoint. Called on the request path, so it must return at once and never throw:
/// a sink that is slow or broken (a full disk, a deleted capture bucket) must not block or fail an invocation.
/// Implementations queue the record and do their work in the background.
/// </summary>
public interface IInvocationSink
{
    void Record(InvocationRecord record);
}
