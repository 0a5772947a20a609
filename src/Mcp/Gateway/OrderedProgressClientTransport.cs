using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>Connects through <paramref name="inner"/> and wraps the session in an <see cref="OrderedProgressTransport"/>.</summary>
internal sealed class OrderedProgressClientTransport(IClientTransport inner) : IClientTransport, IAsyncDisposable
{
    public string Name => inner.Name;

    /// <summary>The connected session's transport, once connected.</summary>
    public OrderedProgressTransport? Connected { get; private set; }

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        Connected = new OrderedProgressTransport(await inner.ConnectAsync(cancellationToken).ConfigureAwait(false));
        return Connected;
    }

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
