using System.Threading.Channels;

namespace DynamoMcp.LocalCluster.Watch;

/// <summary>
/// A watcher's queue of events. Writers only ever TryWrite into it, so a slow watcher never blocks a write;
/// one that falls too far behind is closed, as apiserver closes watchers whose buffer fills.
/// </summary>
internal sealed class WatchSubscription : IDisposable
{
    private const int Capacity = 100_000;
    private readonly Channel<WatchEvent> _channel = Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Action<WatchSubscription> _unsubscribe;

    public WatchSubscription(string? storageKey, Action<WatchSubscription> unsubscribe)
    {
        StorageKey = storageKey;
        _unsubscribe = unsubscribe;
    }

    /// <summary>Kind the watcher wants, or null for every kind (the server's own controllers).</summary>
    public string? StorageKey { get; }

    public ChannelReader<WatchEvent> Events => _channel.Reader;

    /// <summary>Events from history that precede the live ones, already in the channel when the subscription is returned.</summary>
    internal void Offer(WatchEvent e)
    {
        if (StorageKey is not null && StorageKey != e.StorageKey)
        {
            return;
        }
        if (!_channel.Writer.TryWrite(e))
        {
            _channel.Writer.TryComplete(new InvalidOperationException("watch queue overflowed"));
        }
    }

    /// <summary>Ends the stream without unsubscribing (the server is stopping).</summary>
    internal void Complete() => _channel.Writer.TryComplete();

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _unsubscribe(this);
    }
}
