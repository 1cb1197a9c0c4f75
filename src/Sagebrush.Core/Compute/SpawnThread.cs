using System.Collections.Concurrent;
using System.Diagnostics;

namespace Sagebrush.Core.Compute;

/// <summary>
/// Starts processes from one long-lived thread. bubblewrap's <c>--die-with-parent</c> is PR_SET_PDEATHSIG, which
/// fires when the *thread* that forked it exits, not the process: started from a thread-pool thread, a sandbox
/// would be SIGKILLed whenever the pool retires that thread. This thread lives as long as the launcher.
/// </summary>
internal sealed class SpawnThread : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> _requests = [];
    private readonly Thread _thread;

    public SpawnThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "sagebrush-host-spawner" };
        _thread.Start();
    }

    public Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _requests.Add((start, started));
        return started.Task;
    }

    public void Dispose() => _requests.CompleteAdding();

    private void Loop()
    {
        foreach (var (start, started) in _requests.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException(start.FileName + " did not start."));
            }
#pragma warning disable CA1031 // handed to the caller
            catch (Exception exception)
#pragma warning restore CA1031
            {
                started.SetException(exception);
            }
        }
    }
}
