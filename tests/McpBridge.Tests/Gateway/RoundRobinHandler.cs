namespace DynamoMcp.McpBridge.Tests.Gateway;

/// <summary>A load balancer in front of several bridges: each request goes to the next one, whatever URL the client used.</summary>
internal sealed class RoundRobinHandler(params Uri[] backends) : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly int[] served = new int[backends.Length];
    private int next = -1;

    /// <summary>How many requests each backend got.</summary>
    public IReadOnlyList<int> Served => [.. served.Select(n => Volatile.Read(ref n))];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var index = (int)((uint)Interlocked.Increment(ref next) % (uint)backends.Length);
        Interlocked.Increment(ref served[index]);
        request.RequestUri = new UriBuilder(request.RequestUri!) { Host = backends[index].Host, Port = backends[index].Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
