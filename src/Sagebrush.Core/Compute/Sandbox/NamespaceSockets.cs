using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Sagebrush.Core.Compute.Sandbox;

/// <summary>
/// Sockets made inside another network namespace (a job's, a container's): a dedicated thread enters the namespace
/// (setns), creates the socket and returns to the server's namespace; a socket stays in the namespace it was made in.
/// setns changes the namespace of the calling thread, so it is done on a thread nothing else runs on, and undone before
/// the next request.
/// </summary>
internal static partial class NamespaceSockets
{
    private const int CloneNewNet = 0x40000000;
    private static readonly Lazy<FactoryThread> Factory = new(() => new FactoryThread());

    /// <summary>A stream socket of <paramref name="family"/> in the namespace <paramref name="target"/> names (an open <c>/proc/&lt;pid&gt;/ns/net</c>).</summary>
    public static Socket Create(SafeFileHandle target, AddressFamily family) => Factory.Value.Create(target, family);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(SafeFileHandle handle, int type);

    private sealed class FactoryThread
    {
        private readonly BlockingCollection<(SafeFileHandle Namespace, AddressFamily Family, TaskCompletionSource<Socket> Result)> _requests = [];
        private readonly SafeFileHandle _home;

        public FactoryThread()
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
                        result.SetResult(new Socket(family, SocketType.Stream, family == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp));
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
