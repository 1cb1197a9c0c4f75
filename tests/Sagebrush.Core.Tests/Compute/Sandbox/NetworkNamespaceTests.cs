using System.Net;
using System.Net.Sockets;
using Sagebrush.Core.Compute.Sandbox;

namespace Sagebrush.Core.Tests.Compute.Sandbox;

public sealed class NetworkNamespaceTests
{
    [SkippableFact]
    public async Task TheServerReachesAListenerInsideTheNamespaceAndNotOneOutside()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "network namespaces need root");
        await using var network = await NetworkNamespace.CreateAsync(CancellationToken.None);
        using var outside = new TcpListener(IPAddress.Loopback, 0);
        outside.Start();
        var port = ((IPEndPoint)outside.LocalEndpoint).Port;

        // The machine's listener is not in the namespace: nothing answers on that port there.
        await Assert.ThrowsAnyAsync<SocketException>(async () => await network.ConnectAsync(port, CancellationToken.None));

        // A listener made inside the namespace (nsenter, as hosts join it) is reached through it.
        using var inside = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/nsenter",
            ["--net=" + network.Path, "--", "/usr/bin/python3", "-c",
             "import socket; s = socket.socket(); s.bind(('127.0.0.1', 8080)); s.listen(); print('ready', flush=True); c, _ = s.accept(); c.sendall(b'hi'); c.close()"])
        { RedirectStandardOutput = true })!;
        Assert.Equal("ready", await inside.StandardOutput.ReadLineAsync());
        await using var stream = await network.ConnectAsync(8080, CancellationToken.None);
        var buffer = new byte[2];
        await stream.ReadExactlyAsync(buffer);
        Assert.Equal("hi"u8.ToArray(), buffer);
        await inside.WaitForExitAsync();
    }
}
