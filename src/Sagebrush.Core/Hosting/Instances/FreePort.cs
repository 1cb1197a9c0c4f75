using System.Net;
using System.Net.Sockets;

namespace Sagebrush.Core.Hosting.Instances;

/// <summary>
/// A loopback port nobody listens on, found by letting the kernel pick one. Another process may take it before the
/// instance binds it; the instance then exits and its supervisor starts it again on a new port.
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
