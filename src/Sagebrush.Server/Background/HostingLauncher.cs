using Sagebrush.Core.Compute;

namespace Sagebrush.Server.Background;

/// <summary>
/// The host launcher endpoints use: their own, so disposing it (when the server's services are disposed, after the
/// endpoint supervisor has stopped every instance) kills what is left of endpoints and never touches training jobs.
/// </summary>
public sealed class HostingLauncher(IHostLauncher launcher) : IDisposable
{
    public IHostLauncher Launcher { get; } = launcher;

    public void Dispose() => Launcher.Dispose();
}
