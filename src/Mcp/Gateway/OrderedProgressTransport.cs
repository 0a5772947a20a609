using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace DynamoMcp.Mcp.Gateway;

/// <summary>
/// A client transport decorator that hands progress notifications to their sinks in the order they arrived, before
/// any later message — the call's response in particular — reaches the SDK. The SDK dispatches every incoming message
/// on its own task, so a response could overtake the last progress notifications before it, and a gateway that relays
/// progress would then send them after the result (or not at all). The reader is the inner one, observed as the SDK
/// reads from it (no extra channel, no extra thread hop); messages pass on unchanged, and the reader's completion is
/// the inner transport's own (the SDK reads the session's completion details from it).
/// </summary>
internal sealed class OrderedProgressTransport : ITransport
{
    private readonly ITransport inner;
    private readonly ConcurrentDictionary<string, IProgress<ProgressNotificationValue>> sinks = new(StringComparer.Ordinal);

    public OrderedProgressTransport(ITransport inner)
    {
        this.inner = inner;
        MessageReader = new ObservedReader(inner.MessageReader, this);
    }

    public string? SessionId => inner.SessionId;

    public ChannelReader<JsonRpcMessage> MessageReader { get; }

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) => inner.SendMessageAsync(message, cancellationToken);

    /// <summary>Sends the progress of <paramref name="token"/> to <paramref name="sink"/>, in arrival order, until disposed.</summary>
    public IDisposable Track(string token, IProgress<ProgressNotificationValue> sink)
    {
        sinks[token] = sink;
        return new Registration(this, token);
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Observe(JsonRpcMessage message)
    {
        if (message is not JsonRpcNotification { Method: NotificationMethods.ProgressNotification } notification || sinks.IsEmpty)
        {
            return;
        }

        ProgressNotificationParams? update;
        try
        {
            update = notification.Params?.Deserialize<ProgressNotificationParams>(McpJsonUtilities.DefaultOptions);
        }
        catch (JsonException)
        {
            return;
        }

        if (update?.ProgressToken.ToString() is { } token && sinks.TryGetValue(token, out var sink))
        {
            sink.Report(update.Progress);
        }
    }

    private sealed class ObservedReader(ChannelReader<JsonRpcMessage> inner, OrderedProgressTransport owner) : ChannelReader<JsonRpcMessage>
    {
        public override Task Completion => inner.Completion;

        public override bool TryRead(out JsonRpcMessage item)
        {
            if (!inner.TryRead(out item!))
            {
                return false;
            }

            owner.Observe(item);
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
    }

    private sealed class Registration(OrderedProgressTransport owner, string token) : IDisposable
    {
        public void Dispose() => owner.sinks.TryRemove(token, out _);
    }
}
