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
/// progress would then send them after the result (or not at all). The messages themselves pass on unchanged.
/// </summary>
internal sealed class OrderedProgressTransport : ITransport
{
    private readonly ITransport inner;
    private readonly Channel<JsonRpcMessage> messages = Channel.CreateUnbounded<JsonRpcMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentDictionary<string, IProgress<ProgressNotificationValue>> sinks = new(StringComparer.Ordinal);
    private readonly Task pump;

    public OrderedProgressTransport(ITransport inner)
    {
        this.inner = inner;
        pump = Task.Run(PumpAsync);
    }

    public string? SessionId => inner.SessionId;

    public ChannelReader<JsonRpcMessage> MessageReader => messages.Reader;

    public Task SendMessageAsync(JsonRpcMessage message, CancellationToken cancellationToken = default) => inner.SendMessageAsync(message, cancellationToken);

    /// <summary>Sends the progress of <paramref name="token"/> to <paramref name="sink"/>, in arrival order, until disposed.</summary>
    public IDisposable Track(string token, IProgress<ProgressNotificationValue> sink)
    {
        sinks[token] = sink;
        return new Registration(this, token);
    }

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var message in inner.MessageReader.ReadAllAsync().ConfigureAwait(false))
            {
                if (message is JsonRpcNotification { Method: NotificationMethods.ProgressNotification } notification)
                {
                    Dispatch(notification);
                }

                messages.Writer.TryWrite(message);
            }

            messages.Writer.TryComplete();
        }
        catch (Exception e)
        {
            // The same exception the inner transport's reader ended with (reading wraps it): the SDK reads the session's
            // completion details (e.g. the HTTP status that ended it) from that exception.
            messages.Writer.TryComplete(inner.MessageReader.Completion.Exception?.InnerException ?? e);
        }
    }

    private void Dispatch(JsonRpcNotification notification)
    {
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

    private sealed class Registration(OrderedProgressTransport owner, string token) : IDisposable
    {
        public void Dispose() => owner.sinks.TryRemove(token, out _);
    }
}
