using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>
/// A network namespace of its own with only a loopback interface, kept alive by a small holder process
/// (<c>unshare --net</c>, which brings <c>lo</c> up, then waits while the server lives: it exits within a second of the
/// server's death, however the server died, so no namespace outlives it). Hosts join it through <c>nsenter</c>; the server
/// reaches them by making each socket inside it: a dedicated thread enters the namespace (setns), creates the socket
/// and returns to the server's namespace, and a socket stays in the namespace it was made in. Needs root.
/// </summary>
public sealed partial class NetworkNamespace : HostNetwork
{
    private const int CloneNewNet = 0x40000000;
    private static readonly Lazy<SocketFactoryThread> Factory = new(() => new SocketFactoryThread());

    private readonly Process _holder;
    private readonly SafeFileHandle _namespace;

    private NetworkNamespace(Process holder, SafeFileHandle handle)
    {
        _holder = holder;
        _namespace = handle;
    }

    public override bool IsPrivate => true;

    /// <summary>Whether the tools a namespace needs are installed (util-linux's unshare and nsenter; iproute2's ip brings lo up).</summary>
    public static bool ToolsPresent =>
        File.Exists("/usr/bin/unshare") && File.Exists("/usr/bin/nsenter") && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"));

    /// <summary>The file that names the namespace for <c>nsenter --net=</c>, valid while this object lives.</summary>
    public string Path => string.Create(CultureInfo.InvariantCulture, $"/proc/{_holder.Id}/ns/net");

    /// <summary>Creates a namespace; throws when the machine will not (not root, no unshare).</summary>
    public static async Task<NetworkNamespace> CreateAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/usr/bin/unshare")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { "--net", "--", "/bin/sh", "-c", "ip link set lo up && echo ready && while kill -0 $PPID 2>/dev/null; do sleep 1; done" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/sbin:/usr/bin:/sbin:/bin";
        var holder = Process.Start(start) ?? throw new InvalidOperationException("unshare did not start.");
        try
        {
            var line = await holder.StandardOutput.ReadLineAsync(cancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            if (line != "ready")
            {
                var error = await holder.StandardError.ReadToEndAsync(cancellationToken);
                throw new InvalidOperationException("Could not create a network namespace: " + (error.Trim().Length > 0 ? error.Trim() : "the holder exited"));
            }

            var handle = Files.NativeFiles.Open(string.Create(CultureInfo.InvariantCulture, $"/proc/{holder.Id}/ns/net"), Files.NativeFiles.ReadOnly);
            if (handle.IsInvalid)
            {
                handle.Dispose();
                throw new InvalidOperationException("Could not open the new network namespace.");
            }

            return new NetworkNamespace(holder, handle);
        }
        catch
        {
            Kill(holder);
            holder.Dispose();
            throw;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Kill(_holder);
        await _holder.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _holder.Dispose();
        _namespace.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override Socket CreateSocket(AddressFamily family) => Factory.Value.Create(_namespace, family);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(SafeFileHandle handle, int type);

    /// <summary>
    /// One thread that only makes sockets: setns changes the namespace of the calling thread, so it is done on a
    /// thread nothing else runs on, and undone before the next request.
    /// </summary>
    private sealed class SocketFactoryThread
    {
        private readonly System.Collections.Concurrent.BlockingCollection<(SafeFileHandle Namespace, AddressFamily Family, TaskCompletionSource<Socket> Result)> _requests = [];
        private readonly SafeFileHandle _home;

        public SocketFactoryThread()
        {
            _home = Files.NativeFiles.Open("/proc/self/ns/net", Files.NativeFiles.ReadOnly);
            new Thread(Run) { IsBackground = true, Name = "netns sockets" }.Start();
        }

        public Socket Create(SafeFileHandle target, AddressFamily family)
        {
            var result = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
            _requests.Add((target, family, result));
            return result.Task.GetAwaiter().GetResult();
        }

        private void Run()
        {
            foreach (var (target, family, result) in _requests.GetConsumingEnumerable())
            {
                try
                {
                    if (SetNamespace(target, CloneNewNet) != 0)
                    {
                        throw new SocketException(Marshal.GetLastPInvokeError());
                    }

                    try
                    {
                        result.SetResult(NewStreamSocket(family));
                    }
                    finally
                    {
                        if (SetNamespace(_home, CloneNewNet) != 0)
                        {
                            Environment.FailFast("Could not return the socket thread to the server's network namespace.");
                        }
                    }
                }
#pragma warning disable CA1031 // handed to the caller
                catch (Exception e)
#pragma warning restore CA1031
                {
                    result.TrySetException(e);
                }
            }
        }
    }
}
