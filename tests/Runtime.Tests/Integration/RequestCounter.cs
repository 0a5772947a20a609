namespace DynamoMcp.Runtime.Tests.Integration;

/// <summary>Counts the requests a client sends, split into reads and writes, to prove an idle controller writes nothing.</summary>
internal sealed class RequestCounter : DelegatingHandler
{
    private long _reads;
    private long _writes;

    public long Reads => Interlocked.Read(ref _reads);

    public long Writes => Interlocked.Read(ref _writes);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
        {
            Interlocked.Increment(ref _reads);
        }
        else
        {
            Interlocked.Increment(ref _writes);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
