using System.Globalization;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Containers;

/// <summary>
/// The network of one job's containers (or one endpoint instance's): the network namespace the runtime made for the
/// first container (<c>--network none</c>: only its own loopback), which the job's other containers join
/// (<c>--network container:&lt;first&gt;</c>), so that hosts reach each other as <c>algo-N</c> on 127.0.0.1 and nothing
/// else. The server reaches a container's port 8080 by making its socket inside that namespace
/// (<see cref="NamespaceSockets"/>), never through an IP network; the open namespace handle keeps it alive until disposed.
/// </summary>
public sealed class ContainerNetwork : HostNetwork
{
    private readonly TaskCompletionSource<string> owner = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
    private SafeFileHandle? handle;
    private bool claimed;
    private Func<Task>? onDispose;

    public override bool IsPrivate => true;

    /// <summary>
    /// True for the first container of the network, which creates it; the others wait for
    /// <see cref="OwnerAsync"/> and join it.
    /// </summary>
    public bool Claim()
    {
        lock (gate)
        {
            var first = !claimed;
            claimed = true;
            return first;
        }
    }

    /// <summary>The id of the container whose namespace this is, once it runs.</summary>
    public Task<string> OwnerAsync(CancellationToken cancellationToken) => owner.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Holds the namespace of the first container, whose process is <paramref name="pid"/> (as its runtime reported it);
    /// false when that process has already ended (a quick job's host), and the network is then empty.
    /// </summary>
    public bool Bind(string containerId, long pid)
    {
        var opened = pid > 0
            ? Compute.Files.NativeFiles.Open(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/ns/net"), Compute.Files.NativeFiles.ReadOnly)
            : null;
        var bound = opened is { IsInvalid: false };
        lock (gate)
        {
            handle = bound ? opened : null;
        }

        if (!bound)
        {
            opened?.Dispose();
        }

        owner.TrySetResult(containerId);
        return bound;
    }

    /// <summary>Work to do when the network goes (removing the container that holds it).</summary>
    public void OnDispose(Func<Task> cleanup) => onDispose = cleanup;

    /// <summary>The first container could not start: the others cannot join it.</summary>
    public void Fail(Exception reason) => owner.TrySetException(reason);

    public override async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            handle?.Dispose();
            handle = null;
        }

        owner.TrySetCanceled();
        if (onDispose is { } cleanup)
        {
            await cleanup();
        }

        GC.SuppressFinalize(this);
    }

    protected override Socket CreateSocket(AddressFamily family)
    {
        lock (gate)
        {
            // Until the container runs there is nothing to connect to: a refused connection, as a port nobody listens on.
            return handle is { IsInvalid: false } held
                ? NamespaceSockets.Create(held, family)
                : throw new SocketException((int)SocketError.ConnectionRefused);
        }
    }
}
