using Sagebrush.Core.Compute;

namespace Sagebrush.Server.Background;

/// <summary>
/// The host launcher endpoints, processing jobs and transform jobs use (training has its own): disposing it (when the
/// server's services are disposed, after their controllers have stopped everything) kills what is left of them and
/// never touches training jobs.
/// </summary>
public sealed class HostingLauncher(IHostLauncher launcher) : IDisposable
{
    public IHostLauncher Launcher { get; } = launcher;

    public void Dispose() => Launcher.Dispose();
}
