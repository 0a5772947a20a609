using System.Collections.Concurrent;
using DynamoMcp.Runtime;
using DynamoMcp.Runtime.Controllers;
using k8s.Models;

namespace DynamoMcp.Runtime.Tests.Integration;

/// <summary>What the sample controller saw; shared by every controller host in a test so overlaps across hosts show.</summary>
internal sealed class ReconcileLog
{
    private readonly ConcurrentDictionary<ObjectKey, int> _inFlight = new();
    private int _overlaps;
    private long _total;

    public ConcurrentQueue<ReconcileRecord> Reconciles { get; } = new();

    public ConcurrentDictionary<ObjectKey, V1ConfigMap> Deleted { get; } = new();

    public ConcurrentQueue<ObjectKey> Finalized { get; } = new();

    /// <summary>Decides the result per key and attempt (1-based); null: Done.</summary>
    public Func<ObjectKey, int, string, CancellationToken, Task<ReconcileResult>>? Behaviour { get; set; }

    public int Overlaps => Volatile.Read(ref _overlaps);

    public long Total => Interlocked.Read(ref _total);

    public ConcurrentDictionary<ObjectKey, int> Attempts { get; } = new();

    public IDisposable Enter(ObjectKey key)
    {
        if (_inFlight.AddOrUpdate(key, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        Interlocked.Increment(ref _total);
        return new Exit(() => _inFlight.AddOrUpdate(key, 0, (_, n) => n - 1));
    }

    public IReadOnlyList<ReconcileRecord> For(ObjectKey key) => [.. Reconciles.Where(r => r.Key == key)];

    private sealed class Exit(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
