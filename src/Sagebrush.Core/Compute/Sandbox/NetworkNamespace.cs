using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;

namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>
/// A network namespace of its own with only a loopback interface, kept alive by a small holder process
/// (<c>unshare --net</c>, which brings <c>lo</c> up, then waits while the server lives: it exits within a second of the
/// server's death, however the server died, so no namespace outlives it). Hosts join it through <c>nsenter</c>; the server
/// reaches them by making each socket inside it (<see cref="NamespaceSockets"/>). Needs root.
/// </summary>
public sealed class NetworkNamespace : HostNetwork
{
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

    protected override Socket CreateSocket(AddressFamily family) => NamespaceSockets.Create(_namespace, family);

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
}
