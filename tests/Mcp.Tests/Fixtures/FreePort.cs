using System.Net;
using System.Net.Sockets;

namespace DynamoMcp.Mcp.Tests.Fixtures;

/// <summary>A loopback port that nothing listens on (bound once by the OS, then released).</summary>
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
